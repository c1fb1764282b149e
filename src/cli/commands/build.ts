import type { Argv, ArgumentsCamelCase } from 'yargs';
import { GpregError, type Diagnostic } from '../../errors.js';
import { detectFileFormat, formatFromPath } from '../../formats/detect.js';
import { parseJsonText } from '../../formats/json.js';
import { encodePol } from '../../formats/pol/encode.js';
import { opsToPol } from '../../formats/pol/ops.js';
import { serializeReg } from '../../formats/reg/serialize.js';
import { hiveFromPolPath, parseHive, type HiveName } from '../../registry/keys.js';
import type { RegOp } from '../../registry/ops.js';
import { buildPolicy } from '../../policy/build.js';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { regenerate, type ShownFile } from '../../gpo/regenerate.js';
import { cleanStaleTemporaries, readInput, refuseOverwrite, writeOutput, type CliIO } from '../io.js';
import { checkWritten, listifyOptions, policyTargetHive, settingFromArgs, settingOptions, type SettingArgs } from '../policy-shared.js';
import { admxOptions, loadDefinitions, prepareVersionBump, reportDiagnostics, versionNotRaised, type AdmxArgs } from '../shared.js';
import { gptIniOf } from '../../gpo/gpt-ini.js';
import { gpoSideTarget, isFile, refuseLinkOut } from '../../gpo/folder.js';
import { rebuildSideParts } from '../../gpo/parts-write.js';
import type { GpoSide } from '../../gpo/gpt-ini.js';
import { say } from '../print.js';
import { CliError } from '../errors.js';

interface BuildArgs extends SettingArgs, AdmxArgs {
  policy?: string;
  output: string;
  to?: string;
  hive?: string;
  force?: boolean;
  versionBump?: boolean;
}

export function builder(y: Argv) {
  return admxOptions(settingOptions(y))
    .positional('policy', { type: 'string', describe: 'namespace:name, ADMX name or alias (RA_Unsolicit / offer-remote-assistance, …); any template policy with --admx. Without it, --from is a `gpreg show --json` document to rebuild' })
    .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'Output file (.reg or .pol), or - for stdout (then --to is required); a folder for a GPO rebuilt from `show --json` of a GPO' })
    .option('to', { type: 'string', choices: ['reg', 'reg4', 'pol'], describe: 'Output format (default: from the output extension)' })
    .option('hive', { type: 'string', describe: 'Hive for policies of class Both (default: from a Machine/User folder of the output, else HKLM); a computer policy is refused in HKCU and a user policy in HKLM' })
    .option('from', { type: 'string', describe: 'With a policy: a JSON setting file, e.g. {"state":"enabled","control":"view","helpers":["CONTOSO\\\\HelpDesk"]}; flags override it. Without one: a `gpreg show --json` document (of a file or a GPO folder) to rebuild; see docs/gpo.md' })
    .option('force', { type: 'boolean', default: false, describe: 'Replace an existing non-empty output file (to edit a GPO\'s Registry.pol in place, use `gpreg set`); with --from, rebuild a GPO folder in place' })
    .option('version-bump', { type: 'boolean', default: true, describe: 'With --from into a SYSVOL GPO folder: raise gpt.ini\'s Version for each side whose Registry.pol changed, so clients apply it (--no-version-bump: leave it)' })
    .example('$0 build offer-remote-assistance --state enabled --control view --helper "CONTOSO\\HelpDesk" -o offer-ra.reg', 'A .reg for reg import')
    .example('$0 build RA_Unsolicit --state enabled --helper "CONTOSO\\Tier2" -o Machine/Registry.pol', 'A Registry.pol for a GPO (control: the editor\'s default, full)')
    .example('$0 build offer-remote-assistance --state disabled -o - --to reg > off.reg', 'Disabled, to stdout')
    .example('$0 build solicited-remote-assistance --state enabled --control view --option expiry=4 --option units=hours -o ra.pol', 'Another policy, with its own options')
    .example('$0 build offer-remote-assistance --from setting.json -o offer-ra.pol', '{"state":"enabled","control":"view","helpers":["CONTOSO\\\\HelpDesk"]}')
    .example('$0 show --json --admx PolicyDefinitions Machine/Registry.pol > gpo.json && $0 build --from gpo.json --admx PolicyDefinitions -o Registry.pol', 'Rebuild a file from its reviewable JSON (byte for byte when unedited)')
    .example('$0 show --json --admx PolicyDefinitions GPO-backup > gpo.json && $0 build --from gpo.json --admx PolicyDefinitions -o rebuilt', 'A whole GPO: rebuilt/Machine/Registry.pol and rebuilt/User/Registry.pol')
    .example('$0 build --from gpo.json --admx PolicyDefinitions -o "Policies/{GUID}" --force', 'A SYSVOL GPO rebuilt in place from its edited JSON; gpt.ini\'s Version goes up for each side that changed')
    .example('$0 build Microsoft.Policies.WindowsDefender:Root_PUAProtection --admx PolicyDefinitions --state enabled --option Root_PUAProtection=Block -o Registry.pol', 'Any template policy; options by element id or label, dropdowns by item name');
}

