/**
 * A comparison of many sources as one HTML page, as safe as the other reports (no script, nothing
 * fetched): the sources, counts, and one table with a row per setting and a column per source.
 * Filtering and sorting work without script: radio buttons and CSS (`:has()`) show only the
 * conflicts or the differences, and switch between two orders of the rows (by setting, or
 * conflicts first), each laid out once.
 */

import { rowMarks, type Comparison, type CompareRow } from '../../compare/compare.js';
import type { BaselineCheck, BaselineRow } from '../../compare/baseline.js';
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

/**
 * The filters and the table of a comparison page: radio buttons (the page's CSS shows only the rows
 * they ask for: `show-differences` hides rows of class `same` not also `differs`, `show-conflicts`
 * rows not of class `conflict`) and the rows laid out twice, in the order by setting and with the
 * open ones first (`order-status` shows the second).
 */
function filteredTable(t: { show: ReadonlyArray<readonly [id: string, label: string]>; statusFirst: string; head: Html; bySetting: Html[]; byStatus: Html[] }): Html {
  return html`<form class="filters" aria-label="Which settings to show, in which order">
<fieldset><legend>Show</legend>
${t.show.map(([id, label], i) => html`<label><input type="radio" name="show" id="${raw(id)}"${raw(i === 0 ? ' checked' : '')}> ${label}</label>
`)}</fieldset>
<fieldset><legend>Order</legend>
<label><input type="radio" name="order" id="order-setting" checked> by area and setting</label>
<label><input type="radio" name="order" id="order-status"> ${t.statusFirst}</label>
</fieldset>
</form>
<table class="compare">${t.head}
<tbody class="by-setting">${t.bySetting}</tbody>
<tbody class="by-status">${t.byStatus}</tbody>
</table>`;
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
${filteredTable({ show: [['show-all', 'every setting'], ['show-differences', 'only differences'], ['show-conflicts', 'only conflicts']], statusFirst: 'conflicts first', head, bySetting: shown.map((r) => rowHtml(r, n, effective)), byStatus: byStatus.map((r) => rowHtml(r, n, effective)) })}${note}
</main>`;
  return page({ title: `Comparison of ${n} sources`, body, generator: options.generator });
}

/** A source's result for one baseline setting, as a word with its colour, and the value when it differs. */
function resultHtml(r: BaselineRow['results'][number]): Html {
  if (r.result === 'meets') return html`<td>${badge('meets', 'same')}</td>`;
  if (r.result === 'missing') return html`<td>${badge('missing', 'warning')}</td>`;
  if (r.result === 'accepted') return html`<td>${badge('accepted', 'info')}${r.value !== null ? html` ${r.value}` : ''}<br><span class="muted">${r.reason ?? ''}</span></td>`;
  return html`<td>${badge('differs', 'error')} ${r.value ?? ''}</td>`;
}

function baselineRowHtml(r: BaselineRow): Html {
  // `same` when every source meets it: the filter "only settings not met" hides those rows.
  const met = r.results.every((x) => x.result === 'meets');
  return html`<tr class="${raw(met ? 'same' : 'differs')}"><td>${AREAS[r.area]}${r.scope ? html`<br><span class="muted">${SIDES[r.scope]}</span>` : ''}</td><th scope="row">${r.area === 'registry' ? html`<span class="mono">${r.name}</span>` : r.name}${r.category ? html`<br><span class="muted">${r.category}</span>` : ''}</th><td>${r.baseline}</td>${r.results.map(resultHtml)}</tr>`;
}

/**
 * A baseline check as a self-contained HTML page: each source's share of the baseline met, then one
 * row per baseline setting with the baseline's value and each source's result (meets, differs with
 * its value, missing, accepted with the reason). Without script, as the comparison page: a filter
 * to the settings some source does not meet, and an order with those first.
 */
export function renderBaselineHtml(check: BaselineCheck, options: ComparisonHtmlOptions): string {
  const open = (r: BaselineRow) => r.results.some((x) => x.result !== 'meets');
  const { shown, note } = firstRows(check.settings, MAX_ROWS, '`gpreg compare --baseline --csv` or `--json` lists them all');
  const byStatus = [...shown].sort((a, b) => Number(open(b)) - Number(open(a)));
  const head = html`<thead><tr><th>Area</th><th>Setting</th><th>Baseline</th>${check.sources.map((_, i) => html`<th>[${String(i + 1)}]</th>`)}</tr></thead>`;
  const body = html`<header>
<h1>Baseline check: ${count(check.sources.length, 'source')}</h1>
<dl class="meta">
<dt>Baseline</dt><dd class="mono">${check.baseline}</dd>
<dt>Sources</dt><dd><ol class="sources">${check.summary.map((s) => html`<li><span class="mono">${s.source}</span>: <strong>${String(s.percent)}%</strong> — ${String(s.meets)} meet, ${String(s.differs)} differ, ${String(s.missing)} missing${s.accepted ? `, ${s.accepted} accepted` : ''}</li>`)}</ol></dd>
<dt>Summary</dt><dd>${count(check.settings.length, 'baseline setting')}, ${String(check.settings.filter(open).length)} not met by every source</dd>
${check.unused.length ? html`<dt>Unused exceptions</dt><dd>${check.unused.map((u, i) => html`${i ? '; ' : ''}<span class="mono">${u.id}</span> (${u.reason})`)}: they match no baseline setting</dd>` : ''}
<dt>Templates</dt><dd>${options.templates}</dd>
<dt>Made by</dt><dd>${options.generator}, from the files alone</dd>
</dl>
</header>
<main>
${filteredTable({ show: [['show-all', 'every baseline setting'], ['show-differences', 'only settings not met']], statusFirst: 'not met first', head, bySetting: shown.map(baselineRowHtml), byStatus: byStatus.map(baselineRowHtml) })}${note}
</main>`;
  return page({ title: `Baseline check of ${check.sources.length} source${check.sources.length === 1 ? '' : 's'}`, body, generator: options.generator });
}
