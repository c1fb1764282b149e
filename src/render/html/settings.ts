/**
 * A GPO's settings as one HTML page, laid out as GPMC's "Settings" report: per side (Computer /
 * User Configuration) and category path, each policy with its state, options as the editor's dialog
 * shows them, supported on, and the explain text on demand; then the records no policy explains
 * ("Extra Registry Settings"), then findings with the records they point at.
 */

import { renderPosition } from '../diagnostic.js';
import type { Diagnostic } from '../../errors.js';
import type { LoadedFile } from '../../formats/load.js';
import { presentedWords, presentOptions, type PresentedOption } from '../../policy/presentation.js';
import type { PolicyReading, PolicyReport } from '../../policy/read.js';
import { ENGLISH, pageWords, type PageWords } from './words.js';
import { splitKey } from '../../registry/keys.js';
import type { RegOp } from '../../registry/ops.js';
import { renderRegType } from '../../registry/types.js';
import { labelText } from '../../text.js';
import type { SideParts } from '../../gpo/parts.js';
import { partsSections } from './parts.js';
import { extensionArea } from '../../registry/areas.js';
import { describeExtensionValue } from '../../gpo/extensions.js';
import { attr, badge, count, firstRows, html, inLang, MAX_ROWS, page, paragraphs, raw, table, text, type Html } from './page.js';
import { actionText, recordCells, typedData } from './values.js';

/** One policy file of the report, as read. */
export interface SettingsReportFile {
  /** The file as the user named it. */
  file: string;
  /** Its size in bytes and SHA-256 (hex), for the header. */
  size: number;
  sha256: string;
  loaded: LoadedFile;
  report: PolicyReport;
}

/** What {@link renderSettingsHtml} shows. */
export interface SettingsReportInput {
  /** The input as named (a file or a GPO folder). */
  input: string;
  /** The GPO, when the input is a GPO folder with metadata. */
  gpo?: { name: string; guid?: string; domain?: string };
  /** Each policy file (a GPO's Machine and User files, or the one file). */
  files: SettingsReportFile[];
  /** The GPO sides that have no policy file. */
  missing?: string[];
  /** A GPO's sides' other parts (security template, audit policy, preferences), by side. */
  parts?: Array<{ side: 'Machine' | 'User'; parts: SideParts }>;
  /** `gpreg 0.1.0`. */
  generator: string;
  /** The templates the policies were read with, in words. */
  templates: string;
  /** The language of the report's own words (`--lang`: en-US, fr-FR, de-DE; others English). */
  lang?: string;
}

/** The side a key belongs to in GPMC's terms. */
type Side = 'Computer Configuration' | 'User Configuration' | 'Other keys';
const SIDES: readonly Side[] = ['Computer Configuration', 'User Configuration', 'Other keys'];
/** A side's heading in the page's words. */
const sideName = (side: Side, w: PageWords) => (side === 'Computer Configuration' ? w.computer : side === 'User Configuration' ? w.user : w.otherKeys);
function sideOf(key: string): Side {
  const hive = splitKey(key).hive;
  return hive === 'HKEY_LOCAL_MACHINE' ? 'Computer Configuration' : hive === 'HKEY_CURRENT_USER' ? 'User Configuration' : 'Other keys';
}

/** A presented option's value for people, as GPMC's report writes it. */
function presentedValue(v: PresentedOption['value'], w: PageWords = ENGLISH): Html {
  if (v === null || v === undefined) return html`<span class="muted">${w.notConfigured}</span>`;
  const words = presentedWords(v);
  if (!Array.isArray(words)) return html`${words}`;
  return words.length === 0 ? html`<span class="muted">(none)</span>` : html`<ul class="items">${words.map((w) => html`<li>${w}</li>`)}</ul>`;
}

/** A policy's state in words, coloured by class. */
export const stateBadge = (state: PolicyReading['state'], w: PageWords = ENGLISH): Html => badge(w.states[state], state);

/** A severity in words, coloured by class. */
export const severityBadge = (severity: Diagnostic['severity']): Html => badge(severity === 'error' ? 'Error' : severity === 'warning' ? 'Warning' : 'Info', severity);

