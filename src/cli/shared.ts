/** Pieces every command uses: options, diagnostics on stderr, loading an input file. */

import type { Argv } from 'yargs';
import { formatDiagnostic } from '../diagnostics.js';
import type { Diagnostic } from '../errors.js';
import { loadBytes, type LoadedFile } from '../formats/load.js';
import { parseHive } from '../registry/keys.js';
import { readInput, type CliIO } from './io.js';

/** Adds `--hive`. */
export function hiveOption<T>(y: Argv<T>) {
  return y.option('hive', {
    type: 'string',
    describe: 'Hive of a .pol file: HKLM, HKCU, HKU, HKCR, HKCC (default: from a Machine/User folder in the path, else HKLM)',
  });
}

/** Adds `--encoding`: the code page of `.reg` files without a BOM. */
export function codePageOption<T>(y: Argv<T>) {
  return y.option('encoding', {
    type: 'string',
    describe: 'Code page of a .reg file without the UTF-16LE BOM (default windows-1252, as regedit on a Western-European Windows; utf-8 reads UTF-8 text regedit itself would reject)',
  });
}

/** Prints diagnostics to stderr, one a line, prefixed with the file name. */
export function reportDiagnostics(io: CliIO, file: string, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) io.stderr.write(`gpreg: ${file}: ${formatDiagnostic(d)}\n`);
}

/** Reads and decodes an input file of any format. */
export async function loadInput(
  io: CliIO,
  file: string,
  opts: { hive?: string | undefined; lenient?: boolean | undefined; encoding?: string | undefined; strict?: boolean | undefined },
): Promise<LoadedFile> {
  const bytes = await readInput(file, io);
  return loadBytes(bytes, {
    ...(file === '-' ? {} : { path: file }),
    ...(opts.hive ? { hive: parseHive(opts.hive) } : {}),
    ...(opts.encoding ? { codePage: opts.encoding } : {}),
    lenient: opts.lenient ?? false,
    strictReg: opts.strict ?? false,
  });
}
