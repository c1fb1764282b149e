import * as path from 'node:path';
import type { Argv, ArgumentsCamelCase } from 'yargs';
import { GpregError } from '../../errors.js';
import { jsonText } from '../../formats/json-text.js';
import { loadDdf } from '../../mdm/ddf.js';
import { admxBackedIndex, mapToMdm, type MdmMapping } from '../../mdm/intune.js';
import { readPolicies } from '../../policy/read.js';
import { renderOp } from '../../render/op.js';
import { safeField } from '../../text.js';
import type { CliIO } from '../io.js';
import { emit, print } from '../print.js';
import { admxOptions, codePageOption, hiveOption, inputFiles, loadDefinitions, loadEntry, reportDiagnostics, type AdmxArgs } from '../shared.js';

interface IntuneArgs extends AdmxArgs {
  inputs: string[];
  ddf?: string;
  json?: boolean;
  hive?: string;
  encoding?: string;
}

export function builder(y: Argv) {
  return admxOptions(codePageOption(hiveOption(y)))
    .positional('inputs', { type: 'string', array: true, demandOption: true, describe: 'GPO folders or Registry.pol/.reg files' })
    .option('ddf', { type: 'string', describe: 'The folder of Microsoft\'s Policy CSP DDF files (default: $GPREG_DDF)' })
    .option('json', { type: 'boolean', describe: 'One JSON document per input: {gpo, policies: [...], unmapped: [...]} (docs/intune.md)' })
    .example('$0 intune --admx PolicyDefinitions --ddf policy-ddf GPO-backup/', 'Each policy the GPO sets: its MDM twin, OMA-URI and payload, or why there is none');
}

/** A mapping for people: status, name, and the URI and payload (or the reason). */
function line(m: MdmMapping): string {
  const head = `  ${m.status.padEnd(14)} ${safeField(m.displayName)}`;
  if (m.status === 'supported') return `${head}\n      ${m.uri}${m.minBuild ? ` (from ${m.minBuild})` : ''}\n      ${safeField(m.payload!)}`;
  return `${head}${m.uri ? `\n      ${m.uri}` : ''}\n      ${safeField(m.reason ?? '')}`;
}

export async function handler(args: ArgumentsCamelCase<IntuneArgs>, io: CliIO): Promise<number> {
  const dir = args.ddf ?? io.env['GPREG_DDF'];
  if (!dir) throw new GpregError('USAGE', 'give --ddf (or $GPREG_DDF): the folder of Microsoft\'s Policy CSP DDF files, from the "Configuration service provider DDF files" page of learn.microsoft.com');
  const ddf = await loadDdf(path.resolve(io.cwd, dir));
  reportDiagnostics(io, dir, ddf.diagnostics);
  const index = admxBackedIndex(ddf.policies);
  // Windows' own templates are the ones the Policy CSP backs: a policy of another file needs ingestion.
  const windowsFiles = new Set(ddf.policies.flatMap((p) => (p.admx ? [p.admx.file.toLowerCase()] : [])));
  const catalog = await loadDefinitions(args, io);
  const docs: Array<{ gpo: string; policies: Array<MdmMapping & { side: string }>; unmapped: Array<{ side: string; record: string; reason: string }> }> = [];
  for (const input of args.inputs) {
    const { gpo, files } = await inputFiles(io, input);
    const doc: (typeof docs)[number] = { gpo: gpo?.identity?.name ?? input, policies: [], unmapped: [] };
    for (const entry of files) {
      const { label, side, file } = entry;
      if (!file) continue;
      const loaded = await loadEntry(io, entry, args);
      const scope = side ?? (loaded.hive === 'HKEY_CURRENT_USER' ? 'User' : 'Machine');
      const report = readPolicies(loaded.ops, { catalog });
      doc.policies.push(...mapToMdm(report.policies, index, scope, windowsFiles).map((m) => ({ ...m, side: label })));
      for (const i of report.unexplained) doc.unmapped.push({ side: label, record: renderOp(loaded.ops[i]!, '', true), reason: 'no policy explains this value, so there is no MDM policy to carry it (a custom OMA-URI or a script could)' });
    }
    docs.push(doc);
  }
  if (args.json) {
    emit(io, jsonText(docs.length === 1 ? docs[0] : docs));
    return 0;
  }
  const out: string[] = [];
  for (const d of docs) {
    const count = (s: string) => d.policies.filter((p) => p.status === s).length;
    const movable = d.policies.length ? Math.round(((count('supported') + count('native')) / d.policies.length) * 1000) / 10 : 0;
    out.push(`${safeField(d.gpo)}: ${d.policies.length} policies — ${count('supported')} with an ADMX-backed MDM twin, ${count('native')} native, ${count('notSupported')} without, ${count('needsIngestion')} need ADMX ingestion, ${count('noPayload')} with no payload (${movable}% have a twin); ${d.unmapped.length} value(s) no policy explains`);
    for (const p of d.policies) out.push(line(p));
    out.push('');
  }
  print(io, out.join('\n'));
  return 0;
}
