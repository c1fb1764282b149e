/**
 * Auditing a tree of GPO backups or a copy of SYSVOL: find every Registry.pol and .reg, name its
 * GPO from the backup metadata, read its policies, and report per file. One broken file is
 * reported and the run goes on. Files are read one at a time, so memory follows the largest file.
 */

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { GpregError, isGpregError, withPosition, type Diagnostic, type ErrorCode, type Position } from '../errors.js';
import { loadBytes } from '../formats/load.js';
import { hiveFromPolPath, type HiveName } from '../registry/keys.js';
import { findPolicy } from '../policy/catalog/index.js';
import type { PolicySet } from '../policy/set.js';
import { readPolicies, type PolicyReading } from '../policy/read.js';

/** Where a GPO's name came from. */
export type GpoNameSource = 'bkupInfo.xml' | 'Backup.xml' | 'gpt.ini' | 'folder';

/** The GPO a file belongs to. */
export interface GpoInfo {
  name: string;
  /** The `{GUID}` folder, when the file is inside one. */
  guid?: string;
  source: GpoNameSource;
  /** The GPO's folder, relative to the audited root ('' when the root itself). */
  folder: string;
}

/** One audited file. */
export interface AuditEntry {
  /** Path relative to the audited root, with `/`. */
  file: string;
  format: 'pol' | 'reg' | undefined;
  gpo: GpoInfo;
  /** `Machine` or `User` from the folder, for a `.pol`. */
  scope?: 'Machine' | 'User';
  hive?: HiveName;
  bytes: number;
  /** Records (`.pol`) or statements (`.reg`) in the file. */
  records: number;
  /** Registry operations they stand for. */
  operations: number;
  policies: PolicyReading[];
  /** Findings (warnings and errors) from the policies and the file. */
  findings: Diagnostic[];
  unexplained: number;
  /** Set when the file could not be read: the run goes on. */
  error?: { code: ErrorCode; message: string } & Position;
}

/** Options for {@link auditTree}. */
export interface AuditOptions {
  /** Only this policy (ADMX name or alias): files that do not set it are left out, and so are other policies. */
  policy?: string;
  /** The definitions to read policies with (default: the built-in catalog). */
  definitions?: PolicySet;
  /** Called before each file is read (for a progress line). */
  onFile?: (index: number, total: number, file: string) => void;
}

/** The result of an audit. */
export interface AuditReport {
  root: string;
  entries: AuditEntry[];
  /** Files found (before `policy` narrowed the list). */
  scanned: number;
  totalBytes: number;
}

const GUID = /^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/i;

/**
 * Every `.pol` (Registry.pol in any case, and renamed copies) and `.reg` under `root`, sorted;
 * links are not followed (no loops).
 */
