/**
 * A GPO's advanced audit policy (`Machine/Microsoft/Windows NT/Audit/audit.csv`): one row per
 * subcategory with its GUID and setting, read from the lossless CSV document (src/formats/csv.ts).
 * Subcategories are named from their GUID as GPMC names them; a GUID gpreg does not know keeps the
 * name the file gives.
 */

import type { Diagnostic } from '../errors.js';
import type { CsvDocument } from '../formats/csv.js';

/** The columns of `audit.csv`, as Windows writes them. */
export const AUDIT_CSV_HEADER = ['Machine Name', 'Policy Target', 'Subcategory', 'Subcategory GUID', 'Inclusion Setting', 'Exclusion Setting', 'Setting Value'] as const;

/** How a subcategory is audited: Setting Value 0 to 3 (another value is shown as written). */
export type AuditSettingName = 'No Auditing' | 'Success' | 'Failure' | 'Success and Failure';

/** One row of the audit policy. */
export interface AuditSetting {
  /** The subcategory's GUID, lower-case with braces, or '' for a row without one (an option row). */
  guid: string;
  /** Its name: GPMC's for a known GUID, else the file's. */
  subcategory: string;
  /** The Policy Target column (`System`, or `File`/`Registry` for global object access auditing). */
  target: string;
  /** Setting Value as a number (NaN when the file's is not one) and in words. */
  value: number;
  setting: AuditSettingName | string;
  /** The Inclusion and Exclusion Setting columns, as written (per-user policies name accounts there). */
  inclusion: string;
  exclusion: string;
  line: number;
}

/** The advanced audit subcategories by GUID, with the names GPMC's reports and `audit.csv` use (Microsoft's "Advanced security audit policy settings" reference). */
export const AUDIT_SUBCATEGORIES: ReadonlyMap<string, string> = new Map([
  ['{0cce9210-69ae-11d9-bed3-505054503030}', 'Audit Security State Change'],
  ['{0cce9211-69ae-11d9-bed3-505054503030}', 'Audit Security System Extension'],
  ['{0cce9212-69ae-11d9-bed3-505054503030}', 'Audit System Integrity'],
  ['{0cce9213-69ae-11d9-bed3-505054503030}', 'Audit IPsec Driver'],
  ['{0cce9214-69ae-11d9-bed3-505054503030}', 'Audit Other System Events'],
  ['{0cce9215-69ae-11d9-bed3-505054503030}', 'Audit Logon'],
  ['{0cce9216-69ae-11d9-bed3-505054503030}', 'Audit Logoff'],
  ['{0cce9217-69ae-11d9-bed3-505054503030}', 'Audit Account Lockout'],
  ['{0cce9218-69ae-11d9-bed3-505054503030}', 'Audit IPsec Main Mode'],
  ['{0cce9219-69ae-11d9-bed3-505054503030}', 'Audit IPsec Quick Mode'],
  ['{0cce921a-69ae-11d9-bed3-505054503030}', 'Audit IPsec Extended Mode'],
  ['{0cce921b-69ae-11d9-bed3-505054503030}', 'Audit Special Logon'],
  ['{0cce921c-69ae-11d9-bed3-505054503030}', 'Audit Other Logon/Logoff Events'],
  ['{0cce921d-69ae-11d9-bed3-505054503030}', 'Audit File System'],
  ['{0cce921e-69ae-11d9-bed3-505054503030}', 'Audit Registry'],
  ['{0cce921f-69ae-11d9-bed3-505054503030}', 'Audit Kernel Object'],
  ['{0cce9220-69ae-11d9-bed3-505054503030}', 'Audit SAM'],
  ['{0cce9221-69ae-11d9-bed3-505054503030}', 'Audit Certification Services'],
  ['{0cce9222-69ae-11d9-bed3-505054503030}', 'Audit Application Generated'],
  ['{0cce9223-69ae-11d9-bed3-505054503030}', 'Audit Handle Manipulation'],
  ['{0cce9224-69ae-11d9-bed3-505054503030}', 'Audit File Share'],
  ['{0cce9225-69ae-11d9-bed3-505054503030}', 'Audit Filtering Platform Packet Drop'],
  ['{0cce9226-69ae-11d9-bed3-505054503030}', 'Audit Filtering Platform Connection'],
  ['{0cce9227-69ae-11d9-bed3-505054503030}', 'Audit Other Object Access Events'],
  ['{0cce9228-69ae-11d9-bed3-505054503030}', 'Audit Sensitive Privilege Use'],
  ['{0cce9229-69ae-11d9-bed3-505054503030}', 'Audit Non Sensitive Privilege Use'],
  ['{0cce922a-69ae-11d9-bed3-505054503030}', 'Audit Other Privilege Use Events'],
  ['{0cce922b-69ae-11d9-bed3-505054503030}', 'Audit Process Creation'],
  ['{0cce922c-69ae-11d9-bed3-505054503030}', 'Audit Process Termination'],
  ['{0cce922d-69ae-11d9-bed3-505054503030}', 'Audit DPAPI Activity'],
  ['{0cce922e-69ae-11d9-bed3-505054503030}', 'Audit RPC Events'],
  ['{0cce922f-69ae-11d9-bed3-505054503030}', 'Audit Audit Policy Change'],
  ['{0cce9230-69ae-11d9-bed3-505054503030}', 'Audit Authentication Policy Change'],
  ['{0cce9231-69ae-11d9-bed3-505054503030}', 'Audit Authorization Policy Change'],
  ['{0cce9232-69ae-11d9-bed3-505054503030}', 'Audit MPSSVC Rule-Level Policy Change'],
  ['{0cce9233-69ae-11d9-bed3-505054503030}', 'Audit Filtering Platform Policy Change'],
  ['{0cce9234-69ae-11d9-bed3-505054503030}', 'Audit Other Policy Change Events'],
  ['{0cce9235-69ae-11d9-bed3-505054503030}', 'Audit User Account Management'],
  ['{0cce9236-69ae-11d9-bed3-505054503030}', 'Audit Computer Account Management'],
  ['{0cce9237-69ae-11d9-bed3-505054503030}', 'Audit Security Group Management'],
  ['{0cce9238-69ae-11d9-bed3-505054503030}', 'Audit Distribution Group Management'],
  ['{0cce9239-69ae-11d9-bed3-505054503030}', 'Audit Application Group Management'],
  ['{0cce923a-69ae-11d9-bed3-505054503030}', 'Audit Other Account Management Events'],
  ['{0cce923b-69ae-11d9-bed3-505054503030}', 'Audit Directory Service Access'],
  ['{0cce923c-69ae-11d9-bed3-505054503030}', 'Audit Directory Service Changes'],
  ['{0cce923d-69ae-11d9-bed3-505054503030}', 'Audit Directory Service Replication'],
  ['{0cce923e-69ae-11d9-bed3-505054503030}', 'Audit Detailed Directory Service Replication'],
  ['{0cce923f-69ae-11d9-bed3-505054503030}', 'Audit Credential Validation'],
  ['{0cce9240-69ae-11d9-bed3-505054503030}', 'Audit Kerberos Service Ticket Operations'],
  ['{0cce9241-69ae-11d9-bed3-505054503030}', 'Audit Other Account Logon Events'],
  ['{0cce9242-69ae-11d9-bed3-505054503030}', 'Audit Kerberos Authentication Service'],
  ['{0cce9243-69ae-11d9-bed3-505054503030}', 'Audit Network Policy Server'],
  ['{0cce9244-69ae-11d9-bed3-505054503030}', 'Audit Detailed File Share'],
  ['{0cce9245-69ae-11d9-bed3-505054503030}', 'Audit Removable Storage'],
  ['{0cce9246-69ae-11d9-bed3-505054503030}', 'Audit Central Access Policy Staging'],
  ['{0cce9247-69ae-11d9-bed3-505054503030}', 'Audit User / Device Claims'],
  ['{0cce9248-69ae-11d9-bed3-505054503030}', 'Audit PNP Activity'],
  ['{0cce9249-69ae-11d9-bed3-505054503030}', 'Audit Group Membership'],
  ['{0cce924a-69ae-11d9-bed3-505054503030}', 'Audit Token Right Adjusted'],
]);

