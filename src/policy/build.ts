/**
 * A policy setting to registry operations, the way the Group Policy editor writes them (for a
 * `.pol`) or the way a `.reg` must say the same (removal instead of `**delvals.`, and "not
 * configured" as the removal of every value the policy owns).
 */

import type { Diagnostic } from '../errors.js';
import { compareKeys, foldName, joinKey, splitKey, type HiveName } from '../registry/keys.js';
import { indexKey, type RegistryEntries } from './value-index.js';
import type { RegOp } from '../registry/ops.js';
import { RegType } from '../registry/types.js';
import { encodeDword, encodeMultiString, encodeQword, encodeString } from '../registry/values.js';
import { findPolicy } from './catalog/index.js';
import type { PolicySet } from './set.js';
import { checkSetting, type PolicySetting } from './setting.js';
import type { AdmxListItem, AdmxValue, PolicyDefinition, PolicyElement } from './types.js';

/** Which file the operations are for: they differ where `.reg` cannot say what `.pol` says. */
export type PolicyTarget = 'pol' | 'reg';

/** Options for {@link buildPolicy}. */
export interface BuildPolicyOptions {
  /** `pol` (default): the Group Policy editor's records. `reg`: what a `.reg` must write for the same meaning. */
  target?: PolicyTarget;
  /** The hive, for policies of class Both; Machine policies go to HKLM and User ones to HKCU. */
  hive?: HiveName;
  /** Where a policy named by a string is looked up (default: the built-in catalog). */
  set?: PolicySet;
  /**
   * Write only the options given: no defaults, and an element without a value writes nothing (not
   * even a list's `**delvals.`). For regenerating a file from what was read from it.
   */
  exact?: boolean;
}

/** The operations for a setting, and warnings or notes about it. */
export interface BuiltPolicy {
  policy: PolicyDefinition;
  setting: PolicySetting;
  ops: RegOp[];
  diagnostics: Diagnostic[];
}

/** The hive a policy's keys go in. */
export function policyHive(def: PolicyDefinition, hive?: HiveName): HiveName {
  if (def.class === 'Machine') return 'HKEY_LOCAL_MACHINE';
  if (def.class === 'User') return 'HKEY_CURRENT_USER';
  return hive ?? 'HKEY_LOCAL_MACHINE';
}

/** Raw type and data of an ADMX value (a deletion has none). */
export function admxData(v: AdmxValue, expandable = false): { type: number; data: Uint8Array } | undefined {
  switch (v.kind) {
    case 'decimal':
      return { type: RegType.REG_DWORD, data: encodeDword(v.value) };
    case 'longDecimal':
      return { type: RegType.REG_QWORD, data: encodeQword(v.value) };
    case 'string':
      return { type: expandable ? RegType.REG_EXPAND_SZ : RegType.REG_SZ, data: encodeString(v.value) };
    case 'delete':
      return undefined;
  }
}

/** The value names a list's items get: the item itself, or prefix + 1, 2, …. */
export function listItemName(el: Extract<PolicyElement, { type: 'list' }>, item: string, index: number): string {
  return el.valuePrefix === undefined ? item : `${el.valuePrefix}${index + 1}`;
}

/**
 * Builds the registry operations of a policy setting. The setting is checked first (see
 * `checkSetting`): errors name the field.
 *
 * For a `.pol` the records are exactly the Group Policy editor's: Enabled writes the enabled value,
 * then each element (a non-additive list clears its key with `**delvals.` first); Disabled writes
 * the disabled value (or `**del.` of the policy value), `**del.` of every element value and
 * `**delvals.` of every list key; Not Configured writes nothing.
 *
 * For a `.reg`, a list key is deleted (`[-KEY]`) instead of cleared, and Not Configured is the
 * removal of every value and list key the policy owns (a `.reg` can say "not configured" only so).
 *
 * @example
 * const { ops } = buildPolicy('offer-remote-assistance', { state: 'enabled', control: 'view', helpers: ['CONTOSO\\HelpDesk'] });
 * fs.writeFileSync('Registry.pol', encodePol(opsToPol(ops)));
 */
