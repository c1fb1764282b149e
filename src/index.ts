/**
 * gpreg: build, read and diff Windows Group Policy registry files (`.reg` and `Registry.pol`).
 * The package root is the library only (no CLI, no yargs, no `diff`): renderers for people are in
 * `gpreg/render`, the command line in `bin/`. This module only re-exports; each function's JSDoc
 * is in its own module. test/api.test.ts holds the list of names.
 */

export { GpregError, isGpregError, ERROR_CODES, type ErrorCode, type Diagnostic, type Position, type Severity } from './errors.js';

export { RegType, regTypeName, formatRegType, parseRegType, type RegTypeName } from './registry/types.js';
export {
  decodeValue,
  encodeValue,
  decodeString,
  encodeString,
  decodeMultiString,
  encodeMultiString,
  encodeDword,
  encodeQword,
  type TypedValue,
} from './registry/values.js';
export {
  foldName,
  sameName,
  hiveFromName,
  hiveAbbreviation,
  parseHive,
  splitKey,
  joinKey,
  parentKey,
  hiveFromPolPath,
  type HiveName,
  type HiveAbbreviation,
  type SplitKey,
} from './registry/keys.js';
export { opToJson, opFromJson, type RegOp, type RegOpKind, type RegOpJson } from './registry/ops.js';
export type {
  SetValueOp,
  DeleteValueOp,
  DeleteAllValuesOp,
  DeleteValuesOp,
  DeleteKeyOp,
  DeleteKeysOp,
  CreateKeyOp,
  SecureKeyOp,
} from './registry/ops.js';
export { toHex, fromHex } from './registry/hex.js';

export { decodePol, polRecords, type DecodePolOptions, type PolRecordsOptions } from './formats/pol/decode.js';
export { convert, CONVERT_TARGETS, type ConvertOptions, type ConvertTarget, type Converted } from './formats/convert.js';
export { encodePol } from './formats/pol/encode.js';
export { polToOps, opsToPol, type PolToOpsOptions, type OpsToPolOptions, type PolOpsResult } from './formats/pol/ops.js';
export { polRecord, POL_SIGNATURE, POL_VERSION, type PolDocument, type PolRecord } from './formats/pol/document.js';
export { parseReg, regStatements, type RegDocument, type RegDocumentHead, type RegStatement, type RegStatementsOptions, type RegHeaderKind, type ParseRegOptions } from './formats/reg/parse.js';
export { serializeReg, type SerializeRegOptions, type SerializedReg } from './formats/reg/serialize.js';
export { regToOps, opsToReg, type RegPlan, type RegSection } from './formats/reg/ops.js';
export { decodeRegBytes, decodeAnsi, encodeAnsi, DEFAULT_CODE_PAGE, type RegEncoding, type RegText, type DecodeRegBytesOptions } from './formats/reg/encoding.js';
export { detectFormat, detectFileFormat, formatFromPath, type FormatName } from './formats/detect.js';
export { parseGpregJson, polDumpJson, regDumpJson, polRecordToJson, type PolDumpJson, type RegDumpJson, type PolRecordJson, type ParsedJson } from './formats/json.js';
export { loadBytes, polHive, type LoadOptions, type LoadedFile } from './formats/load.js';

export * from './policy/index.js';
export { loadPolicyDefinitions, type LoadPolicyDefinitionsOptions } from './admx/load.js';
export type { AdmxDiagnostic } from './admx/compile.js';
export { setPolicyInPol, setPolicyInReg, type EditResult } from './edit/policy-in-file.js';
export { applyOps, stateToJson, type RegistryState, type StateKey, type StateValue } from './registry/state.js';

export { effectOf, effectToOps, type Effect, type KeyEffect, type ValueEffect } from './registry/effect.js';
export { diffOps, diffEffects, applyChanges, type RegChange, type KeyFlags, type DiffOptions } from './diff/registry.js';
export { diffPolicies, type PolicyChange } from './diff/policy.js';

export { auditTree, findPolicyFiles, type AuditEntry, type AuditOptions, type AuditReport, type GpoInfo, type GpoNameSource, type KeyHit } from './audit/audit.js';
export { opTouches, parseKeyQuery, type KeyQuery, type Touch } from './registry/touches.js';

// The whole GPO: its folder, security template, advanced audit policy and preference registry items.
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
