/**
 * Registry operations back to policy settings: for each policy a file touches, its state,
 * options, the operations that are evidence for it, and findings. Evidence is scored
 * (PolicyPlus-style); a tie is reported as `unknown` with the reason, never guessed.
 */

import type { Diagnostic } from '../errors.js';
import { foldName, splitKey, type HiveName } from '../registry/keys.js';
import type { RegOp } from '../registry/ops.js';
import { RegType } from '../registry/types.js';
import { bytesEqual, decodeMultiString, decodeString, decodeValue } from '../registry/values.js';
import { admxData, ownedValues, policyHive, registryEntries } from './build.js';
import { covers, indexKey, type ValueIndex } from './value-index.js';
import { BUILTIN } from './catalog/index.js';
import { PolicySet } from './set.js';
import { checkAccount, type OptionValue } from './setting.js';
import { policyId, type AdmxListItem, type AdmxValue, type PolicyDefinition, type PolicyElement } from './types.js';

/** What a file makes of a policy; `unknown` when the evidence conflicts. */
export type ReadState = 'enabled' | 'disabled' | 'notConfigured' | 'unknown';

/** Each state as the Group Policy editor names it, for people. */
export const STATE_LABELS: Readonly<Record<ReadState, string>> = { enabled: 'Enabled', disabled: 'Disabled', notConfigured: 'Not Configured', unknown: 'Unknown' };

/** One policy as a file sets it. */
export interface PolicyReading {
  /** The ADMX name (`RA_Unsolicit`). */
  policy: string;
  /** `namespace:name`. */
  id: string;
  displayName: string;
  /** The definition read against (for names, category, presentation). */
  definition: PolicyDefinition;
  state: ReadState;
  /** Why the state is `unknown`, or how `notConfigured` was expressed. */
  reason?: string;
  /** The options read (enabled only), by option name. */
  options: Map<string, OptionValue>;
  /** Indices into the operations that are evidence for this policy, in order. */
  evidence: number[];
  findings: Diagnostic[];
  /** Other policies (`namespace:name`) whose values are the same records, reported once, here. */
  alsoExplainedBy?: string[];
}

/** Everything `readPolicies` finds in a list of operations. */
export interface PolicyReport {
  policies: PolicyReading[];
  /** Indices of the operations no policy explains (GPMC's "Extra Registry Settings"). */
  unexplained: number[];
}

/** Options for {@link readPolicies}. */
export interface ReadPoliciesOptions {
  /** The definitions to look for: a template set, or a list (default: the built-in catalog). */
  catalog?: PolicySet | readonly PolicyDefinition[];
}

type Status = { kind: 'absent' } | { kind: 'set'; type: number; data: Uint8Array; index: number } | { kind: 'deleted'; index: number };
interface ListState {
  cleared: boolean;
  items: Map<string, { name: string; type: number; data: Uint8Array; index: number }>;
}

/**
 * A key as the index folds it, and its hive, remembered: a file's records and a definition's values
 * name the same few hundred keys again and again (an audit with templates split and folded each one
 * per lookup).
 */
const KEYS = new Map<string, { path: string; hive: HiveName | undefined }>();
function keyOf(key: string): { path: string; hive: HiveName | undefined } {
  let k = KEYS.get(key);
  if (!k) {
    if (KEYS.size >= 20_000) KEYS.clear(); // many distinct keys (hostile input) cannot make it grow without end
    KEYS.set(key, (k = { path: indexKey(key), hive: splitKey(key).hive }));
  }
  return k;
}
const path = (key: string): string => keyOf(key).path;
const NUL = '\u0000';

/** Which items of a list key belong to the list: all of them, or `prefix1`, `prefix2`, … for a valuePrefix. */
function listItemMatcher(el: Extract<PolicyElement, { type: 'list' }>): (name: string) => boolean {
  if (el.valuePrefix === undefined || el.explicitValue) return () => true;
  const prefix = foldName(el.valuePrefix);
  return (name) => {
    const f = foldName(name);
    return f.startsWith(prefix) && /^[0-9]+$/.test(f.slice(prefix.length));
  };
}

