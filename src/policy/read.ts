/**
 * Registry operations back to policy settings: for each catalog policy a file touches, its state,
 * options, the operations that are evidence for it, and findings. Evidence is scored
 * (PolicyPlus-style); a tie is reported as `unknown` with the reason, never guessed.
 */

import type { Diagnostic } from '../errors.js';
import { foldName, splitKey, type HiveName } from '../registry/keys.js';
import type { RegOp } from '../registry/ops.js';
import { RegType } from '../registry/types.js';
import { bytesEqual, decodeMultiString, decodeString } from '../registry/values.js';
import { admxData, policyHive } from './build.js';
import { CATALOG } from './catalog/index.js';
import { checkAccount, type OptionValue } from './setting.js';
import type { AdmxValue, PolicyDefinition, PolicyElement } from './types.js';

/** What a file makes of a policy; `unknown` when the evidence conflicts. */
export type ReadState = 'enabled' | 'disabled' | 'notConfigured' | 'unknown';

/** Each state as the Group Policy editor names it, for people. */
export const STATE_LABELS: Readonly<Record<ReadState, string>> = { enabled: 'Enabled', disabled: 'Disabled', notConfigured: 'Not Configured', unknown: 'Unknown' };

/** One policy as a file sets it. */
export interface PolicyReading {
  /** The ADMX name (`RA_Unsolicit`). */
  policy: string;
  displayName: string;
  state: ReadState;
  /** Why the state is `unknown`, or how `notConfigured` was expressed. */
  reason?: string;
  /** The options read (enabled only), by option name. */
  options: Map<string, OptionValue>;
  /** Indices into the operations that are evidence for this policy, in order. */
  evidence: number[];
  findings: Diagnostic[];
}

/** Everything `readPolicies` finds in a list of operations. */
export interface PolicyReport {
  policies: PolicyReading[];
  /** Indices of the operations no catalog policy explains. */
  unexplained: number[];
}

/** Options for {@link readPolicies}. */
export interface ReadPoliciesOptions {
  /** The definitions to look for (default: the whole catalog). */
  catalog?: readonly PolicyDefinition[];
}

type Status = { kind: 'absent' } | { kind: 'set'; type: number; data: Uint8Array; index: number } | { kind: 'deleted'; index: number };
interface ListState {
  cleared: boolean;
  items: Map<string, { name: string; type: number; data: Uint8Array; index: number }>;
}

const path = (key: string) => foldName(splitKey(key).path.replace(/\\+$/, ''));
/** True when `ancestor` is `key` or one of its parent keys (both folded paths). */
const covers = (ancestor: string, key: string) => key === ancestor || key.startsWith(ancestor + '\\');

