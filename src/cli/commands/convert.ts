import type { Argv, ArgumentsCamelCase } from 'yargs';
import { GpregError, type Diagnostic } from '../../errors.js';
import { formatFromPath } from '../../formats/detect.js';
import { polDumpJson, regDumpJson } from '../../formats/json.js';
import type { LoadedFile } from '../../formats/load.js';
import { encodePol } from '../../formats/pol/encode.js';
import { opsToPol, polToOps } from '../../formats/pol/ops.js';
import { serializeReg } from '../../formats/reg/serialize.js';
import { parseHive, splitKey, type HiveName } from '../../registry/keys.js';
import type { RegOp } from '../../registry/ops.js';
import { writeOutput, type CliIO } from '../io.js';
import { codePageOption, hiveOption, loadInput, reportDiagnostics } from '../shared.js';

interface ConvertArgs {
  input: string;
  output: string;
  to?: string;
  hive?: string;
  encoding?: string;
}

/** Output formats: `reg` is regedit's 5.00 (UTF-16LE), `reg4` the ANSI REGEDIT4 form. */
export type ConvertTarget = 'pol' | 'json' | 'reg' | 'reg4';
const TARGETS: readonly ConvertTarget[] = ['pol', 'reg', 'reg4', 'json'];

export const command = 'convert <input> <output>';
export const describe = 'Convert between .pol, .reg (5.00 or REGEDIT4) and .json; written atomically, nothing on error';

export function builder(y: Argv) {
  return codePageOption(hiveOption(y))
    .positional('input', { type: 'string', demandOption: true, describe: 'Input file (.pol, .reg or gpreg .json, told from its bytes), or - for stdin' })
    .positional('output', { type: 'string', demandOption: true, describe: 'Output file, or - for stdout (then --to is required)' })
    .option('to', { type: 'string', choices: TARGETS, describe: 'Output format: pol, reg (5.00, UTF-16LE), reg4 (REGEDIT4, ANSI) or json (default: from the output extension; .reg means reg)' })
    .example('$0 convert Machine/Registry.pol policy.reg', '.pol to .reg: keys under HKEY_LOCAL_MACHINE (from the Machine folder)')
    .example('$0 convert --hive HKCU backup.pol user.reg', 'Place the .pol\'s keys under HKEY_CURRENT_USER')
    .example('$0 convert tweaks.reg Registry.pol', '.reg to .pol: all keys must be in one hive')
    .example('$0 convert --hive HKLM mixed.reg Registry.pol', 'Keep the HKLM keys, report what was skipped')
    .example('$0 convert Registry.pol - --to json', 'The same JSON as `gpreg dump`, on stdout');
}

/** Keeps the ops of one hive, reporting how many were left out. */
function keepHive(ops: readonly RegOp[], hive: HiveName, diagnostics: Diagnostic[]): RegOp[] {
  const kept = ops.filter((o) => splitKey(o.key).hive === hive);
  const skipped = ops.length - kept.length;
  if (skipped > 0) {
    const first = ops.find((o) => splitKey(o.key).hive !== hive)!;
    diagnostics.push({ severity: 'warning', code: 'CONVERT_SKIPPED_HIVE', message: `${skipped} operation(s) outside ${hive} were left out (the first: ${first.op} ${first.key})` });
  }
  return kept;
}

/** The output bytes for a loaded input in the target format, and the warnings the conversion gives. */
export function render(loaded: LoadedFile, to: ConvertTarget, hiveArg?: HiveName): { out: Uint8Array | string; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  switch (to) {
    case 'pol': {
      // A decoded .pol (or a dump with records) re-encodes losslessly; ops go through opsToPol.
      if (loaded.pol) return { out: encodePol(loaded.pol), diagnostics };
      const ops = hiveArg ? keepHive(loaded.ops, hiveArg, diagnostics) : loaded.ops;
      return { out: encodePol(opsToPol(ops, hiveArg ? { hive: hiveArg } : {})), diagnostics };
    }
    case 'json': {
      if (loaded.reg) return { out: JSON.stringify(regDumpJson(loaded.reg, loaded.ops), null, 2) + '\n', diagnostics };
      const pol = loaded.pol ?? opsToPol(loaded.ops, { hive: loaded.hive });
      const ops = loaded.pol ? loaded.ops : polToOps(pol, { hive: loaded.hive }).ops;
      return { out: JSON.stringify(polDumpJson(pol, loaded.hive, ops, loaded.diagnostics), null, 2) + '\n', diagnostics };
    }
    case 'reg':
    case 'reg4': {
      const ops = hiveArg && loaded.reg ? keepHive(loaded.ops, hiveArg, diagnostics) : loaded.ops;
      const r = serializeReg(ops, { format: to === 'reg4' ? 'REGEDIT4' : '5.00' });
      return { out: r.bytes, diagnostics: [...diagnostics, ...r.diagnostics] };
    }
  }
}

export async function handler(args: ArgumentsCamelCase<ConvertArgs>, io: CliIO): Promise<number> {
  const fromExt = formatFromPath(args.output);
  const to = (args.to as ConvertTarget | undefined) ?? fromExt;
  if (!to || !TARGETS.includes(to)) {
    throw new GpregError('USAGE_NO_FORMAT', `cannot tell the output format of ${JSON.stringify(args.output)}: give --to ${TARGETS.join('|')} or an output name ending in .pol, .reg or .json`);
  }
  const loaded = await loadInput(io, args.input, args);
  if (loaded.reg && !loaded.reg.accepted) {
    const d = loaded.reg.diagnostics.find((x) => x.code === 'REG_BAD_HEADER')!;
    throw new GpregError('REG_BAD_HEADER', `${args.input}: ${d.message}; fix the first line to convert it`, { line: 1 });
  }
  const { out, diagnostics } = render(loaded, to, args.hive ? parseHive(args.hive) : undefined);
  await writeOutput(args.output, out, io);
  reportDiagnostics(io, args.input, [...loaded.diagnostics, ...diagnostics]);
  return 0;
}
