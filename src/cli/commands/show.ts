import type { Argv, ArgumentsCamelCase } from 'yargs';
import { GpregError } from '../../errors.js';
import { readPolicies } from '../../policy/read.js';
import type { CliIO } from '../io.js';
import type { PolicySet } from '../../policy/set.js';
import { renderRecords, renderReport, reportJson } from '../../render/policy.js';
import { admxOptions, codePageOption, hiveOption, inputFiles, loadDefinitions, loadEntry, withGpoFindings, type AdmxArgs, templatesJson } from '../shared.js';
import { jsonText } from '../../formats/json-text.js';
import { hasParts } from '../../gpo/parts.js';
import { renderSideParts, sidePartsJson } from '../../render/gpo.js';
import { emit, print } from '../print.js';

interface ShowArgs extends AdmxArgs {
  files: string[];
  json?: boolean;
  records?: boolean;
  hive?: string;
  encoding?: string;
}

export function builder(y: Argv) {
  return admxOptions(codePageOption(hiveOption(y)))
    .positional('files', { type: 'string', array: true, demandOption: true, describe: 'Input files (.pol, .reg, .json, LGPO text, or a Policy Analyzer .PolicyRules file: its GPOs taken together), or GPO folders (a backup or a SYSVOL GPO, both sides), or - for stdin; several are shown in turn, the templates read once (JSON: an array)' })
    .option('json', { type: 'boolean', default: false, describe: 'One JSON document (docs/json.md) instead of text' })
    .option('records', { type: 'boolean', default: false, describe: 'List every record (or statement) with its offset (or line) and typed value, then which policy explains it' })
    .example('$0 show --records Machine/Registry.pol', 'Every record, typed, nothing cut')
    .example('$0 show Machine/Registry.pol', 'Policies with state, options and findings')
    .example('$0 show --json offer-ra.reg', 'The same as JSON, with the evidence records')
    .example('$0 show --admx C:/Windows/PolicyDefinitions Machine/Registry.pol', 'Every policy the templates define, as GPMC reports them');
}

export async function handler(args: ArgumentsCamelCase<ShowArgs>, io: CliIO): Promise<number> {
  if (args.records && args.json) throw new GpregError('USAGE', '--records is a listing for people; --json already lists every record (evidence and unexplained)');
  // Many files or GPO folders in one call: the templates are read once.
  const catalog = await loadDefinitions(args, io);
  const templates = templatesJson(args, io);
  const shown: Array<{ text: string; json: Record<string, unknown> }> = [];
  for (const input of args.files) shown.push(await showOne(input, args, catalog, io));
  const json = shown.map((s) => ({ ...s.json, ...(templates ? { templates } : {}) }));
  if (args.json) emit(io, jsonText(json.length === 1 ? json[0] : json));
  else print(io, shown.map((s) => (s.text.endsWith('\n') ? s.text : `${s.text}\n`)).join('\n'));
  return 0;
}

/** One file or GPO folder, as text or (with --json) as its JSON document: only the one asked for is made (a huge value fits one, not always the other). */
async function showOne(input: string, args: ShowArgs, catalog: PolicySet, io: CliIO): Promise<{ text: string; json: Record<string, unknown> }> {
  const inputs = await inputFiles(io, input);
  if (inputs.gpo || inputs.rules) {
    // A GPO folder (or a rule file's GPOs): each side in turn, as GPMC's report shows Computer and User Configuration.
    const sides: Record<string, unknown> = {};
    // Named as audit and report name it: a backup by its metadata, a SYSVOL GPO by its {GUID} folder.
    const meta = inputs.gpo?.identity;
    const gpos = inputs.rules?.gpos;
    const text: string[] = [gpos ? `Policy Analyzer rules ${input}: ${gpos.length} GPO${gpos.length === 1 ? '' : 's'} taken together (${gpos.map((g) => JSON.stringify(g)).join(', ')})` : `GPO ${meta ? `${JSON.stringify(meta.name)}${meta.guid && meta.guid !== meta.name ? ` ${meta.guid}` : ''} (${input})` : input}`];
    for (const entry of inputs.files) {
      const { label, file, parts: sideParts } = entry;
      // The security template, audit policy and preferences, and every other part that is there.
      const parts = sideParts ?? { unread: [] };
      if (!file && !hasParts(parts)) {
        sides[label] = null;
        text.push('', `${label}: no Registry.pol and no other part (this side sets nothing)`);
        continue;
      }
      text.push('', `== ${label} ==`);
      let registry: Record<string, unknown> = {};
      if (file) {
        const loaded = withGpoFindings(await loadEntry(io, entry, args));
        const report = readPolicies(loaded.ops, { catalog });
        if (args.json) registry = reportJson(file, loaded, report) as unknown as Record<string, unknown>;
        else text.push(args.records ? renderRecords(file, loaded, report) : renderReport(file, loaded, report));
      } else text.push('Administrative Templates: no Registry.pol');
      if (args.json) sides[label] = { ...registry, ...sidePartsJson(parts) };
      else text.push(...renderSideParts(parts), '');
    }
    return { text: text.join('\n'), json: { ...(gpos ? { rules: input, gpos } : { gpo: input }), ...(meta ? { name: meta.name, guid: meta.guid } : {}), sides } };
  }
  const loaded = withGpoFindings(await loadEntry(io, inputs.files[0]!, args));
  const report = readPolicies(loaded.ops, { catalog });
  if (args.json) return { text: '', json: reportJson(input, loaded, report) as unknown as Record<string, unknown> };
  return { text: args.records ? renderRecords(input, loaded, report) : renderReport(input, loaded, report), json: {} };
}