/** A definition's values ("KEY\0NAME" folded) and list keys as {@link trace} looks them up. */
interface Shape {
  owned: ReadonlyMap<string, readonly [string, string]>;
  lists: ReadonlyArray<{ key: string; accepts: (name: string) => boolean }>;
}

/** Shapes by definition, folded once: an audit reads the same policies in GPO after GPO. */
const SHAPES = new WeakMap<PolicyDefinition, Shape>();
function shapeOf(def: PolicyDefinition): Shape {
  let shape = SHAPES.get(def);
  if (!shape) {
    const owned = new Map<string, [string, string]>();
    for (const [k, n] of ownedValues(def)) owned.set(`${path(k)}${NUL}${foldName(n)}`, [k, n]);
    const lists = def.elements.flatMap((el) => (el.type === 'list' ? [{ key: path(el.key), accepts: listItemMatcher(el) }] : []));
    SHAPES.set(def, (shape = { owned, lists }));
  }
  return shape;
}

/** The ops' effect on one policy: final status of each owned value and list, and the evidence. */
function trace(def: PolicyDefinition, ops: readonly RegOp[], indices: Iterable<number>) {
  const values = new Map<string, Status>(); // "KEY\0NAME" folded
  const { owned, lists: listKeys } = shapeOf(def);
  const lists = new Map<string, { state: ListState; accepts: (name: string) => boolean }>();
  for (const { key, accepts } of listKeys) lists.set(key, { state: { cleared: false, items: new Map() }, accepts });
  const evidence: number[] = [];
  const hives = new Set<HiveName | undefined>();

  for (const index of indices) {
    const op = ops[index]!;
    const k = path(op.key);
    let touched = false;
    const list = lists.get(k);
    // A value the policy owns by name comes first: a list without its own key shares the policy's key.
    const setValue = (name: string, s: Status) => {
      const id = `${k}${NUL}${foldName(name)}`;
      if (owned.has(id)) {
        values.set(id, s);
        touched = true;
      } else if (list && list.accepts(name)) {
        if (s.kind === 'set') list.state.items.set(foldName(name), { name, type: s.type, data: s.data, index });
        else list.state.items.delete(foldName(name));
        touched = true;
      }
    };
    switch (op.op) {
      case 'set':
        setValue(op.name, { kind: 'set', type: op.type, data: op.data, index });
        break;
      case 'deleteValue':
        setValue(op.name, { kind: 'deleted', index });
        break;
      case 'deleteValues':
        for (const n of op.names) setValue(n, { kind: 'deleted', index });
        break;
      case 'deleteAllValues':
        if (list) {
          list.state.cleared = true;
          list.state.items.clear();
          touched = true;
        }
        for (const id of owned.keys()) {
          if (id.startsWith(k + NUL)) {
            values.set(id, { kind: 'deleted', index });
            touched = true;
          }
        }
        break;
      case 'deleteKey':
      case 'deleteKeys': {
        const roots = op.op === 'deleteKey' ? [k] : op.subkeys.map((s) => `${k}\\${foldName(s)}`);
        for (const r of roots) {
          for (const [lk, l] of lists) {
            if (covers(r, lk)) {
              l.state.cleared = true;
              l.state.items.clear();
              touched = true;
            }
          }
          for (const id of owned.keys()) {
            if (covers(r, id.slice(0, id.indexOf(NUL)))) {
              values.set(id, { kind: 'deleted', index });
              touched = true;
            }
          }
        }
        break;
      }
      case 'createKey':
        // A list key's own [KEY] belongs to the policy; the shared policy key's is settled in readPolicies.
        if (list) touched = true;
        break;
      case 'secureKey':
        break;
    }
    if (touched) {
      evidence.push(index);
      hives.add(keyOf(op.key).hive);
    }
  }
  const status = (k: string, n: string): Status => values.get(`${path(k)}${NUL}${foldName(n)}`) ?? { kind: 'absent' };
  const listState = (el: Extract<PolicyElement, { type: 'list' }>) => lists.get(path(el.key))!.state;
  return { status, listState, evidence, hives };
}
type Trace = ReturnType<typeof trace>;

