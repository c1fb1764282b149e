/**
 * A comparison of many sources, and a baseline check, for people and programs: text tables that
 * fit a terminal, CSV (UTF-8 with BOM, formula text neutralised) and the JSON documents of
 * docs/json.md.
 */

import { rowMarks, type Comparison } from '../compare/compare.js';
import type { BaselineCheck, BaselineRow } from '../compare/baseline.js';
import type { EffectiveRow } from '../compare/effective.js';
import type { CompareArea, CompareScope } from '../compare/settings.js';
import { safeField } from '../text.js';
import { spreadsheetCell } from './cell.js';

const AREA_HEADINGS: Record<CompareArea, string> = {
  policy: 'Administrative Templates (policies)',
  registry: 'Registry values no policy explains, and preference items',
  security: 'Security settings',
  audit: 'Advanced audit policy',
};

const SCOPE_HEADINGS: Record<CompareScope, string> = { Machine: 'Computer Configuration', User: 'User Configuration' };

/** What a table row needs: the setting (area, side, name, category) and its cells. */
interface TableRow {
  area: CompareArea;
  scope?: CompareScope | undefined;
  name: string;
  category?: string | undefined;
  cells: string[];
}

/** A cell cut to `width` characters (`…` where cut: a registry path keeps its end, the value name), padded. */
function cell(text: string, width: number, keepEnd = false): string {
  if (text.length <= width) return text.padEnd(width);
  if (width < 2) return text.slice(0, width);
  if (!keepEnd) return text.slice(0, width - 1) + '…';
  const head = Math.min(5, Math.floor(width / 3));
  return text.slice(0, head) + '…' + text.slice(text.length - (width - head - 1));
}

/**
 * Rows as tables `width` characters wide, one per area and side under its heading: the setting's
 * name, then the cells under `heads`. The last column (`lastFree`) is never cut; the others take the
 * room their text needs up to a fair share, the name takes up to two fifths and what they leave.
 * Two settings of one display name in one table ("Mandate the maximum version of SMB") each say
 * their category.
 */
function renderTables(rows: readonly TableRow[], heads: readonly string[], width: number, lastFree: boolean): string[] {
  const key = (r: TableRow) => `${r.area}\u0000${r.scope ?? ''}\u0000${r.name}`;
  const count = new Map<string, number>();
  for (const r of rows) count.set(key(r), (count.get(key(r)) ?? 0) + 1);
  const shown = rows.map((r) => ({ r, name: safeField(count.get(key(r))! > 1 && r.category ? `${r.name} (${r.category})` : r.name), cells: r.cells.map(safeField) }));
  const natural = heads.map((h, i) => Math.max(h.length, ...shown.map((x) => x.cells[i]!.length)));
  const free = lastFree ? Math.min(34, natural[natural.length - 1]!) : 0;
  const cut = lastFree ? heads.length - 1 : heads.length;
  const room = Math.max(0, width - 3 * heads.length - free);
  const naturalName = Math.max(7, ...shown.map((x) => x.name.length));
  const nameTarget = Math.min(naturalName, Math.max(24, Math.floor(room * 0.4)));
  const fair = Math.max(8, Math.floor((room - nameTarget) / Math.max(1, cut)));
  const widths = natural.map((w, i) => (i < cut ? Math.max(3, Math.min(fair, w)) : free));
  const nameWidth = Math.max(nameTarget, Math.min(naturalName, room - widths.slice(0, cut).reduce((a, b) => a + b, 0)));
  const line = (name: string, cells: readonly string[], keepEnd = false) => [cell(name, nameWidth, keepEnd), ...cells.map((v, i) => (i < cut ? cell(v, widths[i]!) : v))].join(' | ').trimEnd();
  const out: string[] = [];
  let group = '';
  for (const x of shown) {
    const heading = `${AREA_HEADINGS[x.r.area]}${x.r.scope ? ` — ${SCOPE_HEADINGS[x.r.scope]}` : ''}`;
    if (heading !== group) {
      if (group) out.push('');
      group = heading;
      out.push(heading, line('Setting', heads), '-'.repeat(nameWidth + widths.reduce((a, b) => a + b + 3, 0)));
    }
    out.push(line(x.name, x.cells, x.r.area === 'registry'));
  }
  return out;
}

/**
 * The comparison as tables `width` characters wide: the sources numbered above them, then per area
 * and side one line per setting — its name, each source's value (`—` where unset) and the marks in
 * words — and a count of each kind.
 */
export function renderComparison(c: Comparison | EffectiveComparison, width = 120): string {
  const n = c.sources.length;
  const effective = 'precedence' in c;
  const out: string[] = ['Sources:', ...c.sources.map((s, i) => `  [${i + 1}] ${safeField(s)}`), ''];
  if (effective) out.push(`Applied in this order (the last that sets a setting wins): ${c.precedence.map((i) => `[${i + 1}]`).join(', ')}`, '');
  if (c.settings.length === 0) return [...out, 'No setting to show.', ''].join('\n');
  const rows = c.settings.map((r) => ({ ...r, cells: [...r.values.map((v) => v ?? '—'), ...(effective ? [effectiveWords(r)] : []), rowMarks(r, n).join('; ')] }));
  out.push(...renderTables(rows, [...c.sources.map((_, i) => `[${i + 1}]`), ...(effective ? ['Effective'] : []), 'Mark'], width, true));
  const conflicts = c.settings.filter((r) => r.conflict).length;
  const some = c.settings.filter((r) => !r.conflict && r.status === 'some').length;
  const duplicates = c.settings.filter((r) => r.duplicates).length;
  out.push('', `${c.settings.length} setting(s): ${c.settings.length - conflicts - some} the same everywhere, ${conflicts} in conflict, ${some} set in some sources only${duplicates ? `, ${duplicates} set twice inside a source` : ''}`);
  return out.join('\n') + '\n';
}

