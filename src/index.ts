/**
 * gpreg: build, read and diff Windows Group Policy registry files (`.reg` and `Registry.pol`).
 * The package root holds the entry points a user needs: open a file, convert it, build, read and
 * edit policies, diff, audit, read a whole GPO. The codecs and helpers are in subpaths:
 * `gpreg/pol`, `gpreg/reg`, `gpreg/registry`, `gpreg/admx`, `gpreg/gpo`; renderers for people in
 * `gpreg/render`; the command line in `bin/`. This module only re-exports; each function's JSDoc
 * is in its own module. test/api.test.ts holds the list of names.
 */

export { GpregError, isGpregError, ERROR_CODES, type ErrorCode, type Diagnostic, type Position, type Severity } from './errors.js';

// Registry operations: what every format reads into and writes from.
export { RegType, type RegTypeName } from './registry/types.js';
export { foldName, splitKey, joinKey, parseHive, type HiveName, type SplitKey } from './registry/keys.js';
export { opToJson, opFromJson, type RegOp, type RegOpKind, type RegOpJson } from './registry/ops.js';
export type { SetValueOp, DeleteValueOp, DeleteAllValuesOp, DeleteValuesOp, DeleteKeyOp, DeleteKeysOp, CreateKeyOp, SecureKeyOp } from './registry/ops.js';

// Open any file (.pol, .reg, gpreg JSON, LGPO text), and convert between them.
export { loadBytes, type LoadOptions, type LoadedFile } from './formats/load.js';
export { detectFileFormat, type FormatName } from './formats/detect.js';
export { convert, CONVERT_TARGETS, type ConvertOptions, type ConvertTarget, type Converted } from './formats/convert.js';

// Policies: definitions, build, read, edit in place.
export { CATALOG, BUILTIN, findPolicy } from './policy/catalog/index.js';
export { PolicySet, type PolicyCategory, type PolicySetInfo, type DefinitionDiagnostic } from './policy/set.js';
export { loadPolicyDefinitions, type LoadPolicyDefinitionsOptions } from './admx/load.js';
export { buildPolicy, buildPolicies, type BuildPolicyOptions, type BuiltPolicy, type BuiltPolicies, type PolicySettingInput, type PolicyTarget } from './policy/build.js';
export { readPolicies, type PolicyReading, type PolicyReport, type ReadPoliciesOptions, type ReadState } from './policy/read.js';
export { presentOptions, type PresentedOption } from './policy/presentation.js';
export { checkSetting, type PolicySetting, type PolicyState, type OptionValue, type OfferRemoteAssistanceSetting, type SolicitedRemoteAssistanceSetting } from './policy/setting.js';
export { policyId, type PolicyDefinition, type PolicyElement, type PolicyElementType, type PolicyClass, type AdmxValue, type AdmxListItem, type EnumItem, type PresentationControl, type PresentationControlKind } from './policy/types.js';
export { setPolicyInPol, setPolicyInReg, type EditResult } from './edit/policy-in-file.js';

// Diff: what two files do, as registry effects and as policies.
export { effectOf, type Effect, type KeyEffect, type ValueEffect } from './registry/effect.js';
export { diffOps, diffEffects, type RegChange, type KeyFlags, type DiffOptions } from './diff/registry.js';
export { diffPolicies, type PolicyChange, type OptionChange } from './diff/policy.js';

// Audit a tree of GPOs; which GPO sets a registry path.
export { auditTree, type AuditEntry, type AuditOptions, type AuditReport, type GpoInfo, type GpoNameSource, type KeyHit } from './audit/audit.js';
export { opTouches, parseKeyQuery, type KeyQuery, type Touch } from './registry/touches.js';

// The whole GPO: its folder and every part (details in gpreg/gpo).
export { readGpo, type Gpo, type GpoSideModel } from './gpo/gpo.js';
export { diffSideParts, type PartChange, type PartArea } from './gpo/parts-diff.js';
export { compareSources, type Comparison, type CompareRow, type CompareSource, type CompareStatus } from './compare/compare.js';
export type { CompareArea, CompareScope, CompareUnit } from './compare/settings.js';
