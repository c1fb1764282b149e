/** Pieces every command uses: options, diagnostics on stderr, loading an input file. */

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Argv } from 'yargs';
import { BUILTIN, CATALOG } from '../policy/catalog/index.js';
import type { PolicySet } from '../policy/set.js';
import { renderDiagnostic } from '../render/diagnostic.js';
import type { Diagnostic, ErrorCode } from '../errors.js';
import { loadBytes, type LoadedFile } from '../formats/load.js';
import { detectFileFormat, formatFromPath, type FormatName } from '../formats/detect.js';
import { encodePol } from '../formats/pol/encode.js';
import { serializeReg } from '../formats/reg/serialize.js';
import { parseHive } from '../registry/keys.js';
import { tattooFindings } from '../registry/tattoo.js';
import { GpregError } from '../errors.js';
import { gptIniOf, planVersionBump, type GpoSide } from '../gpo/gpt-ini.js';
import { gpoFolderOf, isFolder, refuseLinkOut } from '../gpo/folder.js';
import type { Gpo } from '../gpo/gpo.js';
import type { SideParts } from '../gpo/parts.js';
import { readInput, refuseOverwrite, refuseReadOnly, writeOutput, type CliIO } from './io.js';
import { say } from './print.js';

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
  for (const d of diagnostics) say(io, `gpreg: ${file}: ${renderDiagnostic(d)}`);
}

/** One file an input stands for (see {@link inputFiles}). */
export interface InputEntry {
  /** `Machine` or `User` for a side of a GPO or a rule file, else the file as given. */
  label: string;
  side?: GpoSide;
  /** The file to read; undefined for a side with no Registry.pol (or, in a rule file, no entries). */
  file: string | undefined;
  /** The side's other parts: security template, audit policy, preferences. */
  parts?: SideParts;
  /** The bytes already read (a file given as such, stdin included): not read again. */
  bytes?: Uint8Array;
  /** The side read already (a rule file's side): used as it is. */
  loaded?: LoadedFile & { bytes: Uint8Array };
}

/** What an input stands for: a GPO's sides, a rule file's sides, or one file. */
export interface Inputs {
  gpo?: Gpo;
  /** A Policy Analyzer rule file: the GPOs (PolicyName) its entries come from, in order. */
  rules?: { gpos: string[] };
  files: InputEntry[];
}

/**
 * The files an input stands for: the file itself, or — for a GPO folder (a backup or a SYSVOL GPO) —
 * its Machine and User `Registry.pol` (a side without one is listed with no file) and each side's
 * other parts, with the GPO it is (src/gpo/gpo.ts). A Policy Analyzer `.PolicyRules` file stands for
 * its GPOs taken together, as Policy Analyzer takes a rule set: a Machine side (ComputerConfig
 * entries, and SecurityTemplate and AuditSubcategory ones as its parts) and a User side (UserConfig).
 */
export async function inputFiles(io: CliIO, spec: string): Promise<Inputs> {
  if (spec !== '-' && (await isFolder(path.resolve(io.cwd, spec)))) {
    // The GPO reader (templates of its parts, XML) is loaded only for a folder: a file's commands start quicker.
    const { readGpo } = await import('../gpo/gpo.js');
    const gpo = await readGpo(path.resolve(io.cwd, spec));
    if (!gpo) throw new GpregError('IO_READ', `${spec} is a folder but not a GPO: expected Machine/ and User/ folders (SYSVOL) or DomainSysvol/GPO (a backup)`);
    return gpoInputs(io, gpo);
  }
  const bytes = await readInput(spec, io);
  if (detectFileFormat(bytes, spec === '-' ? undefined : spec) !== 'policyrules') return { files: [{ label: spec, file: spec, bytes }] };
  const { partsOfRules } = await import('../compare/policyrules.js');
  const all = loadBytes(bytes, { format: 'policyrules' });
  const rules = all.rules!;
  const parts = partsOfRules(rules.rules);
  const side = (scope: GpoSide, hive: 'HKEY_LOCAL_MACHINE' | 'HKEY_CURRENT_USER'): InputEntry => {
    const at = all.ops.flatMap((o, i) => (o.key.startsWith(`${hive}\\`) ? [i] : []));
    const sideParts: SideParts = scope === 'Machine' ? parts : { unread: [] };
    // The file's diagnostics are said once, with its Machine side.
    const loaded = { ...all, hive, ops: at.map((i) => all.ops[i]!), positions: at.map((i) => all.positions[i]!), diagnostics: scope === 'Machine' ? all.diagnostics : [], bytes };
    return { label: scope, side: scope, file: at.length || sideParts.security || sideParts.audit ? spec : undefined, parts: sideParts, loaded };
  };
  return { rules: { gpos: [...new Set(rules.rules.map((r) => r.policyName ?? '(no PolicyName)'))] }, files: [side('Machine', 'HKEY_LOCAL_MACHINE'), side('User', 'HKEY_CURRENT_USER')] };
}

