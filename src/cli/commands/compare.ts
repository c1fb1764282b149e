import * as path from 'node:path';
import type { Argv, ArgumentsCamelCase } from 'yargs';
import { compareSources, type CompareRow, type CompareSource } from '../../compare/compare.js';
import { effectiveValues, parseLinkOrder, precedenceOf } from '../../compare/effective.js';
import { scopeOfHive } from '../../compare/settings.js';
import { baselineJson, comparisonJson, renderBaselineCheck, renderBaselineCsv, renderComparison, renderComparisonCsv } from '../../render/compare.js';
import { baselineMet, checkBaseline, parseAcceptedDeviations } from '../../compare/baseline.js';
import { GpregError } from '../../errors.js';
import { jsonText } from '../../formats/json-text.js';
import { isFolder } from '../../gpo/folder.js';
import { detectFileFormat } from '../../formats/detect.js';
import type { Gpo } from '../../gpo/gpo.js';
import { readInput, refuseOverwrite, writeOutput, type CliIO } from '../io.js';
import { parsePolicyRules } from '../../formats/policyrules.js';
import { unitsOfPolicyRules } from '../../compare/policyrules.js';
import { emit, print, say } from '../print.js';
import { admxOptions, checkHtmlOutput, codePageOption, describeTemplates, hiveOption, htmlOutputOptions, loadDefinitions, loadInput, reportDiagnostics, writeHtmlReport, type AdmxArgs } from '../shared.js';
import { VERSION } from '../version.js';

interface CompareArgs extends AdmxArgs {
  sources: string[];
  baseline?: string;
  ignore?: string;
  effective?: boolean;
  linkOrder?: string;
  each?: boolean;
  json?: boolean;
  csv?: boolean;
  html?: boolean;
  xlsx?: boolean;
  output?: string;
  force?: boolean;
  onlyDifferences?: boolean;
  onlyConflicts?: boolean;
  hive?: string;
  encoding?: string;
}

export function builder(y: Argv) {
  return htmlOutputOptions(admxOptions(codePageOption(hiveOption(y))), false)
    .positional('sources', { type: 'string', array: true, demandOption: true, describe: 'What to compare: GPO folders, trees of GPO backups or a SYSVOL Policies folder (one source each), Policy Analyzer .PolicyRules files, or .pol, .reg, .json, LGPO text files' })
    .option('baseline', { type: 'string', describe: 'Check the sources against this baseline (a GPO folder, a tree of GPOs or a file): per baseline setting, meets, differs or missing, and a share per source. Exit 0 when every source meets it, 1 when not' })
    .option('ignore', { type: 'string', describe: 'With --baseline: a JSON file of accepted deviations, [{"id": "…", "reason": "…", "sources": [optional]}], ids as compare --json gives them' })
    .option('effective', { type: 'boolean', describe: 'Each setting\'s effective value and the source it comes from, sources given lowest precedence first (the last that sets it wins); User settings flagged when a source turns on loopback processing' })
    .option('link-order', { type: 'string', describe: 'With --effective: a CSV of gpo,link,order,enforced (gpo as the sources are named) giving the order Windows applies them in, enforced links included' })
    .option('each', { type: 'boolean', describe: 'A tree of GPOs gives one source per GPO instead of one for the tree' })
    .option('only-differences', { type: 'boolean', describe: 'Only the settings not the same everywhere (conflicts, set in some sources only, duplicates)' })
    .option('only-conflicts', { type: 'boolean', describe: 'Only the settings sources (or two GPOs of one source) set to different values' })
    .option('json', { type: 'boolean', describe: 'One JSON document: {sources, settings} (docs/json.md)' })
    .option('csv', { type: 'boolean', describe: 'CSV, UTF-8 with BOM, one row per setting and one column per source' })
    .option('html', { type: 'boolean', describe: 'One self-contained HTML page (filters and two orders without script), written to -o' })
    .conflicts('json', 'csv')
    .option('xlsx', { type: 'boolean', describe: 'An Excel workbook (one sheet, header frozen, filters on), written to -o' })
    .option('output', { type: 'string', describe: 'The file --html (or - for stdout) or --xlsx writes' })
    .conflicts('html', ['json', 'csv', 'xlsx'])
    .conflicts('xlsx', ['json', 'csv'])
    .conflicts('only-differences', 'only-conflicts')
    .example('$0 compare --admx PolicyDefinitions baseline/ GPOs/', 'A baseline against the GPOs a domain has: each setting, each side')
    .example('$0 compare --each --only-conflicts Win11-baseline/', 'Overlaps inside one baseline: the settings two of its GPOs set differently')
    .example('$0 compare --csv old.pol new.pol other.reg > table.csv', 'Files of any format, as a table for a spreadsheet')
    .example('$0 compare --html -o compare.html --each Win11-baseline/', 'A page to read or hand on: filter to the conflicts, sort them first')
    .example('$0 compare --xlsx -o baseline-vs-domain.xlsx baseline/ SYSVOL/contoso.com/Policies/', 'A workbook to hand on')
    .example('$0 compare --effective --each --link-order links.csv SYSVOL/contoso.com/Policies/', 'Which GPO wins each setting, with link order and enforced links')
    .example('$0 compare --baseline Win11-baseline/ --ignore exceptions.json SYSVOL/contoso.com/Policies/', 'In CI: does the domain meet the baseline (exit 0), apart from the accepted deviations?')
    .example('$0 compare --baseline baseline.PolicyRules --html -o compliance.html --each SYSVOL/contoso.com/Policies/', 'The same check as a page (or --xlsx a workbook) to hand to an auditor');
}

