/** Audit reports for people (text), for spreadsheets (CSV) and for programs (JSON). */

import { formatDiagnostic, formatPosition } from '../diagnostics.js';
import { hiveAbbreviation } from '../registry/keys.js';
import { STATE_LABELS } from '../policy/read.js';
import { formatOption, type OptionValue } from '../policy/setting.js';
import type { AuditEntry, AuditReport } from './audit.js';

function formatOptions(options: Map<string, OptionValue>): string {
  return [...options].map(([k, v]) => `${k} ${formatOption(v)}`).join('; ');
}

/** Exit status of an audit: 1 when any file had findings or errors. */
export function auditFailed(report: AuditReport): boolean {
  return report.entries.some((e) => e.error || e.findings.length > 0);
}

/** The audit for people: per GPO, its files with their policies, findings and errors; then a summary. */
export function formatAudit(report: AuditReport, verbose = false): string {
  const out: string[] = [];
  let gpo = '\u0000';
  for (const e of report.entries) {
    const id = `${e.gpo.folder}\u0000${e.gpo.name}`;
    if (id !== gpo) {
      gpo = id;
      out.push('', `GPO ${JSON.stringify(e.gpo.name)}${e.gpo.guid ? ` ${e.gpo.guid}` : ''}${e.gpo.source === 'folder' ? '' : ` (name from ${e.gpo.source})`}`);
    }
    const where = [e.format, e.hive && hiveAbbreviation(e.hive), `${e.records} records`].filter(Boolean).join(', ');
    if (e.error) {
      out.push(`  ${e.file}: error ${e.error.code}${formatPosition(e.error) && !e.error.message.includes(formatPosition(e.error)) ? ` (${formatPosition(e.error)})` : ''}: ${e.error.message}`);
      continue;
    }
    out.push(`  ${e.file} (${where}): ${e.findings.length} finding(s), ${e.unexplained} record(s) no policy explains`);
    for (const p of e.policies) out.push(`    ${p.displayName}: ${STATE_LABELS[p.state]}${p.options.size ? ` — ${formatOptions(p.options)}` : ''}${p.reason && p.state === 'unknown' ? ` (${p.reason})` : ''}`);
    if (verbose) for (const f of e.findings) out.push(`      ${formatDiagnostic(f)}`);
  }
  const errors = report.entries.filter((e) => e.error).length;
  const withFindings = report.entries.filter((e) => !e.error && e.findings.length).length;
  const gpos = new Set(report.entries.map((e) => `${e.gpo.folder}\u0000${e.gpo.name}`)).size;
  out.push('', `${report.entries.length} file(s) in ${gpos} GPO(s)${report.entries.length !== report.scanned ? ` (of ${report.scanned} scanned)` : ''}: ${errors} unreadable, ${withFindings} with findings, ${report.entries.length - errors - withFindings} clean`);
  return out.join('\n').replace(/^\n/, '') + '\n';
}

/** A CSV field: quoted when needed; a leading = + - @ is neutralised so spreadsheets do not run it. */
function csv(v: string | number | undefined): string {
  let s = v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The audit as CSV: one row per policy of each file (one row for a file with none, or with an error). */
export function formatAuditCsv(report: AuditReport): string {
  const rows = [['gpo', 'guid', 'scope', 'file', 'format', 'policy', 'state', 'options', 'findings', 'unexplained', 'error']];
  const base = (e: AuditEntry) => [e.gpo.name, e.gpo.guid ?? '', e.scope ?? '', e.file, e.format ?? ''];
  for (const e of report.entries) {
    const err = e.error ? `${e.error.code}: ${e.error.message}` : '';
    if (e.policies.length === 0) rows.push([...base(e), '', '', '', String(e.findings.length), String(e.unexplained), err]);
    for (const p of e.policies) rows.push([...base(e), p.policy, p.state, formatOptions(p.options), String(e.findings.length), String(e.unexplained), err]);
  }
  return rows.map((r) => r.map(csv).join(',')).join('\r\n') + '\r\n';
}

/** The audit as the documented JSON (docs/audit.md). */
export function auditJson(report: AuditReport) {
  return {
    root: report.root,
    scanned: report.scanned,
    files: report.entries.map((e) => ({
      file: e.file,
      format: e.format,
      gpo: e.gpo,
      ...(e.scope ? { scope: e.scope } : {}),
      ...(e.hive ? { hive: e.hive } : {}),
      bytes: e.bytes,
      records: e.records,
      operations: e.operations,
      policies: e.policies.map((p) => ({ policy: p.policy, displayName: p.displayName, state: p.state, ...(p.reason ? { reason: p.reason } : {}), options: Object.fromEntries([...p.options].map(([k, v]) => [k, typeof v === 'bigint' ? String(v) : v])) })),
      findings: e.findings,
      unexplained: e.unexplained,
      ...(e.error ? { error: e.error } : {}),
    })),
  };
}