/** A GPO read already, as {@link inputFiles} gives a GPO folder: both sides, each with its Registry.pol (when it has one) and other parts. */
export function gpoInputs(io: CliIO, gpo: Gpo): Inputs {
  return { gpo, files: gpo.sides.map((s) => ({ label: s.side, side: s.side, file: s.registryPol && path.relative(io.cwd, s.registryPol), parts: s.parts })) };
}

/**
 * An input's file read and decoded: what {@link inputFiles} read already, else the file. The bytes
 * the entry held are handed over, not kept (a diff of two large files holds one side's at a time).
 */
export function loadEntry(io: CliIO, entry: InputEntry, opts: Parameters<typeof loadInput>[2]): Promise<LoadedFile & { bytes: Uint8Array }> {
  if (entry.loaded) return Promise.resolve(entry.loaded);
  if (entry.file === undefined) throw new GpregError('IO_READ', `${entry.label}: no file to read`);
  const bytes = entry.bytes;
  delete entry.bytes;
  return loadInput(io, entry.file, opts, bytes);
}

/** Reads and decodes an input file of any format; the bytes read come with it (for a report's size and hash). */
export async function loadInput(
  io: CliIO,
  file: string,
  /** --hive, --encoding, and strictness: the format's own default unless --lenient (.pol) or --strict (.reg) says otherwise. */
  opts: { hive?: string | undefined; lenient?: boolean | undefined; encoding?: string | undefined; strict?: boolean | undefined },
  /** The file's bytes when the caller has read them already (they are not read again). */
  read?: Uint8Array,
): Promise<LoadedFile & { bytes: Uint8Array }> {
  const bytes = read ?? (await readInput(file, io));
  const loaded = loadBytes(bytes, {
    ...(file === '-' ? {} : { path: file }),
    ...(opts.hive ? { hive: parseHive(opts.hive) } : {}),
    ...(opts.encoding ? { codePage: opts.encoding } : {}),
    ...(opts.lenient ? { strict: false } : opts.strict ? { strict: true } : {}),
  });
  return { ...loaded, bytes };
}

/**
 * A `Registry.pol`'s findings about the GPO itself, added to its diagnostics: the values it sets
 * outside the policy keys, which stay after the GPO is removed (`POLICY_TATTOO`). A `.reg` or JSON
 * file is not a GPO's: nothing is added.
 */
export function withGpoFindings<T extends LoadedFile>(loaded: T): T {
  if (loaded.format === 'pol') loaded.diagnostics.push(...tattooFindings(loaded.ops, (i) => loaded.positions[i] ?? {}));
  return loaded;
}

/** The template folders a command reads: --admx (repeatable), else $GPREG_ADMX (split at the path delimiter). */
function templateDirs(args: AdmxArgs, io: CliIO): string[] {
  const given = args.admx === undefined ? [] : ([] as string[]).concat(args.admx);
  return given.length ? given : (io.env['GPREG_ADMX'] ?? '').split(path.delimiter).filter((d) => d !== '');
}

