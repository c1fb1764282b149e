import type { Argv, ArgumentsCamelCase } from 'yargs';
import { GpregError } from '../../errors.js';
import { readPolicies } from '../../policy/read.js';
import type { CliIO } from '../io.js';
import { safeForTerminal } from '../../text.js';
import { formatRecords, formatReport, reportJson } from '../policy-shared.js';
import { admxOptions, codePageOption, hiveOption, loadDefinitions, loadInput, type AdmxArgs } from '../shared.js';

interface ShowArgs extends AdmxArgs {
  file: string;
  json?: boolean;
  records?: boolean;
  hive?: string;
  encoding?: string;
}

export const command = 'show <file>';
export const describe = 'Show the policies a .pol, .reg or .json file sets: state, options, findings, and the records no policy explains';

export function builder(y: Argv) {
  return admxOptions(codePageOption(hiveOption(y)))
    .positional('file', { type: 'string', demandOption: true, describe: 'Input file, or - for stdin' })
    .option('json', { type: 'boolean', default: false, describe: 'One JSON document (docs/json.md) instead of text' })
    .option('records', { type: 'boolean', default: false, describe: 'List every record (or statement) with its offset (or line) and typed value, then which policy explains it' })
    .example('$0 show --records Machine/Registry.pol', 'Every record, typed, nothing cut')
    .example('$0 show Machine/Registry.pol', 'Policies with state, options and findings')
    .example('$0 show --json offer-ra.reg', 'The same as JSON, with the evidence records')
    .example('$0 show --admx C:/Windows/PolicyDefinitions Machine/Registry.pol', 'Every policy the templates define, as GPMC reports them');
}

export async function handler(args: ArgumentsCamelCase<ShowArgs>, io: CliIO): Promise<number> {
  const loaded = await loadInput(io, args.file, args);
  const report = readPolicies(loaded.ops, { catalog: await loadDefinitions(args, io) });
  if (args.records) {
    if (args.json) throw new GpregError('USAGE', '--records is a listing for people; --json already lists every record (evidence and unexplained)');
    io.stdout.write(safeForTerminal(formatRecords(args.file, loaded, report)));
    return 0;
  }
  io.stdout.write(args.json ? JSON.stringify(reportJson(args.file, loaded, report), null, 2) + '\n' : safeForTerminal(formatReport(args.file, loaded, report)));
  return 0;
}
