/** Audit reports for people (text), for spreadsheets (CSV) and for programs (JSON). */

import { renderDiagnostic, renderError, renderPosition } from './diagnostic.js';
import { hiveAbbreviation } from '../registry/keys.js';
import { safeField, shortField } from '../text.js';
import { spreadsheetCell } from './cell.js';
import { STATE_LABELS } from '../policy/read.js';
import { presentedSummary } from '../policy/presentation.js';
import type { Diagnostic } from '../errors.js';
import type { AuditEntry, AuditReport, KeyHit } from '../audit/audit.js';
import { renderOp, renderSetData } from './op.js';
import { opToJson } from '../registry/ops.js';

/** A hit in words: the operation, where it is, what it is, and how it touches the path when not directly. */
export function renderHit(h: KeyHit): string {
  const how = h.touch === 'above' ? ' [deletes a key above it]' : '';
  return `${renderOp(h.op, renderPosition(h.position), true)}${how}${h.about ? ` — ${safeField(h.about)}` : ''}`;
}

/** What a part's settings are called. */
const PART_WORDS: Record<string, string> = { security: 'security settings', audit: 'audit settings', preferences: 'preference items' };

/** Exit status of an audit: 1 when any file had findings or errors, or a path was skipped. */
export function auditFailed(report: AuditReport): boolean {
  // Nothing found is not a clean tree: a wrong folder must not pass a check.
  return report.scanned === 0 || report.skipped.length > 0 || report.entries.some(entryFailed);
}

/** True when an entry fails an audit: its file could not be read, or it has findings. */
export const entryFailed = (e: AuditEntry): boolean => !!e.error || e.findings.length > 0;

/** An entry's records no policy explains (a GPO part and an unread file have none). */
export const unexplainedOf = (e: AuditEntry): number => (e.part || e.error ? 0 : e.unexplained);

/** Which GPO an entry is of, for grouping: its GUID (without case), else its folder and name. */
export function gpoKey(e: AuditEntry): string {
  return e.gpo.guid ? e.gpo.guid.toLowerCase() : `${e.gpo.folder}\u0000${e.gpo.name}`;
}

/** Entries grouped by GPO (its GUID, else its folder): several backups of one GPO come together. */
export function byGpo(entries: readonly AuditEntry[]): AuditEntry[][] {
  const groups = new Map<string, AuditEntry[]>();
  for (const e of entries) {
    const id = gpoKey(e);
    const g = groups.get(id);
    if (g) g.push(e);
    else groups.set(id, [e]);
  }
  return [...groups.values()];
}

