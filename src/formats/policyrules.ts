/**
 * Policy Analyzer's `.PolicyRules` files, the form Microsoft (and DISA, NSA, BSI) publish security
 * baselines in: XML, one element per setting — `ComputerConfig`/`UserConfig` (Key, Value, RegType,
 * RegData), `SecurityTemplate` (Section, LineItem), `AuditSubcategory` (GUID, Name, Setting) —
 * each with the GPO it came from (PolicyName) and its file in that GPO (SourceFile). A deleted value
 * has `[[[delete]]]` as its data, a key whose values are all deleted `[[[Delete all values]]]` as its
 * value name.
 *
 * Reading is tolerant of the shapes files are met in: each field as a child element or an
 * attribute, in any case, and a SecurityTemplate's several LineItems. Writing uses child elements,
 * with Microsoft's conventions: REG_DWORD and REG_QWORD data in decimal, strings as text, a
 * REG_MULTI_SZ's items one per line, binary data as hex digits. Through the XML reader gpreg uses
 * for templates: no DTD, no external entity, size caps.
 */

import { GpregError, type Diagnostic, type Position } from '../errors.js';
import { parseXml, XmlError, xmlText as xml, type XmlElement } from '../admx/xml.js';
import type { RegOp } from '../registry/ops.js';
import { parseRegType, regTypeName, RegType } from '../registry/types.js';
import { encodeDword, encodeMultiString, encodeQword, encodeString } from '../registry/values.js';
import { fromHex } from '../registry/hex.js';

/** The marker of a deleted value (its RegData). */
export const DELETE_MARKER = '[[[delete]]]';
/** The marker of a key whose values are all deleted (its Value). */
export const DELETE_ALL_MARKER = '[[[Delete all values]]]';

/** Where an entry came from: the GPO's name and the file inside it, when the file says. */
export interface RuleOrigin {
  policyName?: string;
  sourceFile?: string;
}

/** One entry of a `.PolicyRules` file. */
export type PolicyRule =
  | ({ kind: 'registry'; scope: 'Machine' | 'User'; key: string; value: string; regType: string; regData: string } & RuleOrigin)
  | ({ kind: 'security'; section: string; line: string } & RuleOrigin)
  | ({ kind: 'audit'; guid: string; name: string; setting: string } & RuleOrigin);

/** A `.PolicyRules` file read: its entries in order, the line of each entry's element, and what was passed over. */
export interface PolicyRulesDocument {
  rules: PolicyRule[];
  /** `lines[i]` is the line of the element `rules[i]` was read from. */
  lines: number[];
  diagnostics: Diagnostic[];
}

/** A field of an element: its attribute or its child element, without case. */
function field(el: XmlElement, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of el.attrs) if (k.toLowerCase() === lower) return v;
  return el.children.find((c) => c.name.toLowerCase() === lower)?.text;
}

/**
 * Reads a `.PolicyRules` file. Not well-formed XML, or another root element, is a `GpregError`
 * (`POLICYRULES_BAD`) with its line; an entry without what it needs is a diagnostic, and skipped.
 */
export function parsePolicyRules(bytes: Uint8Array): PolicyRulesDocument {
  let root: XmlElement;
  try {
    root = parseXml(bytes);
  } catch (e) {
    if (e instanceof XmlError) throw new GpregError('POLICYRULES_BAD', `not well-formed XML: ${e.message}`, { line: e.line, column: e.column });
    throw e;
  }
  if (root.name.toLowerCase() !== 'policyrules') throw new GpregError('POLICYRULES_BAD', `expected a <PolicyRules> document, found <${root.name}>`, { line: root.line, column: root.column });
  const rules: PolicyRule[] = [];
  const lines: number[] = [];
  const diagnostics: Diagnostic[] = [];
  const skip = (el: XmlElement, why: string) => diagnostics.push({ severity: 'warning', code: 'POLICYRULES_BAD', message: `<${el.name}> skipped: ${why}`, line: el.line, column: el.column });
  for (const el of root.children) {
    const origin: RuleOrigin = {};
    const policyName = field(el, 'PolicyName');
    const sourceFile = field(el, 'SourceFile');
    if (policyName) origin.policyName = policyName.trim();
    if (sourceFile) origin.sourceFile = sourceFile.trim();
    const kind = el.name.toLowerCase();
    if (kind === 'computerconfig' || kind === 'userconfig') {
      const key = field(el, 'Key')?.trim();
      if (!key) {
        skip(el, 'no Key');
        continue;
      }
      lines.push(el.line);
      rules.push({ kind: 'registry', scope: kind === 'computerconfig' ? 'Machine' : 'User', key, value: field(el, 'Value') ?? '', regType: (field(el, 'RegType') ?? 'REG_SZ').trim(), regData: field(el, 'RegData') ?? '', ...origin });
    } else if (kind === 'securitytemplate') {
      const section = field(el, 'Section')?.trim();
      const items = el.children.filter((c) => c.name.toLowerCase() === 'lineitem').map((c) => c.text);
      if (!section || items.length === 0) {
        skip(el, section ? 'no LineItem' : 'no Section');
        continue;
      }
      for (const line of items) {
        lines.push(el.line);
        rules.push({ kind: 'security', section, line, ...origin });
      }
    } else if (kind === 'auditsubcategory') {
      const guid = (field(el, 'GUID') ?? field(el, 'SubcategoryGuid') ?? '').trim();
      const setting = (field(el, 'Setting') ?? field(el, 'InclusionSetting') ?? '').trim();
      if (!guid || !setting) {
        skip(el, guid ? 'no Setting' : 'no GUID');
        continue;
      }
      lines.push(el.line);
      rules.push({ kind: 'audit', guid, name: (field(el, 'Name') ?? field(el, 'SubcategoryName') ?? '').trim(), setting, ...origin });
    } else {
      skip(el, 'not an entry gpreg knows (ComputerConfig, UserConfig, SecurityTemplate, AuditSubcategory)');
    }
  }
  return { rules, lines, diagnostics };
}

