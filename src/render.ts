/**
 * `gpreg/render`: text, CSV and JSON renderings for people, of what the library computes (diffs,
 * effects, audits, diagnostics). Kept off the package root because the unified diff needs the
 * `diff` package; the CLI prints with these.
 */

export { formatDiagnostic, formatPosition } from './diagnostics.js';
export { renderDiffText, renderEffect, unifiedDiff, diffJson, showValue } from './diff/render.js';
export { renderAuditText, renderAuditCsv, auditJson, auditFailed } from './audit/render.js';
export { STATE_LABELS } from './policy/read.js';
export { formatOption } from './policy/setting.js';
