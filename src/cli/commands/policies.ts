import type { Argv, ArgumentsCamelCase } from 'yargs';
import { bigintReplacer, jsonText } from '../../formats/json-text.js';
import { renderDiagnostic } from '../../render/diagnostic.js';
import { opToJson, type RegOp } from '../../registry/ops.js';
import { buildPolicy, ownedValues } from '../../policy/build.js';
import type { PolicySet } from '../../policy/set.js';
import { policyId, type AdmxValue, type PolicyDefinition, type PolicyElement } from '../../policy/types.js';
import type { CliIO } from '../io.js';
import { renderOp } from '../../render/op.js';
import { parseKeyQuery } from '../../registry/touches.js';
import { foldName, trimKeyPath, type HiveName } from '../../registry/keys.js';
import { admxOptions, loadDefinitions, type AdmxArgs } from '../shared.js';
import { labelText, safeField } from '../../text.js';
import { emit, print } from '../print.js';

interface PoliciesArgs extends AdmxArgs {
  policy?: string;
  json?: boolean;
  search?: string;
  category?: string;
  diagnostics?: boolean;
}

export function builder(y: Argv) {
  return admxOptions(y)
    .positional('policy', { type: 'string', describe: 'One policy (namespace:name, name or alias): explain text, options with allowed values and defaults, and the records per state' })
    .option('search', { type: 'string', describe: 'Only policies whose name, display name, registry key or value name contains this text (any case); a registry path (HKLM\\…\\Value, hive optional) finds the policies that write that key or value' })
    .option('category', { type: 'string', describe: 'Only policies in this category path or below it (GPMC\'s form, e.g. "System/Remote Assistance")' })
    .option('json', { type: 'boolean', default: false, describe: 'As JSON' })
    .option('diagnostics', { type: 'boolean', default: false, describe: 'List every problem found in the templates (file, line, column) instead' })
    .example('$0 policies', 'The built-in catalog')
    .example('$0 policies --admx C:/Windows/PolicyDefinitions --search "remote assistance"', 'Find a policy in the templates')
    .example('$0 policies --admx C:/Windows/PolicyDefinitions --search "HKLM\\SOFTWARE\\Policies\\Microsoft\\FVE\\UseAdvancedStartup"', 'Which policy sets this value?')
    .example('$0 policies --admx PolicyDefinitions RA_Solicit', 'One policy: options, defaults and the records per state');
}

const value = (v: AdmxValue) => (v.kind === 'delete' ? 'delete' : v.kind === 'string' ? JSON.stringify(v.value) : String(v.value));
const json = jsonText;

/** A label without the colon the dialog puts after it. */
const label = (s: string) => safeField(labelText(s));

/** What an option accepts, for people. */
function allowed(el: PolicyElement): string {
  const d = el.default !== undefined ? `; default ${el.type === 'enum' ? (el.items.find((i) => i.id === el.default)?.label ?? el.default) : JSON.stringify(el.default, bigintReplacer)}` : '';
  switch (el.type) {
    case 'enum':
      return el.items.map((i) => `${JSON.stringify(i.label)} (${i.id}: ${value(i.value)})`).join(' | ') + d;
    case 'list':
      return `list, each a ${el.expandable ? 'REG_EXPAND_SZ' : 'REG_SZ'} value under ${el.key}${el.explicitValue ? ' given as name=value' : el.valuePrefix === undefined ? ' named as its data' : ` named ${el.valuePrefix}1, ${el.valuePrefix}2, …`}${el.additive ? ' (added to what is there)' : ''}`;
    case 'decimal':
    case 'longDecimal':
      return `whole number ${el.minValue ?? 0}–${el.maxValue ?? (el.type === 'decimal' ? 4294967295 : '18446744073709551615')}${el.storeAsText ? ' (stored as text)' : ''}${d}`;
    case 'boolean':
      return `true or false${d}`;
    case 'text':
      return `text${el.maxLength !== undefined ? ` of at most ${el.maxLength} characters` : ''}${el.expandable ? ' (REG_EXPAND_SZ)' : ''}${d}`;
    case 'multiText':
      return `several lines of text (REG_MULTI_SZ)${d}`;
  }
}