export async function handler(args: ArgumentsCamelCase<BuildArgs>, io: CliIO): Promise<number> {
  if (args.policy === undefined) return rebuild(args, io);
  const policy = args.policy;
  const to = outputFormat(args);
  const set = await loadDefinitions(args, io);
  const def = set.find(policy);
  const hive = policyTargetHive(def, args.hive ? parseHive(args.hive) : undefined, to === 'pol' && args.output !== '-' ? hiveFromPolPath(args.output) : undefined, args.output);
  const setting = listifyOptions(def, await settingFromArgs(args, io));
  if (!args.force) {
    // `set` edits the policy's records and keeps every other record or line of the file.
    const what = to === 'pol' ? "to change this policy in the Registry.pol and keep the file's other settings" : "to change this policy in the .reg and keep the file's other keys and values";
    await refuseOverwrite(args.output, io, `${what}, use \`gpreg set ${args.output} ${policy} …\` (same options as build); to replace the whole file, give --force`);
  }
  const built = buildPolicy(def, setting, { target: to === 'pol' ? 'pol' : 'reg', hive });
  const diagnostics = [...built.diagnostics];
  diagnostics.push(...checkWritten(buildPolicy(def, setting, { hive }).ops, set, diagnostics));
  await writeOutput(args.output, encodeAs(built.ops, to, diagnostics), io);
  reportDiagnostics(io, built.policy.name, diagnostics);
  return 0;
}

/**
 * `build --from show.json`: a file, or a GPO folder's two sides, rebuilt from what `show --json`
 * said of them (see src/gpo/regenerate.ts).
 */
