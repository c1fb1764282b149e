/**
 * A comparison of many sources as one HTML page, as safe as the other reports (no script, nothing
 * fetched): the sources, counts, and one table with a row per setting and a column per source.
 * Filtering and sorting work without script: radio buttons and CSS (`:has()`) show only the
 * conflicts or the differences, and switch between two orders of the rows (by setting, or
 * conflicts first), each laid out once.
 */

import { rowMarks, type Comparison, type CompareRow } from '../../compare/compare.js';
import type { EffectiveRow } from '../../compare/effective.js';
import { badge, count, firstRows, html, MAX_ROWS, page, raw, type Html } from './page.js';

/** What {@link renderComparisonHtml} shows besides the comparison. */
export interface ComparisonHtmlOptions {
  generator: string;
  templates: string;
}

const AREAS = { policy: 'Policy', registry: 'Registry', security: 'Security', audit: 'Audit' } as const;
const SIDES = { Machine: 'Computer', User: 'User' } as const;

/** A row's class names: its status, and `differs` for anything not the same everywhere. */
function rowClass(r: CompareRow): string {
  return [r.conflict ? 'conflict' : r.status, r.status !== 'same' || r.duplicates ? 'differs' : ''].filter(Boolean).join(' ');
}

function rowHtml(r: EffectiveRow, n: number, effective: boolean): Html {
  const marks = rowMarks(r, n);
  return html`<tr class="${raw(rowClass(r))}"><td>${AREAS[r.area]}${r.scope ? html`<br><span class="muted">${SIDES[r.scope]}</span>` : ''}</td><th scope="row">${r.area === 'registry' ? html`<span class="mono">${r.name}</span>` : r.name}${r.category ? html`<br><span class="muted">${r.category}</span>` : ''}</th>${r.values.map((v) => (v === null ? html`<td class="muted">—</td>` : html`<td>${v}</td>`))}${effective ? html`<td>${r.loopback ? html`<span class="muted">not evaluated (loopback)</span>` : r.effective ? html`${r.effective.value} <span class="muted">[${String(r.effective.source + 1)}]</span>` : html`<span class="muted">—</span>`}</td>` : ''}<td>${marks.map((m, i) => html`${i ? ' ' : ''}${badge(m, m.startsWith('conflict') ? 'error' : m === 'same' ? 'same' : 'warning')}`)}</td></tr>`;
}

/** The comparison (with effective values, when given) as a self-contained HTML page. */
export function renderComparisonHtml(c: Comparison | { sources: string[]; settings: EffectiveRow[]; precedence: number[] }, options: ComparisonHtmlOptions): string {
  const n = c.sources.length;
  const effective = 'precedence' in c;
  const conflicts = c.settings.filter((r) => r.conflict).length;
  const some = c.settings.filter((r) => !r.conflict && r.status === 'some').length;
  const { shown, note } = firstRows(c.settings, MAX_ROWS, '`gpreg compare --csv` or `--json` lists them all');
  // The second order: conflicts first, then set in some sources only, then the same everywhere.
  const rank = (r: CompareRow) => (r.conflict ? 0 : r.status === 'some' ? 1 : 2);
  const byStatus = [...shown].sort((a, b) => rank(a) - rank(b));
  const head = html`<thead><tr><th>Area</th><th>Setting</th>${c.sources.map((_, i) => html`<th>[${String(i + 1)}]</th>`)}${effective ? html`<th>Effective</th>` : ''}<th>Marks</th></tr></thead>`;
  const body = html`<header>
<h1>Comparison of ${count(n, 'source')}</h1>
<dl class="meta">
<dt>Sources</dt><dd><ol class="sources">${c.sources.map((s) => html`<li class="mono">${s}</li>`)}</ol></dd>
${effective ? html`<dt>Applied in order</dt><dd>${c.precedence.map((i) => `[${i + 1}]`).join(', ')} (the last that sets a setting wins)</dd>` : ''}
<dt>Summary</dt><dd>${count(c.settings.length, 'setting')}: ${String(c.settings.length - conflicts - some)} the same everywhere, ${String(conflicts)} in conflict, ${String(some)} set in some sources only</dd>
<dt>Templates</dt><dd>${options.templates}</dd>
<dt>Made by</dt><dd>${options.generator}, from the files alone</dd>
</dl>
</header>
<main>
<form class="filters" aria-label="Which settings to show, in which order">
<fieldset><legend>Show</legend>
<label><input type="radio" name="show" id="show-all" checked> every setting</label>
<label><input type="radio" name="show" id="show-differences"> only differences</label>
<label><input type="radio" name="show" id="show-conflicts"> only conflicts</label>
</fieldset>
<fieldset><legend>Order</legend>
<label><input type="radio" name="order" id="order-setting" checked> by area and setting</label>
<label><input type="radio" name="order" id="order-status"> conflicts first</label>
</fieldset>
</form>
<table class="compare">${head}
<tbody class="by-setting">${shown.map((r) => rowHtml(r, n, effective))}</tbody>
<tbody class="by-status">${byStatus.map((r) => rowHtml(r, n, effective))}</tbody>
</table>${note}
</main>`;
  return page({ title: `Comparison of ${n} sources`, body, generator: options.generator });
}
