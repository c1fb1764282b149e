/** `gpreg intune`'s report for people (text) and for spreadsheets (CSV). */

import { intuneSummary, type IntuneReport, type MdmMapping } from '../mdm/intune.js';
import { safeField } from '../text.js';
import { spreadsheetCell } from './cell.js';

/** A report's summary line: the policies by status and the share with an MDM twin. */
export function intuneSummaryLine(r: IntuneReport): string {
  const { counts: c, twinPercent } = intuneSummary(r);
  return `${r.policies.length} setting${r.policies.length === 1 ? '' : 's'} — ${c.supported} with an ADMX-backed MDM twin${c.deprecated ? ` (and ${c.deprecated} deprecated)` : ''}, ${c.native} native, ${c.notSupported} without, ${c.needsIngestion} need ADMX ingestion, ${c.blocked} blocked from ingestion, ${c.noPayload} with no payload (${twinPercent}% have a twin); ${r.unmapped.length} value(s) no policy explains`;
}

/** One mapping for people: status, name, then the URI and payload (or the reason), and the template to ingest first. */
function line(m: MdmMapping & { side: string }): string {
  const out = [`  ${m.status.padEnd(14)} ${safeField(m.displayName)} (${m.side})`];
  if (m.ingest) out.push(`      first: ${m.ingest.uri} (${safeField(m.ingest.file)})`);
  if (m.uri) out.push(`      ${safeField(m.uri)}${m.minBuild ? ` (from ${m.minBuild})` : ''}`);
  if (m.payload) out.push(`      ${safeField(m.payload)}`);
  if (m.reason) out.push(`      ${safeField(m.reason)}`);
  return out.join('\n');
}

/** Each report: its summary, each policy, and the values no policy explains. */
export function renderIntune(reports: readonly IntuneReport[]): string {
  const out: string[] = [];
  for (const r of reports) {
    out.push(`${safeField(r.gpo)}: ${intuneSummaryLine(r)}`);
    for (const p of r.policies) out.push(line(p));
    for (const u of r.unmapped) out.push(`  unmapped       ${safeField(u.record)} (${u.side})`, `      ${safeField(u.reason)}`);
    out.push('');
  }
  return out.join('\n');
}

/**
 * The reports as CSV (UTF-8 with a BOM, formula text neutralised): one row per policy — GPO, side,
 * status, name, display name, category, class, state, URI, payload, minimum build, the template to
 * ingest and its URI, reason — and one row per value no policy explains (status `unmapped`, the
 * record as its name).
 */
export function renderIntuneCsv(reports: readonly IntuneReport[]): string {
  const head = ['gpo', 'side', 'status', 'name', 'displayName', 'category', 'class', 'state', 'uri', 'payload', 'minBuild', 'ingestFile', 'ingestUri', 'reason'];
  const rows: Array<Array<string | undefined>> = [head];
  for (const r of reports) {
    for (const p of r.policies) rows.push([r.gpo, p.side, p.status, p.name, p.displayName, p.category, p.class, p.state, p.uri, p.payload, p.minBuild, p.ingest?.file, p.ingest?.uri, p.reason]);
    for (const u of r.unmapped) rows.push([r.gpo, u.side, 'unmapped', u.record, '', '', '', '', '', '', '', '', '', u.reason]);
  }
  return '\ufeff' + rows.map((row) => row.map(spreadsheetCell).join(',')).join('\r\n') + '\r\n';
}