/** A comparison with each setting's effective value (`effectiveValues`). */
export type EffectiveComparison = { sources: string[]; settings: EffectiveRow[]; precedence: number[] };

/** A row's effective value in words: `value [n]`, or why there is none. */
function effectiveWords(r: EffectiveRow): string {
  if (r.loopback) return 'not evaluated (loopback)';
  return r.effective ? `${r.effective.value} [${r.effective.source + 1}]` : '—';
}

/** Rows as CSV text, UTF-8 with a BOM (so spreadsheet programs read it as UTF-8). */
function csvText(rows: ReadonlyArray<ReadonlyArray<string | null | undefined>>): string {
  return '\ufeff' + rows.map((row) => row.map(spreadsheetCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * The comparison as CSV: one row per setting — area, scope, category, name, id, one column per
 * source, status, marks.
 */
export function renderComparisonCsv(c: Comparison | EffectiveComparison): string {
  return csvText(comparisonRows(c));
}

/**
 * The comparison as a table of text, the header first: what the CSV and the XLSX workbook hold
 * (`null` where a source does not set the setting).
 */
export function comparisonRows(c: Comparison | EffectiveComparison): Array<Array<string | null>> {
  const effective = 'precedence' in c;
  const head = ['area', 'scope', 'category', 'setting', 'id', ...c.sources, ...(effective ? ['effective', 'effective_source'] : []), 'status', 'marks'];
  const extra = (r: EffectiveRow) => (effective ? [r.loopback ? 'not evaluated (loopback)' : (r.effective?.value ?? ''), r.effective && !r.loopback ? c.sources[r.effective.source]! : ''] : []);
  return [head, ...c.settings.map((r) => [r.area, r.scope ?? '', r.category ?? '', r.name, r.id, ...r.values, ...extra(r), r.status, rowMarks(r, c.sources.length).join('; ')])];
}

/** The comparison as the JSON document of docs/json.md (`{sources, settings}`, and `precedence` with effective values). */
export function comparisonJson(c: Comparison | EffectiveComparison): Comparison | EffectiveComparison {
  return 'precedence' in c ? { sources: c.sources, precedence: c.precedence, settings: c.settings } : { sources: c.sources, settings: c.settings };
}

/** A baseline check's cell: `meets`, the differing value, `missing`, or `accepted: reason`. */
function resultWords(r: BaselineRow['results'][number]): string {
  return r.result === 'meets' ? 'meets' : r.result === 'missing' ? 'missing' : r.result === 'accepted' ? `accepted: ${r.reason ?? ''}` : (r.value ?? '');
}

/**
 * A baseline check for people: each source's share of the baseline met, then the baseline settings
 * some source does not meet (or meets only by an accepted deviation): the baseline's value and each
 * source's result.
 */
export function renderBaselineCheck(check: BaselineCheck, width = 120): string {
  const out: string[] = [`Baseline: ${safeField(check.baseline)}: ${check.settings.length} setting(s)`, ''];
  check.summary.forEach((s, i) => {
    out.push(`  [${i + 1}] ${safeField(s.source)}: ${s.percent}% — ${s.meets} meet, ${s.differs} differ, ${s.missing} missing${s.accepted ? `, ${s.accepted} accepted` : ''}`);
  });
  out.push('');
  const open = check.settings.filter((r) => r.results.some((x) => x.result !== 'meets'));
  if (open.length === 0) out.push('Every source meets every baseline setting.');
  else out.push(...renderTables(open.map((r) => ({ ...r, cells: [r.baseline, ...r.results.map(resultWords)] })), ['Baseline', ...check.sources.map((_, i) => `[${i + 1}]`)], width, false));
  for (const u of check.unused) out.push('', `Accepted deviation matching no baseline setting: ${safeField(u.id)} (${safeField(u.reason)})`);
  return out.join('\n') + '\n';
}

/** A baseline check as CSV: one row per baseline setting and source. */
export function renderBaselineCsv(check: BaselineCheck): string {
  return csvText(baselineRows(check));
}

/** A baseline check as a table of text, the header first: what the CSV and the XLSX workbook hold (one row per baseline setting and source). */
export function baselineRows(check: BaselineCheck): Array<Array<string | null | undefined>> {
  const head = ['area', 'scope', 'category', 'setting', 'id', 'baseline', 'source', 'result', 'value', 'reason'];
  return [head, ...check.settings.flatMap((r) => r.results.map((x, i) => [r.area, r.scope, r.category, r.name, r.id, r.baseline, check.sources[i], x.result, x.value, x.reason]))];
}

/** A baseline check as the JSON document of docs/json.md: `{baseline, sources, summary, settings, unused}`. */
export function baselineJson(check: BaselineCheck): BaselineCheck {
  return check;
}
