import type { Argv, ArgumentsCamelCase } from 'yargs';
import { diffSideParts } from '../../gpo/parts-diff.js';
import { renderPartChanges } from '../../render/gpo.js';
import { effectOf } from '../../registry/effect.js';
import { diffPolicies } from '../../diff/policy.js';
import { diffEffects } from '../../diff/registry.js';
import { diffJson, renderDiff } from '../../render/diff.js';
import { unifiedDiff } from '../../render/effect.js';
import { safeField } from '../../text.js';
import { readPolicies } from '../../policy/read.js';
import type { CliIO } from '../io.js';
import { GpregError } from '../../errors.js';
import { renderDiffHtml, type DiffSide } from '../../render/html/diff.js';
import { admxOptions, codePageOption, describeTemplates, hiveOption, checkHtmlOutput, htmlOutputOptions, inputFiles, loadDefinitions, loadEntry, reportDiagnostics, type InputEntry, type Inputs, writeHtmlReport, type AdmxArgs } from '../shared.js';
import { VERSION } from '../version.js';
import { jsonText } from '../../formats/json-text.js';
import { emit, print } from '../print.js';

interface DiffArgs extends AdmxArgs {
  a: string;
  b: string;
  hive?: string;
  json?: boolean;
  unified?: boolean;
  color?: boolean;
  encoding?: string;
  html?: boolean;
  output?: string;
  force?: boolean;
}

export function builder(y: Argv) {
  return htmlOutputOptions(admxOptions(codePageOption(hiveOption(y))), false)
    .positional('a', { type: 'string', demandOption: true, describe: 'The old file (.pol, .reg, .json, LGPO text), or a GPO folder or .PolicyRules file (side by side)' })
    .positional('b', { type: 'string', demandOption: true, describe: 'The new file, or GPO folder or .PolicyRules file' })
    .option('json', { type: 'boolean', describe: 'One JSON document (docs/json.md)' })
    .option('unified', { type: 'boolean', describe: 'A unified text diff of the two files\' canonical renderings' })
    .option('color', { type: 'boolean', default: true, describe: 'Colour on a terminal (--no-color, or the NO_COLOR variable, turns it off)' })
    .option('html', { type: 'boolean', describe: 'One self-contained HTML page (docs/report.md), written to -o' })
    .conflicts('json', 'unified')
    .conflicts('html', ['json', 'unified'])
    .example('$0 diff old/Registry.pol new/Registry.pol', 'What a GPO edit changed')
    .example('$0 diff Machine/Registry.pol offer-ra.reg', 'Does the .reg do what the GPO does? (lossy places are explained)')
    .example('$0 diff --unified a.reg b.reg', 'As a unified diff')
    .example('$0 diff --html -o change.html old-gpo new-gpo', 'Two GPO folders, as a page to review before deploying');
}

export async function handler(args: ArgumentsCamelCase<DiffArgs>, io: CliIO): Promise<number> {
  checkHtmlOutput(args, 'the text, --json and --unified diffs');
  // One side at a time: its effect is all that is kept, so two large files are never both parsed at once.
  const catalog = await loadDefinitions(args, io);
  const side = async (entry: InputEntry) => {
    const loaded = await loadEntry(io, entry, args);
    reportDiagnostics(io, entry.file!, loaded.diagnostics.filter((d) => d.severity === 'error'));
    return { format: loaded.format, effect: effectOf(loaded.ops), policies: readPolicies(loaded.ops, { catalog }) };
  };
  const color = args.color !== false && !!io.stdout.isTTY && io.env['NO_COLOR'] === undefined;
  const writePage = (sides: DiffSide[]) =>
    writeHtmlReport(io, args.output!, args.force, renderDiffHtml({ a: args.a, b: args.b, sides, generator: `gpreg ${VERSION}`, templates: describeTemplates(args, catalog, io), definitions: catalog }));
  const ia = await inputFiles(io, args.a);
  const ib = await inputFiles(io, args.b);
  // A GPO and a rule file both have two sides: either compares with either.
  const sided = (i: Inputs) => !!(i.gpo || i.rules);
  if (sided(ia) !== sided(ib)) throw new GpregError('USAGE', 'compare a GPO folder (or a .PolicyRules file) with a GPO folder or a .PolicyRules file, or a registry file with a registry file');
  if (sided(ia)) {
    // Two GPOs: Machine with Machine, User with User (a missing Registry.pol sets nothing).
    const empty = { format: 'pol' as const, effect: effectOf([]), policies: readPolicies([], { catalog }) };
    let differ = false;
    const json: Record<string, unknown> = {};
    const text: string[] = [];
    const sides: DiffSide[] = [];
    const noParts = { unread: [] };
    for (const [i, { label }] of ia.files.entries()) {
      const fa = ia.files[i]!.file;
      const fb = ib.files[i]!.file;
      const a = fa ? await side(ia.files[i]!) : empty;
      const b = fb ? await side(ib.files[i]!) : empty;
      const registry = diffEffects(a.effect, b.effect, { formats: [a.format, b.format] });
      const policies = diffPolicies(a.policies, b.policies);
      // The side's other parts: security template, audit policy, preferences.
      const parts = diffSideParts(ia.files[i]!.parts ?? noParts, ib.files[i]!.parts ?? noParts);
      differ ||= registry.length > 0 || policies.length > 0 || parts.length > 0;
      const was = { file: fa ?? '(none)', format: a.format };
      const now = { file: fb ?? '(none)', format: b.format };
      sides.push({ label, a: was, b: now, policies, registry, parts });
      const j = diffJson(was, now, policies, registry);
      json[label] = { ...j, same: j.same && parts.length === 0, parts };
      const registrySame = policies.length === 0 && registry.length === 0;
      text.push(`== ${label} ==`, registrySame && parts.length ? 'Administrative Templates (Registry.pol): no change.\n' : renderDiff(policies, registry, color, catalog), ...renderPartChanges(parts));
    }
    if (args.html) await writePage(sides);
    else if (args.json) emit(io, jsonText({ a: args.a, b: args.b, sides: json }));
    else print(io, text.join('\n'), { color });
    return differ ? 1 : 0;
  }
  const a = await side(ia.files[0]!);
  const b = await side(ib.files[0]!);
  const registry = diffEffects(a.effect, b.effect, { formats: [a.format, b.format] });
  const policies = diffPolicies(a.policies, b.policies);
  const same = registry.length === 0 && policies.length === 0;
  const was = { file: args.a, format: a.format };
  const now = { file: args.b, format: b.format };
  if (args.html) await writePage([{ a: was, b: now, policies, registry }]);
  else if (args.json) emit(io, jsonText(diffJson(was, now, policies, registry)));
  else if (args.unified) print(io, same ? '' : unifiedDiff(safeField(args.a), safeField(args.b), a.effect, b.effect));
  else print(io, renderDiff(policies, registry, color, catalog), { color });
  return same ? 0 : 1;
}
