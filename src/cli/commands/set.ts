import * as path from 'node:path';
import type { Argv, ArgumentsCamelCase } from 'yargs';
import { loadBytes, polHive } from '../../formats/load.js';
import { hiveFromPolPath, parseHive } from '../../registry/keys.js';
import { GpregError } from '../../errors.js';
import { setPolicyInPol, setPolicyInReg } from '../../edit/policy-in-file.js';
import type { CliIO } from '../io.js';
import { checkWritten, listifyOptions, policyTargetHive, settingFromArgs, settingOptions, type SettingArgs } from '../policy-shared.js';
import { admxOptions, editableFile, loadDefinitions, reportDiagnostics, writeEdited, type AdmxArgs } from '../shared.js';
import { say } from '../print.js';

interface SetArgs extends SettingArgs, AdmxArgs {
  file: string;
  policy: string;
  backup?: boolean;
  versionBump?: boolean;
  force?: boolean;
  hive?: string;
  encoding?: string;
}

export function builder(y: Argv) {
  return admxOptions(settingOptions(y))
    .positional('file', { type: 'string', demandOption: true, describe: 'The .pol or .reg to edit (written atomically; left as it was on any error); a missing one is created' })
    .positional('policy', { type: 'string', demandOption: true, describe: 'ADMX name or alias (see `gpreg policies`)' })
    .option('backup', { type: 'boolean', default: false, describe: 'Keep the original as <file>.bak (an existing .bak, an earlier original, is not replaced: OUTPUT_EXISTS)' })
    .option('version-bump', { type: 'boolean', default: true, describe: 'In a SYSVOL GPO folder, raise gpt.ini\'s Version for the edited side so clients apply the change (--no-version-bump: leave it)' })
    .option('force', { type: 'boolean', default: false, describe: 'Edit a read-only file (and raise a read-only gpt.ini\'s version); without it OUTPUT_READ_ONLY, nothing written' })
    .option('hive', { type: 'string', describe: 'Hive of a .pol (default: from a Machine/User folder, else HKLM)' })
    .option('encoding', { type: 'string', describe: 'Code page of a .reg without the UTF-16LE BOM (default windows-1252)' })
    .example('$0 set Machine/Registry.pol offer-remote-assistance --state enabled --control view --helper "CONTOSO\\HelpDesk"', 'Enable it in a GPO\'s file')
    .example('$0 set --backup tweaks.reg RA_Unsolicit --state disabled', 'Disable it in a .reg, keeping tweaks.reg.bak')
    .example('$0 set Machine/Registry.pol RA_Unsolicit --state not-configured', 'Remove every record of the policy');
}

export async function handler(args: ArgumentsCamelCase<SetArgs>, io: CliIO): Promise<number> {
  if (args.file === '-') throw new GpregError('USAGE', 'set edits a file in place: give a path, not -');
  const set = await loadDefinitions(args, io);
  const def = set.find(args.policy);
  const setting = listifyOptions(def, await settingFromArgs(args, io));
  const { original, missing, format } = await editableFile(io, args.file);
  const hive = polHive({ ...(args.hive ? { hive: parseHive(args.hive) } : {}), path: args.file });
  // A computer policy in a User file (or the reverse) would never apply: refuse before writing.
  if (format === 'pol') policyTargetHive(def, args.hive ? parseHive(args.hive) : undefined, hiveFromPolPath(args.file), args.file);
  const result =
    format === 'pol'
      ? setPolicyInPol(original, def, setting, hive)
      : format === 'reg'
        ? setPolicyInReg(original, def, setting, args.encoding ? { codePage: args.encoding } : {})
        : (() => {
            throw new GpregError('FORMAT_UNKNOWN', `${args.file}: set edits a .pol or a .reg file`);
          })();
  await writeEdited(io, args.file, original, result.bytes, { backup: Boolean(args.backup) && !missing, polFile: format === 'pol', versionBump: args.versionBump !== false, force: Boolean(args.force) });
  const after = loadBytes(result.bytes, { format: format === 'pol' ? 'pol' : 'reg', hive, ...(args.encoding ? { codePage: args.encoding } : {}) });
  reportDiagnostics(io, args.file, [...result.diagnostics, ...checkWritten(after.ops, set, result.diagnostics, def)]);
  say(io, `gpreg: ${path.basename(args.file)}: ${missing ? 'created; ' : ''}${args.policy} set to ${String(setting['state'])} (${result.removed} old ${format === 'pol' ? 'record(s)' : 'statement(s)'} replaced)`);
  return 0;
}
