/**
 * `gpreg/render`: everything gpreg shows people, from one home (`src/render/`): text, CSV, JSON and
 * self-contained HTML renderings of what the library computes — a file's policies (what `gpreg
 * show` prints), diffs, effects, audits, a GPO's other parts, diagnostics. Every function is named
 * `render*` (JSON documents `*Json`); "format" means a file format only. Kept off the package
 * root because the unified diff needs the `diff` package; the CLI prints with these.
 */

export { renderDiagnostic, renderPosition } from './render/diagnostic.js';
export { renderReport, renderRecords, reportJson } from './render/policy.js';
export { renderDiff, diffJson } from './render/diff.js';
export { renderValue } from './render/value.js';
export { renderEffect, unifiedDiff } from './render/effect.js';
export { renderAudit, renderAuditCsv, auditJson, auditFailed } from './render/audit.js';
export { renderSideParts, renderPartChanges, sidePartsJson } from './render/gpo.js';
export { renderComparison, renderComparisonCsv, comparisonJson, renderBaselineCheck, renderBaselineCsv, baselineJson } from './render/compare.js';
export { STATE_LABELS } from './policy/read.js';
export { renderOption } from './policy/setting.js';
export { renderSettingsHtml, type SettingsReportInput, type SettingsReportFile } from './render/html/settings.js';
export { renderDiffHtml, type DiffReportInput, type DiffSide } from './render/html/diff.js';
export { renderAuditHtml, type AuditHtmlOptions } from './render/html/audit.js';
