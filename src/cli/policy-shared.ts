/** What the policy commands (build, set, show, check) share: setting options, the hive, the checks on what is written. */

import type { Argv } from 'yargs';
import { GpregError, type Diagnostic } from '../errors.js';
import type { LoadedFile } from '../formats/load.js';
import { parseJsonText } from '../formats/json.js';
import type { RegOp } from '../registry/ops.js';
import type { PolicyReport } from '../policy/read.js';
import { findElement } from '../policy/setting.js';
import { policyId, type PolicyDefinition } from '../policy/types.js';
import { readPolicies } from '../policy/read.js';
import type { PolicySet } from '../policy/set.js';
import type { HiveName } from '../registry/keys.js';
import { readInput, type CliIO } from './io.js';

/** The arguments that make a setting. */
export interface SettingArgs {
  state?: string;
  control?: string;
  helper?: string[];
  option?: string[];
  from?: string;
}

/** Adds --state, --control, --helper, --option and --from. */
export function settingOptions<T>(y: Argv<T>) {
  return y
    .option('state', { type: 'string', describe: 'enabled, disabled or not-configured (required unless --from gives it)' })
    .option('control', { type: 'string', describe: 'Permit remote control: full (the editor\'s default) or view' })
    .option('helper', { type: 'string', array: true, describe: 'A helper, <Domain>\\<User> or <Domain>\\<Group> (repeat for several, in order)' })
    .option('option', { type: 'string', array: true, describe: 'Any other option as name=value (see `gpreg policies`), e.g. expiry=4' })
    .option('from', { type: 'string', describe: 'A JSON setting file, e.g. {"state":"enabled","control":"view","helpers":["CONTOSO\\\\HelpDesk"]}; flags override it' });
}

/** Builds the setting object from --from and the flags (flags win). */
export async function settingFromArgs(args: SettingArgs, io: CliIO): Promise<Record<string, unknown>> {
  // Without a prototype, `__proto__` (from a JSON file or --option) is a name like any other, and
  // reaches checkSetting as an unknown option, as `constructor` does: an assignment to a plain
  // object would have run the prototype setter and dropped it silently.
  const setting: Record<string, unknown> = Object.create(null);
  if (args.from) {
    // The one JSON reader: a BOM is skipped, and bad JSON is JSON_INVALID with its line and column.
    const parsed = parseJsonText(Buffer.from(await readInput(args.from, io)).toString('utf8'), args.from);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new GpregError('POLICY_BAD_SETTING', `${args.from}: a setting is a JSON object`);
    Object.assign(setting, parsed);
  }
  if (args.state !== undefined) setting['state'] = args.state;
  if (args.control !== undefined) setting['control'] = args.control;
  if (args.helper !== undefined) setting['helpers'] = args.helper;
  for (const o of args.option ?? []) {
    const eq = o.indexOf('=');
    if (eq <= 0) throw new GpregError('USAGE', `--option ${JSON.stringify(o)}: expected name=value`);
    const name = o.slice(0, eq);
    const value = o.slice(eq + 1);
    const prev = setting[name];
    // Repeating a name makes a list (for list options).
    setting[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  if (setting['state'] === undefined) throw new GpregError('USAGE', 'give --state enabled|disabled|not-configured (or a "state" in --from)');
  return setting;
}


/**
 * An option given once on the command line is a string; a list option wants a list. Options are
 * found by name, element id or label, as `checkSetting` finds them.
 */
export function listifyOptions(def: PolicyDefinition, setting: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null); // see settingFromArgs
  for (const [k, v] of Object.entries(setting)) {
    const el = k === 'state' ? undefined : findElement(def, k);
    if (!el) {
      out[k] = v; // unknown names are reported by checkSetting
      continue;
    }
    const list = el.type === 'list' || el.type === 'multiText';
    const prev = out[el.option];
    // The same option given under its id and its label is one option (items add up for a list).
    out[el.option] = list ? [...(Array.isArray(prev) ? prev : prev === undefined ? [] : [prev]), ...(Array.isArray(v) ? v : [v])] : v;
  }
  return out;
}

/**
 * The hive a policy goes to in a file, or a `HIVE_MISMATCH` refusal: a computer policy is read by
 * Windows from HKLM only (a GPO's Machine side), a user policy from HKCU (User side). `given` is
 * --hive, `fromPath` the Machine/User folder of the file.
 */
export function policyTargetHive(def: PolicyDefinition, given: HiveName | undefined, fromPath: HiveName | undefined, file: string): HiveName {
  if (given && fromPath && given !== fromPath) {
    throw new GpregError('HIVE_MISMATCH', `--hive ${given} contradicts the folder of ${file} (${fromPath})`);
  }
  const wanted = given ?? fromPath;
  const own = def.class === 'Machine' ? 'HKEY_LOCAL_MACHINE' : def.class === 'User' ? 'HKEY_CURRENT_USER' : undefined;
  if (own && wanted && wanted !== own) {
    const side = def.class === 'Machine' ? 'a computer policy, read from HKEY_LOCAL_MACHINE (a GPO\'s Machine side)' : 'a user policy, read from HKEY_CURRENT_USER (a GPO\'s User side)';
    throw new GpregError('HIVE_MISMATCH', `${policyId(def)} is ${side}; ${fromPath ? `${file} is a ${fromPath === 'HKEY_LOCAL_MACHINE' ? 'Machine' : 'User'} file` : `--hive is ${wanted}`}: Windows would never apply it there`);
  }
  return own ?? wanted ?? 'HKEY_LOCAL_MACHINE';
}

/**
 * What `check` would say of what was just written: its warnings and errors (e.g. Offer Remote
 * Assistance enabled with no helpers), so a build or an edit never quietly writes a file that fails
 * gpreg's own check.
 */
export function checkWritten(ops: readonly RegOp[], catalog: PolicySet, already: readonly Diagnostic[], only?: PolicyDefinition): Diagnostic[] {
  const seen = new Set(already.map((d) => `${d.code}\u0000${d.message}`));
  return readPolicies(ops, { catalog })
    .policies.filter((p) => !only || p.id === policyId(only))
    .flatMap((p) => p.findings)
    .filter((d) => d.severity !== 'info' && !seen.has(`${d.code}\u0000${d.message}`));
}

/** Findings that make `check` fail: warnings and errors, from the policies and the file. */
export function countFindings(loaded: LoadedFile, report: PolicyReport): Diagnostic[] {
  return [...report.policies.flatMap((p) => p.findings), ...loaded.diagnostics].filter((d) => d.severity !== 'info');
}