function describe(v: AdmxValue): string {
  return v.kind === 'decimal' ? String(v.value) : v.kind === 'longDecimal' ? String(v.value) : v.kind === 'string' ? JSON.stringify(v.value) : 'deleted';
}

function matches(s: Status, v: AdmxValue | undefined, expandable = false): boolean {
  if (!v) return false;
  if (v.kind === 'delete') return s.kind === 'deleted';
  if (s.kind !== 'set') return false;
  const d = encoded(v, expandable);
  return s.type === d.type && bytesEqual(s.data, d.data);
}

/** A definition's value as the registry holds it, encoded once per value (and per type of string). */
const ENCODED = new WeakMap<AdmxValue, Array<{ type: number; data: Uint8Array } | undefined>>();
function encoded(v: Exclude<AdmxValue, { kind: 'delete' }>, expandable: boolean): { type: number; data: Uint8Array } {
  let both = ENCODED.get(v);
  if (!both) ENCODED.set(v, (both = []));
  const i = expandable ? 1 : 0;
  return (both[i] ??= admxData(v, expandable)!);
}

/** Reads one policy from the operations that touch it; undefined when none is evidence. */
function readOne(def: PolicyDefinition, ops: readonly RegOp[], indices: Iterable<number>): PolicyReading | undefined {
  const t = trace(def, ops, indices);
  if (t.evidence.length === 0) return undefined;
  const findings: Diagnostic[] = [];
  const reasons: string[] = [];
  let en = 0;
  let dis = 0;
  let rem = 0;
  let uncheckedBoxes = 0;
  const enabledValue = def.enabledValue ?? { kind: 'decimal', value: 1 };
  const sameValue = (key: string | undefined, name: string) => foldName(key ?? def.key) === foldName(def.key) && foldName(name) === foldName(def.valueName ?? '');

  if (def.valueName) {
    const pv = t.status(def.key, def.valueName);
    // Some templates have an element write the policy's own value: then any value but the disabled one is "enabled".
    const elementOwnsValue = def.elements.some((e) => e.type !== 'list' && sameValue(e.key, e.valueName));
    if (pv.kind === 'set') {
      if (matches(pv, enabledValue)) en += 2;
      else if (matches(pv, def.disabledValue)) dis += 2;
      else if (elementOwnsValue) en += 2;
      else {
        reasons.push(`${def.valueName} holds a value that is neither the enabled (${describe(enabledValue)}) nor the disabled (${def.disabledValue ? describe(def.disabledValue) : 'deleted'}) one`);
        findings.push({ severity: 'error', code: 'POLICY_BAD_VALUE', message: reasons[reasons.length - 1]! });
      }
    } else if (pv.kind === 'deleted') {
      if (def.disabledValue && def.disabledValue.kind !== 'delete') rem += 2;
      else dis += 2;
    }
  }
  // An enabledList or disabledList is evidence when every item is as the list says, or deleted
  // with at least one as it says: GPMC does not show a policy whose list is partly set (IE's zone
  // templates under single zone policies: the other items absent), but shows a custom policy
  // Disabled when one item is as its disabledList says and the other was deleted by Microsoft's
  // policy that shares the value (docs/admx.md).
  const listMatches = (items: readonly AdmxListItem[] | undefined) => {
    if (items === undefined || items.length === 0) return false;
    const statuses = items.map((it) => ({ it, s: t.status(it.key ?? def.key, it.valueName) }));
    return statuses.some(({ it, s }) => matches(s, it.value)) && statuses.every(({ it, s }) => matches(s, it.value) || s.kind === 'deleted');
  };
  if (listMatches(def.enabledList)) en += 2;
  if (listMatches(def.disabledList)) dis += 2;
  const policyValueAbsent = def.valueName !== undefined && t.status(def.key, def.valueName).kind === 'absent';
  for (const el of def.elements) {
    if (el.type === 'list') {
      const l = t.listState(el);
      if (l.items.size > 0) en += 1;
      else if (l.cleared) {
        dis += 1;
        // Without a policy value, clearing and deleting is exactly the editor's Disabled.
        if (def.valueName) rem += 1;
      }
      continue;
    }
    if (def.valueName && sameValue(el.key, el.valueName)) continue; // counted as the policy value
    const s = t.status(el.key ?? def.key, el.valueName);
    if (el.type === 'boolean') {
      // An unchecked box (its falseValue, or deleted when it has none) is what both "enabled,
      // unchecked" and "disabled" write: it decides nothing beside a policy value, and reads as
      // disabled only when nothing else says enabled.
      const checked = s.kind === 'set' && matches(s, el.trueValue ?? { kind: 'decimal', value: 1 });
      const unchecked = el.falseValue ? matches(s, el.falseValue) : s.kind === 'deleted';
      if (checked) en += 1;
      else if (unchecked) uncheckedBoxes += 1;
      else if (s.kind === 'set') en += 1;
      else if (s.kind === 'deleted') {
        dis += 1;
        if (def.valueName) rem += 1;
      }
      continue;
    }
    if (s.kind === 'set') en += 1;
    else if (s.kind === 'deleted') {
      dis += 1;
      if (def.valueName) rem += 1;
    }
  }
  if (!def.valueName && en === 0) dis += uncheckedBoxes;

  let state: ReadState;
  let reason: string | undefined;
  if (policyValueAbsent && en + dis + rem > 0 && !listMatches(def.enabledList) && !listMatches(def.disabledList)) {
    // Elements without the policy's own value: the editor never writes that, and GPMC does not show the policy.
    reason = `the policy value ${def.valueName} is not set, only values of its options`;
    findings.push({ severity: 'warning', code: 'POLICY_VALUE_MISSING', message: `${reason}: the Group Policy editor shows the policy as Not Configured` });
    en = dis = rem = 0;
  }
  const top = Math.max(en, dis, rem);
  const winners = [en === top && 'enabled', dis === top && 'disabled', rem === top && 'not configured (removed)'].filter(Boolean) as string[];
  if (top === 0) {
    state = reasons.length ? 'unknown' : 'notConfigured';
    reason = reasons.length ? reasons.join('; ') : (reason ?? 'the file touches the policy\'s keys without setting it');
  } else if (winners.length > 1) {
    state = 'unknown';
    reason = `conflicting evidence: as much for ${winners.join(' as for ')} (scores: enabled ${en}, disabled ${dis}, removed ${rem})`;
  } else if (en === top) state = 'enabled';
  else if (dis === top) state = 'disabled';
  else {
    state = 'notConfigured';
    reason = 'its values are removed (how a .reg says "not configured")';
  }
  if (state === 'unknown') findings.push({ severity: 'error', code: 'POLICY_CONFLICT', message: reason! });

  const options = new Map<string, OptionValue>();
  if (state === 'enabled') readOptions(def, t, options, findings);
  findings.push(...deviations(def, t, state));

  // Policy values outside the policy's hive are not read by Windows.
  const want = def.class === 'Both' ? undefined : policyHive(def);
  for (const h of t.hives) {
    if (want && h && h !== want) {
      findings.push({ severity: 'error', code: 'POLICY_WRONG_HIVE', message: `${def.name} is a ${def.class === 'Machine' ? 'computer' : 'user'} policy read from ${want}, but this file writes it under ${h}: Windows does not read it there` });
    }
  }
  const reading: PolicyReading = { policy: def.name, id: policyId(def), displayName: def.displayName, definition: def, state, options, evidence: t.evidence, findings };
  if (reason) reading.reason = reason;
  return reading;
}

