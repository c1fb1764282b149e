import type { Argv, ArgumentsCamelCase } from 'yargs';
import { renderDiagnostic, renderError } from '../../render/diagnostic.js';
import { isGpregError } from '../../errors.js';
import { readPolicies } from '../../policy/read.js';
import type { CliIO } from '../io.js';
import { safeField } from '../../text.js';
import { countFindings } from '../policy-shared.js';
import { admxOptions, codePageOption, hiveOption, inputFiles, loadDefinitions, loadEntry, withGpoFindings, type AdmxArgs } from '../shared.js';
import { print, say } from '../print.js';

interface CheckArgs extends AdmxArgs {
  files: string[];
  hive?: string;
  encoding?: string;
}

export function builder(y: Argv) {
  return admxOptions(codePageOption(hiveOption(y)))
    .positional('files', { type: 'string', array: true, demandOption: true, describe: 'Input files or GPO folders (- for stdin)' })
    .example('$0 check Machine/Registry.pol && echo clean', 'In a script')
    .example('$0 check offer-ra.reg', 'Lists each finding on stdout')
    .example('$0 check --admx PolicyDefinitions GPOs/*/', 'In CI: every GPO of a repository in one call, the templates read once');
}

export async function handler(args: ArgumentsCamelCase<CheckArgs>, io: CliIO): Promise<number> {
  const catalog = await loadDefinitions(args, io);
  let total = 0;
  let invalid = 0;
  for (const input of args.files) {
    try {
      // A GPO folder is checked side by side (Machine, User); a file as it is.
      const files = (await inputFiles(io, input)).files.filter((f) => f.file);
      if (!files.length) print(io, `${safeField(input)}: no Registry.pol to check\n`);
      for (const entry of files) {
        const file = entry.file;
        if (!file) continue;
        const loaded = withGpoFindings(await loadEntry(io, entry, args));
        const findings = countFindings(loaded, readPolicies(loaded.ops, { catalog }));
        for (const f of findings) print(io, `${safeField(file)}: ${safeField(renderDiagnostic(f))}\n`);
        print(io, `${safeField(file)}: ${findings.length === 0 ? 'clean' : `${findings.length} finding(s)`}\n`);
        total += findings.length;
      }
    } catch (e) {
      // One file alone fails as any command does; among several, it is said and the others are checked.
      if (args.files.length === 1 || !isGpregError(e)) throw e;
      say(io, `gpreg: ${input}: ${renderError(e)}`);
      invalid++;
    }
  }
  return invalid ? 2 : total === 0 ? 0 : 1;
}
