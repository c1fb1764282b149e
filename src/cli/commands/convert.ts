import type { Argv, ArgumentsCamelCase } from 'yargs';
import { GpregError } from '../../errors.js';
import { convert, CONVERT_TARGETS, type ConvertTarget } from '../../formats/convert.js';
import { formatFromPath } from '../../formats/detect.js';
import { polHive } from '../../formats/load.js';
import { hiveFromPolPath, parseHive } from '../../registry/keys.js';
import { readInput, refuseOverwrite, writeOutput, type CliIO } from '../io.js';
import { codePageOption, hiveOption, loadInput, reportDiagnostics } from '../shared.js';
import * as path from 'node:path';
import type { Diagnostic } from '../../errors.js';
import { serializePolicyRules, type PolicyRule } from '../../formats/policyrules.js';
import { policyRulesOfGpo, type GpoRulesInput } from '../../compare/policyrules.js';
import { isFolder } from '../../gpo/folder.js';
import { say } from '../print.js';
import { CliError } from '../errors.js';

interface ConvertArgs {
  input: string;
  output: string;
  to?: string;
  hive?: string;
  encoding?: string;
  failOnLossy?: boolean;
  quiet?: boolean;
  force?: boolean;
}

const TARGETS = CONVERT_TARGETS;

export function builder(y: Argv) {
  return codePageOption(hiveOption(y))
    .positional('input', { type: 'string', demandOption: true, describe: 'Input file (.pol, .reg, gpreg .json, LGPO text or a .PolicyRules file, told from its bytes), or - for stdin' })
    .positional('output', { type: 'string', demandOption: true, describe: 'Output file, or - for stdout (then --to is required)' })
    .option('to', { type: 'string', choices: [...TARGETS, 'policyrules'], describe: 'Output format: pol, reg (5.00, UTF-16LE), reg4 (REGEDIT4, ANSI), json, lgpo (LGPO.exe text), or policyrules (Policy Analyzer; the input may then be a GPO folder or a tree of GPOs) (default: from the output extension; .reg means reg)' })
    .example('$0 convert Machine/Registry.pol policy.reg', '.pol to .reg: keys under HKEY_LOCAL_MACHINE (from the Machine folder)')
    .example('$0 convert --hive HKCU backup.pol user.reg', 'Place the .pol\'s keys under HKEY_CURRENT_USER')
    .example('$0 convert tweaks.reg Registry.pol', '.reg to .pol: all keys must be in one hive')
    .example('$0 convert --hive HKLM mixed.reg Registry.pol', 'Keep the HKLM keys, report what was skipped')
    .option('fail-on-lossy', { type: 'boolean', default: false, describe: 'Exit 2 and write nothing when the output cannot say exactly what the input says (for pipelines)' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Print warnings and errors only (no info notes)' })
    .option('force', { type: 'boolean', default: false, describe: 'Replace an existing non-empty output file (without it: OUTPUT_EXISTS, exit 2, nothing written)' })
    .example('$0 convert --fail-on-lossy Registry.pol policy.reg', 'Refuse rather than approximate (**delvals., **soft., **SecureKey)')
    .example('$0 convert Registry.pol - --to json', 'The same JSON as `gpreg dump`, on stdout')
    .example('$0 convert Win11-baseline/GPOs baseline.PolicyRules', 'A baseline\'s GPOs as one Policy Analyzer rule set (Registry.pol, security template, audit policy)');
}

export async function handler(args: ArgumentsCamelCase<ConvertArgs>, io: CliIO): Promise<number> {
  if (args.to === 'policyrules' || (args.to === undefined && /\.policyrules$/i.test(args.output))) return toPolicyRules(args, io);
  const fromExt = formatFromPath(args.output);
  const to = (args.to as ConvertTarget | undefined) ?? fromExt;
  if (!to || !TARGETS.includes(to)) {
    throw new CliError('USAGE_NO_FORMAT', `cannot tell the output format of ${JSON.stringify(args.output)}: give --to ${TARGETS.join('|')} or an output name ending in .pol, .reg or .json`);
  }
  // Checked first: a GPO's Registry.pol given as the output by mistake must not be replaced.
  if (!args.force) await refuseOverwrite(args.output, io, 'give --force to replace it');
  const bytes = await readInput(args.input, io);
  let result;
  try {
    result = convert(bytes, {
      to,
      ...(args.input === '-' ? {} : { path: args.input }),
      ...(args.hive ? { hive: parseHive(args.hive) } : {}),
      ...(args.encoding ? { codePage: args.encoding } : {}),
      ...(to === 'pol' && args.output !== '-' && hiveFromPolPath(args.output) ? { outputHive: hiveFromPolPath(args.output)! } : {}),
      ...(args.failOnLossy ? { failOnLossy: true } : {}),
    });
  } catch (e) {
    // Name the input in the header refusal, as the other errors name their position.
    if (e instanceof GpregError && e.code === 'REG_BAD_HEADER') throw new GpregError(e.code, `${args.input}: ${e.reason}`, { line: 1, cause: e });
    throw e;
  }
  await writeOutput(args.output, result.bytes, io);
  reportDiagnostics(io, args.input, args.quiet ? result.diagnostics.filter((d) => d.severity !== 'info') : result.diagnostics);
  if (!args.quiet && result.from === 'pol' && (to === 'reg' || to === 'reg4')) {
    // A .pol carries no hive: say where its keys were placed, and why.
    const hive = args.hive ? parseHive(args.hive) : polHive({ path: args.input });
    const why = args.hive ? '--hive' : hiveFromPolPath(args.input) ? 'its Machine/User folder' : 'the default; give --hive HKCU for a User policy file';
    say(io, `gpreg: ${args.input}: keys written under ${hive} (${why})`);
  }
  return 0;
}

/**
 * A GPO folder, a tree of GPOs or a registry file as a Policy Analyzer `.PolicyRules` file: every
 * GPO's Registry.pol values, security template lines and audit subcategories, each with its GPO's
 * name and its file inside the GPO. What a rule cannot say is reported (and refused with
 * --fail-on-lossy).
 */
async function toPolicyRules(args: ArgumentsCamelCase<ConvertArgs>, io: CliIO): Promise<number> {
  if (!args.force) await refuseOverwrite(args.output, io, 'give --force to replace it');
  const full = path.resolve(io.cwd, args.input);
  const inputs: GpoRulesInput[] = [];
  if (args.input !== '-' && (await isFolder(full))) {
    const { readGpos } = await import('../../gpo/gpo.js');
    for (const gpo of (await readGpos(full, args.input)).gpos) {
      const inside = (file: string) => path.relative(gpo.dir, file).split(path.sep).join('\\');
      const sides: GpoRulesInput['sides'] = [];
      for (const side of gpo.sides) {
        const ops = side.registryPol ? (await loadInput(io, side.registryPol, args)).ops : [];
        sides.push({ scope: side.side, ops, ...(side.registryPol ? { polFile: inside(side.registryPol) } : {}), parts: side.parts, partFiles: { ...(side.parts.security ? { security: inside(path.join(gpo.dir, side.parts.security.file)) } : {}), ...(side.parts.audit ? { audit: inside(path.join(gpo.dir, side.parts.audit.file)) } : {}) } });
      }
      inputs.push({ name: gpo.identity?.name ?? path.basename(gpo.dir), sides });
    }
  } else {
    const loaded = await loadInput(io, args.input, args);
    const scope = loaded.hive === 'HKEY_CURRENT_USER' ? 'User' : 'Machine';
    if (loaded.hive !== 'HKEY_LOCAL_MACHINE' && loaded.hive !== 'HKEY_CURRENT_USER') throw new GpregError('CONVERT_SKIPPED_HIVE', `${args.input}: a .PolicyRules entry is ComputerConfig (HKLM) or UserConfig (HKCU); this file's keys are in ${loaded.hive ?? 'no hive'}`);
    inputs.push({ name: path.basename(args.input), sides: [{ scope, ops: loaded.ops, polFile: path.basename(args.input), parts: { unread: [] } }] });
  }
  const rules: PolicyRule[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const input of inputs) {
    const r = policyRulesOfGpo(input);
    rules.push(...r.rules);
    diagnostics.push(...r.diagnostics);
  }
  if (args.failOnLossy && diagnostics.length) throw new GpregError('POLICYRULES_LOSSY', `the .PolicyRules file cannot say everything the input does (${diagnostics[0]!.message}); nothing is written`);
  reportDiagnostics(io, args.input, diagnostics);
  await writeOutput(args.output, serializePolicyRules(rules), io);
  if (args.output !== '-' && !args.quiet) say(io, `gpreg: wrote ${args.output}: ${rules.length} entries from ${inputs.length} GPO(s)`);
  return 0;
}
