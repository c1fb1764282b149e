/**
 * `gpreg/gpo`: a GPO's parts besides `Registry.pol`, each a lossless document — the security
 * template (`GptTmpl.inf`), the advanced audit policy (`audit.csv`) and the preference registry
 * items (`Registry.xml`) — and the policy files of a tree.
 */

export { readGpo, type Gpo, type GpoSideModel } from './gpo/gpo.js';
export type { SideParts, SecurityPart, AuditPart, PreferencesPart } from './gpo/parts.js';
export { parseInf, serializeInf, editInf, type InfDocument, type InfLine, type InfSectionEdit } from './formats/inf/inf.js';
export { readSecurityTemplate, type SecurityTemplate, type SecurityOption, type AccountSetting, type UserRight } from './gpo/security.js';
export { describeSecurityOption } from './gpo/security-options.js';
export type { Member } from './gpo/sids.js';
export { parseCsv, serializeCsv, type CsvDocument, type CsvRecord } from './formats/csv.js';
export { readAuditPolicy, type AuditSetting } from './gpo/audit-policy.js';
export { readRegistryPreferences, type RegistryPreferences, type RegistryPreference } from './gpo/preferences.js';
export { diffSideParts, type PartChange, type PartArea } from './gpo/parts-diff.js';
export { findPolicyFiles } from './audit/audit.js';
