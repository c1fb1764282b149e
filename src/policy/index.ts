/** The policy engine's public surface (re-exported by the package root). */
export { CATALOG, findPolicy } from './catalog/index.js';
export { buildPolicy, ownedValues, policyHive, type BuildPolicyOptions, type BuiltPolicy, type PolicyTarget } from './build.js';
export { readPolicies, STATE_LABELS, type PolicyReading, type PolicyReport, type ReadPoliciesOptions, type ReadState } from './read.js';
export { checkSetting, checkAccount, parseState, formatOption, type PolicySetting, type PolicyState, type OptionValue, type OfferRemoteAssistanceSetting, type SolicitedRemoteAssistanceSetting } from './setting.js';
export type { PolicyDefinition, PolicyElement, PolicyElementType, PolicyClass, AdmxValue, AdmxListItem, EnumItem } from './types.js';
