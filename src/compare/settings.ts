/**
 * One GPO side (or one file) as a flat list of settings, the unit `compare` lines up across
 * sources: each policy the templates explain (its state and options), each registry value no
 * policy explains (and each key or value deletion), each security setting, user right, audit
 * subcategory and preference registry item. Every setting has a stable id (what rows are matched
 * by), words for people, and a canonical value (what is compared): numbers as numbers whatever their
 * registry type, lists in their order, with an order-free form to say when only the order differs.
 */

import type { RegOp } from '../registry/ops.js';
import { effectOf } from '../registry/effect.js';
import { isPolicyKey } from '../registry/tattoo.js';
import { foldName, hiveAbbreviation, splitKey, type HiveName } from '../registry/keys.js';
import { regTypeName } from '../registry/types.js';
import { decodeValue } from '../registry/values.js';
import { toSpacedHex } from '../registry/hex.js';
import { readPolicies, STATE_LABELS } from '../policy/read.js';
import { presentedSummary } from '../policy/presentation.js';
import type { PolicySet } from '../policy/set.js';
import type { OptionValue } from '../policy/types.js';
import type { SideParts } from '../gpo/parts.js';
import { AREA_LABELS, partSettings, type PartArea } from '../gpo/parts-diff.js';
import { describeSecurityOption } from '../gpo/security-options.js';
import { securitySettingName } from '../gpo/security-names.js';
import type { Member } from '../gpo/sids.js';

/** What kind of setting a row is, as Policy Analyzer's users know them. */
export type CompareArea = 'policy' | 'registry' | 'security' | 'audit';

/** The side of a GPO a setting belongs to. */
export type CompareScope = 'Machine' | 'User';

/** One setting as one GPO side (or file) sets it. */
export interface UnitSetting {
  area: CompareArea;
  /** Stable and without case: what settings are matched by across sources. */
  id: string;
  /** For people: the policy's display name, `HKLM\Key\Name`, the security setting's name. */
  name: string;
  scope?: CompareScope;
  /** Where it is: the policy's category path, or the security area in GPMC's words. */
  category?: string;
  /** The value for people: `Enabled — Label: words`, `REG_DWORD 1`, `14`, `Success and Failure`. */
  value: string;
  /** What equality compares: numbers as decimal whatever their type, lists in order. */
  canon: string;
  /** `canon` with list items sorted: equal where only the order differs. */
  unordered: string;
  /** The registry type (`REG_DWORD`), where there is one: a type difference is said apart. */
  type?: string;
  /** A deletion (`**del.`, `**delvals.`, a key deleted with its tree). */
  delete?: boolean;
  /** It sets a value outside the policy keys, which stays after the GPO is removed (tattooing). */
  tattoo?: boolean;
}

/** One GPO side or one file, as `settingsOfUnit` reads it. */
export interface CompareUnit {
  scope?: CompareScope;
  ops: readonly RegOp[];
  parts?: SideParts;
}

const SECURITY_AREAS: ReadonlySet<PartArea> = new Set(['account', 'eventAudit', 'userRights', 'securityOptions', 'services', 'eventLog', 'restrictedGroups', 'registryKeys', 'files']);

/** The scope a hive stands for. */
export function scopeOfHive(hive: HiveName | undefined): CompareScope | undefined {
  return hive === 'HKEY_LOCAL_MACHINE' ? 'Machine' : hive === 'HKEY_CURRENT_USER' ? 'User' : undefined;
}

