/**
 * `set-value`, `delete-value`, `delete-all-values`, `delete-keys`, `create-key`: one registry
 * operation edited into a `.pol` or `.reg` in place (PolicyFileEditor's Set-/Remove-PolicyFileEntry),
 * every other record or line byte-identical, written atomically.
 */

import * as path from 'node:path';
import type { Argv, ArgumentsCamelCase } from 'yargs';
import { GpregError } from '../../errors.js';
import { polHive } from '../../formats/load.js';
import { editPolOp, editRegOp } from '../../edit/values-in-file.js';
import { parseValueData } from '../../registry/values.js';
import { hiveFromName, joinKey, parseHive, splitKey, type HiveName } from '../../registry/keys.js';
import type { RegOp } from '../../registry/ops.js';
import { RegType, renderRegType, parseRegType } from '../../registry/types.js';
import type { CliIO } from '../io.js';
import { editableFile, reportDiagnostics, writeEdited } from '../shared.js';
import { say } from '../print.js';

interface ValueArgs {
  file: string;
  key: string;
  name?: string;
  subkeys?: string[];
  type?: string;
  data?: string[];
  hive?: string;
  encoding?: string;
  backup?: boolean;
  versionBump?: boolean;
  force?: boolean;
}

/** A command of this family (its usage line and description are in index.ts). */
interface ValueCommand {
  builder: (y: Argv) => Argv<ValueArgs>;
  handler: (args: ArgumentsCamelCase<ValueArgs>, io: CliIO) => Promise<number>;
}

const common = (y: Argv) =>
  y
    .positional('file', { type: 'string', demandOption: true, describe: 'The .pol or .reg to edit in place (written atomically; left as it was on any error); a missing one is created' })
    .positional('key', { type: 'string', demandOption: true, describe: 'The key, with or without its hive (a .pol takes the hive from a Machine/User folder or --hive; a .reg needs one)' })
    .option('hive', { type: 'string', describe: 'Hive of a .pol, and of a key given without one (default: from a Machine/User folder, else HKLM)' })
    .option('encoding', { type: 'string', describe: 'Code page of a .reg without the UTF-16LE BOM (default windows-1252)' })
    .option('backup', { type: 'boolean', default: false, describe: 'Keep the original as <file>.bak (an existing .bak, an earlier original, is not replaced: OUTPUT_EXISTS)' })
    .option('version-bump', { type: 'boolean', default: true, describe: 'In a SYSVOL GPO folder, raise gpt.ini\'s Version for the edited side (--no-version-bump: leave it)' })
    .option('force', { type: 'boolean', default: false, describe: 'Edit a read-only file (and raise a read-only gpt.ini\'s version); without it OUTPUT_READ_ONLY, nothing written' }) as unknown as Argv<ValueArgs>;

/** The full key of an operation: the hive given in KEY, else the file's. */
function fullKey(key: string, hive: HiveName): string {
  const s = splitKey(key);
  if (s.hive) {
    if (s.hive !== hive) throw new GpregError('HIVE_MISMATCH', `${key} is in ${s.hive}, but the file is for ${hive}`);
    return joinKey(s.hive, s.path);
  }
  return joinKey(hive, key.replace(/^\\+/, ''));
}

async function run(args: ArgumentsCamelCase<ValueArgs>, io: CliIO, make: (key: string) => RegOp, what: string): Promise<number> {
  if (args.file === '-') throw new GpregError('USAGE', 'this command edits a file in place: give a path, not -');
  // As Set-PolicyFileEntry does, a missing .pol or .reg is created (empty, then edited); the
  // folder must exist, and any other name is refused, so a typo in a path is not a new file.
  const { original, missing, format } = await editableFile(io, args.file);
  if (format !== 'pol' && format !== 'reg') throw new GpregError('FORMAT_UNKNOWN', `${args.file}: this command edits a .pol or a .reg file`);
  const given = args.hive ? parseHive(args.hive) : undefined;
  const keyHive = hiveFromName(args.key.split('\\')[0] ?? '');
  const hive = format === 'pol' ? polHive({ ...(given ? { hive: given } : {}), path: args.file }) : (given ?? keyHive ?? 'HKEY_LOCAL_MACHINE');
  const op = make(fullKey(args.key, hive));
  const result = format === 'pol' ? editPolOp(original, op, hive) : editRegOp(original, op, args.encoding ? { codePage: args.encoding } : {});
  await writeEdited(io, args.file, original, result.bytes, { backup: Boolean(args.backup) && !missing, polFile: format === 'pol', versionBump: args.versionBump !== false, force: Boolean(args.force) });
  reportDiagnostics(io, args.file, result.diagnostics.filter((d) => d.severity !== 'info'));
  say(io, `gpreg: ${path.basename(args.file)}: ${missing ? 'created; ' : ''}${what}${result.replaced ? ` (${result.replaced} old record(s) replaced)` : ''}`);
  return 0;
}

export const setValue: ValueCommand = {
  builder: (y) =>
    common(y)
      .positional('name', { type: 'string', demandOption: true, describe: 'The value name ("" for the default value)' })
      .option('type', { type: 'string', demandOption: true, describe: 'REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ, REG_DWORD, REG_QWORD, REG_BINARY, … or a number' })
      .option('data', { type: 'string', array: true, describe: 'The data as the type is written: a number (decimal or 0x…), a text, one --data per string of a REG_MULTI_SZ, hex bytes for binary' })
      .example('$0 set-value Machine/Registry.pol "Software\\Policies\\Contoso" Level --type REG_DWORD --data 1', 'A DWORD')
      .example('$0 set-value tweaks.reg "HKEY_CURRENT_USER\\Software\\Contoso" Servers --type REG_MULTI_SZ --data a.contoso.com --data b.contoso.com', 'A multi-string, in a .reg') as Argv<ValueArgs>,
  handler: (args, io) => {
    const type = parseRegType(args.type ?? '');
    if (type === undefined) throw new GpregError('USAGE', `--type ${JSON.stringify(args.type)}: expected a type name such as REG_DWORD, or a number`);
    const data = parseValueData(type, args.data ?? (type === RegType.REG_MULTI_SZ ? [] : ['']));
    return run(args, io, (key) => ({ op: 'set', key, name: args.name ?? '', type, data }), `${JSON.stringify(args.name)} set to ${renderRegType(type)}`);
  },
};

export const deleteValue: ValueCommand = {
  builder: (y) => common(y).positional('name', { type: 'string', demandOption: true, describe: 'The value name' }) as Argv<ValueArgs>,
  handler: (args, io) => run(args, io, (key) => ({ op: 'deleteValue', key, name: args.name ?? '' }), `${JSON.stringify(args.name)} deleted`),
};

export const deleteAllValues: ValueCommand = {
  builder: (y) => common(y),
  handler: (args, io) => run(args, io, (key) => ({ op: 'deleteAllValues', key }), 'all values deleted'),
};

export const deleteKeys: ValueCommand = {
  builder: (y) => common(y).positional('subkeys', { type: 'string', array: true, demandOption: true, describe: 'Subkey names' }) as Argv<ValueArgs>,
  handler: (args, io) => run(args, io, (key) => ({ op: 'deleteKeys', key, subkeys: args.subkeys ?? [] }), `subkeys ${(args.subkeys ?? []).join(', ')} deleted`),
};

export const createKey: ValueCommand = {
  builder: (y) => common(y),
  handler: (args, io) => run(args, io, (key) => ({ op: 'createKey', key }), 'key created'),
};