export async function findPolicyFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (e) {
      if (dir === root) throw new GpregError('IO_READ', `cannot read folder ${root}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return; // an unreadable subfolder is skipped (reported nowhere else: it holds no files we can read)
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && /\.(pol|reg)$/i.test(e.name)) out.push(p);
    }
  };
  await walk(root);
  return out;
}

/** Text of a small metadata file: UTF-16LE after FF FE, else UTF-8. */
async function readText(file: string): Promise<string | undefined> {
  try {
    const b = await fs.readFile(file);
    if (b.length > 4 << 20) return undefined;
    return b[0] === 0xff && b[1] === 0xfe ? b.subarray(2).toString('utf16le') : b.toString('utf8').replace(/^\ufeff/, '');
  } catch {
    return undefined;
  }
}

/** The inner text of the first `<tag>` (CDATA or plain), XML entities decoded. */
function xmlText(xml: string, tag: string, after = 0): string | undefined {
  const m = new RegExp(`<${tag}>\\s*(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))\\s*</${tag}>`).exec(xml.slice(after));
  const v = m?.[1] ?? m?.[2];
  if (v === undefined) return undefined;
  return v.replace(/&(lt|gt|amp|quot|apos);/g, (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e]!).trim() || undefined;
}

/** A GPO's name from its folder: bkupInfo.xml, Backup.xml (backups), gpt.ini (SYSVOL), else the folder. */
async function gpoName(folder: string, names: Map<string, Promise<{ name: string; source: GpoNameSource } | undefined>>): Promise<{ name: string; source: GpoNameSource } | undefined> {
  let p = names.get(folder);
  if (!p) {
    p = (async () => {
      const bkup = await readText(path.join(folder, 'bkupInfo.xml'));
      const fromBkup = bkup && xmlText(bkup, 'GPODisplayName');
      if (fromBkup) return { name: fromBkup, source: 'bkupInfo.xml' as const };
      const backup = await readText(path.join(folder, 'Backup.xml'));
      const core = backup?.indexOf('<GroupPolicyCoreSettings>') ?? -1;
      const fromBackup = backup && xmlText(backup, 'DisplayName', Math.max(core, 0));
      if (fromBackup) return { name: fromBackup, source: 'Backup.xml' as const };
      const ini = (await readText(path.join(folder, 'gpt.ini'))) ?? (await readText(path.join(folder, 'GPT.INI')));
      const fromIni = ini && /^\s*displayName\s*=\s*(.+?)\s*$/im.exec(ini)?.[1];
      if (fromIni) return { name: fromIni, source: 'gpt.ini' as const };
      return undefined;
    })();
    names.set(folder, p);
  }
  return p;
}

/** The GPO a file is in: the nearest `{GUID}` folder above it (inside the root), else the file's folder. */
async function gpoOf(root: string, file: string, names: Map<string, Promise<{ name: string; source: GpoNameSource } | undefined>>): Promise<GpoInfo> {
  const rel = path.relative(root, file).split(path.sep);
  for (let i = rel.length - 2; i >= 0; i--) {
    if (GUID.test(rel[i]!)) {
      const folder = path.join(root, ...rel.slice(0, i + 1));
      const named = await gpoName(folder, names);
      return { name: named?.name ?? rel[i]!, guid: rel[i]!, source: named?.source ?? 'folder', folder: rel.slice(0, i + 1).join('/') };
    }
  }
  const folder = rel.slice(0, -1).join('/');
  const named = await gpoName(path.dirname(file), names);
  return { name: named?.name ?? (folder || path.basename(root)), source: named?.source ?? 'folder', folder };
}

/**
 * Audits every Registry.pol and .reg under `root`. A file that cannot be read is reported with its
 * error code and position and the run goes on.
 *
 * @example
 * const report = await auditTree('GPO-backups', { policy: 'offer-remote-assistance' });
 * for (const e of report.entries) console.log(e.gpo.name, e.policies[0]?.state);
 */
export async function auditTree(root: string, options: AuditOptions = {}): Promise<AuditReport> {
  const only = options.policy ? findPolicy(options.policy, options.definitions) : undefined;
  const files = await findPolicyFiles(root);
  const names = new Map<string, Promise<{ name: string; source: GpoNameSource } | undefined>>();
  const entries: AuditEntry[] = [];
  let totalBytes = 0;
  for (const [i, file] of files.entries()) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    options.onFile?.(i, files.length, rel);
    const gpo = await gpoOf(root, file, names);
    const hive = hiveFromPolPath(file);
    const scope = hive === 'HKEY_LOCAL_MACHINE' ? 'Machine' : hive === 'HKEY_CURRENT_USER' ? 'User' : undefined;
    const entry: AuditEntry = { file: rel, format: file.toLowerCase().endsWith('.reg') ? 'reg' : 'pol', gpo, ...(scope ? { scope } : {}), bytes: 0, records: 0, operations: 0, policies: [], findings: [], unexplained: 0 };
    try {
      const bytes = new Uint8Array(await fs.readFile(file));
      entry.bytes = bytes.length;
      totalBytes += bytes.length;
      const loaded = loadBytes(bytes, { path: file, format: entry.format! });
      if (entry.format === 'pol') entry.hive = loaded.hive;
      entry.records = loaded.pol?.records.length ?? loaded.reg?.statements.length ?? loaded.ops.length;
      entry.operations = loaded.ops.length;
      const report = readPolicies(loaded.ops, only ? { catalog: [only] } : options.definitions ? { catalog: options.definitions } : {});
      entry.policies = report.policies;
      entry.unexplained = report.unexplained.length;
      entry.findings = [...report.policies.flatMap((p) => p.findings), ...loaded.diagnostics].filter((d) => d.severity !== 'info');
    } catch (e) {
      if (!isGpregError(e)) throw e;
      entry.error = withPosition({ code: e.code, message: e.message }, e);
    }
    if (only && !entry.error && entry.policies.length === 0) continue;
    entries.push(entry);
  }
  return { root, entries, scanned: files.length, totalBytes };
}