/**
 * Where the records are close to but not exactly what the editor writes for the state read: each
 * difference is a finding (a value left from an older template, an element not cleared).
 */
function deviations(def: PolicyDefinition, t: Trace, state: ReadState): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (k: string | undefined, n: string) => `${k ?? def.key}\\${n}`;
  const list = state === 'enabled' ? def.enabledList : state === 'disabled' ? def.disabledList : undefined;
  for (const it of list ?? []) {
    if (!matches(t.status(it.key ?? def.key, it.valueName), it.value)) {
      out.push({ severity: 'warning', code: 'POLICY_DEVIATION', message: `${at(it.key, it.valueName)} should be ${describe(it.value)} when the policy is ${state}, as the template's ${state === 'enabled' ? 'enabledList' : 'disabledList'} says` });
    }
  }
  if (state === 'disabled') {
    for (const el of def.elements) {
      if (el.type === 'list') {
        if (t.listState(el).items.size > 0) out.push({ severity: 'warning', code: 'POLICY_DEVIATION', message: `${el.option}: items remain under ${el.key} although the policy is disabled (the editor clears the list)` });
        continue;
      }
      if (def.valueName && el.valueName.toUpperCase() === def.valueName.toUpperCase() && (el.key ?? def.key).toUpperCase() === def.key.toUpperCase()) continue;
      const s = t.status(el.key ?? def.key, el.valueName);
      const falseOk = el.type === 'boolean' && el.falseValue && matches(s, el.falseValue);
      if (s.kind === 'set' && !falseOk) out.push({ severity: 'warning', code: 'POLICY_DEVIATION', message: `${el.option} (${at(el.key, el.valueName)}) is still set although the policy is disabled (the editor deletes it)` });
    }
  }
  return out;
}

