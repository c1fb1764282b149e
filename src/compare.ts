/**
 * `gpreg/compare`: many GPOs, baselines and files side by side (`compareSources` is also at the
 * root) — baseline compliance with accepted deviations, the effective value of each setting and the
 * GPO it comes from (with a link-order file), and the values rows are compared by.
 */

export { compareSources, canonicalValues, rowMarks, type Comparison, type CompareRow, type CompareSource, type CompareStatus } from './compare/compare.js';
export { settingsOfUnit, registryValue, scopeOfHive, type CompareArea, type CompareScope, type CompareUnit, type UnitSetting } from './compare/settings.js';
export { checkBaseline, baselineMet, parseAcceptedDeviations, type AcceptedDeviation, type BaselineCheck, type BaselineResult, type BaselineRow, type BaselineSummary } from './compare/baseline.js';
export { effectiveValues, precedenceOf, parseLinkOrder, type EffectiveRow, type EffectiveValue, type GpoLink } from './compare/effective.js';
export { isPolicyKey, tattooFindings } from './registry/tattoo.js';
