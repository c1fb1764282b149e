/**
 * A comparison of many sources for people and programs: a text table that fits a terminal, CSV
 * (UTF-8 with BOM, formula text neutralised) and the JSON document of docs/json.md.
 */

import type { Comparison, CompareRow } from '../compare/compare.js';
import { rowMarks } from '../compare/compare.js';
import type { CompareArea } from '../compare/settings.js';
import { safeField } from '../text.js';

const AREA_HEADINGS: Record<CompareArea, string> = {
  policy: 'Administrative Templates (policies)',
  registry: 'Registry values no policy explains, and preference items',
  security: 'Security settings',
  audit: 'Advanced audit policy',
};

/** A cell cut to `width` characters (`…` where cut: a registry path keeps its end, the value name), padded. */
function cell(text: string, width: number, keepEnd = false): string {
  if (text.length <= width) return text.padEnd(width);
  if (width < 2) return text.slice(0, width);
  if (!keepEnd) return text.slice(0, width - 1) + '…';
  const head = Math.min(5, Math.floor(width / 3));
  return text.slice(0, head) + '…' + text.slice(text.length - (width - head - 1));
}

const SCOPE_HEADINGS = { Machine: 'Computer Configuration', User: 'User Configuration' } as const;

/**
 * The comparison as a table `width` characters wide: the sources numbered above it, then per area
 * and side one line per setting — its name, each source's value (`—` where unset) and the marks in
 * words. Columns take the room their text needs, the setting's name what is left.
 */
export function renderComparison(c: Comparison, width = 120): string {
  const n = c.sources.length;
  const out: string[] = ['Sources:', ...c.sources.map((s, i) => `  [${i + 1}] ${safeField(s)}`), ''];
  if (c.settings.length === 0) return [...out, 'No setting to show.', ''].join('\n');
  // The same display name twice in one area (two templates' "Mandate the maximum version of SMB"): each says its category.
  const names = new Map<string, number>();
  for (const r of c.settings) names.set(`${r.area}\u0000${r.scope}\u0000${r.name}`, (names.get(`${r.area}\u0000${r.scope}\u0000${r.name}`) ?? 0) + 1);
  const nameOf = (r: CompareRow) => (names.get(`${r.area}\u0000${r.scope}\u0000${r.name}`)! > 1 && r.category ? `${r.name} (${r.category})` : r.name);
  const rows = c.settings.map((r) => ({ r, name: safeField(nameOf(r)), values: r.values.map((v) => (v === null ? '—' : safeField(v))), marks: rowMarks(r, n).join('; ') }));
  const seps = 3 * (n + 1);
  const marksWidth = Math.min(34, Math.max(4, ...rows.map((x) => x.marks.length)));
  // The name takes up to two fifths, the sources share the rest, and what they leave goes back to the name.
  const naturalName = Math.max(7, ...rows.map((x) => x.name.length));
  const room = Math.max(0, width - marksWidth - seps);
  const nameTarget = Math.min(naturalName, Math.max(24, Math.floor(room * 0.4)));
  const fair = Math.max(8, Math.floor((room - nameTarget) / n));
  const valueWidths = c.sources.map((_, i) => Math.max(3, Math.min(fair, Math.max(...rows.map((x) => x.values[i]!.length)))));
  const nameWidth = Math.max(nameTarget, Math.min(naturalName, room - valueWidths.reduce((a, b) => a + b, 0)));
  const line = (name: string, values: string[], marks: string, keepEnd = false) =>
    [cell(name, nameWidth, keepEnd), ...values.map((v, i) => cell(v, valueWidths[i]!)), marks].join(' | ').trimEnd();
  const rule = '-'.repeat(nameWidth + valueWidths.reduce((a, b) => a + b + 3, 0) + 3 + marksWidth);
  let group = '';
  for (const x of rows) {
    const r = x.r;
    const heading = `${AREA_HEADINGS[r.area]}${r.scope ? ` — ${SCOPE_HEADINGS[r.scope]}` : ''}`;
    if (heading !== group) {
      if (group) out.push('');
      group = heading;
      out.push(heading, line('Setting', c.sources.map((_, i) => `[${i + 1}]`), 'Mark'), rule);
    }
    out.push(line(x.name, x.values, x.marks, r.area === 'registry'));
  }
  const conflicts = c.settings.filter((r) => r.conflict).length;
  const some = c.settings.filter((r) => !r.conflict && r.status === 'some').length;
  const duplicates = c.settings.filter((r) => r.duplicates).length;
  out.push('', `${c.settings.length} setting(s): ${c.settings.length - conflicts - some} the same everywhere, ${conflicts} in conflict, ${some} set in some sources only${duplicates ? `, ${duplicates} set twice inside a source` : ''}`);
  return out.join('\n') + '\n';
}

/** A CSV field: quoted when needed; a leading = + - @ is neutralised so spreadsheets do not run it. */
function csv(v: string | null | undefined): string {
  let s = v === undefined || v === null ? '' : safeField(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The comparison as CSV, UTF-8 with a BOM (so spreadsheet programs read it as UTF-8): one row per
 * setting — area, scope, category, name, id, one column per source, status, marks.
 */
export function renderComparisonCsv(c: Comparison): string {
  const head = ['area', 'scope', 'category', 'setting', 'id', ...c.sources, 'status', 'marks'];
  const rows = c.settings.map((r) => [r.area, r.scope ?? '', r.category ?? '', r.name, r.id, ...r.values, r.status, rowMarks(r, c.sources.length).join('; ')]);
  return '\ufeff' + [head, ...rows].map((row) => row.map(csv).join(',')).join('\r\n') + '\r\n';
}

/** The comparison as the JSON document of docs/json.md (`{sources, settings}`). */
export function comparisonJson(c: Comparison): { sources: string[]; settings: CompareRow[] } {
  return { sources: c.sources, settings: c.settings };
}