export function buildPolicy(policy: string | PolicyDefinition, input: unknown, options: BuildPolicyOptions = {}): BuiltPolicy {
  const def = typeof policy === 'string' ? findPolicy(policy, options.set) : policy;
  const { setting, diagnostics } = checkSetting(def, input, { exact: options.exact ?? false });
  const target = options.target ?? 'pol';
  const hive = policyHive(def, options.hive);
  const full = (k: string) => joinKey(hive, k);
  const ops: RegOp[] = [];

  const write = (key: string, valueName: string, v: AdmxValue, soft = false, expandable = false) => {
    const d = admxData(v, expandable);
    if (!d) ops.push({ op: 'deleteValue', key: full(key), name: valueName });
    else ops.push({ op: 'set', key: full(key), name: valueName, type: d.type, data: d.data, ...(soft ? { soft: true } : {}) });
  };
  const writeList = (items: readonly AdmxListItem[] | undefined) => {
    for (const it of items ?? []) write(it.key ?? def.key, it.valueName, it.value);
  };
  const clearList = (listKey: string) => ops.push(target === 'pol' ? { op: 'deleteAllValues', key: full(listKey) } : { op: 'deleteKey', key: full(listKey) });

  if (setting.state === 'enabled') {
    // When an element writes the policy's own value, the editor writes only the element's value.
    if (def.valueName && !elementWritesPolicyValue(def)) write(def.key, def.valueName, def.enabledValue ?? { kind: 'decimal', value: 1 });
    writeList(def.enabledList);
    for (const el of def.elements) {
      const key = el.key ?? def.key;
      const v = setting.options.get(el.option);
      if (v === undefined && (el.type !== 'list' || options.exact)) continue; // not given, no default (reported by checkSetting)
      switch (el.type) {
        case 'enum': {
          const item = el.items.find((i) => i.id === v)!;
          write(key, el.valueName, item.value, el.soft);
          writeList(item.valueList);
          break;
        }
        case 'boolean':
          // Checked without trueValue: DWORD 1. Unchecked without falseValue: the editor deletes the value.
          write(key, el.valueName, v ? (el.trueValue ?? { kind: 'decimal', value: 1 }) : (el.falseValue ?? { kind: 'delete' }), el.soft);
          writeList(v ? el.trueList : el.falseList);
          break;
        case 'decimal':
          write(key, el.valueName, el.storeAsText ? { kind: 'string', value: String(v) } : { kind: 'decimal', value: v as number }, el.soft);
          break;
        case 'longDecimal':
          write(key, el.valueName, el.storeAsText ? { kind: 'string', value: String(v) } : { kind: 'longDecimal', value: BigInt(v as bigint) }, el.soft);
          break;
        case 'text':
          write(key, el.valueName, { kind: 'string', value: v as string }, el.soft, el.expandable);
          break;
        case 'multiText':
          ops.push({ op: 'set', key: full(key), name: el.valueName, type: RegType.REG_MULTI_SZ, data: encodeMultiString(v as string[]), ...(el.soft ? { soft: true } : {}) });
          break;
        case 'list': {
          if (!el.additive) clearList(el.key);
          const type = el.expandable ? RegType.REG_EXPAND_SZ : RegType.REG_SZ;
          const items = (v ?? []) as OptionValueList;
          items.forEach((item, i) => {
            const name = typeof item === 'string' ? listItemName(el, item, i) : item.name;
            const data = typeof item === 'string' ? item : item.value;
            ops.push({ op: 'set', key: full(el.key), name, type, data: encodeString(data) });
          });
          // A .reg recreates the emptied key, as the editor's **delvals. leaves it in place.
          if (target === 'reg' && !el.additive && items.length === 0) ops.push({ op: 'createKey', key: full(el.key) });
          break;
        }
      }
    }
    for (const note of def.notes ?? []) diagnostics.push({ severity: 'info', code: 'POLICY_NOTE', message: note });
  } else if (setting.state === 'disabled') {
    if (def.valueName) write(def.key, def.valueName, def.disabledValue ?? { kind: 'delete' });
    writeList(def.disabledList);
    const ownValue = elementWritesPolicyValue(def);
    for (const el of def.elements) {
      if (el.type === 'list') clearList(el.key);
      else if (ownValue && sameValueName(def, el)) continue; // the disabled value above is its value
      else if (el.type === 'boolean' && (el.falseValue || el.falseList)) {
        // A boolean that says what "false" is writes it when the policy is disabled.
        if (el.falseValue) write(el.key ?? def.key, el.valueName, el.falseValue);
        writeList(el.falseList);
      } else ops.push({ op: 'deleteValue', key: full(el.key ?? def.key), name: el.valueName });
    }
  } else if (target === 'reg') {
    for (const [key, name] of ownedValues(def)) ops.push({ op: 'deleteValue', key: full(key), name });
    for (const el of def.elements) if (el.type === 'list') ops.push({ op: 'deleteKey', key: full(el.key) });
  }
  return { policy: def, setting, ops: clearsFirst(ops), diagnostics };
}

