/**
 * `gpreg intune --html`: a readiness report as one self-contained page, as safe as the other
 * reports (no script, nothing fetched). Per GPO the share of its policies with an MDM twin and the
 * counts by status, then one row per policy (status in words, name and category, state, OMA-URI,
 * payload, minimum build, the template to ingest first, reason) and the values no policy explains.
 */

import { intuneSummary, type IntuneReport, type MdmStatus } from '../../mdm/intune.js';
import { badge, count, html, page, raw, type Html } from './page.js';

/** What {@link renderIntuneHtml} shows besides the reports. */
export interface IntuneHtmlOptions {
  generator: string;
  templates: string;
  ddf: string;
}

const KIND: Record<MdmStatus, string> = { supported: 'same', deprecated: 'warning', native: 'info', notSupported: 'error', needsIngestion: 'warning', blocked: 'error', noPayload: 'warning' };

function gpoSection(r: IntuneReport, n: number): Html {
  const { counts: c, twinPercent } = intuneSummary(r);
  const rows = r.policies.map(
    (p) => html`<tr><td>${badge(p.status, KIND[p.status])}</td><th scope="row">${p.displayName}<br><span class="muted">${p.category} (${p.side})</span></th><td>${p.state}</td><td>${p.ingest ? html`<span class="muted">first</span> <span class="mono">${p.ingest.uri}</span><br>` : ''}${p.uri ? html`<span class="mono">${p.uri}</span>` : ''}${p.minBuild ? html`<br><span class="muted">from build ${p.minBuild}</span>` : ''}</td><td>${p.payload ? html`<span class="mono">${p.payload}</span>` : ''}</td><td>${p.reason ?? ''}</td></tr>`,
  );
  return html`<section id="gpo-${raw(String(n))}">
<h2>${r.gpo}</h2>
<p><strong>${String(twinPercent)}%</strong> of ${count(r.policies.length, 'setting')} have an MDM twin: ${String(c.supported)} ADMX-backed${c.deprecated ? `, ${c.deprecated} deprecated` : ''}, ${String(c.native)} native; ${String(c.needsIngestion)} need ADMX ingestion, ${String(c.blocked)} blocked from ingestion, ${String(c.notSupported)} without, ${String(c.noPayload)} with no payload.</p>
${r.policies.length ? html`<table class="changes"><thead><tr><th>Status</th><th>Setting</th><th>State</th><th>OMA-URI</th><th>Payload</th><th>Reason</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p class="muted">No setting.</p>`}
${r.unmapped.length ? html`<h3>Values no policy explains (${String(r.unmapped.length)})</h3><ul class="items">${r.unmapped.map((u) => html`<li><span class="mono">${u.record}</span> (${u.side}): ${u.reason}</li>`)}</ul>` : ''}
</section>`;
}

/** The reports as one self-contained HTML page. */
export function renderIntuneHtml(reports: readonly IntuneReport[], options: IntuneHtmlOptions): string {
  const body = html`<header>
<h1>From GPO to Intune: ${count(reports.length, 'GPO')}</h1>
<dl class="meta">
<dt>GPOs</dt><dd><ol class="sources">${reports.map((r, i) => html`<li><a href="#gpo-${raw(String(i))}">${r.gpo}</a>: ${String(intuneSummary(r).twinPercent)}% with an MDM twin</li>`)}</ol></dd>
<dt>Templates</dt><dd>${options.templates}</dd>
<dt>MDM definitions</dt><dd>${options.ddf}</dd>
<dt>Made by</dt><dd>${options.generator}, from the files alone (no tenant)</dd>
</dl>
</header>
<main>${reports.map(gpoSection)}</main>`;
  return page({ title: `From GPO to Intune: ${reports.length} GPO${reports.length === 1 ? '' : 's'}`, body, generator: options.generator });
}
