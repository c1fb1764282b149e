import type { Argv, ArgumentsCamelCase } from 'yargs';
import { GpregError } from '../../errors.js';
import { formatFromPath, type FormatName } from '../../formats/detect.js';
import { polDumpJson } from '../../formats/json.js';
import { encodePol } from '../../formats/pol/encode.js';
import { opsToPol, polToOps } from '../../formats/pol/ops.js';
import type { LoadedFile } from '../../formats/load.js';
import { writeOutput, type CliIO } from '../io.js';
import { hiveOption, loadInput, reportDiagnostics } from '../shared.js';

interface ConvertArgs {
  input: string;
  output: string;
  to?: string;
  hive?: string;
}

/** Output formats `--to` accepts. */
const TARGETS: readonly FormatName[] = ['pol', 'json'];

export const command = 'convert <input> <output>';
export const describe = 'Convert between .pol and .json (format from --to or the output extension); written atomically';

export function builder(y: Argv) {
  return hiveOption(y)
    .positional('input', { type: 'string', demandOption: true, describe: 'Input file (.pol or gpreg .json, sniffed from its bytes), or - for stdin' })
    .positional('output', { type: 'string', demandOption: true, describe: 'Output file, or - for stdout (then --to is required)' })
    .option('to', { type: 'string', choices: TARGETS, describe: 'Output format (default: from the output extension)' })
    .example('$0 convert Registry.pol Registry.json', 'Dump to JSON (same document as `gpreg dump`)')
    .example('$0 convert edited.json Registry.pol', 'Back to PReg: records when the JSON has them, else ops')
    .example('$0 convert Registry.pol - --to pol > copy.pol', 'Re-encode to stdout');
}

/** The output bytes for a loaded input in the target format. */
export function render(loaded: LoadedFile, to: FormatName): Uint8Array | string {
  switch (to) {
    case 'pol':
      // A decoded .pol (or a dump with records) re-encodes losslessly; ops go through opsToPol.
      return encodePol(loaded.pol ?? opsToPol(loaded.ops, { hive: loaded.hive }));
    case 'json': {
      const pol = loaded.pol ?? opsToPol(loaded.ops, { hive: loaded.hive });
      const ops = loaded.pol ? loaded.ops : polToOps(pol, { hive: loaded.hive }).ops;
      return JSON.stringify(polDumpJson(pol, loaded.hive, ops, loaded.diagnostics), null, 2) + '\n';
    }
    case 'reg':
      throw new GpregError('FORMAT_UNSUPPORTED', 'writing .reg files is not available yet');
  }
}

export async function handler(args: ArgumentsCamelCase<ConvertArgs>, io: CliIO): Promise<number> {
  const to = (args.to as FormatName | undefined) ?? formatFromPath(args.output);
  if (!to || !TARGETS.includes(to)) {
    throw new GpregError('USAGE_NO_FORMAT', `cannot tell the output format of ${JSON.stringify(args.output)}: give --to ${TARGETS.join('|')} or an output name ending in ${TARGETS.map((t) => '.' + t).join(', ')}`);
  }
  const loaded = await loadInput(io, args.input, args);
  const out = render(loaded, to);
  await writeOutput(args.output, out, io);
  reportDiagnostics(io, args.input, loaded.diagnostics);
  return 0;
}