function readOptions(def: PolicyDefinition, t: Trace, options: Map<string, OptionValue>, findings: Diagnostic[]): void {
  for (const el of def.elements) {
    if (el.type === 'list') {
      readList(el, t.listState(el), options, findings);
      continue;
    }
    const s = t.status(el.key ?? def.key, el.valueName);
    if (el.type === 'boolean' && s.kind !== 'set') {
      // Unchecked: the editor deletes a boolean without falseValue.
      if (!el.falseValue) {
        options.set(el.option, false);
        continue;
      }
    }
    if (s.kind !== 'set') {
      findings.push({ severity: 'warning', code: 'POLICY_ELEMENT_MISSING', message: `${el.option} (${el.valueName}) is ${s.kind === 'deleted' ? 'deleted' : 'not set'} although the policy is enabled: Windows uses its built-in default` });
      continue;
    }
    readElement(el, s, options, findings);
  }
  for (const note of def.notes ?? []) findings.push({ severity: 'info', code: 'POLICY_NOTE', message: note });
}

function readElement(el: Exclude<PolicyElement, { type: 'list' }>, s: Extract<Status, { kind: 'set' }>, options: Map<string, OptionValue>, findings: Diagnostic[]): void {
  const dword = s.type === RegType.REG_DWORD && s.data.length === 4 ? new DataView(s.data.buffer, s.data.byteOffset, 4).getUint32(0, true) : undefined;
  switch (el.type) {
    case 'enum': {
      const item = el.items.find((i) => matches(s, i.value));
      if (!item) {
        findings.push({ severity: 'error', code: 'POLICY_BAD_ENUM', message: `${el.option} (${el.valueName}) is ${dword ?? `type ${s.type} data`}, which is none of ${el.items.map((i) => `${i.id} (${describe(i.value)})`).join(', ')}` });
        return;
      }
      options.set(el.option, item.id);
      if (item.finding) findings.push({ ...item.finding });
      return;
    }
    case 'decimal':
      if (el.storeAsText && (s.type === RegType.REG_SZ || s.type === RegType.REG_EXPAND_SZ) && /^\d+$/.test(decodeString(s.data).trim())) {
        options.set(el.option, Number(decodeString(s.data).trim()));
        return;
      }
      if (dword === undefined) {
        findings.push({ severity: 'error', code: 'POLICY_BAD_OPTION', message: `${el.option} (${el.valueName}) is not a DWORD` });
        return;
      }
      if ((el.minValue !== undefined && dword < el.minValue) || (el.maxValue !== undefined && dword > el.maxValue)) {
        findings.push({ severity: 'error', code: 'POLICY_OUT_OF_RANGE', message: `${el.option} (${el.valueName}) is ${dword}, outside ${el.minValue ?? 0}–${el.maxValue ?? 4294967295}` });
      }
      options.set(el.option, dword);
      return;
    case 'boolean': {
      const checked = matches(s, el.trueValue ?? { kind: 'decimal', value: 1 });
      if (!checked && el.falseValue && !matches(s, el.falseValue)) {
        findings.push({ severity: 'warning', code: 'POLICY_BAD_OPTION', message: `${el.option} (${el.valueName}) is neither its true (${describe(el.trueValue ?? { kind: 'decimal', value: 1 })}) nor its false (${describe(el.falseValue)}) value: read as unchecked` });
      }
      options.set(el.option, checked);
      return;
    }
    case 'text':
      options.set(el.option, decodeString(s.data));
      return;
    case 'multiText':
      options.set(el.option, decodeMultiString(s.data));
      return;
    case 'longDecimal':
      options.set(el.option, s.data.length === 8 ? new DataView(s.data.buffer, s.data.byteOffset, 8).getBigUint64(0, true) : BigInt(decodeString(s.data) || 0));
      return;
  }
}

