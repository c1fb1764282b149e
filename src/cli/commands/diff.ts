import type { Argv, ArgumentsCamelCase } from 'yargs';
import { effectOf } from '../../registry/effect.js';
import { diffPolicies } from '../../diff/policy.js';
import { diffEffects } from '../../diff/registry.js';
import { diffJson, formatDiff, unifiedDiff } from '../../diff/render.js';
import { readPolicies } from '../../policy/read.js';
import type { CliIO } from '../io.js';
import { GpregError } from '../../errors.js';
import { admxOptions, codePageOption, hiveOption, inputFiles, loadDefinitions, loadInput, reportDiagnostics, type AdmxArgs } from '../shared.js';

interface DiffArgs extends AdmxArgs {
  a: string;
  b: string;
  hive?: string;
  json?: boolean;
  unified?: boolean;
  color?: boolean;
  encoding?: string;
}

export const command = 'diff <a> <b>';
export const describe = 'Compare what two files do (.pol, .reg, .json, any mix): policy changes, then registry changes. Exit 0 same, 1 different, 2 error';

export function builder(y: Argv) {
  return admxOptions(codePageOption(hiveOption(y)))
    .positional('a', { type: 'string', demandOption: true, describe: 'The old file' })
    .positional('b', { type: 'string', demandOption: true, describe: 'The new file' })
    .option('json', { type: 'boolean', describe: 'One JSON document (docs/json.md)' })
    .option('unified', { type: 'boolean', describe: 'A unified text diff of the two files\' canonical renderings' })
    .option('color', { type: 'boolean', default: true, describe: 'Colour on a terminal (--no-color, or the NO_COLOR variable, turns it off)' })
    .conflicts('json', 'unified')
    .example('$0 diff old/Registry.pol new/Registry.pol', 'What a GPO edit changed')
    .example('$0 diff Machine/Registry.pol offer-ra.reg', 'Does the .reg do what the GPO does? (lossy places are explained)')
    .example('$0 diff --unified a.reg b.reg', 'As a unified diff');
}

export async function handler(args: ArgumentsCamelCase<DiffArgs>, io: CliIO): Promise<number> {
  // One side at a time: its effect is all that is kept, so two large files are never both parsed at once.
  const catalog = await loadDefinitions(args, io);
  const side = async (file: string) => {
    const loaded = await loadInput(io, file, args);
    reportDiagnostics(io, file, loaded.diagnostics.filter((d) => d.severity === 'error'));
    return { format: loaded.format, effect: effectOf(loaded.ops), policies: readPolicies(loaded.ops, { catalog }) };
  };
  const ia = await inputFiles(io, args.a);
  const ib = await inputFiles(io, args.b);
  if (ia.gpo !== ib.gpo) throw new GpregError('USAGE', 'compare a GPO folder with a GPO folder, or a file with a file');
  if (ia.gpo) {
    // Two GPOs: Machine with Machine, User with User (a missing Registry.pol sets nothing).
    const empty = { format: 'pol' as const, effect: effectOf([]), policies: readPolicies([], { catalog }) };
    let differ = false;
    const json: Record<string, unknown> = {};
    const text: string[] = [];
    for (const [i, { label }] of ia.files.entries()) {
      const fa = ia.files[i]!.file;
      const fb = ib.files[i]!.file;
      const a = fa ? await side(fa) : empty;
      const b = fb ? await side(fb) : empty;
      const registry = diffEffects(a.effect, b.effect, { formats: [a.format, b.format] });
      const policies = diffPolicies(a.policies, b.policies);
      differ ||= registry.length > 0 || policies.length > 0;
      json[label] = diffJson({ file: fa ?? '(none)', format: a.format }, { file: fb ?? '(none)', format: b.format }, policies, registry);
      const color = args.color !== false && !!io.stdout.isTTY && io.env['NO_COLOR'] === undefined;
      text.push(`== ${label} ==`, formatDiff(policies, registry, color));
    }
    io.stdout.write(args.json ? JSON.stringify({ a: args.a, b: args.b, sides: json }, null, 2) + '\n' : text.join('\n'));
    return differ ? 1 : 0;
  }
  const a = await side(args.a);
  const b = await side(args.b);
  const registry = diffEffects(a.effect, b.effect, { formats: [a.format, b.format] });
  const policies = diffPolicies(a.policies, b.policies);
  const same = registry.length === 0 && policies.length === 0;
  if (args.json) io.stdout.write(JSON.stringify(diffJson({ file: args.a, format: a.format }, { file: args.b, format: b.format }, policies, registry), null, 2) + '\n');
  else if (args.unified) io.stdout.write(same ? '' : unifiedDiff(args.a, args.b, a.effect, b.effect));
  else {
    const color = args.color !== false && !!io.stdout.isTTY && io.env['NO_COLOR'] === undefined;
    io.stdout.write(formatDiff(policies, registry, color));
  }
  return same ? 0 : 1;
}
