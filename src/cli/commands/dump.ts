import type { Argv, ArgumentsCamelCase } from 'yargs';
import { polDumpJson, regDumpJson } from '../../formats/json.js';
import { opToJson } from '../../registry/ops.js';
import type { CliIO } from '../io.js';
import { codePageOption, hiveOption, inputFiles, loadInput } from '../shared.js';
import { jsonText } from '../../formats/json-text.js';
import { emit } from '../print.js';

interface DumpArgs {
  file: string;
  hive?: string;
  lenient?: boolean;
  strict?: boolean;
  encoding?: string;
}

export function builder(y: Argv) {
  return codePageOption(hiveOption(y))
    .positional('file', { type: 'string', demandOption: true, describe: 'Input file, or - for stdin' })
    // One strictness option for every format; its default is the format's own reader's (Windows
    // rejects a damaged .pol, regedit skips the lines it cannot read), so each flag changes one.
    .option('lenient', { type: 'boolean', describe: 'Go on past every problem: recover what can be read and list each problem (exit 1 if any). The default for a .reg, as regedit' })
    .option('strict', { type: 'boolean', describe: 'Stop (exit 2) at the first problem. The default for a .pol, as Windows; for a .reg, the first line regedit would ignore or reject' })
    .conflicts('lenient', 'strict')
    .example('$0 dump Machine/Registry.pol', 'Records and ops, keys under HKEY_LOCAL_MACHINE')
    .example('$0 dump --hive HKCU backup.pol > backup.json', 'Place the ops under HKEY_CURRENT_USER')
    .example('cat Registry.pol | $0 dump -', 'Read from stdin')
    .example('$0 dump tweaks.reg', 'Statements with line numbers, ops, and every line regedit would ignore');
}

export async function handler(args: ArgumentsCamelCase<DumpArgs>, io: CliIO): Promise<number> {
  const inputs = await inputFiles(io, args.file);
  if (inputs.gpo) {
    // A GPO folder: one document with each side's dump (null for a side without a Registry.pol).
    const sides: Record<string, unknown> = {};
    let errors = false;
    for (const { label, file } of inputs.files) {
      if (!file) {
        sides[label] = null;
        continue;
      }
      const loaded = await loadInput(io, file, args);
      sides[label] = { file, ...polDumpJson(loaded.pol!, loaded.hive, loaded.ops, loaded.diagnostics) };
      errors ||= loaded.diagnostics.some((d) => d.severity === 'error');
    }
    emit(io, jsonText({ gpo: args.file, sides }));
    return errors ? 1 : 0;
  }
  // A file (read once, stdin too); a rule file whole, both sides in one list of ops.
  const loaded = await loadInput(io, args.file, args, inputs.files[0]!.bytes ?? inputs.files[0]!.loaded?.bytes);
  const json = loaded.reg
    ? regDumpJson(loaded.reg, loaded.ops)
    : loaded.pol
      ? polDumpJson(loaded.pol, loaded.hive, loaded.ops, loaded.diagnostics)
      : { format: loaded.format, hive: loaded.hive, ops: loaded.ops.map(opToJson), ...(loaded.rules ? { rules: loaded.rules.rules } : {}), diagnostics: loaded.diagnostics };
  emit(io, jsonText(json));
  return loaded.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}