/** The audit for people: per GPO, its files with their policies, findings and errors; then a summary. */
export function renderAudit(report: AuditReport, verbose = false): string {
  const out: string[] = [];
  for (const group of byGpo(report.entries)) {
    const g = group[0]!.gpo;
    const backups = new Set(group.map((e) => e.gpo.folder));
    out.push('', `GPO ${shortField(JSON.stringify(g.name))}${g.guid ? ` ${shortField(g.guid)}` : ''}${g.domain ? ` in ${shortField(g.domain)}` : ''}${g.source === 'folder' ? '' : ` (name from ${g.source})`}${backups.size > 1 ? `: ${backups.size} backups` : ''}`);
    let folder = '';
    for (const e of group) {
      if (backups.size > 1 && e.gpo.folder !== folder) {
        folder = e.gpo.folder;
        out.push(` backup ${e.gpo.backupId ?? e.gpo.folder}${e.gpo.backupTime ? ` of ${e.gpo.backupTime}` : ''}`);
      }
      const where = [e.format, e.hive && hiveAbbreviation(e.hive), e.part ? `${e.settings} ${PART_WORDS[e.part]}` : `${e.records} records`].filter(Boolean).join(', ');
      if (e.error) {
        out.push(`  ${safeField(e.file)}: ${renderDiagnostic({ severity: 'error', ...e.error })}`);
        continue;
      }
      out.push(`  ${safeField(e.file)} (${where}): ${e.findings.length} finding(s)${e.part ? '' : `, ${e.unexplained} record(s) no policy explains`}${e.tattoo ? `, values under ${e.tattoo.length} key(s) outside the policy keys (they stay after the GPO is removed)` : ''}`);
      for (const p of e.policies) out.push(`    ${safeField(p.displayName)}: ${STATE_LABELS[p.state]}${p.options.size ? ` — ${safeField(presentedSummary(p.definition, p.options))}` : ''}${p.reason && p.state === 'unknown' ? ` (${p.reason})` : ''}`);
      for (const h of e.hits ?? []) out.push(`    ${renderHit(h)}`);
      if (verbose) for (const f of [...e.findings, ...(e.tattoo ?? [])]) out.push(`      ${safeField(renderDiagnostic(f))}`);
    }
  }
  if (report.skipped.length > 0) {
    out.push('', `Skipped (${report.skipped.length}):`);
    for (const k of report.skipped) out.push(`  ${safeField(k.path)}: ${k.reason}`);
  }
  const errors = report.entries.filter((e) => e.error).length;
  const withFindings = report.entries.filter((e) => !e.error && e.findings.length).length;
  const gpos = byGpo(report.entries).length;
  const settings = report.entries.filter((e) => e.part && !e.error);
  if (settings.length) {
    const total = (k: string) => settings.filter((e) => e.part === k).reduce((n, e) => n + (e.settings ?? 0), 0);
    out.push('', `Besides Registry.pol: ${total('security')} security setting(s), ${total('audit')} audit subcategory setting(s), ${total('preferences')} preference registry item(s)`);
  }
  if (report.key !== undefined) out.push('', `${report.entries.reduce((n, e) => n + (e.hits?.length ?? 0), 0)} operation(s) on ${safeField(report.key)} in ${gpos} GPO(s)`);
  if (report.scanned === 0) out.push('', `Nothing to audit: no .pol or .reg file and no GPO part (GptTmpl.inf, audit.csv, Preferences Registry.xml) under ${safeField(report.root)}.`);
  // Records no policy explains are not findings, but "clean" alone would hide them.
  const registry = report.entries.filter((e) => !e.part && !e.error);
  const unexplained = registry.reduce((n, e) => n + e.unexplained, 0);
  const records = registry.reduce((n, e) => n + e.records, 0);
  const extra = unexplained ? `; ${unexplained} of ${records} record(s) no policy explains` : '';
  out.push('', `${report.entries.length} file(s) in ${gpos} GPO(s)${report.entries.length !== report.scanned ? ` (of ${report.scanned} scanned)` : ''}: ${errors} unreadable, ${withFindings} with findings, ${report.entries.length - errors - withFindings} clean${extra}${report.skipped.length ? `; ${report.skipped.length} path(s) skipped` : ''}`);
  return out.join('\n').replace(/^\n/, '') + '\n';
}

const csv = spreadsheetCell;

/**
 * The audit as CSV: one row per policy of each file (one row for a file with none, or with an
 * error). An audit for a registry path has one row per operation on it instead, with its position.
 */
