import type { Argv, ArgumentsCamelCase } from 'yargs';
import type { SideParts } from '../../gpo/parts.js';
import { createHash } from 'node:crypto';
import { renderSettingsHtml, type SettingsReportFile } from '../../render/html/settings.js';
import { readPolicies } from '../../policy/read.js';
import type { CliIO } from '../io.js';
import { admxOptions, codePageOption, describeTemplates, hiveOption, htmlOutputOptions, inputFiles, loadDefinitions, loadEntry, withGpoFindings, writeHtmlReport, type AdmxArgs } from '../shared.js';
import { VERSION } from '../version.js';

interface ReportArgs extends AdmxArgs {
  input: string;
  output: string;
  force?: boolean;
  hive?: string;
  encoding?: string;
}

export function builder(y: Argv) {
  return htmlOutputOptions(admxOptions(codePageOption(hiveOption(y))), true)
    .positional('input', { type: 'string', demandOption: true, describe: 'A GPO folder (a backup or a SYSVOL GPO: both sides), a Policy Analyzer .PolicyRules file (its GPOs taken together, both sides), or one .pol, .reg, .json or LGPO text file, or - for stdin' })
    .example('$0 report --admx PolicyDefinitions "GPO-backups/{5C1D…}" -o gpo.html', 'A backed-up GPO as GPMC reports it, from the files alone')
    .example('$0 report Machine/Registry.pol -o settings.html', 'One file (the built-in catalog; its other records are listed as Extra Registry Settings)');
}

export async function handler(args: ArgumentsCamelCase<ReportArgs>, io: CliIO): Promise<number> {
  const catalog = await loadDefinitions(args, io);
  const inputs = await inputFiles(io, args.input);
  const files: SettingsReportFile[] = [];
  const missing: string[] = [];
  const parts: Array<{ side: 'Machine' | 'User'; parts: SideParts }> = [];
  for (const entry of inputs.files) {
    const { label, side, file, parts: sideParts } = entry;
    // A GPO side's security template, audit policy and preferences, and the parts not read.
    if (side && sideParts) parts.push({ side, parts: sideParts });
    if (!file) {
      missing.push(label);
      continue;
    }
    const loaded = withGpoFindings(await loadEntry(io, entry, args));
    files.push({ file: file === '-' ? '(standard input)' : file, size: loaded.bytes.length, sha256: createHash('sha256').update(loaded.bytes).digest('hex'), loaded, report: readPolicies(loaded.ops, { catalog }) });
  }
  const gpo = inputs.gpo?.identity;
  const page = renderSettingsHtml({
    input: args.input === '-' ? '(standard input)' : args.input,
    ...(gpo ? { gpo } : {}),
    files,
    missing,
    parts,
    generator: `gpreg ${VERSION}`,
    templates: describeTemplates(args, catalog, io),
    ...(args.lang ? { lang: args.lang } : {}),
  });
  await writeHtmlReport(io, args.output, args.force, page);
  return 0;
}