/**
 * The templates a `show --json` document was made with (`{folders, lang}`, folders as given), so
 * that `build --from` run without them can name them; undefined for the built-in catalog.
 */
export function templatesJson(args: AdmxArgs, io: CliIO): { folders: string[]; lang: string } | undefined {
  const dirs = templateDirs(args, io);
  return dirs.length ? { folders: dirs, lang: args.lang ?? 'en-US' } : undefined;
}

/** The templates a command read policies with, in words, for what a report says it used. */
export function describeTemplates(args: AdmxArgs, set: PolicySet, io: CliIO): string {
  const dirs = templateDirs(args, io);
  if (set === BUILTIN || dirs.length === 0) return `gpreg's built-in catalog only (${set.policies.length} policies); give --admx for every policy of the templates`;
  return `${set.files.length} template files from ${dirs.join(', ')} (${args.lang ?? 'en-US'}), ${set.policies.length} policies`;
}

/**
 * Writes an HTML report: refused onto an existing non-empty file unless `force` (no silent
 * overwrite), atomic, and a line on stderr saying where it went.
 */
export async function writeHtmlReport(io: CliIO, output: string, force: boolean | undefined, page: string | Iterable<string>): Promise<void> {
  if (!force) await refuseOverwrite(output, io, 'give --force to replace it');
  let size = typeof page === 'string' ? Buffer.byteLength(page) : 0;
  const counted = function* (pieces: Iterable<string>) {
    for (const p of pieces) {
      size += Buffer.byteLength(p);
      yield p;
    }
  };
  await writeOutput(output, typeof page === 'string' ? page : counted(page), io);
  if (output !== '-') say(io, `gpreg: wrote ${output} (${size.toLocaleString('en-US')} bytes): open it in any browser, no network needed`);
}

/** `--html` and `-o` go together (diff, audit): a page needs a file, and the other outputs go to stdout. */
export function checkHtmlOutput(args: { html?: boolean | undefined; output?: string | undefined }, others: string): void {
  if (args.html && !args.output) throw new GpregError('USAGE', '--html writes a page: give -o FILE.html (or -o - for stdout)');
  if (args.output && !args.html) throw new GpregError('USAGE', `-o is for --html; ${others} go to stdout`);
}

/** Adds `-o`/`--output` and `--force` for an HTML report. */
export function htmlOutputOptions<T>(y: Argv<T>, demand: boolean) {
  return y
    .option('output', { alias: 'o', type: 'string', demandOption: demand, describe: demand ? 'The HTML file to write, or - for stdout' : 'The HTML file to write with --html, or - for stdout' })
    .option('force', { type: 'boolean', default: false, describe: 'Replace an existing non-empty output file' });
}

/**
 * A file to edit in place: its bytes, or — when it is missing and named `.pol` or `.reg` — an
 * empty file of that format, as Set-PolicyFileEntry creates one. The folder must exist, and any
 * other missing name is `IO_READ`, so a typo in a path does not become a new file.
 */
export async function editableFile(io: CliIO, file: string): Promise<{ original: Uint8Array; missing: boolean; format: FormatName | undefined }> {
  const missing = !(await fs.lstat(path.resolve(io.cwd, file)).catch(() => undefined));
  const newFormat = missing ? formatFromPath(file) : undefined;
  const original = newFormat === 'pol' ? encodePol({ records: [] }) : newFormat === 'reg' ? serializeReg([]).bytes : await readInput(file, io);
  return { original, missing: newFormat !== undefined, format: newFormat ?? detectFileFormat(original, file) };
}

