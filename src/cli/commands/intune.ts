import * as path from 'node:path';
import type { Argv, ArgumentsCamelCase } from 'yargs';
import { GpregError } from '../../errors.js';
import { isFolder } from '../../gpo/folder.js';
import { decodeXmlBytes } from '../../admx/xml.js';
import { jsonText } from '../../formats/json-text.js';
import { loadDdf } from '../../mdm/ddf.js';
import { admxBackedIndex, mapToMdm, type IntuneReport } from '../../mdm/intune.js';
import { graphProfile, omaSettings, syncmlMessage } from '../../mdm/artifacts.js';
import { mapSecurityToMdm } from '../../mdm/security.js';
import { renderIntune, renderIntuneCsv } from '../../render/intune.js';
import { readPolicies } from '../../policy/read.js';
import { renderOp } from '../../render/op.js';
import { readInput, refuseOverwrite, writeOutput, type CliIO } from '../io.js';
import { emit, print, say } from '../print.js';
import { admxOptions, checkHtmlOutput, codePageOption, describeTemplates, hiveOption, gpoInputs, inputFiles, loadDefinitions, loadEntry, type Inputs, reportDiagnostics, writeHtmlReport, type AdmxArgs } from '../shared.js';
import { VERSION } from '../version.js';

interface IntuneArgs extends AdmxArgs {
  inputs: string[];
  ddf?: string;
  json?: boolean;
  csv?: boolean;
  html?: boolean;
  graphJson?: boolean;
  syncml?: boolean;
  output?: string;
  force?: boolean;
  hive?: string;
  encoding?: string;
}

export function builder(y: Argv) {
  return admxOptions(codePageOption(hiveOption(y)))
    .positional('inputs', { type: 'string', array: true, demandOption: true, describe: 'GPO folders, trees of GPOs (a baseline\'s GPOs folder, a SYSVOL Policies folder: one report per GPO), Policy Analyzer .PolicyRules files, or Registry.pol/.reg/.json files' })
    .option('ddf', { type: 'string', describe: 'The folder of Microsoft\'s Policy CSP DDF files (default: $GPREG_DDF)' })
    .option('json', { type: 'boolean', describe: 'One JSON document per input: {gpo, policies: [...], unmapped: [...]} (docs/intune.md)' })
    .option('csv', { type: 'boolean', describe: 'One CSV row per policy and unmapped value (UTF-8 with BOM, for a spreadsheet)' })
    .option('html', { type: 'boolean', describe: 'A readiness report as one self-contained HTML page, written to -o' })
    .option('graph-json', { type: 'boolean', describe: 'Per GPO, the body of a Windows custom configuration profile for Microsoft Graph (POST /deviceManagement/deviceConfigurations): one object, or an array for several inputs' })
    .option('syncml', { type: 'boolean', describe: 'One SyncML message of <Replace> commands (templates to ingest first), to try the settings on one device' })
    .option('output', { alias: 'o', type: 'string', describe: 'The file to write (--html: required; - for stdout); the other outputs go to stdout without it' })
    .option('force', { type: 'boolean', default: false, describe: 'Replace an existing non-empty output file' })
    .conflicts('json', ['csv', 'html', 'graph-json', 'syncml'])
    .conflicts('csv', ['html', 'graph-json', 'syncml'])
    .conflicts('html', ['graph-json', 'syncml'])
    .conflicts('graph-json', 'syncml')
    .example('$0 intune --admx PolicyDefinitions --ddf policy-ddf GPO-backup/', 'Each policy the GPO sets: its MDM twin, OMA-URI and payload, or why there is none')
    .example('$0 intune --admx PolicyDefinitions --ddf policy-ddf --html -o readiness.html GPOs/*/', 'A readiness report for many GPOs, to read or hand on')
    .example('$0 intune --admx PolicyDefinitions --ddf policy-ddf --graph-json -o profile.json GPO-backup/', 'A custom configuration profile to POST to Microsoft Graph (gpreg never talks to a tenant)');
}

