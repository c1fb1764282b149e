/**
 * The gpreg command line. `main` parses arguments with yargs, runs one command and returns the
 * exit code: 0 success, 1 findings or differences, 2 usage, I/O or parse error.
 */

import yargs, { type Argv } from 'yargs';
import { renderError } from '../render/diagnostic.js';
import { GpregError, isGpregError, isStringTooLong, outputTooLarge, type ErrorCode } from '../errors.js';
import { COMMANDS, commandNamed, type CommandEntry, type CommandModule } from './commands/index.js';
import { DEFAULT_MAX_INPUT, processIO, type CliIO } from './io.js';
import { VERSION } from './version.js';
import { print, say } from './print.js';
import { CliError, type CliErrorCode } from './errors.js';


/**
 * yargs-parser turns a bare `-` (stdin/stdout) into '' or `true`; it is passed through as this
 * token and put back by a middleware before any handler sees it.
 */
const DASH = '\u0000gpreg-dash\u0000';

function restoreDash(args: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(args)) {
    if (v === DASH) args[k] = '-';
    else if (Array.isArray(v)) args[k] = v.map((x) => (x === DASH ? '-' : x));
  }
}


/** A damaged .pol: what can still be read, and how. */
const DAMAGED_POL = 'recover what can be read, and see every problem, with `gpreg dump --lenient FILE`';

/**
 * What to do next, for errors whose remedy is a command-line flag. The library's messages say what
 * is wrong in its own terms; the hints that name flags live here, keyed by code.
 */
const HINTS: Partial<Record<ErrorCode | CliErrorCode, string>> = {
  REG_UTF8_BOM: 'read it anyway with --encoding utf-8',
  REG_BAD_HEADER: 'a .reg starts with the line "Windows Registry Editor Version 5.00" (or "REGEDIT4"); for a file written as UTF-8 without a BOM, add that line and read it with --encoding utf-8',
  POL_TRUNCATED: DAMAGED_POL,
  POL_MISSING_DELIMITER: DAMAGED_POL,
  POL_SIZE_PAST_END: DAMAGED_POL,
  POL_SIZE_MISMATCH: DAMAGED_POL,
  POL_SIZE_INVALID: DAMAGED_POL,
  POL_BAD_TYPE: DAMAGED_POL,
  POL_UNTERMINATED_STRING: DAMAGED_POL,
  REG_NO_ROOT: 'give --hive when converting from a .pol',
  POLICY_UNKNOWN: 'find it with `gpreg policies --search TEXT` (add --admx DIR for the templates\' policies)',
  HIVE_UNKNOWN: 'e.g. --hive HKLM',
  USAGE: 'run `gpreg --help` for usage, `gpreg <command> --help` for a command',
};

/** Prints an error for people: `gpreg: POL_TRUNCATED: … at offset 0x1a`, and a hint. */
function reportError(io: CliIO, e: unknown, command: string | undefined): void {
  // The library's errors and the command line's own are said alike.
  if (e instanceof CliError || isGpregError(e)) {
    say(io, `gpreg: ${renderError(e)}`);
    // A usage error names the command's own help when there is a command.
    const hint = e.code.startsWith('USAGE') && command ? `run \`gpreg ${command} --help\` for its options and examples` : HINTS[e.code];
    if (hint) say(io, `gpreg: hint: ${hint}`);
  } else if (isStringTooLong(e)) {
    // Any command's output (a dump, a report) past the longest string: said as a coded error, not a crash.
    reportError(io, outputTooLarge('output', e), command);
  } else {
    // A stack is several lines: each is said as a line of its own.
    for (const line of `gpreg: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`.split('\n')) say(io, line);
  }
}

/**
 * yargs lays out the whole help text after starting every command, in case the command shows it
 * (about 50 ms of a 0.8 s `show`, with the text-width module it loads). No gpreg command shows help
 * from its handler, and `--help` still lays it out when asked; where a yargs version lacks the
 * internal hook this leaves everything as it is.
 */
function skipHelpCache(parser: Argv): void {
  const usage = (parser as unknown as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: unknown } } }).getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}

/**
 * Runs the gpreg CLI with `argv` (without the node and script names). Never exits the process and
 * never throws: returns the exit code. `io` replaces the process's streams, folder and environment.
 *
 * @example
 * const code = await main(['dump', 'Registry.pol']);
 */
