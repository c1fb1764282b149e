/**
 * An audit as one HTML page: a summary table with one row per GPO (name, GUID, sides, policies
 * set, records no policy explains, findings by severity), each linking to the GPO's section, which
 * lists its files, policies and findings. Kept lean for trees of hundreds of backups: no nested
 * tables or explain texts, and sections off screen are not laid out until scrolled to.
 */

import type { AuditEntry, AuditReport } from '../../audit/audit.js';
import { byGpo } from '../audit.js';
import { renderPosition } from '../diagnostic.js';
import { renderOp } from '../op.js';
import { badge, count, firstRows, html, inLang, page, raw, table, type Html } from './page.js';
import { optionsLine, severityBadge, stateBadge } from './settings.js';

/** What {@link renderAuditHtml} shows besides the audit. */
export interface AuditHtmlOptions {
  generator: string;
  templates: string;
}

const sum = (group: readonly AuditEntry[], f: (e: AuditEntry) => number) => group.reduce((a, e) => a + f(e), 0);
const errorsOf = (e: AuditEntry) => (e.error ? 1 : 0) + e.findings.filter((d) => d.severity === 'error').length;
const warningsOf = (e: AuditEntry) => e.findings.filter((d) => d.severity === 'warning').length;

/** A number of errors or warnings: a badge in words, or a muted 0. */
function severityCount(n: number, kind: 'error' | 'warning'): Html {
  return n ? badge(count(n, kind), kind) : html`<span class="muted">0</span>`;
}

function entrySection(e: AuditEntry): Html {
  const kind = e.part === 'security' ? 'security template' : e.part === 'audit' ? 'advanced audit policy' : e.part === 'preferences' ? 'preference registry items' : e.format === 'pol' ? 'Registry.pol' : '.reg';
  const where = [kind, e.scope, count(e.bytes, 'byte'), e.part ? count(e.settings ?? 0, 'setting') : count(e.records, 'record')].filter(Boolean).join(', ');
  if (e.error) {
    const at = renderPosition(e.error);
    return html`<h4 class="mono">${e.file}</h4><p>${severityBadge('error')} <span class="mono">${e.error.code}</span>${at ? ` (${at})` : ''}: ${e.error.message}</p>`;
  }
  if (e.part) return html`<h4 class="mono">${e.file}</h4>
<p class="muted">${where}</p>
${hitList(e)}${e.findings.length ? findingList(e) : ''}`;
  return html`<h4 class="mono">${e.file}</h4>
<p class="muted">${where}; ${count(e.unexplained, 'record')} no policy explains</p>
${e.policies.length ? table({ head: ['Policy', 'State', 'Options'], rows: e.policies.map((p) => [inLang(p.definition.lang, p.displayName), stateBadge(p.state), optionsLine(p)]), rowHeader: true }) : e.hits ? '' : html`<p>No policy.</p>`}
${hitList(e)}${e.findings.length ? findingList(e) : ''}`;
}

/** In an audit for a registry path: the file's operations on it, each with where it is and what it is. */
function hitList(e: AuditEntry): Html {
  if (!e.hits?.length) return html``;
  return table({ head: ['Operation', 'Where', 'What it is'], rows: e.hits.map((h) => [html`<span class="mono">${renderOp(h.op, '', true)}</span>${h.touch === 'above' ? html` <span class="muted">(deletes a key above it)</span>` : ''}`, html`${renderPosition(h.position)}`, html`${h.about ?? ''}`]) });
}

/** A file's findings, the first 100 (a damaged file can have thousands; the page stays light). */
function findingList(e: AuditEntry): Html {
  const { shown, note } = firstRows(e.findings, 100, `\`gpreg check ${e.file}\` lists them all`);
  return html`<ul class="items">${shown.map((d) => html`<li class="finding">${severityBadge(d.severity)} <span class="mono">${d.code}</span>${renderPosition(d) ? ` (${renderPosition(d)})` : ''}: ${d.message}</li>`)}</ul>${note}`;
}

/** The audit as a self-contained HTML page. */
export function renderAuditHtml(report: AuditReport, options: AuditHtmlOptions): string {
  const groups = byGpo(report.entries);
  const rows = groups.map((g, i) => {
    const gpo = g[0]!.gpo;
    const sides = [...new Set(g.map((e) => e.scope ?? e.format ?? ''))].filter(Boolean).join(', ');
    const backups = new Set(g.map((e) => e.gpo.folder)).size;
    return [
      html`<a href="#gpo-${raw(String(i + 1))}">${gpo.name}</a>${backups > 1 ? html` <span class="muted">(${backups} backups)</span>` : ''}`,
      html`<span class="mono">${gpo.guid ?? ''}</span>`,
      html`${sides}`,
      html`${sum(g, (e) => e.policies.length)}`,
      html`${sum(g, (e) => e.settings ?? 0)}`,
      html`${sum(g, (e) => e.unexplained)}`,
      severityCount(sum(g, errorsOf), 'error'),
      severityCount(sum(g, warningsOf), 'warning'),
    ];
  });
  const sections = groups.map((g, i) => {
    const gpo = g[0]!.gpo;
    return html`<section class="gpo" id="gpo-${raw(String(i + 1))}" aria-labelledby="gpo-${raw(String(i + 1))}-h">
<h3 id="gpo-${raw(String(i + 1))}-h">${gpo.name}</h3>
<dl class="meta">${gpo.guid ? html`<dt>GUID</dt><dd class="mono">${gpo.guid}</dd>` : ''}${gpo.domain ? html`<dt>Domain</dt><dd>${gpo.domain}</dd>` : ''}<dt>Named from</dt><dd>${gpo.source}</dd>${[...new Set(g.map((e) => e.gpo.folder))].map((f) => { const b = g.find((e) => e.gpo.folder === f)!.gpo; return html`<dt>Folder</dt><dd class="mono">${f || '.'}${b.backupTime ? html` <span class="muted">(backup of ${b.backupTime})</span>` : ''}</dd>`; })}</dl>
${g.map(entrySection)}
<p><a href="#summary">Back to the summary</a></p>
</section>`;
  });
  const errors = report.entries.filter((e) => e.error).length;
  const body = html`<header>
<h1>GPO audit</h1>
<dl class="meta">
<dt>Folder</dt><dd class="mono">${report.root}</dd>
${report.key !== undefined ? html`<dt>Registry path</dt><dd class="mono">${report.key}</dd>` : ''}
<dt>Found</dt><dd>${count(report.entries.length, 'file')} in ${count(groups.length, 'GPO')} (${count(report.totalBytes, 'byte')})${errors ? `, ${errors} unreadable` : ''}${report.skipped.length ? `; ${count(report.skipped.length, 'path')} skipped` : ''}</dd>
<dt>Templates</dt><dd>${options.templates}</dd>
<dt>Made by</dt><dd>${options.generator}, from the files alone</dd>
</dl>
</header>
<main>
<h2 id="summary">GPOs (${groups.length})</h2>
${table({ caption: 'One row per GPO; its name links to its section.', head: ['GPO', 'GUID', 'Sides', 'Policies set', 'Security, audit and preference settings', 'Unexplained records', 'Errors', 'Warnings'], rows, rowHeader: true, className: 'summary' })}
${report.skipped.length ? html`<h2>Skipped (${report.skipped.length})</h2>${table({ head: ['Path', 'Why'], rows: report.skipped.map((k) => [html`<span class="mono">${k.path}</span>`, html`${k.reason}`]) })}` : ''}
<h2>Each GPO</h2>
${sections}
</main>`;
  return page({ title: `GPO audit: ${report.root}`, body, generator: options.generator });
}