/** Every setting of one unit, in the order found. */
export function settingsOfUnit(unit: CompareUnit, catalog: PolicySet): UnitSetting[] {
  const out: UnitSetting[] = [];
  const scope = unit.scope;
  const at = scope ? { scope } : {};
  const report = readPolicies(unit.ops, { catalog });
  for (const p of report.policies) {
    if (p.state === 'notConfigured' && p.evidence.length === 0) continue;
    const summary = p.options.size ? presentedSummary(p.definition, p.options) : '';
    out.push({
      area: 'policy',
      id: `policy:${(scope ?? '').toLowerCase()}:${p.id.toLowerCase()}`,
      name: p.displayName,
      ...at,
      ...(p.definition.category ? { category: p.definition.category } : {}),
      value: STATE_LABELS[p.state] + (summary ? ` — ${summary}` : ''),
      canon: `${p.state}${optionsCanon(p.options, false)}`,
      unordered: `${p.state}${optionsCanon(p.options, true)}`,
      ...(p.evidence.some((i) => tattoos(unit.ops[i]!)) ? { tattoo: true } : {}),
    });
  }
  // What no policy explains, as its effect (the last action on each value wins).
  const effect = effectOf(report.unexplained.map((i) => unit.ops[i]!));
  for (const k of effect.values()) {
    const key = shortKey(k.key);
    if (k.deleted) out.push({ area: 'registry', id: `registry:${foldName(key)}\\`, name: `${key}\\`, ...at, value: 'key deleted, with its subkeys', canon: 'key deleted', unordered: 'key deleted', delete: true });
    if (k.cleared) out.push({ area: 'registry', id: `registry:${foldName(key)}\\**delvals.`, name: `${key}\\**delvals.`, ...at, value: 'all values deleted', canon: 'delvals', unordered: 'delvals', delete: true });
    for (const [folded, v] of k.values) {
      const name = `${key}\\${v.name === '' ? '(Default)' : v.name}`;
      const id = `registry:${foldName(key)}\\${folded}`;
      if (v.effect.kind === 'deleted') out.push({ area: 'registry', id, name, ...at, value: 'deleted', canon: 'deleted', unordered: 'deleted', delete: true });
      else out.push({ area: 'registry', id, name, ...at, ...registryValue(v.effect.type, v.effect.data), ...(isPolicyKey(k.key) ? {} : { tattoo: true }) });
    }
  }
  if (unit.parts) out.push(...partsSettings(unit.parts, scope));
  return out;
}

/** A value set outside the policy keys (it stays after the GPO is removed). */
const tattoos = (op: RegOp) => op.op === 'set' && !!splitKey(op.key).hive && !isPolicyKey(op.key);

/** `HKLM\Software\…` (the hive abbreviated, as admins write it). */
function shortKey(key: string): string {
  const s = splitKey(key);
  return s.hive ? `${hiveAbbreviation(s.hive)}${s.path ? `\\${s.path}` : ''}` : key;
}

/**
 * A registry value's words and canonical forms. A number is its decimal whether a DWORD, a QWORD
 * or a string of digits (so `REG_SZ "1"` and `REG_DWORD 1` are the same value, their types told
 * apart); a REG_MULTI_SZ keeps its order.
 */
export function registryValue(type: number, data: Uint8Array): Pick<UnitSetting, 'value' | 'canon' | 'unordered' | 'type'> {
  const typeName = regTypeName(type) ?? `type ${type}`;
  const t = decodeValue(type, data);
  const shown = (s: string) => `${typeName} ${s}`;
  if (t.kind === 'number' || t.kind === 'bigint') {
    const n = String(t.value);
    return { value: shown(n), canon: `n:${n}`, unordered: `n:${n}`, type: typeName };
  }
  if (t.kind === 'string') {
    const canon = /^(0|[1-9]\d{0,19})$/.test(t.value) ? `n:${t.value}` : `s:${t.value}`;
    return { value: shown(JSON.stringify(t.value)), canon, unordered: canon, type: typeName };
  }
  if (t.kind === 'strings') {
    return { value: shown(t.value.map((s) => JSON.stringify(s)).join(', ')), canon: `m:${t.value.join('\u0000')}`, unordered: `m:${[...t.value].sort().join('\u0000')}`, type: typeName };
  }
  const hex = toSpacedHex(t.value);
  return { value: shown(hex || '(empty)'), canon: `b:${type}:${hex}`, unordered: `b:${type}:${hex}`, type: typeName };
}