export async function main(argv: readonly string[], io: Partial<CliIO> = {}): Promise<number> {
  const cli: CliIO = { ...processIO(), ...io };
  let exitCode = 0;
  let parser = yargs()
    .scriptName('gpreg')
    .usage('$0 <command> [options]\n\nBuild, read and diff Windows Group Policy registry files (.reg and Registry.pol).\nNever touches a live registry.')
    .strict()
    .demandCommand(1, 'Give a command; `gpreg --help` lists them.')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(VERSION)
    .wrap(100)
    .exitProcess(false)
    .option('max-input', { type: 'number', global: true, describe: `Largest input file a command reads, in MB (default ${DEFAULT_MAX_INPUT / 2 ** 20}); only regular files are read` })
    .middleware(restoreDash, true)
    .middleware((args) => {
      const mb = args['maxInput'];
      if (mb === undefined) return;
      if (typeof mb !== 'number' || !Number.isFinite(mb) || mb <= 0) throw new GpregError('USAGE', '--max-input takes a size in MB greater than 0');
      cli.maxInputBytes = Math.floor(mb * 2 ** 20);
    }, true)
    .epilog('Exit codes: 0 success, 1 findings or differences, 2 usage, I/O or parse error.\nDocs: docs/cli.md in the package; `gpreg <command> --help` for each command.')
    .fail((message, error) => {
      throw error ?? new GpregError('USAGE', message);
    });
  skipHelpCache(parser);
  // Only the command that runs is loaded (its options, its work and what they pull in); the
  // others are known by their usage line, for `--help` and "did you mean".
  const entry = commandNamed(argv.find((a) => commandNamed(a)));
  let running: CommandModule | undefined;
  try {
    running = entry ? await entry.load() : undefined;
    for (const c of COMMANDS) {
      parser = parser.command(c.command, c.describe, c === entry ? running!.builder : (y: Argv) => y, async (args) => {
        exitCode = await running!.handler(args as never, cli);
      });
    }
    await parser.parseAsync(argv.map((a) => (a === '-' ? DASH : a)), {}, (_err, _args, output) => {
      if (output) print(cli, output + '\n');
    });
    return exitCode;
  } catch (e) {
    const command = entry?.command.split(' ')[0];
    reportError(cli, (entry && running && unknownOptionError(e, entry, running, argv.slice(argv.indexOf(command!) + 1))) || e, command);
    return 2;
  }
}

/**
 * yargs checks the number of arguments before it checks for unknown options, so `show --lenient
 * x.pol` (the unknown flag takes the file as its value) said "Not enough non-option arguments".
 * The unknown option is the cause: it is named instead, with the value it swallowed; else the
 * missing argument is named.
 */
function unknownOptionError(e: unknown, entry: CommandEntry, module: CommandModule, args: readonly string[]): GpregError | undefined {
  if (!isGpregError(e) || e.code !== 'USAGE' || !e.message.startsWith('Not enough non-option arguments')) return undefined;
  // getOptions() is yargs' own (untyped) view of what a builder declared.
  const built = module.builder(yargs().option('max-input', { type: 'number' })) as unknown as { getOptions(): { key: Record<string, unknown> } };
  const options = built.getOptions();
  const camel = (k: string) => k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const known = new Set([...Object.keys(options.key), 'help', 'h', 'version'].flatMap((k) => [k, camel(k)]));
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    if (!a.startsWith('-') || a === '-') continue;
    const long = a.startsWith('--');
    const name = a.replace(/^--?/, '').replace(/=.*$/s, '');
    const names = long ? [name] : [...name];
    const unknown = names.find((n) => !known.has(n) && !(long && n.startsWith('no-') && known.has(n.slice(3))));
    if (unknown === undefined) continue;
    const swallowed = !a.includes('=') && args[i + 1] !== undefined && !args[i + 1]!.startsWith('-') ? ` (it took ${JSON.stringify(args[i + 1])} as its value)` : '';
    return new GpregError('USAGE', `unknown option ${long ? '--' : '-'}${unknown} for \`gpreg ${entry.command.split(' ')[0]}\`${swallowed}`);
  }
  // No unknown option: an argument is missing. Name it, with the command's usage line.
  const got = Number(/got (\d+)/.exec(e.message)?.[1] ?? 0);
  const wanted = entry.command.split(' ').filter((w) => w.startsWith('<')).slice(got);
  return new GpregError('USAGE', `missing ${wanted.join(' ') || 'an argument'}: the usage is \`gpreg ${entry.command}\``);
}