function readList(el: Extract<PolicyElement, { type: 'list' }>, l: ListState, options: Map<string, OptionValue>, findings: Diagnostic[]): void {
  const items = [...l.items.values()].sort((a, b) => a.index - b.index);
  if (el.explicitValue) {
    options.set(el.option, items.map((it) => ({ name: it.name, value: it.type === RegType.REG_SZ || it.type === RegType.REG_EXPAND_SZ ? decodeString(it.data) : String(decodeValue(it.type, it.data).value) })));
    return;
  }
  const out: string[] = [];
  for (const it of items) {
    if (it.type === RegType.REG_MULTI_SZ && !el.explicitValue) {
      // The seed page's layout: one REG_MULTI_SZ instead of one REG_SZ per helper.
      const listed = decodeMultiString(it.data);
      out.push(...listed);
      findings.push({
        severity: 'warning',
        code: 'POLICY_MULTI_SZ_LAYOUT',
        message: `${el.option}: ${listed.length} item(s) stored as one REG_MULTI_SZ named ${JSON.stringify(it.name)}; the ADMX writes one REG_SZ value per item (name = data), and Windows ignores this layout, so these entries have no effect`,
      });
      continue;
    }
    const data = decodeString(it.data);
    const wantType = el.expandable ? RegType.REG_EXPAND_SZ : RegType.REG_SZ;
    if (it.type !== wantType) findings.push({ severity: 'warning', code: 'POLICY_LIST_TYPE', message: `${el.option}: ${JSON.stringify(it.name)} has type ${it.type}, the ADMX writes ${wantType}` });
    if (el.valuePrefix === undefined && !el.explicitValue && foldName(it.name) !== foldName(data)) {
      findings.push({ severity: 'warning', code: 'POLICY_LIST_MISMATCH', message: `${el.option}: value ${JSON.stringify(it.name)} holds ${JSON.stringify(data)}; each item's name should equal its data` });
    }
    out.push(data);
  }
  const seen = new Map<string, number>();
  out.forEach((item, i) => {
    if (el.itemFormat === 'account') {
      try {
        const d = checkAccount(item, `${el.option}[${i}]`);
        if (d) findings.push(d);
      } catch (e) {
        findings.push({ severity: 'error', code: 'POLICY_BAD_HELPER', message: (e as Error).message });
      }
    }
    const f = foldName(item);
    if (seen.has(f)) findings.push({ severity: 'warning', code: 'POLICY_DUPLICATE_HELPER', message: `${el.option}[${i}]: ${JSON.stringify(item)} repeats item ${seen.get(f)}` });
    seen.set(f, i);
  });
  if (!el.additive && !l.cleared && out.length > 0) {
    findings.push({ severity: 'info', code: 'POLICY_LIST_NOT_CLEARED', message: `${el.option}: the file adds items without clearing the list first, so items set earlier stay in effect` });
  }
  if (out.length === 0 && el.emptyWarning) findings.push({ severity: 'warning', code: 'POLICY_EMPTY_LIST', message: el.emptyWarning });
  options.set(el.option, out);
}

