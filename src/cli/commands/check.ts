import type { Argv, ArgumentsCamelCase } from 'yargs';
import { renderDiagnostic } from '../../render/diagnostic.js';
import { readPolicies } from '../../policy/read.js';
import type { CliIO } from '../io.js';
import { safeField } from '../../text.js';
import { countFindings } from '../policy-shared.js';
import { admxOptions, codePageOption, hiveOption, inputFiles, loadDefinitions, loadInput, type AdmxArgs } from '../shared.js';
import { print } from '../print.js';

interface CheckArgs extends AdmxArgs {
  file: string;
  hive?: string;
  encoding?: string;
}

export const command = 'check <file>';
export const describe = 'Check a file: exit 0 when clean, 1 with findings (warnings or errors), 2 when the file is invalid';

export function builder(y: Argv) {
  return admxOptions(codePageOption(hiveOption(y)))
    .positional('file', { type: 'string', demandOption: true, describe: 'Input file, or - for stdin' })
    .example('$0 check Machine/Registry.pol && echo clean', 'In a script')
    .example('$0 check offer-ra.reg', 'Lists each finding on stdout');
}

export async function handler(args: ArgumentsCamelCase<CheckArgs>, io: CliIO): Promise<number> {
  const catalog = await loadDefinitions(args, io);
  let total = 0;
  // A GPO folder is checked side by side (Machine, User); a file as it is.
  for (const { file } of (await inputFiles(io, args.file)).files) {
    if (!file) continue;
    const loaded = await loadInput(io, file, args);
    const findings = countFindings(loaded, readPolicies(loaded.ops, { catalog }));
    for (const f of findings) print(io, `${safeField(file)}: ${safeField(renderDiagnostic(f))}\n`);
    print(io, `${safeField(file)}: ${findings.length === 0 ? 'clean' : `${findings.length} finding(s)`}\n`);
    total += findings.length;
  }
  return total === 0 ? 0 : 1;
}
