/**
 * `gpreg/render`: text, CSV, JSON and self-contained HTML renderings for people, of what the library computes (diffs,
 * effects, audits, diagnostics). Kept off the package root because the unified diff needs the
 * `diff` package; the CLI prints with these.
 */

export { formatDiagnostic, formatPosition } from './diagnostics.js';
export { formatDiff, diffJson } from './diff/render.js';
export { formatValue } from './diff/words.js';
export { formatEffect, unifiedDiff } from './diff/unified.js';
export { formatAudit, formatAuditCsv, auditJson, auditFailed } from './audit/render.js';
export { STATE_LABELS } from './policy/read.js';
export { formatOption } from './policy/setting.js';
export { formatSettingsHtml, type SettingsReportInput, type SettingsReportFile } from './html/settings.js';
export { formatDiffHtml, type DiffReportInput, type DiffSide } from './html/diff.js';
export { formatAuditHtml, type AuditHtmlOptions } from './html/audit.js';