function summary(p: PolicyDefinition) {
  return {
    id: policyId(p),
    name: p.name,
    aliases: p.aliases,
    displayName: p.displayName,
    namespace: p.namespace,
    category: p.category,
    class: p.class,
    key: p.key,
    valueName: p.valueName,
    enabledValue: p.enabledValue && value(p.enabledValue),
    disabledValue: p.disabledValue && value(p.disabledValue),
    supportedOn: p.supportedOn,
    options: p.elements.map((e) => ({
      option: e.option,
      id: e.id,
      type: e.type,
      label: e.label,
      ...('valueName' in e ? { valueName: e.valueName } : {}),
      ...(e.key !== undefined ? { key: e.key } : {}),
      ...(e.type === 'enum' ? { values: e.items.map((i) => ({ id: i.id, label: i.label, value: value(i.value) })) } : {}),
      ...(e.type === 'decimal' || e.type === 'longDecimal' ? { min: e.minValue, max: e.maxValue } : {}),
      ...(e.default !== undefined ? { default: e.default } : {}),
      required: e.required ?? false,
    })),
  };
}

/** The records a state writes, when the template gives every option a default. */
function recordsOf(def: PolicyDefinition, state: string): RegOp[] | string {
  try {
    return buildPolicy(def, { state }).ops;
  } catch (e) {
    return `(needs options: ${(e as Error).message})`;
  }
}

function matches(p: PolicyDefinition, args: PoliciesArgs): boolean {
  if (args.category && !(p.category.toLowerCase() === args.category.toLowerCase() || p.category.toLowerCase().startsWith(args.category.toLowerCase().replace(/\/+$/, '') + '/'))) return false;
  if (!args.search) return true;
  const path = registrySearch(args.search);
  if (path) return writesPath(p, path);
  const q = args.search.toLowerCase();
  const hay = [policyId(p), p.displayName, p.key, p.valueName ?? '', ...p.aliases, ...p.elements.flatMap((e) => [e.key ?? '', 'valueName' in e ? e.valueName : ''])];
  return hay.some((h) => h.toLowerCase().includes(q));
}

/** A search for a registry path: its hive when given (`HKLM\…`, `HKLM:\…`) and the path below it, folded. */
interface PathSearch {
  hive?: HiveName;
  path: string;
}

/** `--search` text that is a registry path (it has a backslash), read as one; else undefined. */
function registrySearch(text: string): PathSearch | undefined {
  if (!text.includes('\\')) return undefined;
  try {
    const q = parseKeyQuery(text);
    return { hive: q.hive, path: foldName(q.path) };
  } catch {
    return { path: foldName(trimKeyPath(text.trim())) };
  }
}

/**
 * Whether a policy writes at a path: a key whose path contains it (as a plain search does), or a
 * value — the path's last part under its parent key — that the policy, an option or a list item
 * writes. A hive keeps only the policies of its class (HKLM: Computer, HKCU: User).
 */
function writesPath(p: PolicyDefinition, q: PathSearch): boolean {
  if (q.hive === 'HKEY_LOCAL_MACHINE' && p.class === 'User') return false;
  if (q.hive === 'HKEY_CURRENT_USER' && p.class === 'Machine') return false;
  // The values it writes, and its list elements' keys (whose value names are the data).
  const written: Array<[string, string | undefined]> = [...ownedValues(p), ...p.elements.flatMap((e): Array<[string, undefined]> => (e.type === 'list' ? [[e.key, undefined]] : []))];
  if (!written.length) written.push([p.key, undefined]);
  const cut = q.path.lastIndexOf('\\');
  const [parent, last] = cut < 0 ? ['', q.path] : [q.path.slice(0, cut), q.path.slice(cut + 1)];
  return written.some(([key, name]) => {
    const k = foldName(trimKeyPath(key));
    return k.includes(q.path) || (k === parent && name !== undefined && foldName(name) === last);
  });
}