const SETTINGS: readonly AuditSettingName[] = ['No Auditing', 'Success', 'Failure', 'Success and Failure'];

/** The advanced audit policy a CSV document sets, with a diagnostic for each row it cannot read. */
export function readAuditPolicy(doc: CsvDocument): { settings: AuditSetting[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [...doc.diagnostics];
  const settings: AuditSetting[] = [];
  const [head, ...rows] = doc.records;
  if (!head || head.fields.length !== AUDIT_CSV_HEADER.length || head.fields.some((f, i) => f.trim().toLowerCase() !== AUDIT_CSV_HEADER[i]!.toLowerCase())) {
    diagnostics.push({ severity: 'error', code: 'AUDIT_CSV_BAD_HEADER', message: `the first line should be ${AUDIT_CSV_HEADER.join(',')}; found ${JSON.stringify((head?.text ?? '').slice(0, 120))}: no row is read`, line: 1, column: 1 });
    return { settings, diagnostics };
  }
  for (const r of rows) {
    if (r.text === '' && r.fields.length === 1) continue; // a blank line
    if (r.fields.length !== AUDIT_CSV_HEADER.length) {
      diagnostics.push({ severity: 'error', code: 'AUDIT_CSV_BAD_ROW', message: `a row has ${r.fields.length} fields, not ${AUDIT_CSV_HEADER.length}: not read`, line: r.line, column: 1 });
      continue;
    }
    const [, target, name, guidText, inclusion, exclusion, valueText] = r.fields as [string, string, string, string, string, string, string];
    const guid = guidText.trim().toLowerCase();
    if (guid !== '' && !/^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/.test(guid)) {
      diagnostics.push({ severity: 'error', code: 'AUDIT_CSV_BAD_ROW', message: `Subcategory GUID ${JSON.stringify(guidText.slice(0, 60))} is not a GUID: not read`, line: r.line, column: 1 });
      continue;
    }
    const value = /^\d{1,2}$/.test(valueText.trim()) ? Number(valueText) : NaN;
    const known = AUDIT_SUBCATEGORIES.get(guid);
    if (guid !== '' && !known) diagnostics.push({ severity: 'info', code: 'AUDIT_CSV_UNKNOWN_SUBCATEGORY', message: `${guid} is not a subcategory gpreg knows: named as the file names it (${JSON.stringify(name)})`, line: r.line, column: 1 });
    settings.push({ guid, subcategory: known ?? name, target, value, setting: SETTINGS[value] ?? valueText, inclusion, exclusion, line: r.line });
  }
  return { settings, diagnostics };
}
