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

/** Prints diagnostics to stderr, one a line, prefixed with the file name. */
export function reportDiagnostics(io: CliIO, file: string, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) io.stderr.write(`gpreg: ${file}: ${formatDiagnostic(d)}\n`);
}

/** Reads and decodes an input file of any format. */
export async function loadInput(io: CliIO, file: string, opts: { hive?: string | undefined; lenient?: boolean | undefined }): Promise<LoadedFile> {
  const bytes = await readInput(file, io);
  return loadBytes(bytes, {
    ...(file === '-' ? {} : { path: file }),
    ...(opts.hive ? { hive: parseHive(opts.hive) } : {}),
    lenient: opts.lenient ?? false,
  });
}
