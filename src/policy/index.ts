/** The policy engine's public surface (re-exported by the package root). */
export { CATALOG, BUILTIN, findPolicy } from './catalog/index.js';
export { PolicySet, type PolicyCategory, type PolicySetInfo, type DefinitionDiagnostic } from './set.js';
export { buildPolicy, buildPolicies, policyHive, type BuildPolicyOptions, type BuiltPolicy, type BuiltPolicies, type PolicySettingInput, type PolicyTarget } from './build.js';
export { readPolicies, type PolicyReading, type PolicyReport, type ReadPoliciesOptions, type ReadState } from './read.js';
export { presentOptions, type PresentedOption } from './presentation.js';
export { checkSetting, findElement, parseState, type PolicySetting, type PolicyState, type OptionValue, type OfferRemoteAssistanceSetting, type SolicitedRemoteAssistanceSetting } from './setting.js';
export { policyId, type PolicyDefinition, type PolicyElement, type PolicyElementType, type PolicyClass, type AdmxValue, type AdmxListItem, type EnumItem, type PresentationControl, type PresentationControlKind } from './types.js';