export function renderAuditCsv(report: AuditReport): string {
  if (report.key !== undefined) return renderKeyCsv(report);
  const rows = [['gpo', 'guid', 'domain', 'backup', 'backup_time', 'scope', 'file', 'format', 'policy', 'state', 'options', 'findings', 'finding_codes', 'unexplained', 'error', 'part', 'settings']];
  const base = (e: AuditEntry) => [e.gpo.name, e.gpo.guid ?? '', e.gpo.domain ?? '', e.gpo.backupId ?? '', e.gpo.backupTime ?? '', e.scope ?? '', e.file, e.format ?? ''];
  const counts = (e: AuditEntry, findings: readonly Diagnostic[]) => [String(findings.length), [...new Set(findings.map((f) => f.code))].join(' '), String(e.unexplained)];
  for (const e of report.entries) {
    const err = e.error ? renderError(e.error) : '';
    const part = e.part ? [e.part, String(e.settings ?? 0)] : ['', ''];
    // Each finding on the row of what it is about: a policy's on its policy, the file's own (a
    // damaged record, a key no policy explains) on a row for the file, once.
    const ofPolicies = new Set(e.policies.flatMap((p) => p.findings));
    const ofFile = e.findings.filter((f) => !ofPolicies.has(f));
    if (e.policies.length === 0 || ofFile.length) rows.push([...base(e), '', '', '', ...counts(e, ofFile), err, ...part]);
    for (const p of e.policies) rows.push([...base(e), p.policy, p.state, presentedSummary(p.definition, p.options), ...counts(e, p.findings.filter((f) => f.severity !== 'info')), err, ...part]);
  }
  for (const k of report.skipped) rows.push(['', '', '', '', '', '', k.path, '', '', '', '', '', '', '', `skipped: ${k.reason}`, '', '']);
  return rows.map((r) => r.map(csv).join(',')).join('\r\n') + '\r\n';
}

/** Rows for an audit of a registry path: one per operation on it. */
function renderKeyCsv(report: AuditReport): string {
  const rows = [['gpo', 'guid', 'domain', 'backup', 'backup_time', 'scope', 'file', 'format', 'part', 'position', 'operation', 'key', 'name', 'type', 'data', 'touch', 'about', 'error']];
  for (const e of report.entries) {
    const base = [e.gpo.name, e.gpo.guid ?? '', e.gpo.domain ?? '', e.gpo.backupId ?? '', e.gpo.backupTime ?? '', e.scope ?? '', e.file, e.format ?? '', e.part ?? 'registry'];
    if (e.error) rows.push([...base, renderPosition(e.error), '', '', '', '', '', '', '', `${e.error.code}: ${e.error.message}`]);
    for (const h of e.hits ?? []) {
      const j = opToJson(h.op);
      const name = 'name' in j ? j.name : 'names' in j ? j.names.join(' ') : 'subkeys' in j ? j.subkeys.join(' ') : '';
      rows.push([...base, renderPosition(h.position), h.op.op, h.op.key, name, j.op === 'set' ? (j.typeName ?? String(j.type)) : '', h.op.op === 'set' ? renderSetData(h.op, true) : '', h.touch, h.about ?? '', '']);
    }
  }
  for (const k of report.skipped) rows.push(['', '', '', '', '', '', k.path, '', '', '', '', '', '', '', '', '', '', `skipped: ${k.reason}`]);
  return rows.map((r) => r.map(csv).join(',')).join('\r\n') + '\r\n';
}

/** The audit as the documented JSON (docs/audit.md). */
export function auditJson(report: AuditReport) {
  return {
    root: report.root,
    ...(report.key !== undefined ? { key: report.key } : {}),
    scanned: report.scanned,
    skipped: report.skipped,
    files: report.entries.map((e) => ({
      file: e.file,
      format: e.format,
      ...(e.part ? { part: e.part, settings: e.settings } : {}),
      gpo: e.gpo,
      ...(e.scope ? { scope: e.scope } : {}),
      ...(e.hive ? { hive: e.hive } : {}),
      bytes: e.bytes,
      records: e.records,
      operations: e.operations,
      policies: e.policies.map((p) => ({ policy: p.policy, displayName: p.displayName, state: p.state, ...(p.reason ? { reason: p.reason } : {}), options: Object.fromEntries([...p.options].map(([k, v]) => [k, typeof v === 'bigint' ? String(v) : v])) })),
      findings: e.findings,
      unexplained: e.unexplained,
      ...(e.tattoo ? { tattoo: e.tattoo } : {}),
      ...(e.hits ? { hits: e.hits.map((h) => ({ ...opToJson(h.op), ...h.position, touch: h.touch, ...(h.about ? { about: h.about } : {}) })) } : {}),
      ...(e.error ? { error: e.error } : {}),
    })),
  };
}