/**
 * The registry entries of a rule file as operations, each with its element's line: ComputerConfig
 * under HKEY_LOCAL_MACHINE, UserConfig under HKEY_CURRENT_USER (see {@link registryRuleOp}). An
 * entry whose data cannot be read for its type is a diagnostic, and left out. SecurityTemplate and
 * AuditSubcategory entries are no registry values: they are not here.
 */
export function policyRulesOps(doc: { rules: readonly PolicyRule[]; lines?: ReadonlyArray<number | undefined> }): { ops: RegOp[]; positions: Position[]; diagnostics: Diagnostic[] } {
  const ops: RegOp[] = [];
  const positions: Position[] = [];
  const diagnostics: Diagnostic[] = [];
  doc.rules.forEach((r, i) => {
    if (r.kind !== 'registry') return;
    const line = doc.lines?.[i];
    try {
      ops.push(registryRuleOp(r));
      positions.push(line !== undefined ? { line } : {});
    } catch (e) {
      diagnostics.push({ severity: 'warning', code: 'POLICYRULES_BAD', message: `${r.scope === 'Machine' ? 'ComputerConfig' : 'UserConfig'} ${JSON.stringify(r.key)} ${JSON.stringify(r.value)} left out: ${(e as Error).message}`, ...(line !== undefined ? { line } : {}) });
    }
  });
  return { ops, positions, diagnostics };
}

/**
 * One registry entry as an operation: `[[[delete]]]` data a deleted value, a `[[[Delete all
 * values]]]` name a cleared key, else a value set with its data read for its type (numbers in
 * decimal or 0x hex, strings as text, a list one item per line, binary as hex digits). Throws an
 * `Error` saying why when the data cannot be read.
 */
export function registryRuleOp(r: Extract<PolicyRule, { kind: 'registry' }>): RegOp {
  const key = `${r.scope === 'Machine' ? 'HKEY_LOCAL_MACHINE' : 'HKEY_CURRENT_USER'}\\${r.key}`;
  if (r.value === DELETE_ALL_MARKER || r.regData === DELETE_ALL_MARKER) return { op: 'deleteAllValues', key };
  if (r.regData === DELETE_MARKER) return { op: 'deleteValue', key, name: r.value };
  const type = parseRegType(r.regType);
  if (type === undefined) throw new Error(`unknown RegType ${JSON.stringify(r.regType)}`);
  return { op: 'set', key, name: r.value, type, data: ruleData(type, r.regData) };
}

/** RegData as bytes (see {@link registryRuleOp}). */
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

/**
 * Writes entries as a `.PolicyRules` document (UTF-8 with BOM, CRLF): child elements, each entry
 * with its PolicyName and SourceFile; SecurityTemplate entries of one section and origin in a row
 * share an element.
 */
export function serializePolicyRules(rules: readonly PolicyRule[]): string {
  const out = ['<?xml version="1.0" encoding="utf-8"?>', '<PolicyRules>'];
  const origin = (r: RuleOrigin) => [...(r.policyName !== undefined ? [`    <PolicyName>${xml(r.policyName)}</PolicyName>`] : []), ...(r.sourceFile !== undefined ? [`    <SourceFile>${xml(r.sourceFile)}</SourceFile>`] : [])];
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i]!;
    if (r.kind === 'registry') {
      const tag = r.scope === 'Machine' ? 'ComputerConfig' : 'UserConfig';
      out.push(`  <${tag}>`, `    <Key>${xml(r.key)}</Key>`, `    <Value>${xml(r.value)}</Value>`, `    <RegType>${xml(r.regType)}</RegType>`, `    <RegData>${xml(r.regData)}</RegData>`, ...origin(r), `  </${tag}>`);
    } else if (r.kind === 'security') {
      const lines = [r.line];
      while (i + 1 < rules.length) {
        const next = rules[i + 1]!;
        if (next.kind !== 'security' || next.section !== r.section || next.policyName !== r.policyName || next.sourceFile !== r.sourceFile) break;
        lines.push(next.line);
        i++;
      }
      out.push(`  <SecurityTemplate Section="${xml(r.section, true)}">`, ...lines.map((l) => `    <LineItem>${xml(l)}</LineItem>`), ...origin(r), '  </SecurityTemplate>');
    } else {
      out.push('  <AuditSubcategory>', `    <GUID>${xml(r.guid)}</GUID>`, `    <Name>${xml(r.name)}</Name>`, `    <Setting>${xml(r.setting)}</Setting>`, ...origin(r), '  </AuditSubcategory>');
    }
  }
  out.push('</PolicyRules>', '');
  return '\ufeff' + out.join('\r\n');
}