/** Adds `--admx` (repeatable) and `--lang`: the templates policies are read and built with. */
export function admxOptions<T>(y: Argv<T>) {
  return y
    .option('admx', { type: 'string', describe: 'A PolicyDefinitions folder (.admx with <lang>/*.adml); repeat for several. Default: $GPREG_ADMX (folders separated by the path delimiter), else the built-in catalog only' })
    .option('lang', { type: 'string', describe: 'ADML language folder (default en-US; a file missing in it falls back to en-US)' })
    .option('cache', { type: 'boolean', describe: 'Keep compiled templates between runs (default on; --no-cache reads every template anew). Folder: $GPREG_CACHE_DIR, else $XDG_CACHE_HOME/gpreg, %LOCALAPPDATA%\\gpreg or ~/.cache/gpreg' })
    .option('prefer', { type: 'string', describe: 'Where policies of two templates write the same records, name this namespace\'s (repeat for several); default: the template file loaded first, as GPMC does' });
}

/** The arguments of {@link admxOptions}. */
export interface AdmxArgs {
  /** One folder, or several when --admx is repeated. */
  admx?: string | string[];
  lang?: string;
  /** Namespaces named first where policies share their records (repeatable). */
  prefer?: string | string[];
  /** `--no-cache`: compile the templates anew, keep nothing. */
  cache?: boolean;
}

/**
 * Where compiled templates are kept: $GPREG_CACHE_DIR, else the platform's cache folder
 * ($XDG_CACHE_HOME/gpreg, %LOCALAPPDATA%\gpreg, ~/.cache/gpreg); undefined with --no-cache or when
 * the environment names no folder (nothing is kept then).
 */
export function templateCacheDir(args: AdmxArgs, io: CliIO): string | undefined {
  if (args.cache === false) return undefined;
  const env = io.env;
  if (env['GPREG_CACHE_DIR']) return path.resolve(io.cwd, env['GPREG_CACHE_DIR']);
  if (env['XDG_CACHE_HOME']) return path.join(env['XDG_CACHE_HOME'], 'gpreg');
  if (env['LOCALAPPDATA']) return path.join(env['LOCALAPPDATA'], 'gpreg');
  if (env['HOME']) return path.join(env['HOME'], '.cache', 'gpreg');
  return undefined;
}

/**
 * The policy definitions for a command: the templates of --admx (or $GPREG_ADMX) with the built-in
 * catalog overlaid, or the built-in catalog alone. Template errors are printed, not fatal: a
 * damaged set still serves its other policies.
 */
export async function loadDefinitions(args: AdmxArgs, io: CliIO): Promise<PolicySet> {
  const dirs = templateDirs(args, io);
  const prefer = args.prefer === undefined ? [] : ([] as string[]).concat(args.prefer);
  if (dirs.length === 0) return prefer.length ? BUILTIN.withPreference(prefer) : BUILTIN;
  // The template loader is loaded only when templates are given (start-up stays quick without).
  const { loadPolicyDefinitions } = await import('../admx/load.js');
  const cacheDir = templateCacheDir(args, io);
  const set = await loadPolicyDefinitions(
    dirs.map((d) => path.resolve(io.cwd, d)),
    { ...(args.lang ? { lang: args.lang } : {}), ...(cacheDir ? { cacheDir } : {}) },
  );
  const errors = set.diagnostics.filter((d) => d.severity === 'error');
  // A folder that gives no templates at all, or none in the language asked for, is a wrong
  // argument, not a damaged set: going on would read every file as if no template were given.
  const fatal = errors.find((d) => d.code === 'ADMX_NO_TEMPLATES' || d.code === 'ADMX_NO_LANGUAGE');
  if (fatal) {
    const from = args.admx === undefined ? ' (from $GPREG_ADMX)' : '';
    throw new GpregError(fatal.code as ErrorCode, `--admx ${fatal.file ?? ''}${from}: ${fatal.message}`);
  }
  for (const d of errors.slice(0, 20)) say(io, `gpreg: ${d.file ?? ''}: ${renderDiagnostic(d)}`);
  if (errors.length > 20) say(io, `gpreg: … and ${errors.length - 20} more template errors (\`gpreg policies --diagnostics\` lists them all)`);
  const overlaid = set.withOverlays(CATALOG);
  return prefer.length ? overlaid.withPreference(prefer) : overlaid;
}


