/**
 * An audit as one HTML page: a summary table with one row per GPO (name, GUID, sides, policies
 * set, records no policy explains, findings by severity), each linking to the GPO's section, which
 * lists its files, policies and findings. Kept lean for trees of hundreds of backups: no nested
 * tables or explain texts, and sections off screen are not laid out until scrolled to.
 */

import type { AuditEntry, AuditReport, GpoInfo } from '../../audit/audit.js';
import { gpoKey } from '../audit.js';
import { renderPosition } from '../diagnostic.js';
import { renderOp } from '../op.js';
import { badge, count, firstRows, html, inLang, page, raw, table, type Html } from './page.js';
import { optionsLine, severityBadge, stateBadge } from './settings.js';

/** What {@link renderAuditHtml} shows besides the audit. */
export interface AuditHtmlOptions {
  generator: string;
  templates: string;
}

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

/**
 * Where a page's entry sections wait while the audit goes on: the summary above them is known only
 * at the end. In memory for {@link renderAuditHtml}; the CLI keeps them in a file, so a large
 * tree's page costs memory for its GPO rows, not for its files' policies.
 */
export interface SectionStore {
  /** Keeps one entry's section; gives its id. */
  put(html: string): number;
  /** The section kept as `id`. */
  get(id: number): string;
}

/** A store in memory. */
export function memoryStore(): SectionStore {
  const kept: string[] = [];
  return { put: (h) => kept.push(h) - 1, get: (id) => kept[id]! };
}

/** What the page keeps of one GPO (its GUID, else its folder and name): the summary row's figures and its entries' sections. */
interface GpoGroup {
  gpo: GpoInfo;
  /** Each backup folder, with the first entry's GPO there (its backup time). */
  folders: Map<string, GpoInfo>;
  sides: Set<string>;
  policies: number;
  settings: number;
  unexplained: number;
  errors: number;
  warnings: number;
  sections: number[];
}

/**
 * The audit page, written as the audit goes: {@link add} each entry as it is read, then
 * {@link chunks} gives the page in pieces. What it keeps per entry is a section's id in a
 * {@link SectionStore}; per GPO, the figures of its row.
 */
export class AuditPageWriter {
  private readonly groups = new Map<string, GpoGroup>();
  private files = 0;
  private unreadable = 0;

  constructor(private readonly store: SectionStore) {}

  /** Adds an entry (in the audit's order). */
  add(e: AuditEntry): void {
    const id = gpoKey(e);
    let g = this.groups.get(id);
    if (!g) this.groups.set(id, (g = { gpo: e.gpo, folders: new Map(), sides: new Set(), policies: 0, settings: 0, unexplained: 0, errors: 0, warnings: 0, sections: [] }));
    if (!g.folders.has(e.gpo.folder)) g.folders.set(e.gpo.folder, e.gpo);
    g.sides.add(e.scope ?? e.format ?? '');
    g.policies += e.policies.length;
    g.settings += e.settings ?? 0;
    g.unexplained += e.unexplained;
    g.errors += errorsOf(e);
    g.warnings += warningsOf(e);
    g.sections.push(this.store.put(entrySection(e).html));
    this.files++;
    if (e.error) this.unreadable++;
  }

  /** The page, in pieces to write one after the other. `report.entries` is not read: the entries are those added. */
  *chunks(report: Omit<AuditReport, 'entries'>, options: AuditHtmlOptions): Generator<string> {
    const groups = [...this.groups.values()];
    const rows = groups.map((g, i) => [
      html`<a href="#gpo-${raw(String(i + 1))}">${g.gpo.name}</a>${g.folders.size > 1 ? html` <span class="muted">(${g.folders.size} backups)</span>` : ''}`,
      html`<span class="mono">${g.gpo.guid ?? ''}</span>`,
      html`${[...g.sides].filter(Boolean).join(', ')}`,
      html`${g.policies}`,
      html`${g.settings}`,
      html`${g.unexplained}`,
      severityCount(g.errors, 'error'),
      severityCount(g.warnings, 'warning'),
    ]);
    const body = html`<header>
<h1>GPO audit</h1>
<dl class="meta">
<dt>Folder</dt><dd class="mono">${report.root}</dd>
${report.key !== undefined ? html`<dt>Registry path</dt><dd class="mono">${report.key}</dd>` : ''}
<dt>Found</dt><dd>${count(this.files, 'file')} in ${count(groups.length, 'GPO')} (${count(report.totalBytes, 'byte')})${this.unreadable ? `, ${this.unreadable} unreadable` : ''}${report.skipped.length ? `; ${count(report.skipped.length, 'path')} skipped` : ''}</dd>
<dt>Templates</dt><dd>${options.templates}</dd>
<dt>Made by</dt><dd>${options.generator}, from the files alone</dd>
</dl>
</header>
<main>
<h2 id="summary">GPOs (${groups.length})</h2>
${table({ caption: 'One row per GPO; its name links to its section.', head: ['GPO', 'GUID', 'Sides', 'Policies set', 'Security, audit and preference settings', 'Unexplained records', 'Errors', 'Warnings'], rows, rowHeader: true, className: 'summary' })}
${report.skipped.length ? html`<h2>Skipped (${report.skipped.length})</h2>${table({ head: ['Path', 'Why'], rows: report.skipped.map((k) => [html`<span class="mono">${k.path}</span>`, html`${k.reason}`]) })}` : ''}
<h2>Each GPO</h2>
${raw(SECTIONS)}
</main>`;
    // Every character of the audit's own text is escaped, so the mark is found only where it was put.
    const whole = page({ title: `GPO audit: ${report.root}`, body, generator: options.generator });
    const at = whole.indexOf(SECTIONS);
    yield whole.slice(0, at);
    for (const [i, g] of groups.entries()) {
      const n = raw(String(i + 1));
      yield html`<section class="gpo" id="gpo-${n}" aria-labelledby="gpo-${n}-h">
<h3 id="gpo-${n}-h">${g.gpo.name}</h3>
<dl class="meta">${g.gpo.guid ? html`<dt>GUID</dt><dd class="mono">${g.gpo.guid}</dd>` : ''}${g.gpo.domain ? html`<dt>Domain</dt><dd>${g.gpo.domain}</dd>` : ''}<dt>Named from</dt><dd>${g.gpo.source}</dd>${[...g.folders].map(([f, b]) => html`<dt>Folder</dt><dd class="mono">${f || '.'}${b.backupTime ? html` <span class="muted">(backup of ${b.backupTime})</span>` : ''}</dd>`)}</dl>
`.html;
      for (const id of g.sections) yield this.store.get(id);
      yield `
<p><a href="#summary">Back to the summary</a></p>
</section>`;
    }
    yield whole.slice(at + SECTIONS.length);
  }
}

/** Where the GPO sections go in the page (no audit text can hold a `<`: it is escaped). */
const SECTIONS = '<gpreg-sections>';

/** The audit as a self-contained HTML page. */
export function renderAuditHtml(report: AuditReport, options: AuditHtmlOptions): string {
  const writer = new AuditPageWriter(memoryStore());
  for (const e of report.entries) writer.add(e);
  return [...writer.chunks(report, options)].join('');
}
