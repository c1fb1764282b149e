/**
 * Every command's usage line and description, and how to load it: the one table `gpreg --help`
 * and the parser read. A command's module (its options, its work, and everything that pulls in:
 * templates, HTML, diff) is imported only when that command runs, so start-up stays quick.
 */

import type { Argv } from 'yargs';
import type { CliIO } from '../io.js';

/** What a command module gives once loaded: yargs' builder, and a handler that returns an exit code. */
export interface CommandModule {
  builder: (y: Argv) => Argv<any>;
  /** Each module types its own arguments (`never` here accepts them all); yargs checked them against the builder. */
  handler: (args: never, io: CliIO) => Promise<number>;
}

/** A command as the parser knows it before it is loaded. */
export interface CommandEntry {
  /** yargs' usage line: the name, then its positionals (`show <file>`). */
  command: string;
  describe: string;
  load: () => Promise<CommandModule>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { command: 'build [policy]', describe: 'Write a policy setting as a .reg (for reg import) or a Registry.pol (for a GPO)', load: () => import('./build.js') },
  { command: 'set <file> <policy>', describe: 'Set a policy in an existing .pol or .reg in place: its records are replaced, every other record stays as it was', load: () => import('./set.js') },
  { command: 'set-value <file> <key> <name>', describe: 'Set one value in a .pol or .reg in place (Set-PolicyFileEntry); its old records are replaced, every other record stays', load: async () => (await import('./values.js')).setValue },
  { command: 'delete-value <file> <key> <name>', describe: 'Delete one value (a **del. record in a .pol, "name"=- in a .reg) in place; its old records are replaced', load: async () => (await import('./values.js')).deleteValue },
  { command: 'delete-all-values <file> <key>', describe: 'Delete every value of a key (**delvals. in a .pol; in a .reg, [-KEY] [KEY], which also deletes subkeys: reported)', load: async () => (await import('./values.js')).deleteAllValues },
  { command: 'delete-keys <file> <key> <subkeys..>', describe: 'Delete subkeys of a key with their trees (**DeleteKeys in a .pol, [-KEY\\SUB] in a .reg)', load: async () => (await import('./values.js')).deleteKeys },
  { command: 'create-key <file> <key>', describe: 'Create a key without values (a record with an empty name in a .pol, [KEY] in a .reg)', load: async () => (await import('./values.js')).createKey },
  { command: 'show <files..>', describe: 'Show the policies a file (.pol, .reg, .json, LGPO, .PolicyRules) or GPO folder sets: state, options, findings, security and audit settings, and the records no policy explains', load: () => import('./show.js') },
  { command: 'report <input>', describe: 'Write a GPO\'s settings (or one file\'s) as one self-contained HTML page, laid out as GPMC\'s Settings report, with findings and the records no policy explains', load: () => import('./report.js') },
  { command: 'check <files..>', describe: 'Check files or GPO folders (templates loaded once): exit 0 when all are clean, 1 with findings (warnings or errors), 2 when a file is invalid', load: () => import('./check.js') },
  { command: 'policies [policy]', describe: 'List the policies gpreg knows (the built-in catalog, or every policy of --admx templates), or show one in full', load: () => import('./policies.js') },
  { command: 'diff <a> <b>', describe: 'Compare what two files do (.pol, .reg, .json, any mix), or two GPO folders or .PolicyRules files side by side: policy changes, then registry changes. Exit 0 same, 1 different, 2 error', load: () => import('./diff.js') },
  { command: 'compare <sources..>', describe: 'Compare many GPOs, baselines or files side by side: one row per setting, one column per source, conflicts and duplicates marked. Exit 0 all the same, 1 not, 2 error', load: () => import('./compare.js') },
  { command: 'intune <inputs..>', describe: 'Each policy and security setting a GPO, tree of GPOs or file sets as Intune (MDM) would carry it: its Policy CSP twin, OMA-URI and payload, or why there is none; a Graph profile or SyncML to deploy (needs --ddf)', load: () => import('./intune.js') },
  { command: 'audit <folder>', describe: 'Audit a tree of GPO backups or a SYSVOL copy: per file, the policies set, findings and errors. Exit 1 if any file has findings or errors', load: () => import('./audit.js') },
  { command: 'dump <file>', describe: 'Print a .pol, .reg, gpreg .json, LGPO or .PolicyRules file (or a GPO folder\'s Registry.pol files) as one JSON document: records or statements, registry operations, diagnostics', load: () => import('./dump.js') },
  { command: 'convert <input> <output>', describe: 'Convert between .pol, .reg (5.00 or REGEDIT4), .json and LGPO text, or a GPO or tree to a Policy Analyzer .PolicyRules file; written atomically, nothing on error', load: () => import('./convert.js') },
];

/** The command a name (the first word of an argument list) runs, if any. */
export function commandNamed(name: string | undefined): CommandEntry | undefined {
  return COMMANDS.find((c) => c.command.split(' ')[0] === name);
}