/**
 * Writes an edited file in place (atomically). With `backup`, the original goes to `<file>.bak`
 * first; an existing non-empty `.bak` holds an earlier original and is not replaced: the edit stops
 * before writing anything (`OUTPUT_EXISTS`). A side's file in a GPO folder is not written through
 * a link that leaves the folder (`IO_WRITE`, see {@link refuseLinkOut}), nor a read-only file
 * unless `force` (`OUTPUT_READ_ONLY`). A `polFile` in a SYSVOL GPO folder gets its side's version
 * raised in gpt.ini (unless `versionBump` is false) before the file itself is written; a damaged
 * gpt.ini stops the edit before anything is written.
 */
export async function writeEdited(io: CliIO, file: string, original: Uint8Array, bytes: Uint8Array, options: { backup: boolean; polFile: boolean; versionBump: boolean; force: boolean }): Promise<void> {
  const abs = path.resolve(io.cwd, file);
  const gpo = await gpoFolderOf(abs);
  if (gpo) for (const f of options.backup ? [abs, `${abs}.bak`] : [abs]) await refuseLinkOut(gpo, f, file);
  if (!options.force) await refuseReadOnly(file, io, 'give --force to edit it anyway');
  if (options.backup) await refuseOverwrite(`${file}.bak`, io, 'it keeps an earlier original: move it away first, or edit without --backup');
  const bump = options.polFile ? await prepareGpoBump(io, file, options.versionBump, options.force) : undefined;
  if (options.backup) await writeOutput(`${file}.bak`, original, io, { like: file });
  // The version first: a raised version over an unchanged file is harmless (clients apply the same
  // settings again); a changed file under the old version is never applied, and a run killed
  // between the two writes must not leave that.
  await bump?.();
  await writeOutput(file, bytes, io);
}

/**
 * Raises the version of each of `sides` in the gpt.ini `ini` (read once, written once), as a
 * step to run later: the file is read and its Version checked now (src/gpo/gpt-ini.ts), so that a
 * damaged gpt.ini stops a command before it writes anything. Running the step writes the file and
 * says so.
 */
export function prepareVersionBump(io: CliIO, ini: string, sides: readonly GpoSide[]): () => Promise<void> {
  const plan = planVersionBump(ini, sides);
  return async () => {
    await writeOutput(ini, plan.bytes, io);
    for (const { side, before, after } of plan.steps) {
      const part = (v: number) => (side === 'Machine' ? v & 0xffff : v >>> 16);
      say(io, `gpreg: ${ini}: Version ${before} → ${after} (${side} ${part(before)} → ${part(after)}), so that clients apply the change`);
    }
  };
}

/** Says that a SYSVOL GPO's version was left as it was (`--no-version-bump`), and what that means. */
export function versionNotRaised(io: CliIO, ini: string): void {
  say(io, `gpreg: ${ini}: Version not raised (--no-version-bump): clients will not apply this edit until the GPO's version changes`);
}

/**
 * For an edit of `<GPO>/Machine/Registry.pol` (or `User`) in a SYSVOL GPO folder: reads and checks
 * `<GPO>/gpt.ini` now, and returns the step that raises the side's version and says so (or, when
 * not `enabled`, says it stays); undefined for a file with no version (see {@link gptIniOf}).
 */
async function prepareGpoBump(io: CliIO, polPath: string, enabled: boolean, force: boolean): Promise<(() => Promise<void>) | undefined> {
  const target = await gptIniOf(path.resolve(io.cwd, polPath));
  if (!target) return undefined;
  if (!enabled) return async () => versionNotRaised(io, target.ini);
  if (!force) await refuseReadOnly(target.ini, io, 'give --force to raise its version anyway, or --no-version-bump');
  return prepareVersionBump(io, target.ini, [target.side]);
}
