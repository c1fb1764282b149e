/**
 * `gpreg/admx`: administrative templates (ADMX/ADML) and the policy model in detail — what the root
 * exports, plus the helpers a template tool needs (an option by name, a state by word, a hive).
 */

export { loadPolicyDefinitions, type LoadPolicyDefinitionsOptions } from './admx/load.js';
export type { AdmxDiagnostic } from './admx/compile.js';
export { PolicySet, type PolicyCategory, type PolicySetInfo, type DefinitionDiagnostic } from './policy/set.js';
export { CATALOG, BUILTIN, findPolicy } from './policy/catalog/index.js';
export { policyHive } from './policy/build.js';
export { checkSetting, findElement, parseState } from './policy/setting.js';
export { presentOptions, type PresentedOption } from './policy/presentation.js';
export { policyId, type PolicyDefinition, type PolicyElement, type PolicyElementType, type PolicyClass, type AdmxValue, type AdmxListItem, type EnumItem, type PresentationControl, type PresentationControlKind } from './policy/types.js';
