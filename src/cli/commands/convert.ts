import type { Argv, ArgumentsCamelCase } from 'yargs';
import { GpregError } from '../../errors.js';
import { convert, CONVERT_TARGETS, type ConvertTarget } from '../../formats/convert.js';
import { formatFromPath } from '../../formats/detect.js';
import { polHive } from '../../formats/load.js';
import { hiveFromPolPath, parseHive } from '../../registry/keys.js';
import { readInput, refuseOverwrite, writeOutput, type CliIO } from '../io.js';
import { codePageOption, hiveOption, reportDiagnostics } from '../shared.js';
import { say } from '../print.js';
import { CliError } from '../errors.js';

interface ConvertArgs {
  input: string;
  output: string;
  to?: string;
  hive?: string;
  encoding?: string;
  failOnLossy?: boolean;
  quiet?: boolean;
  force?: boolean;
}

const TARGETS = CONVERT_TARGETS;

export function builder(y: Argv) {
  return codePageOption(hiveOption(y))
    .positional('input', { type: 'string', demandOption: true, describe: 'Input file (.pol, .reg or gpreg .json, told from its bytes), or - for stdin' })
    .positional('output', { type: 'string', demandOption: true, describe: 'Output file, or - for stdout (then --to is required)' })
    .option('to', { type: 'string', choices: TARGETS, describe: 'Output format: pol, reg (5.00, UTF-16LE), reg4 (REGEDIT4, ANSI), json, or lgpo (LGPO.exe text) (default: from the output extension; .reg means reg)' })
    .example('$0 convert Machine/Registry.pol policy.reg', '.pol to .reg: keys under HKEY_LOCAL_MACHINE (from the Machine folder)')
    .example('$0 convert --hive HKCU backup.pol user.reg', 'Place the .pol\'s keys under HKEY_CURRENT_USER')
    .example('$0 convert tweaks.reg Registry.pol', '.reg to .pol: all keys must be in one hive')
    .example('$0 convert --hive HKLM mixed.reg Registry.pol', 'Keep the HKLM keys, report what was skipped')
    .option('fail-on-lossy', { type: 'boolean', default: false, describe: 'Exit 2 and write nothing when the output cannot say exactly what the input says (for pipelines)' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Print warnings and errors only (no info notes)' })
    .option('force', { type: 'boolean', default: false, describe: 'Replace an existing non-empty output file (without it: OUTPUT_EXISTS, exit 2, nothing written)' })
    .example('$0 convert --fail-on-lossy Registry.pol policy.reg', 'Refuse rather than approximate (**delvals., **soft., **SecureKey)')
    .example('$0 convert Registry.pol - --to json', 'The same JSON as `gpreg dump`, on stdout');
}

export async function handler(args: ArgumentsCamelCase<ConvertArgs>, io: CliIO): Promise<number> {
  const fromExt = formatFromPath(args.output);
  const to = (args.to as ConvertTarget | undefined) ?? fromExt;
  if (!to || !TARGETS.includes(to)) {
    throw new CliError('USAGE_NO_FORMAT', `cannot tell the output format of ${JSON.stringify(args.output)}: give --to ${TARGETS.join('|')} or an output name ending in .pol, .reg or .json`);
  }
  // Checked first: a GPO's Registry.pol given as the output by mistake must not be replaced.
  if (!args.force) await refuseOverwrite(args.output, io, 'give --force to replace it');
  const bytes = await readInput(args.input, io);
  let result;
  try {
    result = convert(bytes, {
      to,
      ...(args.input === '-' ? {} : { path: args.input }),
      ...(args.hive ? { hive: parseHive(args.hive) } : {}),
      ...(args.encoding ? { codePage: args.encoding } : {}),
      ...(to === 'pol' && args.output !== '-' && hiveFromPolPath(args.output) ? { outputHive: hiveFromPolPath(args.output)! } : {}),
      ...(args.failOnLossy ? { failOnLossy: true } : {}),
    });
  } catch (e) {
    // Name the input in the header refusal, as the other errors name their position.
    if (e instanceof GpregError && e.code === 'REG_BAD_HEADER') throw new GpregError(e.code, `${args.input}: ${e.reason}`, { line: 1, cause: e });
    throw e;
  }
  await writeOutput(args.output, result.bytes, io);
  reportDiagnostics(io, args.input, args.quiet ? result.diagnostics.filter((d) => d.severity !== 'info') : result.diagnostics);
  if (!args.quiet && result.from === 'pol' && (to === 'reg' || to === 'reg4')) {
    // A .pol carries no hive: say where its keys were placed, and why.
    const hive = args.hive ? parseHive(args.hive) : polHive({ path: args.input });
    const why = args.hive ? '--hive' : hiveFromPolPath(args.input) ? 'its Machine/User folder' : 'the default; give --hive HKCU for a User policy file';
    say(io, `gpreg: ${args.input}: keys written under ${hive} (${why})`);
  }
  return 0;
}