/** An enabled policy's options in one line, as the dialog labels them: `Label: value; …` (for the audit's lean rows). */
export function optionsLine(p: PolicyReading): Html {
  if (p.state !== 'enabled') return html``;
  const lang = p.definition.lang;
  const parts = presentOptions(p.definition, p.options)
    .filter((c) => c.control !== 'text')
    .map((c) => (c.label.trim() ? html`${inLang(lang, labelText(c.label))}: ${shownValue(c, lang, inlineValue)}` : shownValue(c, lang, inlineValue)));
  return html`${parts.map((x, i) => html`${i ? '; ' : ''}${x}`)}`;
}

/** An option's value: a dropdown's is the chosen item's text from the template, in its language; the rest are data or gpreg's words. */
function shownValue(c: PresentedOption, lang: string | undefined, show: (v: PresentedOption['value']) => Html): Html {
  return c.control === 'dropdownList' && c.value !== null ? inLang(lang, show(c.value)) : show(c.value);
}

function inlineValue(v: PresentedOption['value']): Html {
  const words = v === null || v === undefined ? undefined : presentedWords(v);
  if (Array.isArray(words)) return words.length === 0 ? html`<span class="muted">(none)</span>` : html`${words.join(', ')}`;
  return presentedValue(v);
}

function optionsCell(p: PolicyReading, w: PageWords): Html {
  if (p.state !== 'enabled') return p.reason ? html`<span class="muted">${p.reason}</span>` : html``;
  const rows = presentOptions(p.definition, p.options)
    .filter((c) => c.control !== 'text')
    // An empty label stays empty, as in the editor's dialog and GPMC's report (not the element's id).
    .map((c) => [inLang(p.definition.lang, c.label.trim()), shownValue(c, p.definition.lang, (v) => presentedValue(v, w))]);
  return rows.length ? table({ head: ['Option', 'Value'], rows, rowHeader: true, className: 'opts' }) : html``;
}

function policyRow(p: PolicyReading, anchor: string, w: PageWords): Html[] {
  const def = p.definition;
  return [
    html`<span id="${raw(attr(anchor))}">${inLang(def.lang, p.displayName)}</span>
<div class="muted mono">${p.id}</div>
${def.supportedOn ? html`<div class="muted">${w.supportedOn}: ${inLang(def.lang, def.supportedOn)}</div>` : ''}
${def.explainText ? html`<details><summary>${w.explain}</summary><div>${explain(def.lang, def.explainText)}</div></details>` : ''}
${p.alsoExplainedBy?.length ? html`<div class="muted">Same records as: ${p.alsoExplainedBy.join(', ')}</div>` : ''}`,
    html`${stateBadge(p.state, w)}${p.findings.some((f) => f.severity !== 'info') ? html` <a href="#${raw(attr(anchor))}-findings">findings</a>` : ''}`,
    optionsCell(p, w),
  ];
}

interface Located {
  file: SettingsReportFile;
  policy: PolicyReading;
  anchor: string;
}

type Unexplained = { file: SettingsReportFile; index: number };
type FileNote = (f: SettingsReportFile) => Html | string;

/** Each policy and each unexplained record under its side (its key's hive), policies with their anchors. */
function bySide(files: readonly SettingsReportFile[]): { policies: Map<Side, Located[]>; unexplained: Map<Side, Unexplained[]> } {
  const policies = new Map<Side, Located[]>();
  const unexplained = new Map<Side, Unexplained[]>();
  const add = <T>(m: Map<Side, T[]>, side: Side, x: T) => {
    const list = m.get(side);
    if (list) list.push(x);
    else m.set(side, [x]);
  };
  let n = 0;
  for (const f of files) {
    for (const p of f.report.policies) {
      const first = f.loaded.ops[p.evidence[0] ?? -1];
      add(policies, first ? sideOf(first.key) : p.definition.class === 'User' ? 'User Configuration' : 'Computer Configuration', { file: f, policy: p, anchor: `policy-${++n}` });
    }
    for (const i of f.report.unexplained) add(unexplained, sideOf(f.loaded.ops[i]!.key), { file: f, index: i });
  }
  return { policies, unexplained };
}

