import type { Argv, ArgumentsCamelCase } from 'yargs';
import { CATALOG } from '../../policy/catalog/index.js';
import type { AdmxValue, PolicyDefinition, PolicyElement } from '../../policy/types.js';
import type { CliIO } from '../io.js';

interface PoliciesArgs {
  json?: boolean;
}

export const command = 'policies';
export const describe = 'List the policies gpreg knows, with each option and its allowed values';

export function builder(y: Argv) {
  return y
    .option('json', { type: 'boolean', default: false, describe: 'The catalog as JSON' })
    .example('$0 policies', 'Names, aliases, keys and options')
    .example('$0 policies --json', 'The same as JSON');
}

const value = (v: AdmxValue) => (v.kind === 'delete' ? 'delete' : v.kind === 'string' ? JSON.stringify(v.value) : String(v.value));

function allowed(el: PolicyElement): string {
  switch (el.type) {
    case 'enum':
      return el.items.map((i) => `${i.id} (${i.label}: ${value(i.value)})`).join(' | ') + (el.default ? `; default ${el.default}` : '');
    case 'list':
      return `list of ${el.itemFormat === 'account' ? '<Domain>\\<Name>' : 'texts'}, each a REG_SZ value under ${el.key}${el.valuePrefix === undefined ? ' named as its data' : ` named ${el.valuePrefix}1, ${el.valuePrefix}2, …`}`;
    case 'decimal':
      return `whole number ${el.minValue ?? 0}–${el.maxValue ?? 4294967295}`;
    default:
      return el.type;
  }
}

function policyJson(p: PolicyDefinition) {
  return {
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
      ...(e.type === 'list' ? { key: e.key } : {}),
      ...(e.type === 'enum' ? { values: e.items.map((i) => ({ id: i.id, label: i.label, value: value(i.value) })), default: e.default } : {}),
      ...(e.type === 'decimal' ? { min: e.minValue, max: e.maxValue } : {}),
      required: e.required ?? false,
    })),
  };
}

export async function handler(args: ArgumentsCamelCase<PoliciesArgs>, io: CliIO): Promise<number> {
  if (args.json) {
    io.stdout.write(JSON.stringify(CATALOG.map(policyJson), null, 2) + '\n');
    return 0;
  }
  const out: string[] = [];
  for (const p of CATALOG) {
    out.push(`${p.name} (${p.aliases.join(', ')}): ${p.displayName}`);
    out.push(`  ${p.category}; ${p.class === 'Machine' ? 'Computer (HKLM)' : p.class === 'User' ? 'User (HKCU)' : 'Computer or User'}; ${p.supportedOn}`);
    out.push(`  ${p.key} : ${p.valueName} (enabled ${p.enabledValue ? value(p.enabledValue) : '1'}, disabled ${p.disabledValue ? value(p.disabledValue) : 'deleted'})`);
    for (const el of p.elements) out.push(`  --${el.option === 'control' ? 'control' : el.option === 'helpers' ? 'helper' : `option ${el.option}=`}  ${el.label}: ${allowed(el)}`);
    out.push('');
  }
  io.stdout.write(out.join('\n'));
  return 0;
}