async function rebuild(args: ArgumentsCamelCase<BuildArgs>, io: CliIO): Promise<number> {
  if (!args.from) throw new GpregError('USAGE', 'give a policy, or --from a `gpreg show --json` document to rebuild');
  const bytes = await readInput(args.from, io);
  // --from takes gpreg's JSON; a policy file given by mistake gets the command that reads it.
  const kind = detectFileFormat(bytes, args.from);
  if (kind === 'lgpo' || kind === 'pol' || kind === 'reg') {
    const name = { lgpo: 'LGPO.exe text', pol: 'a Registry.pol (PReg) file', reg: 'a .reg file' }[kind];
    const instead = kind === 'lgpo' ? `convert it with \`gpreg convert ${args.from} Registry.pol\` (or to .reg)` : `turn it into that JSON with \`gpreg show --json ${args.from} > setting.json\`, or convert it with \`gpreg convert\``;
    throw new GpregError('JSON_BAD_DOCUMENT', `${args.from} is ${name}, not a \`gpreg show --json\` document: ${instead}`);
  }
  const value = parseJsonText(Buffer.from(bytes).toString('utf8'), args.from);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new GpregError('JSON_BAD_DOCUMENT', `${args.from}: not a \`gpreg show --json\` document (a JSON object)`);
  const doc = value as Record<string, unknown>;
  const set = await loadDefinitions(args, io);
  // Every file is built and every output checked before anything is written: a bad policy in the
  // User side or an existing output leaves the Machine side unwritten too.
  const files: RebuiltFile[] = [];
  const gpo = doc['sides'] && typeof doc['sides'] === 'object';
  const make = (shown: ShownFile, out: string, hive: HiveName, to: OutputFormat, side?: GpoSide) => {
    let r;
    try {
      r = regenerate(shown, set, hive, to === 'pol' ? 'pol' : 'reg');
    } catch (e) {
      // A field named inside one side of a GPO document is named from the document's top.
      if (side && e instanceof GpregError && e.message.startsWith('policies[')) throw new GpregError(e.code, `sides.${side}.${e.message}`, { cause: e });
      // A policy these templates lack, in a document made with others: the error names them.
      throw madeWith(e, doc['templates'], args);
    }
    const diagnostics = [...r.diagnostics];
    files.push({ out, bytes: encodeAs(r.ops, to, diagnostics), diagnostics, side });
  };
  if (gpo) {
    if (args.output === '-') throw new GpregError('USAGE', 'a GPO is rebuilt into a folder (Machine/Registry.pol, User/Registry.pol): give -o <folder>');
    if (args.to && args.to !== 'pol') throw new GpregError('USAGE', 'a GPO is rebuilt as Registry.pol files: --to must be pol (or left out)');
    // A GPO: each side's Registry.pol where the output folder has it (a SYSVOL GPO, a backup's
    // DomainSysvol/GPO), else Machine/Registry.pol and User/Registry.pol (the SYSVOL layout).
    const folder = path.resolve(io.cwd, args.output);
    const sides = doc['sides'] as Record<string, ShownFile | null>;
    for (const side of ['Machine', 'User'] as const) {
      // A side is a Registry.pol to rebuild when its document has `policies` (a side with only a
      // security template, audit policy or preferences has none: its Registry.pol is not made).
      const doc = Object.hasOwn(sides, side) ? sides[side] : null;
      const shown = doc && Array.isArray((doc as Partial<ShownFile>).policies) ? doc : null;
      const target = await gpoSideTarget(folder, side);
      const out = path.join(args.output, path.relative(folder, target));
      if (shown) make(shown, out, side === 'Machine' ? 'HKEY_LOCAL_MACHINE' : 'HKEY_CURRENT_USER', 'pol', side);
      else if (await isFile(target)) say(io, `gpreg: ${out}: the document has no ${side} side; this file is left as it is`);
      // The security template and the advanced audit policy, written over the GPO's own files.
      for (const p of await rebuildSideParts(path.dirname(target), side, doc as Record<string, unknown> | null)) {
        const partOut = path.join(args.output, path.relative(folder, p.file));
        if (p.bytes) files.push({ out: partOut, bytes: p.bytes, diagnostics: p.diagnostics, side });
        else say(io, `gpreg: ${partOut}: ${p.note}`);
      }
    }
  } else {
    const to = outputFormat(args);
    const shown = doc as unknown as ShownFile;
    const hive = args.hive ? parseHive(args.hive) : typeof shown.hive === 'string' ? parseHive(shown.hive) : (hiveFromPolPath(args.output) ?? 'HKEY_LOCAL_MACHINE');
    make(shown, args.output, hive, to);
  }
  if (!args.force) for (const f of files) await refuseOverwrite(f.out, io, 'give --force to replace it');
  if (gpo) return writeGpo(path.resolve(io.cwd, args.output), files, args.versionBump !== false, io);
  await writeOutput(files[0]!.out, files[0]!.bytes, io);
  reportDiagnostics(io, files[0]!.out, files[0]!.diagnostics);
  return 0;
}

/**
 * A policy the templates of this run do not define, in a document made with templates (its
 * `templates`, from `show --json`): the error names them, and the flags that load them.
 */
function madeWith(e: unknown, templates: unknown, args: AdmxArgs): unknown {
  if (!(e instanceof GpregError) || e.code !== 'POLICY_UNKNOWN' || typeof templates !== 'object' || templates === null) return e;
  const t = templates as { folders?: unknown; lang?: unknown };
  const folders = Array.isArray(t.folders) ? t.folders.filter((f): f is string => typeof f === 'string') : [];
  if (!folders.length) return e;
  const lang = typeof t.lang === 'string' && t.lang !== 'en-US' ? ` --lang ${t.lang}` : '';
  const now = args.admx === undefined ? 'this run has none' : `this run has ${([] as string[]).concat(args.admx).join(', ')}`;
  return new GpregError(e.code, `${e.message}; the document was made with the templates of ${folders.join(', ')}${lang ? ` (${t.lang})` : ''}, and ${now}: give ${folders.map((f) => `--admx ${JSON.stringify(f)}`).join(' ')}${lang}`, { cause: e });
}