/** One side's section (categories in order, each a table of its policies, then its extra records) and its entry in the contents. */
function sideSection(side: Side, si: number, ps: readonly Located[], us: readonly Unexplained[], fileNote: FileNote, w: PageWords): { section: Html; toc: Html } {
  const byCategory = new Map<string, Located[]>();
  for (const l of ps) {
    const c = l.policy.definition.category || '(no category)';
    const list = byCategory.get(c);
    if (list) list.push(l);
    else byCategory.set(c, [l]);
  }
  const categories = [...byCategory.keys()].sort((a, b) => a.localeCompare(b, 'en'));
  const id = (kind: string, i?: number) => raw(`${kind}-${si}${i === undefined ? '' : `-${i + 1}`}`);
  const section = html`<section id="${id('side')}">
<h2>${sideName(side, w)}</h2>
${ps.length ? html`<h3>${w.administrativeTemplates} <span class="muted">(${count(ps.length, 'policy', 'policies')})</span></h3>` : ''}
${categories.map((c, ci) => {
  const list = byCategory.get(c)!.sort((a, b) => a.policy.displayName.localeCompare(b.policy.displayName, 'en'));
  return html`<h4 id="${id('cat', ci)}">${inLang(list[0]!.policy.definition.lang, c)}</h4>${table({ head: [w.policy, w.setting, w.options], rows: list.map((l) => policyRow(l.policy, l.anchor, w)), rowHeader: true, className: 'policies' })}`;
})}
${us.length ? html`<div id="${id('extra')}">${extraSettings(us, fileNote, w)}</div>` : ''}
</section>`;
  const toc = html`<li><a href="#${id('side')}">${sideName(side, w)}</a><ul>${categories.map((c, ci) => html`<li><a href="#${id('cat', ci)}">${inLang(byCategory.get(c)![0]!.policy.definition.lang, c)}</a> <span class="muted">(${byCategory.get(c)!.length})</span></li>`)}${us.length ? html`<li><a href="#${id('extra')}">${w.extraRegistrySettings}</a> <span class="muted">(${us.length.toLocaleString('en-US')})</span></li>` : ''}</ul></li>`;
  return { section, toc };
}

/** The findings' rows: each policy's (linked, with the records it rests on), then each file's own diagnostics; and the count per severity. */
function findingsOf(policies: Map<Side, Located[]>, files: readonly SettingsReportFile[], fileNote: FileNote): { rows: Html[][]; counts: Record<Diagnostic['severity'], number> } {
  const rows: Html[][] = [];
  const counts = { error: 0, warning: 0, info: 0 };
  for (const side of SIDES) {
    for (const l of policies.get(side) ?? []) {
      const { policy: p, file } = l;
      p.findings.forEach((d, i) => {
        counts[d.severity]++;
        rows.push([
          severityBadge(d.severity),
          html`<span class="mono">${d.code}</span>`,
          html`${i === 0 ? raw(`<span id="${attr(l.anchor)}-findings"></span>`) : ''}<a href="#${raw(attr(l.anchor))}">${inLang(p.definition.lang, p.displayName)}</a>`,
          html`${d.message}`,
          evidenceList(p.evidence, file, fileNote),
        ]);
      });
    }
  }
  for (const f of files) {
    for (const d of f.loaded.diagnostics) {
      counts[d.severity]++;
      rows.push([severityBadge(d.severity), html`<span class="mono">${d.code}</span>`, html`<span class="muted">the file</span>`, html`${d.message}`, html`<span class="mono">${renderPosition(d) || '—'}</span>${fileNote(f)}`]);
    }
  }
  return { rows, counts };
}

