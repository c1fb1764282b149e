/**
 * Many GPOs, files or baselines side by side (Policy Analyzer's job): one row per setting, one
 * column per source with the value set there or nothing, and marks in words — the same everywhere,
 * a conflict (sources set different values), set in some sources only, a duplicate inside one
 * source (two of its GPOs set it: a conflict when they disagree), a deletion, a difference of list
 * order only, a difference of registry type only.
 */

import type { PolicySet } from '../policy/set.js';
import { settingsOfUnit, type CompareArea, type CompareScope, type CompareUnit, type UnitSetting } from './settings.js';

/** A source to compare: a name and its units (each GPO side or file), each with the GPO it is from. */
export interface CompareSource {
  name: string;
  units: Array<CompareUnit & { gpo: string }>;
}

/** How a row's sources agree. */
export type CompareStatus = 'same' | 'conflict' | 'some';

/** One setting across the sources. */
export interface CompareRow {
  area: CompareArea;
  id: string;
  name: string;
  scope?: CompareScope;
  category?: string;
  /** One per source: the value set there in words, or null. Two GPOs of a source that disagree: both, joined by ` | `. */
  values: Array<string | null>;
  /** One per source: the GPOs (or files) of the source that set it, or null. */
  from: Array<string[] | null>;
  /**
   * `same`: every source sets it, to one value; `conflict`: sources (or two GPOs of one source) set
   * different values; `some`: some sources set it, to one value, the others do not.
   */
  status: CompareStatus;
  conflict: boolean;
  /** The sources in which two or more GPOs set it, and whether those disagree. */
  duplicates?: Array<{ source: number; gpos: string[]; conflict: boolean }>;
  /** The values differ only in the order of their list items (REG_MULTI_SZ, a list option). */
  orderOnly?: boolean;
  /** The values are the same but their registry types differ (`REG_SZ "1"` and `REG_DWORD 1`). */
  typeDiffers?: boolean;
  /** Some source deletes it (`**del.`, `**delvals.`, a key deleted). */
  delete?: boolean;
  /** It sets a value outside the policy keys, which stays after the GPO is removed (tattooing). */
  tattoo?: boolean;
}

/** The comparison: the sources' names and a row per setting, in a stable order (area, scope, category, name). */
export interface Comparison {
  sources: string[];
  settings: CompareRow[];
}

const AREA_ORDER: readonly CompareArea[] = ['policy', 'registry', 'security', 'audit'];

/**
 * Lines up the sources' settings (see the module).
 *
 * @example
 * const c = compareSources([{ name: 'baseline', units: [{ gpo: 'b', scope: 'Machine', ops }] }, …], set);
 * for (const row of c.settings.filter((r) => r.conflict)) console.log(row.name, row.values);
 */
export function compareSources(sources: readonly CompareSource[], catalog: PolicySet): Comparison {
  // Per row id: per source, what each of its units set.
  const rows = new Map<string, { first: UnitSetting; per: Array<Array<{ gpo: string; s: UnitSetting }>> }>();
  sources.forEach((source, i) => {
    for (const unit of source.units) {
      for (const s of settingsOfUnit(unit, catalog)) {
        let row = rows.get(s.id);
        if (!row) rows.set(s.id, (row = { first: s, per: sources.map(() => []) }));
        row.per[i]!.push({ gpo: unit.gpo, s });
      }
    }
  });
  const settings: CompareRow[] = [];
  for (const [id, { first, per }] of rows) {
    const distinct = (set: ReadonlyArray<{ s: UnitSetting }>, key: (s: UnitSetting) => string) => [...new Set(set.map((x) => key(x.s)))];
    // A source's value: what its GPOs set (one value, or several when they disagree).
    const canonOf = per.map((set) => (set.length ? distinct(set, (s) => s.canon).sort().join('\u0002') : null));
    const unorderedOf = per.map((set) => (set.length ? distinct(set, (s) => s.unordered).sort().join('\u0002') : null));
    const setIn = canonOf.filter((c): c is string => c !== null);
    const duplicates = per.flatMap((set, source) => (set.length > 1 ? [{ source, gpos: set.map((x) => x.gpo), conflict: distinct(set, (s) => s.canon).length > 1 }] : []));
    const conflict = new Set(setIn).size > 1 || duplicates.some((d) => d.conflict);
    const all = per.flat();
    const orderOnly = conflict && new Set(unorderedOf.filter((c) => c !== null)).size === 1 && per.every((set) => distinct(set, (s) => s.unordered).length <= 1);
    const types = new Set(all.flatMap((x) => (x.s.type ? [x.s.type] : [])));
    const row: CompareRow = {
      area: first.area,
      id,
      name: first.name,
      ...(first.scope ? { scope: first.scope } : {}),
      ...(first.category ? { category: first.category } : {}),
      values: per.map((set) => (set.length ? distinct(set, (s) => s.value).join(' | ') : null)),
      from: per.map((set) => (set.length ? [...new Set(set.map((x) => x.gpo))] : null)),
      status: conflict ? 'conflict' : setIn.length === sources.length ? 'same' : 'some',
      conflict,
      ...(duplicates.length ? { duplicates } : {}),
      ...(orderOnly ? { orderOnly } : {}),
      ...(types.size > 1 ? { typeDiffers: true } : {}),
      ...(all.some((x) => x.s.delete) ? { delete: true } : {}),
      ...(all.some((x) => x.s.tattoo) ? { tattoo: true } : {}),
    };
    CANONICAL.set(row, canonOf);
    settings.push(row);
  }
  const rank = (r: CompareRow) => AREA_ORDER.indexOf(r.area);
  settings.sort((a, b) => rank(a) - rank(b) || (a.scope ?? '').localeCompare(b.scope ?? '') || (a.category ?? '').localeCompare(b.category ?? '') || a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { sources: sources.map((s) => s.name), settings };
}

/** Each row's values as compared, per source (kept off the row, so its JSON stays words). */
const CANONICAL = new WeakMap<CompareRow, ReadonlyArray<string | null>>();

/**
 * A row's values as they are compared, one per source (null where unset): numbers as decimal
 * whatever their type, lists in order; two GPOs of a source that disagree give both. Equal strings
 * are equal values.
 */
export function canonicalValues(row: CompareRow): ReadonlyArray<string | null> {
  return CANONICAL.get(row) ?? row.values;
}

/** The marks of a row in words, as the text table and the CSV say them. */
export function rowMarks(row: CompareRow, sources: number): string[] {
  const marks: string[] = [];
  const set = row.values.filter((v) => v !== null).length;
  if (row.conflict) marks.push(row.orderOnly ? 'conflict: order only' : 'conflict');
  else if (row.status === 'some') marks.push(`only in ${set} of ${sources}`);
  else marks.push('same');
  if (row.conflict && set < sources) marks.push(`only in ${set} of ${sources}`);
  for (const d of row.duplicates ?? []) marks.push(`duplicate in source ${d.source + 1}${d.conflict ? ' (they disagree)' : ''}`);
  if (row.typeDiffers) marks.push('types differ');
  if (row.delete) marks.push('delete');
  if (row.tattoo) marks.push('tattoos');
  return marks;
}
