/**
 * `.PolicyRules` files and GPOs, both ways, in the units `compare` reads: a rule file's entries
 * grouped by the GPO they came from (PolicyName), each GPO's sides with their registry operations,
 * security template and audit policy; and a GPO's `Registry.pol`, security template and audit
 * policy as entries, in Microsoft's conventions.
 */

import { GpregError, type Diagnostic } from '../errors.js';
import { DELETE_ALL_MARKER, DELETE_MARKER, policyRulesOps, type PolicyRule } from '../formats/policyrules.js';
import { parseInf } from '../formats/inf/inf.js';
import { csvField, parseCsv } from '../formats/csv.js';
import { readSecurityTemplate } from '../gpo/security.js';
import { readAuditPolicy } from '../gpo/audit-policy.js';
import type { SideParts } from '../gpo/parts.js';
import type { RegOp } from '../registry/ops.js';
import { regTypeName } from '../registry/types.js';
import { decodeValue } from '../registry/values.js';
import { toHex } from '../registry/hex.js';
import type { CompareUnit } from './settings.js';

/** The name rules without a PolicyName are grouped under. */
const NO_NAME = '(no PolicyName)';

/**
 * A rule file's entries as compare units: one per GPO (PolicyName) and side. Registry entries
 * become operations ({@link policyRulesOps}), SecurityTemplate and AuditSubcategory entries the
 * Machine side's parts ({@link partsOfRules}). An entry whose data cannot be read for its type is a
 * diagnostic (with its line when `lines` are given), and left out.
 */
export function unitsOfPolicyRules(rules: readonly PolicyRule[], lines: readonly number[] = []): { units: Array<CompareUnit & { gpo: string }>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const gpos = new Map<string, { rules: PolicyRule[]; lines: Array<number | undefined> }>();
  rules.forEach((r, i) => {
    const name = r.policyName ?? NO_NAME;
    let g = gpos.get(name);
    if (!g) gpos.set(name, (g = { rules: [], lines: [] }));
    g.rules.push(r);
    g.lines.push(lines[i]);
  });
  const units: Array<CompareUnit & { gpo: string }> = [];
  for (const [gpo, g] of gpos) {
    const read = policyRulesOps(g);
    diagnostics.push(...read.diagnostics);
    const machine = read.ops.filter((o) => o.key.startsWith('HKEY_LOCAL_MACHINE\\'));
    const user = read.ops.filter((o) => !o.key.startsWith('HKEY_LOCAL_MACHINE\\'));
    const parts = partsOfRules(g.rules);
    if (machine.length || parts.security || parts.audit) units.push({ gpo, scope: 'Machine', ops: machine, parts });
    if (user.length) units.push({ gpo, scope: 'User', ops: user });
  }
  return { units, diagnostics };
}

/**
 * The SecurityTemplate and AuditSubcategory entries of rules as a Machine side's parts, as a GPO's
 * files hold them: the lines by section as a security template (GptTmpl.inf), the subcategories as
 * an audit policy (audit.csv). Registry entries are not parts: they are left to {@link policyRulesOps}.
 */
export function partsOfRules(rules: readonly PolicyRule[]): SideParts {
  const inf = new Map<string, string[]>();
  const audit: string[] = [];
  for (const r of rules) {
    if (r.kind === 'security') {
      const lines = inf.get(r.section) ?? [];
      lines.push(r.line);
      inf.set(r.section, lines);
    } else if (r.kind === 'audit') {
      const value = /^\d+$/.test(r.setting) ? Number(r.setting) : ['no auditing', 'success', 'failure', 'success and failure'].indexOf(r.setting.toLowerCase());
      audit.push(`,System,${csvField(r.name)},${csvField(r.guid)},${csvField(r.setting)},,${value < 0 ? '' : value}`);
    }
  }
  const parts: SideParts = { unread: [] };
  if (inf.size) {
    const text = ['[Unicode]', 'Unicode=yes', ...[...inf].flatMap(([section, lines]) => [`[${section}]`, ...lines])].join('\r\n') + '\r\n';
    const doc = parseInf(new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])));
    const template = readSecurityTemplate(doc);
    parts.security = { file: 'PolicyRules', doc, template, diagnostics: [...doc.diagnostics, ...template.diagnostics] };
  }
  if (audit.length) {
    const doc = parseCsv(new Uint8Array(Buffer.from(['Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,Exclusion Setting,Setting Value', ...audit].join('\r\n') + '\r\n')));
    const read = readAuditPolicy(doc);
    parts.audit = { file: 'PolicyRules', doc, settings: read.settings, diagnostics: read.diagnostics };
  }
  return parts;
}