/** The places of the policies an operation may concern. */
function candidates(index: ValueIndex, op: RegOp, k: string): readonly number[] {
  // Most operations set a value: its owners or its key's lists, given as the index has them (a new
  // array and a closure per operation were half of what finding the candidates allocated).
  if (op.op === 'set' || op.op === 'deleteValue') {
    const owners = index.owners(k, foldName(op.name));
    const lists = index.lists(k);
    return !lists?.length ? (owners ?? NONE) : !owners?.length ? lists : [...owners, ...lists];
  }
  const out: number[] = [];
  const push = (l: readonly number[] | undefined) => {
    if (l) for (const d of l) out.push(d);
  };
  switch (op.op) {
    case 'deleteValues':
      for (const n of op.names) push(index.owners(k, foldName(n)));
      push(index.lists(k));
      break;
    case 'deleteAllValues':
      for (const l of index.ownersOfKey(k)) push(l);
      push(index.lists(k));
      break;
    case 'deleteKey':
    case 'deleteKeys':
      for (const root of op.op === 'deleteKey' ? [k] : op.subkeys.map((s) => `${k}\\${foldName(s)}`)) {
        for (const sub of index.keysUnder(root)) {
          for (const l of index.ownersOfKey(sub)) push(l);
          push(index.lists(sub));
        }
      }
      break;
    case 'createKey':
      push(index.lists(k));
      break;
    case 'secureKey':
      break;
  }
  return out;
}

const NONE: readonly number[] = [];

/** True when a policy of this class is read from this hive (an unknown hive fits every class). */
function fitsHive(def: PolicyDefinition, hive: HiveName | undefined): boolean {
  if (hive === 'HKEY_LOCAL_MACHINE') return def.class !== 'User';
  if (hive === 'HKEY_CURRENT_USER') return def.class !== 'Machine';
  return true;
}

/** A list of definitions as a set, made once per list (its value index is kept with it). */
const SETS = new WeakMap<readonly PolicyDefinition[], PolicySet>();
function setOf(defs: readonly PolicyDefinition[]): PolicySet {
  let set = SETS.get(defs);
  if (!set) SETS.set(defs, (set = new PolicySet(defs)));
  return set;
}

/**
 * Reads the policies a list of operations sets, against a template set (`loadPolicyDefinitions`)
 * or the built-in catalog. Each operation is looked up in a reverse index (key, value) → policies,
 * so the cost is linear in the operations; each policy touched is then read from its own records
 * in order (a later `**del.x` undoes an earlier `x`). Keys are matched below their hive; where a
 * policy of the operation's class exists, policies of the other class are not considered, and a
 * policy found only in the wrong hive carries a `POLICY_WRONG_HIVE` finding. A reading whose
 * records are all another's is folded into it (`alsoExplainedBy`).
 *
 * @example
 * const set = await loadPolicyDefinitions(['PolicyDefinitions']);
 * const report = readPolicies(polToOps(decodePol(bytes)).ops, { catalog: set });
 * for (const p of report.policies) console.log(p.id, p.state, p.options);
 */