/** The header: what was read (GPO, files with size and SHA-256), a summary, the templates, the tool. */
function header(input: SettingsReportInput, title: string, unexplained: number, counts: Record<Diagnostic['severity'], number>): Html {
  const records = input.files.reduce((a, f) => a + f.loaded.ops.length, 0);
  const total = input.files.reduce((a, f) => a + f.report.policies.length, 0);
  const gpo = input.gpo;
  return html`<header>
<h1>${title}</h1>
<dl class="meta">
${gpo ? html`${gpo.name !== gpo.guid ? html`<dt>GPO</dt><dd>${gpo.name}</dd>` : ''}${gpo.guid ? html`<dt>GUID</dt><dd class="mono">${gpo.guid}</dd>` : ''}${gpo.domain ? html`<dt>Domain</dt><dd>${gpo.domain}</dd>` : ''}` : ''}
<dt>Input</dt><dd>${input.input}</dd>
${input.files.map((f) => html`<dt>File</dt><dd><span class="mono">${f.file}</span> — ${f.loaded.format === 'pol' ? 'Registry.pol (PReg)' : f.loaded.format === 'reg' ? '.reg' : f.loaded.format}, ${count(f.size, 'byte')}, ${count(f.loaded.ops.length, 'record')}<br><span class="mono muted">SHA-256 ${f.sha256}</span></dd>`)}
${(input.missing ?? []).map((m) => html`<dt>${m}</dt><dd class="muted">${input.parts?.some((p) => p.side === m && (p.parts.security || p.parts.audit || p.parts.preferences || p.parts.unread.length)) ? 'no Registry.pol' : 'no Registry.pol: this side sets nothing'}</dd>`)}
<dt>Summary</dt><dd>${count(total, 'policy', 'policies')}, ${count(unexplained, 'record')} no policy explains, ${count(records, 'record')} in all; findings: ${count(counts.error, 'error')}, ${count(counts.warning, 'warning')}, ${count(counts.info, 'note')}</dd>
<dt>Templates</dt><dd>${input.templates}</dd>
<dt>Made by</dt><dd>${input.generator}, from the files alone (no live registry, no domain)</dd>
</dl>
</header>`;
}

/** The settings report as a self-contained HTML page. */
export function renderSettingsHtml(input: SettingsReportInput): string {
  const title = input.gpo ? input.gpo.name : input.input;
  const w = pageWords(input.lang);
  const { policies, unexplained } = bySide(input.files);
  const many = input.files.length > 1;
  const fileNote: FileNote = (f) => (many ? html` <span class="muted">(${f.file})</span>` : '');
  const sections: Html[] = [];
  const toc: Html[] = [];
  for (const side of SIDES) {
    const ps = policies.get(side) ?? [];
    const us = unexplained.get(side) ?? [];
    if (!ps.length && !us.length) continue;
    const s = sideSection(side, sections.length + 1, ps, us, fileNote, w);
    sections.push(s.section);
    toc.push(s.toc);
  }
  for (const { side, parts } of input.parts ?? []) {
    const s = partsSections(side === 'Machine' ? w.computer : w.user, `parts-${side.toLowerCase()}`, parts);
    if (!s) continue;
    sections.push(s.section);
    toc.push(s.toc);
  }
  const findings = findingsOf(policies, input.files, fileNote);
  // The page is English (its header, findings and footer); the contents and the settings are in
  // the page words' language, and say so; the findings inside them are English again.
  const inWords = raw(w.lang === 'en' ? '' : ` lang="${attr(w.lang)}"`);
  const en = raw(w.lang === 'en' ? '' : ' lang="en"');
  const body = html`${header(input, title, [...unexplained.values()].reduce((a, l) => a + l.length, 0), findings.counts)}
${toc.length ? html`<nav class="toc" aria-label="${w.contents}"${inWords}><h2>${w.contents}</h2><ul>${toc}<li><a href="#findings">${w.findings}</a> <span class="muted">(${findings.rows.length.toLocaleString('en-US')})</span></li></ul></nav>` : ''}
<main${inWords}>
${sections.length ? sections : html`<p>No policy and no record: these files set nothing.</p>`}
<section id="findings">
<h2>${w.findings}</h2>
<div${en}>${findings.rows.length ? findingsTable(findings.rows) : html`<p>None.</p>`}</div>
</section>
</main>
<footer>Every name, value and text above comes from the files and templates and is shown as text; control and direction characters are shown as <span class="esc">\\x..</span> escapes.</footer>`;
  return page({ title: `${title} — GPO settings`, body, generator: input.generator });
}