/** A GPO side's files and what they hold, as `policyRulesOfGpo` reads them. */
export interface GpoRulesInput {
  /** The GPO's name (PolicyName). */
  name: string;
  sides: Array<{ scope: 'Machine' | 'User'; ops: readonly RegOp[]; polFile?: string; parts: SideParts; partFiles?: { security?: string; audit?: string } }>;
}

/**
 * A GPO as `.PolicyRules` entries, in Microsoft's conventions: its Registry.pol's values (keys
 * without their hive; REG_DWORD in decimal, strings as text, a list one item per line, binary as hex;
 * deletions as markers), its security template's lines by section, its audit subcategories; each
 * with PolicyName (the GPO's name) and SourceFile (the file's path inside the GPO). What a rule
 * cannot say (`**DeleteKeys`, `**SecureKey`, a key created without values) is a diagnostic.
 */
export function policyRulesOfGpo(gpo: GpoRulesInput): { rules: PolicyRule[]; diagnostics: Diagnostic[] } {
  const rules: PolicyRule[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const side of gpo.sides) {
    const origin = { policyName: gpo.name, ...(side.polFile ? { sourceFile: side.polFile } : {}) };
    for (const op of side.ops) {
      const key = op.key.slice(op.key.indexOf('\\') + 1);
      const base = { kind: 'registry' as const, scope: side.scope, key, ...origin };
      if (op.op === 'set') rules.push({ ...base, value: op.name, regType: regTypeName(op.type) ?? `0x${op.type.toString(16)}`, regData: dataText(op.type, op.data) });
      else if (op.op === 'deleteValue') rules.push({ ...base, value: op.name, regType: 'REG_SZ', regData: DELETE_MARKER });
      else if (op.op === 'deleteAllValues') rules.push({ ...base, value: DELETE_ALL_MARKER, regType: 'REG_SZ', regData: '' });
      else if (op.op === 'deleteValues') for (const name of op.names) rules.push({ ...base, value: name, regType: 'REG_SZ', regData: DELETE_MARKER });
      else diagnostics.push({ severity: 'warning', code: 'POLICYRULES_LOSSY', message: `${gpo.name}: ${op.op} of ${op.key} has no .PolicyRules form: left out` });
    }
    const t = side.parts.security;
    if (t) {
      for (const l of t.doc.lines) {
        // Every setting line (services and file permissions are lines without `=`), not the file's own header sections.
        if ((l.kind !== 'entry' && l.kind !== 'other') || !l.section || /^(unicode|version)$/i.test(l.section)) continue;
        rules.push({ kind: 'security', section: l.section, line: l.text.trim(), policyName: gpo.name, ...(side.partFiles?.security ? { sourceFile: side.partFiles.security } : {}) });
      }
    }
    for (const a of side.parts.audit?.settings ?? []) {
      if (!a.guid) continue;
      rules.push({ kind: 'audit', guid: a.guid.toUpperCase(), name: a.subcategory, setting: Number.isNaN(a.value) ? a.setting : String(a.value), policyName: gpo.name, ...(side.partFiles?.audit ? { sourceFile: side.partFiles.audit } : {}) });
    }
  }
  if (rules.length === 0 && diagnostics.length === 0) throw new GpregError('POLICYRULES_BAD', `${gpo.name}: nothing to write: no Registry.pol values, security template or audit policy`);
  return { rules, diagnostics };
}

/** A value's data as RegData text (see {@link policyRulesOfGpo}). */
function dataText(type: number, data: Uint8Array): string {
  const t = decodeValue(type, data);
  if (t.kind === 'number' || t.kind === 'bigint') return String(t.value);
  if (t.kind === 'string') return t.value;
  if (t.kind === 'strings') return t.value.join('\n');
  return toHex(t.value);
}