export function readPolicies(ops: readonly RegOp[], options: ReadPoliciesOptions = {}): PolicyReport {
  const catalog = options.catalog ?? BUILTIN;
  const set = catalog instanceof PolicySet ? catalog : setOf(catalog);
  const index = set.registryIndex(registryEntries);
  // Only the definitions an operation touches are read (a cached template set reads them then).
  const touched = new Map<number, number[]>();
  ops.forEach((op, i) => {
    const { path: k, hive } = keyOf(op.key);
    const all = candidates(index, op, k);
    if (all.length === 0) return;
    const fit = all.filter((d) => fitsHive(set.at(d), hive));
    for (const d of fit.length > 0 ? fit : all) {
      const l = touched.get(d);
      if (!l) touched.set(d, [i]);
      else if (l[l.length - 1] !== i) l.push(i);
    }
  });
  let policies: PolicyReading[] = [];
  // In the set's order, as the definitions are listed.
  for (const d of [...touched.keys()].sort((a, b) => a - b)) {
    const r = readOne(set.at(d), ops, touched.get(d)!);
    if (r) policies.push(r);
  }
  policies = foldShared(policies, set.prefer);
  const explained = new Set<number>();
  for (const r of policies) for (const i of r.evidence) explained.add(i);
  // A `.reg`'s `[KEY]` line for a key whose section only deletes policy values belongs to them.
  ops.forEach((op, i) => {
    if (op.op === 'createKey' && !explained.has(i) && explained.has(i + 1) && path(ops[i + 1]!.key) === path(op.key)) explained.add(i);
  });
  const unexplained: number[] = [];
  for (let i = 0; i < ops.length; i++) if (!explained.has(i)) unexplained.push(i);
  return { policies, unexplained };
}

/**
 * Records several policies own (templates often write one value from two policies) are reported
 * once per policy that is set, as GPMC does, each naming the others in `alsoExplainedBy`. A policy
 * the file does not set (not configured or unknown) whose records all belong to a policy that is
 * set is dropped, named only in that policy's `alsoExplainedBy`.
 */
function foldShared(readings: PolicyReading[], prefer: readonly string[]): PolicyReading[] {
  const byOp = new Map<number, PolicyReading[]>();
  for (const r of readings) {
    for (const i of r.evidence) {
      const l = byOp.get(i);
      if (l) l.push(r);
      else byOp.set(i, [r]);
    }
  }
  const isSet = (r: PolicyReading) => r.state === 'enabled' || r.state === 'disabled';
  const dropped = new Set<PolicyReading>();
  const foldInto = (r: PolicyReading, other: PolicyReading) => {
    dropped.add(r);
    (other.alsoExplainedBy ??= []).push(r.id);
  };
  // Two policies that write exactly the same records: GPMC's reports of Microsoft's baselines name
  // the one of the template file that loads first (files load in name order, without case), and so
  // does gpreg, unless a namespace is preferred (--prefer). See docs/admx.md for the evidence.
  const preferred = new Set(prefer.map((n) => n.toLowerCase()));
  const rank = (r: PolicyReading) => (preferred.has(r.id.slice(0, r.id.lastIndexOf(':')).toLowerCase()) ? 1 : 0);
  const bySignature = new Map<string, PolicyReading[]>();
  for (const r of readings) {
    if (!isSet(r)) continue;
    const sig = `${r.state}:${r.evidence.join(',')}`;
    const group = bySignature.get(sig);
    if (group) group.push(r);
    else bySignature.set(sig, [r]);
  }
  for (const group of bySignature.values()) {
    const winner = group.reduce((best, r) => (rank(r) > rank(best) ? r : best));
    for (const r of group) if (r !== winner) foldInto(r, winner);
  }
  const setEvidence = new Map<number, PolicyReading>(); // each record → the first set reading holding it
  for (const r of readings) if (isSet(r) && !dropped.has(r)) for (const i of r.evidence) if (!setEvidence.has(i)) setEvidence.set(i, r);
  for (const r of readings) {
    if (isSet(r) || !r.evidence.every((i) => setEvidence.has(i))) continue;
    foldInto(r, setEvidence.get(r.evidence[0]!)!);
  }
  for (const r of readings) {
    if (dropped.has(r)) continue;
    const others = new Set<string>(r.alsoExplainedBy ?? []);
    for (const i of r.evidence) for (const o of byOp.get(i)!) if (o !== r && !dropped.has(o)) others.add(o.id);
    if (others.size > 0) r.alsoExplainedBy = [...others];
  }
  return readings.filter((r) => !dropped.has(r));
}
