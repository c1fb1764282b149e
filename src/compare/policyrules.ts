/**
 * `.PolicyRules` files and GPOs, both ways, in the units `compare` reads: a rule file's entries
 * grouped by the GPO they came from (PolicyName), each GPO's sides with their registry operations,
 * security template and audit policy; and a GPO's `Registry.pol`, security template and audit
 * policy as entries, in Microsoft's conventions.
 */

import { GpregError, type Diagnostic } from '../errors.js';
import { DELETE_ALL_MARKER, DELETE_MARKER, type PolicyRule } from '../formats/policyrules.js';
import { parseInf } from '../formats/inf/inf.js';
import { csvField, parseCsv } from '../formats/csv.js';
import { readSecurityTemplate } from '../gpo/security.js';
import { readAuditPolicy } from '../gpo/audit-policy.js';
import type { SideParts } from '../gpo/parts.js';
import type { RegOp } from '../registry/ops.js';
import { parseRegType, regTypeName, RegType } from '../registry/types.js';
import { decodeValue, encodeDword, encodeMultiString, encodeQword, encodeString } from '../registry/values.js';
import { fromHex, toHex } from '../registry/hex.js';
import type { CompareUnit } from './settings.js';

/** The name rules without a PolicyName are grouped under. */
const NO_NAME = '(no PolicyName)';

/**
 * A rule file's entries as compare units: one per GPO (PolicyName) and side. Registry entries
 * become operations (`[[[delete]]]` a deleted value, `[[[Delete all values]]]` a cleared key),
 * SecurityTemplate lines a security template, AuditSubcategory entries an audit policy. An entry
 * whose data cannot be read for its type is a diagnostic, and left out.
 */
export function unitsOfPolicyRules(rules: readonly PolicyRule[]): { units: Array<CompareUnit & { gpo: string }>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const gpos = new Map<string, { Machine: { ops: RegOp[]; inf: Map<string, string[]>; audit: string[] }; User: { ops: RegOp[] } }>();
  for (const r of rules) {
    const name = r.policyName ?? NO_NAME;
    let g = gpos.get(name);
    if (!g) gpos.set(name, (g = { Machine: { ops: [], inf: new Map(), audit: [] }, User: { ops: [] } }));
    if (r.kind === 'registry') {
      const key = `${r.scope === 'Machine' ? 'HKEY_LOCAL_MACHINE' : 'HKEY_CURRENT_USER'}\\${r.key}`;
      try {
        g[r.scope].ops.push(ruleOp(key, r.value, r.regType, r.regData));
      } catch (e) {
        diagnostics.push({ severity: 'warning', code: 'POLICYRULES_BAD', message: `${r.scope === 'Machine' ? 'ComputerConfig' : 'UserConfig'} ${JSON.stringify(r.key)} ${JSON.stringify(r.value)} left out: ${(e as Error).message}` });
      }
    } else if (r.kind === 'security') {
      const lines = g.Machine.inf.get(r.section) ?? [];
      lines.push(r.line);
      g.Machine.inf.set(r.section, lines);
    } else {
      const value = /^\d+$/.test(r.setting) ? Number(r.setting) : ['no auditing', 'success', 'failure', 'success and failure'].indexOf(r.setting.toLowerCase());
      g.Machine.audit.push(`,System,${csvField(r.name)},${csvField(r.guid)},${csvField(r.setting)},,${value < 0 ? '' : value}`);
    }
  }
  const units: Array<CompareUnit & { gpo: string }> = [];
  for (const [gpo, g] of gpos) {
    const parts: SideParts = { unread: [] };
    if (g.Machine.inf.size) {
      const text = ['[Unicode]', 'Unicode=yes', ...[...g.Machine.inf].flatMap(([section, lines]) => [`[${section}]`, ...lines])].join('\r\n') + '\r\n';
      const doc = parseInf(new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])));
      const template = readSecurityTemplate(doc);
      parts.security = { file: 'PolicyRules', doc, template, diagnostics: [...doc.diagnostics, ...template.diagnostics] };
    }
    if (g.Machine.audit.length) {
      const doc = parseCsv(new Uint8Array(Buffer.from(['Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,Exclusion Setting,Setting Value', ...g.Machine.audit].join('\r\n') + '\r\n')));
      const read = readAuditPolicy(doc);
      parts.audit = { file: 'PolicyRules', doc, settings: read.settings, diagnostics: read.diagnostics };
    }
    if (g.Machine.ops.length || parts.security || parts.audit) units.push({ gpo, scope: 'Machine', ops: g.Machine.ops, parts });
    if (g.User.ops.length) units.push({ gpo, scope: 'User', ops: g.User.ops });
  }
  return { units, diagnostics };
}

/** One registry entry as an operation (see {@link unitsOfPolicyRules}). */
function ruleOp(key: string, name: string, regType: string, regData: string): RegOp {
  if (name === DELETE_ALL_MARKER || regData === DELETE_ALL_MARKER) return { op: 'deleteAllValues', key };
  if (regData === DELETE_MARKER) return { op: 'deleteValue', key, name };
  const type = parseRegType(regType);
  if (type === undefined) throw new Error(`unknown RegType ${JSON.stringify(regType)}`);
  return { op: 'set', key, name, type, data: ruleData(type, regData) };
}

/** RegData as bytes: numbers in decimal (or 0x hex), strings as text, a list one item per line, binary as hex. */
function ruleData(type: number, text: string): Uint8Array {
  switch (type) {
    case RegType.REG_DWORD: {
      const n = Number(text.trim());
      if (!Number.isInteger(n) || n < -0x80000000 || n > 0xffffffff) throw new Error(`REG_DWORD data ${JSON.stringify(text)} is not a 32-bit number`);
      return encodeDword(n < 0 ? n + 0x100000000 : n);
    }
    case RegType.REG_QWORD:
      try {
        return encodeQword(BigInt.asUintN(64, BigInt(text.trim())));
      } catch {
        throw new Error(`REG_QWORD data ${JSON.stringify(text)} is not a number`);
      }
    case RegType.REG_SZ:
    case RegType.REG_EXPAND_SZ:
      return encodeString(text);
    case RegType.REG_MULTI_SZ:
      return encodeMultiString(text.split(/\r?\n|\u0000/).filter((s) => s !== ''));
    default: {
      const hex = text.replace(/[\s,]/g, '');
      if (!/^([0-9a-f]{2})*$/i.test(hex)) throw new Error(`${regTypeName(type) ?? type} data ${JSON.stringify(text.slice(0, 40))} is not hex`);
      return fromHex(hex);
    }
  }
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