/**
 * A key's `**delvals.` before its other records: a list that shares its key with other values of
 * the policy must not clear them after they are written (the editor writes the clear first).
 */
function clearsFirst(ops: RegOp[]): RegOp[] {
  if (!ops.some((o) => o.op === 'deleteAllValues')) return ops;
  const out: RegOp[] = [];
  const firstOfKey = new Map<string, number>();
  for (const op of ops) {
    const k = op.key.toUpperCase();
    const at = firstOfKey.get(k);
    if (op.op === 'deleteAllValues' && at !== undefined) {
      out.splice(at, 0, op);
      for (const [key, i] of firstOfKey) if (i >= at) firstOfKey.set(key, i + 1);
      firstOfKey.set(k, at);
    } else {
      if (at === undefined) firstOfKey.set(k, out.length);
      out.push(op);
    }
  }
  return out;
}

/** One policy and its setting, for {@link buildPolicies}. */
export interface PolicySettingInput {
  policy: string | PolicyDefinition;
  setting: unknown;
}

/** What {@link buildPolicies} returns: every policy's build, and all their operations in file order. */
export interface BuiltPolicies {
  built: BuiltPolicy[];
  ops: RegOp[];
  diagnostics: Diagnostic[];
}

/**
 * Builds several policies into one list of operations, ordered as the Group Policy editor writes
 * a `Registry.pol`: keys sorted component by component without case (every real editor-written
 * file is), each key's records together and in the order the policies wrote them.
 */
export function buildPolicies(settings: readonly PolicySettingInput[], options: BuildPolicyOptions = {}): BuiltPolicies {
  const built = settings.map((s) => buildPolicy(s.policy, s.setting, options));
  return { built, ops: sortOpsByKey(built.flatMap((b) => b.ops)), diagnostics: built.flatMap((b) => b.diagnostics) };
}

/** A stable sort of operations by key path (hive, then {@link compareKeys} on the path). */
export function sortOpsByKey(ops: readonly RegOp[]): RegOp[] {
  const keyed = ops.map((op, i) => ({ op, i, k: splitKey(op.key) }));
  keyed.sort((a, b) => (a.k.hive === b.k.hive ? 0 : (a.k.hive ?? '') < (b.k.hive ?? '') ? -1 : 1) || compareKeys(a.k.path, b.k.path) || a.i - b.i);
  return keyed.map((x) => x.op);
}

type OptionValueList = Array<string | { name: string; value: string }>;

/** True when one of the policy's elements writes the policy's own value (same key and value name). */
export function elementWritesPolicyValue(def: PolicyDefinition): boolean {
  return def.elements.some((e) => sameValueName(def, e));
}

/** True when an element writes the policy's own value (same key and value name). */
function sameValueName(def: PolicyDefinition, el: PolicyElement): boolean {
  return def.valueName !== undefined && el.type !== 'list' && (el.key ?? def.key).toUpperCase() === def.key.toUpperCase() && el.valueName.toUpperCase() === def.valueName.toUpperCase();
}

/** Every (key, value name) a policy writes outside its list keys, policy value first. */
/** The values a definition owns and its list keys, as the value index holds them (folded). */
export function registryEntries(def: PolicyDefinition): RegistryEntries {
  return {
    values: ownedValues(def).map(([k, n]) => [indexKey(k), foldName(n)] as const),
    lists: def.elements.flatMap((el) => (el.type === 'list' ? [indexKey(el.key)] : [])),
  };
}

export function ownedValues(def: PolicyDefinition): Array<[key: string, valueName: string]> {
  const out: Array<[string, string]> = [];
  if (def.valueName) out.push([def.key, def.valueName]);
  const lists = [def.enabledList, def.disabledList, ...def.elements.flatMap((e) => (e.type === 'enum' ? e.items.map((i) => i.valueList) : e.type === 'boolean' ? [e.trueList, e.falseList] : []))];
  for (const l of lists) for (const it of l ?? []) out.push([it.key ?? def.key, it.valueName]);
  for (const el of def.elements) if (el.type !== 'list') out.push([el.key ?? def.key, el.valueName]);
  const seen = new Set<string>();
  return out.filter(([k, n]) => {
    const id = `${k.toUpperCase()}\\${n.toUpperCase()}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
