import type { Argv, ArgumentsCamelCase } from 'yargs';
import { polDumpJson } from '../../formats/json.js';
import { opToJson } from '../../registry/ops.js';
import type { CliIO } from '../io.js';
import { hiveOption, loadInput } from '../shared.js';

interface DumpArgs {
  file: string;
  hive?: string;
  lenient?: boolean;
}

export const command = 'dump <file>';
export const describe = 'Print a .pol (or gpreg .json) file as one JSON document: records, registry operations, diagnostics';

export function builder(y: Argv) {
  return hiveOption(y)
    .positional('file', { type: 'string', demandOption: true, describe: 'Input file, or - for stdin' })
    .option('lenient', { type: 'boolean', default: false, describe: 'Recover what can be read from a damaged file and list every problem (exit 1 if any)' })
    .example('$0 dump Machine/Registry.pol', 'Records and ops, keys under HKEY_LOCAL_MACHINE')
    .example('$0 dump --hive HKCU backup.pol > backup.json', 'Place the ops under HKEY_CURRENT_USER')
    .example('cat Registry.pol | $0 dump -', 'Read from stdin');
}

export async function handler(args: ArgumentsCamelCase<DumpArgs>, io: CliIO): Promise<number> {
  const loaded = await loadInput(io, args.file, args);
  const json = loaded.pol
    ? polDumpJson(loaded.pol, loaded.hive, loaded.ops, loaded.diagnostics)
    : { format: loaded.format, hive: loaded.hive, ops: loaded.ops.map(opToJson), diagnostics: loaded.diagnostics };
  io.stdout.write(JSON.stringify(json, null, 2) + '\n');
  return loaded.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}
