import type { Argv, ArgumentsCamelCase } from 'yargs';
import { GpregError } from '../../errors.js';
import { formatFromPath } from '../../formats/detect.js';
import { encodePol } from '../../formats/pol/encode.js';
import { opsToPol } from '../../formats/pol/ops.js';
import { serializeReg } from '../../formats/reg/serialize.js';
import { hiveFromPolPath, parseHive } from '../../registry/keys.js';
import { buildPolicy } from '../../policy/build.js';
import { refuseOverwrite, writeOutput, type CliIO } from '../io.js';
import { checkWritten, listifyOptions, policyTargetHive, settingFromArgs, settingOptions, type SettingArgs } from '../policy-shared.js';
import { admxOptions, loadDefinitions, reportDiagnostics, type AdmxArgs } from '../shared.js';

interface BuildArgs extends SettingArgs, AdmxArgs {
  policy: string;
  output: string;
  to?: string;
  hive?: string;
  force?: boolean;
}

export const command = 'build <policy>';
export const describe = 'Write a policy setting as a .reg (for reg import) or a Registry.pol (for a GPO)';

export function builder(y: Argv) {
  return admxOptions(settingOptions(y))
    .positional('policy', { type: 'string', demandOption: true, describe: 'namespace:name, ADMX name or alias (RA_Unsolicit / offer-remote-assistance, …); any template policy with --admx' })
    .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'Output file (.reg or .pol), or - for stdout (then --to is required)' })
    .option('to', { type: 'string', choices: ['reg', 'reg4', 'pol'], describe: 'Output format (default: from the output extension)' })
    .option('hive', { type: 'string', describe: 'Hive for policies of class Both (default: from a Machine/User folder of the output, else HKLM); a computer policy is refused in HKCU and a user policy in HKLM' })
    .option('force', { type: 'boolean', default: false, describe: 'Replace an existing non-empty output file (to edit a GPO\'s Registry.pol in place, use `gpreg set`)' })
    .example('$0 build offer-remote-assistance --state enabled --control view --helper "CONTOSO\\HelpDesk" -o offer-ra.reg', 'A .reg for reg import')
    .example('$0 build RA_Unsolicit --state enabled --helper "CONTOSO\\Tier2" -o Machine/Registry.pol', 'A Registry.pol for a GPO (control: the editor\'s default, full)')
    .example('$0 build offer-remote-assistance --state disabled -o - --to reg > off.reg', 'Disabled, to stdout')
    .example('$0 build solicited-remote-assistance --state enabled --control view --option expiry=4 --option units=hours -o ra.pol', 'Another policy, with its own options')
    .example('$0 build offer-remote-assistance --from setting.json -o offer-ra.pol', '{"state":"enabled","control":"view","helpers":["CONTOSO\\\\HelpDesk"]}')
    .example('$0 build Microsoft.Policies.WindowsDefender:Root_PUAProtection --admx PolicyDefinitions --state enabled --option Root_PUAProtection=Block -o Registry.pol', 'Any template policy; options by element id or label, dropdowns by item name');
}

export async function handler(args: ArgumentsCamelCase<BuildArgs>, io: CliIO): Promise<number> {
  const to = args.to ?? formatFromPath(args.output);
  if (to !== 'reg' && to !== 'reg4' && to !== 'pol') {
    throw new GpregError('USAGE_NO_FORMAT', `cannot tell the output format of ${JSON.stringify(args.output)}: give --to reg|reg4|pol or a name ending in .reg or .pol`);
  }
  const set = await loadDefinitions(args, io);
  const def = set.find(args.policy);
  const hive = policyTargetHive(def, args.hive ? parseHive(args.hive) : undefined, to === 'pol' && args.output !== '-' ? hiveFromPolPath(args.output) : undefined, args.output);
  const setting = listifyOptions(def, await settingFromArgs(args, io));
  if (!args.force) await refuseOverwrite(args.output, io, `to edit a GPO's Registry.pol in place, use \`gpreg set ${args.output} ${args.policy} …\`; to replace the file, give --force`);
  const built = buildPolicy(def, setting, { target: to === 'pol' ? 'pol' : 'reg', hive });
  const diagnostics = [...built.diagnostics];
  diagnostics.push(...checkWritten(buildPolicy(def, setting, { hive }).ops, set, diagnostics));
  let bytes: Uint8Array;
  if (to === 'pol') bytes = encodePol(opsToPol(built.ops));
  else {
    const r = serializeReg(built.ops, { format: to === 'reg4' ? 'REGEDIT4' : '5.00' });
    bytes = r.bytes;
    diagnostics.push(...r.diagnostics.filter((d) => d.code !== 'REG_CREATES_KEY'));
  }
  await writeOutput(args.output, bytes, io);
  reportDiagnostics(io, built.policy.name, diagnostics);
  return 0;
}