export async function handler(args: ArgumentsCamelCase<IntuneArgs>, io: CliIO): Promise<number> {
  if (args.html) checkHtmlOutput(args, 'the text, --json and --csv reports');
  const dir = args.ddf ?? io.env['GPREG_DDF'];
  if (!dir) throw new GpregError('USAGE', 'give --ddf (or $GPREG_DDF): the folder of Microsoft\'s Policy CSP DDF files, from the "Configuration service provider DDF files" page of learn.microsoft.com');
  // Checked before anything is read: an existing file is not replaced by mistake.
  if (args.output && args.output !== '-' && !args.force) await refuseOverwrite(args.output, io, 'give --force to replace it');
  const ddf = await loadDdf(path.resolve(io.cwd, dir));
  reportDiagnostics(io, dir, ddf.diagnostics);
  const index = admxBackedIndex(ddf.policies);
  // Windows' own templates are the ones the Policy CSP backs: a policy of another file needs ingestion.
  const windowsFiles = new Set(ddf.policies.flatMap((p) => (p.admx ? [p.admx.file.toLowerCase()] : [])));
  const catalog = await loadDefinitions(args, io);
  const docs: IntuneReport[] = [];
  for (const { input, inputs } of await eachInput(io, args.inputs)) {
    const { gpo, files } = inputs;
    const doc: IntuneReport = { gpo: gpo?.identity?.name ?? input, policies: [], unmapped: [] };
    for (const entry of files) {
      const { label, side, file } = entry;
      // The security template and audit policy (a Machine side's): matched to native nodes by name.
      if (side === 'Machine' && entry.parts) doc.policies.push(...mapSecurityToMdm(entry.parts, index).map((m) => ({ ...m, side: label })));
      if (!file) continue;
      const loaded = await loadEntry(io, entry, args);
      const scope = side ?? (loaded.hive === 'HKEY_CURRENT_USER' ? 'User' : 'Machine');
      const report = readPolicies(loaded.ops, { catalog });
      doc.policies.push(...mapToMdm(report.policies, index, scope, windowsFiles, catalog.categories).map((m) => ({ ...m, side: label })));
      for (const i of report.unexplained) doc.unmapped.push({ side: label, record: renderOp(loaded.ops[i]!, '', true), reason: 'no policy explains this value, so there is no MDM policy to carry it (a custom OMA-URI or a script could)' });
    }
    docs.push(doc);
  }
  const out = (text: string) => (args.output ? writeOutput(args.output, text, io) : Promise.resolve(emit(io, text)));
  if (args.html) {
    const { renderIntuneHtml } = await import('../../render/html/intune.js');
    await writeHtmlReport(io, args.output!, args.force, renderIntuneHtml(docs, { generator: `gpreg ${VERSION}`, templates: describeTemplates(args, catalog, io), ddf: `${ddf.policies.length.toLocaleString('en-US')} Policy CSP policies from ${ddf.files} DDF files in ${dir}` }));
  } else if (args.graphJson || args.syncml) {
    // The templates to ingest, read as text as the template loader reads them, once each.
    const texts = new Map<string, string>();
    for (const p of docs.flatMap((d) => d.policies)) {
      if (p.ingest && !texts.has(p.ingest.file)) texts.set(p.ingest.file, decodeXmlBytes(await readInput(p.ingest.file, io)));
    }
    const settings = docs.map((d) => omaSettings(d, texts));
    if (args.syncml) await out(syncmlMessage(settings.flat()));
    else {
      const profiles = docs.map((d, i) => graphProfile(d, settings[i]!, `gpreg ${VERSION}`));
      await out(jsonText(profiles.length === 1 ? profiles[0] : profiles));
    }
    say(io, `gpreg: ${settings.flat().length} OMA-URI setting(s) from ${docs.length} input(s)${args.output && args.output !== '-' ? ` written to ${args.output}` : ''}; the policies without a payload or an ingestible template are listed by \`gpreg intune\``);
  } else if (args.json) await out(jsonText(docs.length === 1 ? docs[0] : docs));
  else if (args.csv) await out(renderIntuneCsv(docs));
  else if (args.output) await out(renderIntune(docs));
  else print(io, renderIntune(docs));
  return 0;
}

/**
 * What each input stands for, a tree of GPOs (a folder that is no GPO itself: a baseline's `GPOs`
 * folder, a tree of backups, a SYSVOL `Policies` folder) as each GPO below it: one report each.
 */
async function eachInput(io: CliIO, specs: readonly string[]): Promise<Array<{ input: string; inputs: Inputs }>> {
  const out: Array<{ input: string; inputs: Inputs }> = [];
  for (const spec of specs) {
    const full = path.resolve(io.cwd, spec);
    if (spec === '-' || !(await isFolder(full))) {
      out.push({ input: spec, inputs: await inputFiles(io, spec) });
      continue;
    }
    const { readGpos } = await import('../../gpo/gpo.js');
    for (const gpo of (await readGpos(full, spec)).gpos) out.push({ input: path.relative(io.cwd, gpo.dir) || '.', inputs: gpoInputs(io, gpo) });
  }
  return out;
}