/** A policy's options as one canonical string (sorted by option; lists in order unless `sorted`). */
function optionsCanon(options: ReadonlyMap<string, OptionValue>, sorted: boolean): string {
  if (options.size === 0) return '';
  const item = (v: string | { name: string; value: string }) => (typeof v === 'string' ? v : `${v.name}=${v.value}`);
  const one = (v: OptionValue): string => {
    if (Array.isArray(v)) {
      const items = (v as Array<string | { name: string; value: string }>).map(item);
      return `[${(sorted ? [...items].sort() : items).join('\u0000')}]`;
    }
    return typeof v === 'bigint' ? String(v) : JSON.stringify(v);
  };
  return [...options.keys()]
    .sort()
    .map((k) => `\u0001${k}=${one(options.get(k)!)}`)
    .join('');
}

/** The settings of a side's security template, audit policy and preference registry items. */
function partsSettings(parts: SideParts, scope: CompareScope | undefined): UnitSetting[] {
  const out: UnitSetting[] = [];
  const at = scope ? { scope } : {};
  for (const [area, settings] of partSettings(parts)) {
    for (const [key, s] of settings) {
      if (area === 'preferences') {
        const v = s.value as { action: string; type?: string; value?: unknown; disabled?: boolean };
        const shown = `${v.action}${v.type ? ` ${v.type}` : ''}${v.value !== undefined ? ` ${JSON.stringify(v.value)}` : ''}${v.disabled ? ' (item disabled)' : ''}`;
        const canon = JSON.stringify(v);
        // `HKEY_CURRENT_USER\Key "Name"` → `HKCU\Key\Name`, as the other registry rows.
        const m = /^(.*?)(?: "(.*)")?$/s.exec(s.name)!;
        const name = `${shortKey(m[1]!)}${m[2] !== undefined ? `\\${m[2] === '' ? '(Default)' : m[2]}` : '\\'} (preference item)`;
        out.push({ area: 'registry', id: `preference:${key.toLowerCase()}`, name, ...at, category: AREA_LABELS.preferences, value: shown, canon, unordered: canon, ...(v.action === 'D' ? { delete: true } : {}) });
        continue;
      }
      const compareArea: CompareArea = area === 'audit' ? 'audit' : 'security';
      if (!SECURITY_AREAS.has(area) && area !== 'audit') continue;
      let name = securitySettingName(s.name) ?? s.name;
      let value = wordsOf(s.value);
      if (area === 'securityOptions') {
        const known = describeSecurityOption({ key: s.name, value: s.value as never });
        if (known) {
          name = known.displayName;
          value = known.display;
        }
      }
      const canon = s.members ? membersCanon(s.members) : valueCanon(s.value);
      out.push({ area: compareArea, id: `${compareArea}:${area.toLowerCase()}:${key.toLowerCase()}`, name, ...at, category: AREA_LABELS[area], value, canon, unordered: canon });
    }
  }
  return out;
}

/** Members compare as a set (by SID, else name): a user right's order means nothing. */
function membersCanon(members: readonly Member[]): string {
  return `members:${[...new Set(members.map((m) => (m.sid ?? m.name).toUpperCase()))].sort().join(',')}`;
}

/** A security value's canonical form: numbers as decimal (`14` and `"14"` agree). */
function valueCanon(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'bigint') return `n:${v}`;
  if (typeof v === 'string') return /^-?(0|[1-9]\d*)$/.test(v.trim()) ? `n:${v.trim()}` : `s:${v}`;
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x));
}

/** A part's value in words: a number or text as it is, an object as `field: value; …`. */
function wordsOf(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map(wordsOf).join(', ');
  if (typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => `${k}: ${wordsOf(x)}`)
      .join('; ');
  }
  // A switch as the editor shows it (GPMC's XML says true/false).
  if (typeof v === 'boolean') return v ? 'Enabled' : 'Disabled';
  return String(v);
}
