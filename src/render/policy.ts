/**
 * A file's policies for people, as `gpreg show` prints them (text, and the documented JSON):
 * each policy with its state, options as the dialog shows them and findings, then the records no
 * policy explains, grouped under the editor that writes them.
 */

import { extensionArea } from '../registry/areas.js';
import { describeExtensionValue, extensionText } from '../gpo/extensions.js';
import { renderDiagnostic, renderPosition } from './diagnostic.js';
import type { LoadedFile } from '../formats/load.js';
import { opToJson } from '../registry/ops.js';
import { renderOp } from './op.js';
import { STATE_LABELS, type PolicyReport } from '../policy/read.js';
import { presentedWords, presentOptions, type PresentedOption } from '../policy/presentation.js';
import { renderOption } from '../policy/setting.js';
import { labelText, safeField } from '../text.js';

/** The report as text: each policy with state, options and findings, then unexplained operations. */
export function renderReport(file: string, loaded: LoadedFile, report: PolicyReport): string {
  const out: string[] = [`${file} (${loaded.format}${loaded.format === 'pol' ? `, ${loaded.hive}` : ''})`];
  if (report.policies.length === 0) out.push('  no known policy is set in this file');
  for (const p of report.policies) {
    const def = p.definition;
    out.push('', `${safeField(p.displayName)} (${p.policy}): ${STATE_LABELS[p.state]}${p.reason ? ` — ${p.reason}` : ''}`);
    if (def.category) out.push(`  category: ${safeField(def.category)}`);
    if (def.presentation) {
      // As GPMC's report shows them: each control's label and value, in the dialog's order.
      if (p.state === 'enabled') for (const c of presentOptions(def, p.options)) if (c.control !== 'text') out.push(`  ${safeField(labelText(c.label || c.refId || ''))}: ${safeField(renderPresented(c.value))}`);
    } else for (const [k, v] of p.options) out.push(`  ${safeField(k)}: ${safeField(renderOption(v))}`);
    if (p.alsoExplainedBy?.length) out.push(`  also explained by: ${p.alsoExplainedBy.join(', ')}`);
    for (const f of p.findings) out.push(`  ${renderDiagnostic(f)}`);
    out.push(`  evidence: ${p.evidence.map((i) => renderPosition(loaded.positions[i] ?? {}) || `op ${i + 1}`).join('; ')}`);
  }
  // Values another editor writes go under its heading, as GPMC shows them; the rest are extra.
  const groups = new Map<string, number[]>();
  for (const i of report.unexplained) {
    const g = extensionArea(loaded.ops[i]!.key) ?? '';
    const list = groups.get(g);
    if (list) list.push(i);
    else groups.set(g, [i]);
  }
  for (const [area, list] of [...groups].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))) {
    out.push('', area ? `${area} (${list.length} record(s)):` : `Records no policy explains (${list.length}):`);
    const shown = list.slice(0, 50);
    for (const i of shown) {
      const where = renderPosition(loaded.positions[i] ?? {});
      // In the extension's words where they are known (a rule, a profile setting), else the record.
      const words = area ? extensionText(loaded.ops[i]!) : undefined;
      out.push(`  ${words ? safeField(`${words}${where ? ` (${where})` : ''}`) : renderOp(loaded.ops[i]!, where, true)}`);
    }
    if (list.length > shown.length) out.push(`  … and ${list.length - shown.length} more (--json lists them all)`);
  }
  // A note, not a problem, but one an admin must know before unlinking the GPO.
  const tattoo = loaded.diagnostics.filter((d) => d.code === 'POLICY_TATTOO');
  if (tattoo.length > 0) {
    out.push('', `Values outside the policy keys, which stay after the GPO is removed (tattooing; ${tattoo.length} key(s)):`);
    for (const d of tattoo) out.push(`  ${safeField(renderDiagnostic(d))}`);
  }
  const fileProblems = loaded.diagnostics.filter((d) => d.severity !== 'info');
  if (fileProblems.length > 0) {
    out.push('', `File diagnostics (${fileProblems.length}):`);
    for (const d of fileProblems) out.push(`  ${renderDiagnostic(d)}`);
  }
  return out.join('\n') + '\n';
}

/**
 * Every operation of a file, one a line, not cut: its position (`.pol` offset, `.reg` line), the
 * operation with its typed value, and the policy it is evidence for (or `unexplained`).
 */
export function renderRecords(file: string, loaded: LoadedFile, report: PolicyReport): string {
  const owner = new Map<number, string>();
  for (const p of report.policies) for (const i of p.evidence) if (!owner.has(i)) owner.set(i, p.policy);
  const out = [`${file} (${loaded.format}${loaded.format === 'pol' ? `, ${loaded.hive}` : ''}): ${loaded.ops.length} record(s)`];
  loaded.ops.forEach((op, i) => {
    const where = renderPosition(loaded.positions[i] ?? {}) || `#${i + 1}`;
    out.push(`${where.padEnd(14)} ${renderOp(op, '')}  [${owner.get(i) ?? 'unexplained'}]`);
  });
  return out.join('\n') + '\n';
}

/** The report as the documented JSON (docs/json.md#show). */
export function reportJson(file: string, loaded: LoadedFile, report: PolicyReport) {
  const at = (i: number) => ({ index: i, ...loaded.positions[i], ...opToJson(loaded.ops[i]!) });
  return {
    file,
    format: loaded.format,
    hive: loaded.hive,
    policies: report.policies.map((p) => ({
      policy: p.policy,
      id: p.id,
      displayName: p.displayName,
      category: p.definition.category,
      class: p.definition.class,
      supportedOn: p.definition.supportedOn,
      state: p.state,
      ...(p.reason ? { reason: p.reason } : {}),
      options: Object.fromEntries([...p.options].map(([k, v]) => [k, typeof v === 'bigint' ? String(v) : v])),
      presentation: p.state === 'enabled' ? presentOptions(p.definition, p.options) : [],
      ...(p.alsoExplainedBy ? { alsoExplainedBy: p.alsoExplainedBy } : {}),
      findings: p.findings,
      evidence: p.evidence.map(at),
    })),
    // Values another editor writes (the firewall's, NRPT's, AppLocker's) say whose they are.
    unexplained: report.unexplained.map((i) => {
      const area = extensionArea(loaded.ops[i]!.key);
      const words = area ? describeExtensionValue(loaded.ops[i]!) : undefined;
      return { ...at(i), ...(area ? { area } : {}), ...(words ? { words } : {}) };
    }),
    diagnostics: loaded.diagnostics,
  };
}

/** A presented value for people: GPMC's words for check boxes, lists joined. */
function renderPresented(v: PresentedOption['value']): string {
  if (v === null || v === undefined) return '(not configured)';
  const words = presentedWords(v);
  if (!Array.isArray(words)) return words;
  return words.length === 0 ? '(none)' : words.join('; ');
}