export async function handler(args: ArgumentsCamelCase<CompareArgs>, io: CliIO): Promise<number> {
  const catalog = await loadDefinitions(args, io);
  const { readGpos } = await import('../../gpo/gpo.js');
  const units = async (gpo: Gpo, name: string): Promise<CompareSource['units']> => {
    const out: CompareSource['units'] = [];
    for (const side of gpo.sides) {
      const file = side.registryPol;
      const ops = file ? (await load(file)).ops : [];
      out.push({ gpo: name, scope: side.side, ops, parts: side.parts });
    }
    return out;
  };
  const load = async (file: string, bytes?: Uint8Array) => {
    const loaded = await loadInput(io, file, args, bytes);
    reportDiagnostics(io, file, loaded.diagnostics.filter((d) => d.severity === 'error'));
    return loaded;
  };
  const gpoName = (gpo: Gpo) => gpo.identity?.name ?? path.basename(gpo.dir);
  if (args.xlsx) {
    if (!args.output || args.output === '-') throw new GpregError('USAGE', '--xlsx writes a workbook: give -o FILE.xlsx');
  } else checkHtmlOutput(args, 'the text, --json and --csv tables');
  // Checked before any source is read: an existing file is not replaced by mistake.
  if (args.output && args.output !== '-' && !args.force) await refuseOverwrite(args.output, io, 'give --force to replace it');
  if (args.linkOrder !== undefined) args.effective = true;
  if (args.effective && args.baseline !== undefined) throw new GpregError('USAGE', '--effective and --baseline answer different questions: give one');
  if (args.ignore !== undefined && args.baseline === undefined) throw new GpregError('USAGE', '--ignore lists accepted deviations from a baseline: give --baseline too');
  if (args.baseline !== undefined && (args.onlyConflicts || args.onlyDifferences)) throw new GpregError('USAGE', '--baseline lists the settings not met already: --only-differences and --only-conflicts are for a comparison');
  // Read before any source, so a bad exceptions file stops the run at once.
  const accepted = args.ignore !== undefined ? parseAcceptedDeviations(new TextDecoder().decode(await readInput(args.ignore, io))) : [];
  const links = args.linkOrder !== undefined ? parseLinkOrder(await readInput(args.linkOrder, io)) : undefined;
  const sources: CompareSource[] = [];
  const specs = args.baseline !== undefined ? [args.baseline, ...args.sources] : args.sources;
  for (const [k, spec] of specs.entries()) {
    // A baseline is one source however many GPOs it has (--each splits the others).
    const each = args.each && !(args.baseline !== undefined && k === 0);
    const full = path.resolve(io.cwd, spec);
    if (spec === '-' || !(await isFolder(full))) {
      const bytes = await readInput(spec, io);
      if (detectFileFormat(bytes, spec === '-' ? undefined : spec) === 'policyrules') {
        // Policy Analyzer's rule file: its GPOs (PolicyName) as one source, or one source each.
        const doc = parsePolicyRules(bytes);
        const read = unitsOfPolicyRules(doc.rules, doc.lines);
        reportDiagnostics(io, spec, [...doc.diagnostics, ...read.diagnostics]);
        const gpos = [...new Set(read.units.map((u) => u.gpo))];
        if (each && gpos.length > 1) for (const g of gpos) sources.push({ name: g, units: read.units.filter((u) => u.gpo === g) });
        else sources.push({ name: gpos.length > 1 ? `${spec} (${gpos.length} GPOs)` : spec, units: read.units });
        continue;
      }
      const loaded = await load(spec, bytes);
      const scope = scopeOfHive(loaded.hive);
      sources.push({ name: spec, units: [{ gpo: spec, ...(scope ? { scope } : {}), ops: loaded.ops }] });
      continue;
    }
    const { tree, gpos } = await readGpos(full, spec);
    if (!tree) {
      const name = gpoName(gpos[0]!);
      sources.push({ name: name === path.basename(full) ? spec : `${spec} (${name})`, units: await units(gpos[0]!, name) });
      continue;
    }
    // A tree: one source for all its GPOs (as Policy Analyzer imports a baseline), or one per GPO.
    if (each) for (const g of gpos) sources.push({ name: gpoName(g), units: await units(g, gpoName(g)) });
    else sources.push({ name: `${spec} (${gpos.length} GPO${gpos.length === 1 ? '' : 's'})`, units: (await Promise.all(gpos.map((g) => units(g, gpoName(g))))).flat() });
  }
  const all = compareSources(sources, catalog);
  if (args.baseline !== undefined) {
    const check = checkBaseline(all, accepted);
    if (args.xlsx) await writeWorkbook(io, args.output!, await (await import('../../render/xlsx.js')).renderBaselineXlsx(check), `${check.settings.length} baseline setting(s) × ${check.sources.length} source(s)`);
    else if (args.html) await writeHtmlReport(io, args.output!, args.force, (await import('../../render/html/compare.js')).renderBaselineHtml(check, { generator: `gpreg ${VERSION}`, templates: describeTemplates(args, catalog, io) }));
    else if (args.json) emit(io, jsonText(baselineJson(check)));
    else if (args.csv) emit(io, renderBaselineCsv(check));
    else print(io, renderBaselineCheck(check, io.stdout.columns && io.stdout.columns > 60 ? io.stdout.columns : 120));
    return baselineMet(check) ? 0 : 1;
  }
  const differ = all.settings.some((r) => r.status !== 'same' || r.duplicates);
  const keep = (r: CompareRow) => (args.onlyConflicts ? r.conflict : args.onlyDifferences ? r.status !== 'same' || !!r.duplicates : true);
  const withEffective = args.effective ? effectiveValues(all, links ? precedenceOf(all.sources, links) : undefined) : undefined;
  const shown = withEffective ? { ...withEffective, settings: withEffective.settings.filter(keep) } : { ...all, settings: all.settings.filter(keep) };
  if (args.xlsx) await writeWorkbook(io, args.output!, await (await import('../../render/xlsx.js')).renderComparisonXlsx(shown), `${shown.settings.length} setting(s)`);
  else if (args.html) await writeHtmlReport(io, args.output!, args.force, (await import('../../render/html/compare.js')).renderComparisonHtml(shown, { generator: `gpreg ${VERSION}`, templates: describeTemplates(args, catalog, io) }));
  else if (args.json) emit(io, jsonText(comparisonJson(shown)));
  else if (args.csv) emit(io, renderComparisonCsv(shown));
  else {
    print(io, renderComparison(shown, io.stdout.columns && io.stdout.columns > 60 ? io.stdout.columns : 120));
    if (shown.settings.length < all.settings.length) print(io, `(${all.settings.length - shown.settings.length} of ${all.settings.length} setting(s) not shown: ${args.onlyConflicts ? '--only-conflicts' : '--only-differences'})\n`);
  }
  return differ ? 1 : 0;
}

/** Writes a workbook (its output checked before any source was read), and says where it went. */
async function writeWorkbook(io: CliIO, output: string, bytes: Uint8Array, what: string): Promise<void> {
  await writeOutput(output, bytes, io);
  say(io, `gpreg: wrote ${output} (${bytes.length.toLocaleString('en-US')} bytes, ${what})`);
}