function findingsTable(rows: Html[][]): Html {
  const { shown, note } = firstRows(rows, MAX_ROWS, '`gpreg check FILE` and `gpreg show --json` list them all');
  return html`${table({ head: ['Severity', 'Code', 'Policy', 'Finding', 'Records'], rows: shown })}${note}`;
}

/** The records a finding rests on (a policy's evidence), the first 50 of them. */
function evidenceList(evidence: readonly number[], file: SettingsReportFile, fileNote: FileNote): Html {
  const { shown, note } = firstRows(evidence, 50, '`gpreg show --json` lists them all');
  return html`<ul class="items">${shown.map((e) => html`<li><span class="mono">${renderPosition(file.loaded.positions[e] ?? {}) || `record ${e + 1}`}</span> ${recordSummary(file.loaded.ops[e]!)}${fileNote(file)}</li>`)}</ul>${note}`;
}

/** Records as a table (the first MAX_ROWS of them, and a note of the rest). */
function recordTable(list: readonly Unexplained[], fileNote: FileNote): Html {
  const { shown, note } = firstRows(list, MAX_ROWS, '`gpreg show --records FILE` lists every record');
  const rows = shown.map(({ file, index }) => {
    const cells = recordCells(file.loaded.ops[index]!, file.loaded.positions[index] ?? {});
    return [html`${cells[0]!}${fileNote(file)}`, ...cells.slice(1)];
  });
  return html`${table({ head: ['Where', 'Action', 'Key', 'Name', 'Type', 'Data'], rows })}${note}`;
}

/**
 * An extension's records as its editor words them (`Domain profile: Firewall state` = `On`); a
 * record without known words shows its registry data instead.
 */
function extensionTable(list: readonly Unexplained[], fileNote: FileNote): Html {
  const { shown, note } = firstRows(list, MAX_ROWS, '`gpreg show --records FILE` lists every record');
  const rows = shown.map(({ file, index }) => {
    const op = file.loaded.ops[index]!;
    const [where, , key, name, , data] = recordCells(op, file.loaded.positions[index] ?? {});
    const words = describeExtensionValue(op);
    return [html`${where!}${fileNote(file)}`, words ? html`${words.setting}` : html`<span class="muted">${actionText(op)} ${name!}</span>`, words ? html`${words.value}` : data!, key!];
  });
  return html`${table({ head: ['Where', 'Setting', 'Value', 'Key'], rows })}${note}`;
}

/**
 * GPMC's "Extra Registry Settings": the records no policy explains. Values another editor writes
 * (the firewall's, NRPT's, AppLocker's) come first, each under that extension's heading, as GPMC
 * shows them.
 */
function extraSettings(all: readonly Unexplained[], fileNote: FileNote, w: PageWords): Html {
  const areaOf = (u: Unexplained) => extensionArea(u.file.loaded.ops[u.index]!.key);
  const areas = [...new Set(all.map(areaOf).filter((a) => a !== undefined))].sort();
  const extension = areas.map((a) => {
    const list = all.filter((u) => areaOf(u) === a);
    return html`<h3>${a} <span class="muted">(${count(list.length, 'record')})</span></h3>${extensionTable(list, fileNote)}`;
  });
  const us = all.filter((u) => areaOf(u) === undefined);
  return html`${extension}${us.length ? html`<h3>${w.extraRegistrySettings} <span class="muted">(${count(us.length, 'record')} no policy explains)</span></h3>
${recordTable(us, fileNote)}` : ''}`;
}

/** One record in a line: `Set value HKLM\…\X "v" = REG_DWORD 1`. */
function recordSummary(op: RegOp): Html {
  return html`${actionText(op)} <span class="mono">${op.key}</span>${'name' in op ? html` <span class="mono">"${op.name}"</span>` : ''}${op.op === 'set' ? html` = ${renderRegType(op.type)} ${typedData(op.type, op.data)}` : ''}`;
}

/** An explain text as its author laid it out (paragraphs), marked with its language. */
function explain(lang: string | undefined, value: string): Html {
  const body = paragraphs(value, 20000);
  return inLang(lang, body, body.html.startsWith('<p>'));
}
