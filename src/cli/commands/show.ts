import type { Argv, ArgumentsCamelCase } from 'yargs';
import { GpregError } from '../../errors.js';
import { readPolicies } from '../../policy/read.js';
import type { CliIO } from '../io.js';
import { renderRecords, renderReport, reportJson } from '../../render/policy.js';
import { admxOptions, codePageOption, hiveOption, inputFiles, loadDefinitions, loadInput, type AdmxArgs, templatesJson } from '../shared.js';
import { jsonText } from '../../formats/json-text.js';
import { hasParts } from '../../gpo/parts.js';
import { renderSideParts, sidePartsJson } from '../../render/gpo.js';
import { emit, print } from '../print.js';

interface ShowArgs extends AdmxArgs {
  file: string;
  json?: boolean;
  records?: boolean;
  hive?: string;
  encoding?: string;
}

export function builder(y: Argv) {
  return admxOptions(codePageOption(hiveOption(y)))
    .positional('file', { type: 'string', demandOption: true, describe: 'Input file (or a GPO folder: a backup or a SYSVOL GPO, both sides), or - for stdin' })
    .option('json', { type: 'boolean', default: false, describe: 'One JSON document (docs/json.md) instead of text' })
    .option('records', { type: 'boolean', default: false, describe: 'List every record (or statement) with its offset (or line) and typed value, then which policy explains it' })
    .example('$0 show --records Machine/Registry.pol', 'Every record, typed, nothing cut')
    .example('$0 show Machine/Registry.pol', 'Policies with state, options and findings')
    .example('$0 show --json offer-ra.reg', 'The same as JSON, with the evidence records')
    .example('$0 show --admx C:/Windows/PolicyDefinitions Machine/Registry.pol', 'Every policy the templates define, as GPMC reports them');
}

export async function handler(args: ArgumentsCamelCase<ShowArgs>, io: CliIO): Promise<number> {
  const inputs = await inputFiles(io, args.file);
  if (inputs.gpo) {
    // A GPO folder: each side in turn, as GPMC's report shows Computer and User Configuration.
    const catalog = await loadDefinitions(args, io);
    const sides: Record<string, unknown> = {};
    // Named as audit and report name it: a backup by its metadata, a SYSVOL GPO by its {GUID} folder.
    const meta = inputs.gpo.identity;
    const text: string[] = [`GPO ${meta ? `${JSON.stringify(meta.name)}${meta.guid && meta.guid !== meta.name ? ` ${meta.guid}` : ''} (${args.file})` : args.file}`];
    for (const { label, file, parts: sideParts } of inputs.files) {
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
        const loaded = await loadInput(io, file, args);
        const report = readPolicies(loaded.ops, { catalog });
        registry = reportJson(file, loaded, report) as unknown as Record<string, unknown>;
        text.push(args.records ? renderRecords(file, loaded, report) : renderReport(file, loaded, report));
      } else text.push('Administrative Templates: no Registry.pol');
      text.push(...renderSideParts(parts), '');
      sides[label] = { ...registry, ...sidePartsJson(parts) };
    }
    const shownText = text.join('\n');
    const templates = templatesJson(args, io);
    if (args.json) emit(io, jsonText({ gpo: args.file, ...(meta ? { name: meta.name, guid: meta.guid } : {}), ...(templates ? { templates } : {}), sides }));
    else print(io, shownText.endsWith('\n') ? shownText : `${shownText}\n`);
    return 0;
  }
  const loaded = await loadInput(io, args.file, args);
  const report = readPolicies(loaded.ops, { catalog: await loadDefinitions(args, io) });
  if (args.records) {
    if (args.json) throw new GpregError('USAGE', '--records is a listing for people; --json already lists every record (evidence and unexplained)');
    print(io, renderRecords(args.file, loaded, report));
    return 0;
  }
  const templates = templatesJson(args, io);
  if (args.json) emit(io, jsonText({ ...reportJson(args.file, loaded, report), ...(templates ? { templates } : {}) }));
  else print(io, renderReport(args.file, loaded, report));
  return 0;
}