/** The ops' effect on one policy: final status of each owned value and list, and the evidence. */
function trace(def: PolicyDefinition, ops: readonly RegOp[]) {
  const values = new Map<string, Status>(); // "KEY\NAME" folded
  const valueKey = (k: string, n: string) => `${path(k)}\u0000${foldName(n)}`;
  const owned = new Map<string, [string, string]>();
  const own = (k: string, n: string) => owned.set(`${foldName(k)}\u0000${foldName(n)}`, [k, n]);
  if (def.valueName) own(def.key, def.valueName);
  for (const it of [...(def.enabledList ?? []), ...(def.disabledList ?? [])]) own(it.key ?? def.key, it.valueName);
  for (const el of def.elements) if (el.type !== 'list') own(el.key ?? def.key, el.valueName);
  const lists = new Map<string, ListState>();
  for (const el of def.elements) if (el.type === 'list') lists.set(foldName(el.key), { cleared: false, items: new Map() });
  const evidence: number[] = [];
  const hives = new Set<HiveName | undefined>();

  ops.forEach((op, index) => {
    const k = path(op.key);
    const hive = splitKey(op.key).hive;
    let touched = false;
    const setStatus = (name: string, s: Status) => {
      if (owned.has(`${k}\u0000${foldName(name)}`)) {
        values.set(valueKey(op.key, name), s);
        touched = true;
      }
    };
    const list = lists.get(k);
    switch (op.op) {
      case 'set':
        if (list) {
          list.items.set(foldName(op.name), { name: op.name, type: op.type, data: op.data, index });
          touched = true;
        } else setStatus(op.name, { kind: 'set', type: op.type, data: op.data, index });
        break;
      case 'deleteValue':
        if (list) {
          list.items.delete(foldName(op.name));
          touched = true;
        } else setStatus(op.name, { kind: 'deleted', index });
        break;
      case 'deleteValues':
        for (const n of op.names) {
          if (list) {
            list.items.delete(foldName(n));
            touched = true;
          } else setStatus(n, { kind: 'deleted', index });
        }
        break;
      case 'deleteAllValues':
        if (list) {
          list.cleared = true;
          list.items.clear();
          touched = true;
        }
        for (const [id, [, name]] of owned) if (id.startsWith(k + '\u0000')) setStatus(name, { kind: 'deleted', index });
        break;
      case 'deleteKey':
      case 'deleteKeys': {
        const roots = op.op === 'deleteKey' ? [k] : op.subkeys.map((s) => `${k}\\${foldName(s)}`);
        for (const r of roots) {
          for (const [lk, l] of lists) {
            if (covers(r, lk)) {
              l.cleared = true;
              l.items.clear();
              touched = true;
            }
          }
          for (const [id, [ownedKey]] of owned) {
            if (covers(r, foldName(ownedKey))) {
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
      hives.add(hive);
    }
  });
  const status = (k: string, n: string): Status => values.get(`${foldName(k)}\u0000${foldName(n)}`) ?? { kind: 'absent' };
  return { status, lists, evidence, hives };
}

function describe(v: AdmxValue): string {
  return v.kind === 'decimal' ? String(v.value) : v.kind === 'longDecimal' ? String(v.value) : v.kind === 'string' ? JSON.stringify(v.value) : 'deleted';
}

function matches(s: Status, v: AdmxValue | undefined, expandable = false): boolean {
  if (!v) return false;
  if (v.kind === 'delete') return s.kind === 'deleted';
  const d = admxData(v, expandable)!;
  return s.kind === 'set' && s.type === d.type && bytesEqual(s.data, d.data);
}

/** Reads one policy; undefined when the operations do not touch it. */
function readOne(def: PolicyDefinition, ops: readonly RegOp[]): PolicyReading | undefined {
  const t = trace(def, ops);
  if (t.evidence.length === 0) return undefined;
  const findings: Diagnostic[] = [];
  const reasons: string[] = [];
  let en = 0;
  let dis = 0;
  let rem = 0;

  if (def.valueName) {
    const pv = t.status(def.key, def.valueName);
    if (pv.kind === 'set') {
      if (matches(pv, def.enabledValue ?? { kind: 'decimal', value: 1 })) en += 2;
      else if (matches(pv, def.disabledValue)) dis += 2;
      else {
        reasons.push(`${def.valueName} holds a value that is neither the enabled (${describe(def.enabledValue ?? { kind: 'decimal', value: 1 })}) nor the disabled (${def.disabledValue ? describe(def.disabledValue) : 'deleted'}) one`);
        findings.push({ severity: 'error', code: 'POLICY_BAD_VALUE', message: reasons[reasons.length - 1]! });
      }
    } else if (pv.kind === 'deleted') {
      if (def.disabledValue && def.disabledValue.kind !== 'delete') rem += 2;
      else dis += 2;
    }
  }
  for (const el of def.elements) {
    if (el.type === 'list') {
      const l = t.lists.get(foldName(el.key))!;
      if (l.items.size > 0) en += 1;
      else if (l.cleared) {
        dis += 1;
        rem += 1;
      }
      continue;
    }
    const s = t.status(el.key ?? def.key, el.valueName);
    if (s.kind === 'set') en += 1;
    else if (s.kind === 'deleted') {
      dis += 1;
      rem += 1;
    }
  }

  const top = Math.max(en, dis, rem);
  let state: ReadState;
  let reason: string | undefined;
  const winners = [en === top && 'enabled', dis === top && 'disabled', rem === top && 'not configured (removed)'].filter(Boolean) as string[];
  if (top === 0) {
    state = reasons.length ? 'unknown' : 'notConfigured';
    reason = reasons.length ? reasons.join('; ') : 'the file touches the policy\'s keys without setting it';
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

  // Policy values outside the policy's hive are not read by Windows.
  const want = def.class === 'Both' ? undefined : policyHive(def);
  for (const h of t.hives) {
    if (want && h && h !== want) {
      findings.push({ severity: 'error', code: 'POLICY_WRONG_HIVE', message: `${def.name} is a ${def.class === 'Machine' ? 'computer' : 'user'} policy read from ${want}, but this file writes it under ${h}: Windows does not read it there` });
    }
  }
  const reading: PolicyReading = { policy: def.name, displayName: def.displayName, state, options, evidence: t.evidence, findings };
  if (reason) reading.reason = reason;
  return reading;
}

function readOptions(def: PolicyDefinition, t: ReturnType<typeof trace>, options: Map<string, OptionValue>, findings: Diagnostic[]): void {
  for (const el of def.elements) {
    if (el.type === 'list') {
      readList(el, t.lists.get(foldName(el.key))!, options, findings);
      continue;
    }
    const s = t.status(el.key ?? def.key, el.valueName);
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
      if (dword === undefined) {
        findings.push({ severity: 'error', code: 'POLICY_BAD_OPTION', message: `${el.option} (${el.valueName}) is not a DWORD` });
        return;
      }
      if ((el.minValue !== undefined && dword < el.minValue) || (el.maxValue !== undefined && dword > el.maxValue)) {
        findings.push({ severity: 'error', code: 'POLICY_OUT_OF_RANGE', message: `${el.option} (${el.valueName}) is ${dword}, outside ${el.minValue ?? 0}–${el.maxValue ?? 4294967295}` });
      }
      options.set(el.option, dword);
      return;
    case 'boolean':
      options.set(el.option, matches(s, el.trueValue ?? { kind: 'decimal', value: 1 }));
      return;
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

/**
 * Reads the catalog policies a list of operations sets. Keys are matched below their hive (so a
 * `.pol` read with the wrong hive still shows its policies, with a `POLICY_WRONG_HIVE` finding).
 *
 * @example
 * const report = readPolicies(polToOps(decodePol(bytes)).ops);
 * for (const p of report.policies) console.log(p.policy, p.state, p.options);
 */
export function readPolicies(ops: readonly RegOp[], options: ReadPoliciesOptions = {}): PolicyReport {
  const catalog = options.catalog ?? CATALOG;
  const policies: PolicyReading[] = [];
  const explained = new Set<number>();
  for (const def of catalog) {
    const r = readOne(def, ops);
    if (!r) continue;
    policies.push(r);
    for (const i of r.evidence) explained.add(i);
  }
  // A `.reg`'s `[KEY]` line for a key whose section only deletes policy values belongs to them.
  ops.forEach((op, i) => {
    if (op.op === 'createKey' && !explained.has(i) && explained.has(i + 1) && path(ops[i + 1]!.key) === path(op.key)) explained.add(i);
  });
  const unexplained = ops.map((_, i) => i).filter((i) => !explained.has(i));
  return { policies, unexplained };
}