/** A rebuilt side of a GPO: its file, bytes and diagnostics. */
interface RebuiltFile {
  out: string;
  bytes: Uint8Array;
  diagnostics: Diagnostic[];
  side?: GpoSide;
}

/**
 * Writes a GPO's rebuilt sides, in place: a side whose file comes out the same is not rewritten;
 * for the sides that change, a SYSVOL GPO's version goes up (its gpt.ini checked before anything
 * is written), unless `versionBump` is false. A side's file or folder that links out of `folder`
 * stops the rebuild before anything is written.
 */
async function writeGpo(folder: string, files: readonly RebuiltFile[], versionBump: boolean, io: CliIO): Promise<number> {
  const changed: RebuiltFile[] = [];
  for (const f of files) {
    const abs = path.resolve(io.cwd, f.out);
    await refuseLinkOut(folder, abs, f.out);
    const st = await fs.stat(abs).catch(() => undefined);
    // A FIFO would block the read; a folder or device is nothing to replace. Checked before any write.
    if (st && !st.isFile()) throw new GpregError('IO_WRITE', `${f.out} is not a regular file (a folder, FIFO, device or socket): nothing is written`);
    const before = st ? await fs.readFile(abs) : undefined;
    if (before && Buffer.compare(before, f.bytes) === 0) {
      say(io, `gpreg: ${f.out}: unchanged, not rewritten`);
      reportDiagnostics(io, f.out, f.diagnostics);
    } else changed.push(f);
  }
  // A SYSVOL GPO's version lives in its gpt.ini, beside the side folders (a part may sit deeper:
  // GptTmpl.inf, audit.csv); a backup's lives in Backup.xml, which GPMC writes on restore.
  const backup = changed.some((f) => /(^|[\\/])domainsysvol[\\/]/i.test(f.out));
  const gpt = changed.length > 0 && !backup ? await gptIniOf(path.join(folder, changed[0]!.side!, 'Registry.pol')) : undefined;
  // Once per changed side, however many of its parts changed (planVersionBump counts each side once).
  const bump = gpt && versionBump ? prepareVersionBump(io, gpt.ini, changed.map((f) => f.side!)) : undefined;
  // The version first: a raised version over a side not yet written is harmless (clients apply
  // the same settings again); a written side under the old version is never applied, and a run
  // killed between the writes must not leave that (the next run sees the side changed and writes it).
  if (bump) await bump();
  else if (gpt) versionNotRaised(io, gpt.ini);
  for (const f of changed) {
    await fs.mkdir(path.resolve(io.cwd, path.dirname(f.out)), { recursive: true });
    await writeOutput(f.out, f.bytes, io);
    reportDiagnostics(io, f.out, f.diagnostics);
  }
  // A temporary left by a killed earlier run beside a side that is not rewritten now goes too.
  for (const f of files) if (!changed.includes(f)) await cleanStaleTemporaries(path.dirname(path.resolve(io.cwd, f.out)));
  return 0;
}

type OutputFormat = 'reg' | 'reg4' | 'pol';

/** The output format: --to, else the output's extension. */
function outputFormat(args: { to?: string; output: string }): OutputFormat {
  const to = args.to ?? formatFromPath(args.output);
  if (to !== 'reg' && to !== 'reg4' && to !== 'pol') {
    throw new CliError('USAGE_NO_FORMAT', `cannot tell the output format of ${JSON.stringify(args.output)}: give --to reg|reg4|pol or a name ending in .reg or .pol`);
  }
  return to;
}

/** Operations as the output format's bytes; the serializer's notes join `diagnostics` (not "creates a key": every policy does). */
function encodeAs(ops: RegOp[], to: OutputFormat, diagnostics: Diagnostic[]): Uint8Array {
  if (to === 'pol') return encodePol(opsToPol(ops));
  const r = serializeReg(ops, { format: to === 'reg4' ? 'REGEDIT4' : '5.00' });
  diagnostics.push(...r.diagnostics.filter((d) => d.code !== 'REG_CREATES_KEY'));
  return r.bytes;
}