function detail(def: PolicyDefinition, io: CliIO, asJson: boolean): void {
  const states = ['enabled', 'disabled'] as const;
  if (asJson) {
    const records = Object.fromEntries(states.map((s) => [s, ((r) => (typeof r === 'string' ? r : r.map(opToJson)))(recordsOf(def, s))]));
    emit(io, json({ ...summary(def), explainText: def.explainText, presentation: def.presentation, records }));
    return;
  }
  // One-line fields from templates stay one line (a line break in a display name is shown as \x0a).
  const out = [safeField(def.displayName), `  ${policyId(def)}${def.aliases.length ? ` (${def.aliases.join(', ')})` : ''}`];
  out.push(`  ${safeField(def.category || '(no category)')}; ${def.class === 'Machine' ? 'Computer (HKLM)' : def.class === 'User' ? 'User (HKCU)' : 'Computer or User'}; ${safeField(def.supportedOn || 'supported on: not stated')}`);
  out.push(`  ${def.key}${def.valueName ? ` : ${def.valueName} (enabled ${def.enabledValue ? value(def.enabledValue) : '1'}, disabled ${def.disabledValue ? value(def.disabledValue) : 'deleted'})` : ''}`);
  if (def.elements.length) out.push('', 'Options (--option NAME=VALUE; NAME is the id or the label):');
  for (const el of def.elements) out.push(`  ${el.option}${el.label !== el.option ? ` "${label(el.label)}"` : ''}${el.required ? ' (required)' : ''}: ${allowed(el)}`);
  for (const s of states) {
    const r = recordsOf(def, s);
    out.push('', `${s === 'enabled' ? 'Enabled (with the defaults)' : 'Disabled'} writes:`);
    if (typeof r === 'string') out.push(`  ${r}`);
    else for (const op of r) out.push(`  ${renderOp(op, '')}`);
  }
  if (def.explainText) out.push('', def.explainText.trim());
  print(io, out.join('\n') + '\n');
}

export async function handler(args: ArgumentsCamelCase<PoliciesArgs>, io: CliIO): Promise<number> {
  const set: PolicySet = await loadDefinitions(args, io);
  if (args.diagnostics) {
    if (args.json) emit(io, json(set.diagnostics));
    else for (const d of set.diagnostics) print(io, `${safeField(d.file ?? '')}: ${safeField(renderDiagnostic(d))}\n`);
    return set.diagnostics.some((d) => d.severity !== 'info') ? 1 : 0;
  }
  if (args.policy) {
    detail(set.find(args.policy), io, args.json ?? false);
    return 0;
  }
  const list = set.policies.filter((p) => matches(p, args));
  if (args.json) {
    emit(io, json(list.map(summary)));
    return 0;
  }
  const out: string[] = [];
  for (const p of list) {
    out.push(`${policyId(p)}${p.aliases.length ? ` (${p.aliases.join(', ')})` : ''}: ${safeField(p.displayName)}`);
    out.push(`  ${safeField(p.category)}; ${p.class === 'Machine' ? 'Computer (HKLM)' : p.class === 'User' ? 'User (HKCU)' : 'Computer or User'}; ${p.key}${p.valueName ? ` : ${p.valueName}` : ''}`);
    for (const el of p.elements) out.push(`  --option ${el.option}=…  ${label(el.label)}: ${allowed(el)}`);
    out.push('');
  }
  out.push(`${list.length} ${list.length === 1 ? 'policy' : 'policies'}${args.search || args.category ? ` of ${set.policies.length}` : ''}`);
  print(io, out.join('\n') + '\n');
  return 0;
}
