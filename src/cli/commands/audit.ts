import type { Argv, ArgumentsCamelCase } from 'yargs';
import * as path from 'node:path';
import { auditTree, type AuditEntry } from '../../audit/audit.js';
import { auditFailed, auditJson, entryFailed, renderAuditCsv, renderAudit, unexplainedOf } from '../../render/audit.js';
import type { CliIO } from '../io.js';
import { AuditPageWriter } from '../../render/html/audit.js';
import { sectionFile } from '../section-file.js';
import type { PolicySet } from '../../policy/set.js';
import { admxOptions, describeTemplates, checkHtmlOutput, htmlOutputOptions, loadDefinitions, writeHtmlReport, type AdmxArgs } from '../shared.js';
import { VERSION } from '../version.js';
import { jsonText } from '../../formats/json-text.js';
import { BUILTIN } from '../../policy/catalog/index.js';
import { emit, print, progress as showProgress, say } from '../print.js';

interface AuditArgs extends AdmxArgs {
  folder: string;
  json?: boolean;
  csv?: boolean;
  policy?: string;
  key?: string;
  verbose?: boolean;
  html?: boolean;
  output?: string;
  force?: boolean;
}

export function builder(y: Argv) {
  return htmlOutputOptions(admxOptions(y), false)
    .positional('folder', { type: 'string', demandOption: true, describe: 'The folder to walk (GPO backups, SYSVOL\\Policies, or any tree of .pol and .reg files)' })
    .option('json', { type: 'boolean', describe: 'One JSON document (docs/audit.md)' })
    .option('csv', { type: 'boolean', describe: 'CSV, one row per policy of each file' })
    .option('policy', { type: 'string', describe: 'Only this policy (ADMX name or alias): which GPOs set it, and how' })
    .option('key', { type: 'string', describe: 'Only this registry key or value (HKLM\\…, HKCU\\…): which GPOs set, delete or create it, in Registry.pol, .reg, the security template or preference items' })
    .option('verbose', { alias: 'v', type: 'boolean', describe: 'List each finding under its file' })
    .option('html', { type: 'boolean', describe: 'One self-contained HTML page (docs/report.md): a row per GPO linking to its section; written to -o as the audit goes, so a large tree needs little memory' })
    .conflicts('json', 'csv')
    .conflicts('policy', 'key')
    .conflicts('html', ['json', 'csv'])
    .example('$0 audit GPO-backups', 'Every GPO: its files, policies, findings')
    .example('$0 audit --policy offer-remote-assistance --csv SYSVOL/domain/Policies > offer-ra.csv', 'Which GPOs enable Offer Remote Assistance, with which control and helpers')
    .example('$0 audit --key "HKLM\\System\\CurrentControlSet\\Control\\Lsa\\LmCompatibilityLevel" GPO-backups', 'Which GPOs set the LAN Manager level, in any part (Registry.pol, security template, preferences)')
    .example('$0 audit --admx PolicyDefinitions GPO-backups', 'Every policy the templates define (a SYSVOL copy\'s own PolicyDefinitions is found by itself)')
    .example('$0 audit --html -o audit.html GPO-backups', 'A page to read or print: one row per GPO, then each GPO\'s policies and findings')
    .example('$0 audit --json GPO-backups | jq \'.files[] | select(.error)\'', 'The files that could not be read');
}

export async function handler(args: ArgumentsCamelCase<AuditArgs>, io: CliIO): Promise<number> {
  checkHtmlOutput(args, 'the text, --json and --csv reports');
  const root = path.resolve(io.cwd, args.folder);
  // A progress line only for a person watching: a terminal, and not machine output.
  const progress = !!io.stderr.isTTY && !args.json && !args.csv && !args.html;
  // A SYSVOL copy carries its central store: use it when no templates are named (the audit's own
  // walk finds it, and the templates are loaded then).
  const named = args.admx !== undefined || !!io.env['GPREG_ADMX'];
  let templates: AdmxArgs = args;
  let definitions: PolicySet = BUILTIN; // replaced by what the audit loads
  // A page is written as the audit goes: each file's section to a file, only each GPO's row kept.
  const sections = args.html ? sectionFile() : undefined;
  const page = sections && new AuditPageWriter(sections);
  let failed = false;
  let unexplained = 0;
  try {
    const report = await auditTree(root, {
      definitions: async (store) => {
        templates = store && !named ? { ...args, admx: [store] } : args;
        return (definitions = await loadDefinitions(templates, io));
      },
      ...(args.policy ? { policy: args.policy } : {}),
      ...(args.key !== undefined ? { key: args.key } : {}),
      ...(progress ? { onFile: (i: number, n: number, f: string) => showProgress(io, `[${i + 1}/${n}] ${f.length > 70 ? '…' + f.slice(-69) : f}`) } : {}),
      ...(page
        ? {
            onEntry: (e: AuditEntry) => {
              page.add(e);
              failed ||= entryFailed(e);
              unexplained += unexplainedOf(e);
            },
          }
        : {}),
    });
    if (progress) showProgress(io, '');
    report.root = args.folder;
    if (page) await writeHtmlReport(io, args.output!, args.force, page.chunks(report, { generator: `gpreg ${VERSION}`, templates: describeTemplates(templates, definitions, io) }));
    else if (args.json || args.csv) emit(io, args.json ? jsonText(auditJson(report)) : renderAuditCsv(report));
    else print(io, renderAudit(report, args.verbose ?? false));
    // Without templates most records are "no policy explains": say why, and what to give.
    unexplained += report.entries.reduce((n, e) => n + unexplainedOf(e), 0);
    if (unexplained && definitions === BUILTIN && !args.json && !args.csv) {
      say(io, `gpreg: hint: ${unexplained} record(s) no policy explains, read with ${describeTemplates(templates, definitions, io)}`);
    }
    return failed || auditFailed(report) ? 1 : 0;
  } finally {
    sections?.close();
  }
}
