/**
 * Auditing a tree of GPO backups or a copy of SYSVOL: find every Registry.pol and .reg, name its
 * GPO from the backup metadata, read its policies, and report per file. One broken file is
 * reported and the run goes on. Files are read one at a time, so memory follows the largest file.
 */

import { readdirSync, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { GpregError, isGpregError, type Diagnostic, type ErrorCode, type Position } from '../errors.js';
import { loadBytes } from '../formats/load.js';
import { hiveFromPolPath, type HiveName } from '../registry/keys.js';
import { findPolicy } from '../policy/catalog/index.js';
import type { PolicySet } from '../policy/set.js';
import { readPolicies, type PolicyReading } from '../policy/read.js';
import { policyId, type PolicyDefinition } from '../policy/types.js';
import { GPO_GUID, readGpoMetadata, readRegularFileOrFail, type GpoInfo, type GpoMetadata } from '../gpo/identity.js';
import { partKindOf, type PartKind } from '../gpo/parts.js';
import { parseKeyQuery, type KeyQuery } from '../registry/touches.js';
import { extensionText } from '../gpo/extensions.js';
import { tattooFindings } from '../registry/tattoo.js';
import { auditPart, fileError, hitsOf, MAX_POLICY_FILE_BYTES, type KeyHit } from './file.js';

export type { GpoInfo, GpoNameSource } from '../gpo/identity.js';
export type { KeyHit } from './file.js';

/** One audited file: a Registry.pol or .reg, or another part of a GPO (its security template, audit policy or preference registry items). */
export interface AuditEntry {
  /** Path relative to the audited root, with `/`. */
  file: string;
  format: 'pol' | 'reg' | 'inf' | 'csv' | 'xml' | undefined;
  /** For a GPO part other than Registry.pol: which (`security`, `audit`, `preferences`), and how many settings it makes. */
  part?: PartKind;
  settings?: number;
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
  /** A Registry.pol's values outside the policy keys, one note per key (`POLICY_TATTOO`): they stay after the GPO is removed. */
  tattoo?: Diagnostic[];
  unexplained: number;
  /** With {@link AuditOptions.key}: the operations that touch the path, in file order. */
  hits?: KeyHit[];
  /** Set when the file could not be read: the run goes on. */
  error?: { code: ErrorCode; message: string } & Position;
}

/** Options for {@link auditTree}. */
export interface AuditOptions {
  /** Only this policy (ADMX name or alias): files that do not set it are left out, and so are other policies. */
  policy?: string;
  /**
   * Only the operations on this registry path (`HKLM\Software\…`, a key or a value), whatever part
   * makes them: files that do not touch it are left out, and so are the policies they are not evidence for.
   */
  key?: string;
  /**
   * The definitions to read policies with (default: the built-in catalog), or a function that gives
   * them once the tree is walked, told the central store found in it (a `PolicyDefinitions` folder
   * within four levels of the root, the shallowest): one walk finds both.
   */
  definitions?: PolicySet | ((centralStore: string | undefined) => PolicySet | Promise<PolicySet>);
  /** Called before each file is read (for a progress line). */
  onFile?: (index: number, total: number, file: string) => void;
  /**
   * Called with each entry as it is made, in the report's order; the report's `entries` then stays
   * empty, so memory does not grow with the tree (the CLI writes its page this way).
   */
  onEntry?: (entry: AuditEntry) => void;
}

/** The result of an audit. */
export interface AuditReport {
  root: string;
  /** The path searched for ({@link AuditOptions.key}), with its hive in full. */
  key?: string;
  /** Each file's entry, in walk order (none with {@link AuditOptions.onEntry}: they went there). */
  entries: AuditEntry[];
  /** Paths passed over (links, FIFOs, unreadable folders): a run that skipped something is not clean. */
  skipped: SkippedPath[];
  /** Files found (before `policy` narrowed the list). */
  scanned: number;
  totalBytes: number;
}

/** A path the audit did not read, and why. */
export interface SkippedPath {
  /** Relative to the audited root, with `/`. */
  path: string;
  reason: string;
}

/**
 * Every `.pol` (Registry.pol in any case, and renamed copies) and `.reg` under `root`, sorted;
 * links are not followed (no loops, no reads outside the tree). What is passed over — an unreadable
 * folder, a link, a FIFO or folder named like a policy file — is listed in `skipped`.
 */
export async function findPolicyFiles(root: string): Promise<{ files: string[]; skipped: SkippedPath[]; centralStore?: string }> {
  const files: string[] = [];
  const skipped: SkippedPath[] = [];
  // A SYSVOL copy's central store, found on the same walk: the shallowest within four levels.
  let store: { dir: string; depth: number } | undefined;
  const rel = (p: string) => path.relative(root, p).split(path.sep).join('/') || '.';
  // Synchronous: on a local tree one readdir costs less than scheduling it (issue #20 measured it).
  const walk = (dir: string, depth: number): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      if (depth === 0) throw new GpregError('IO_READ', `cannot read folder ${root}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      skipped.push({ path: rel(dir), reason: `folder not readable (${(e as NodeJS.ErrnoException).code ?? 'error'})` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      // What path.join gives: below the root, folders are already normal (normalizing every path
      // again was a tenth of the walk), and a name from readdir has no separator, `.` or `..`.
      const p = depth === 0 ? path.join(dir, e.name) : dir + path.sep + e.name;
      const policyName = /\.(pol|reg)$/i.test(e.name) || partKindOf(p) !== undefined;
      if (e.isDirectory()) {
        if (policyName) skipped.push({ path: rel(p), reason: 'a folder named like a policy file' });
        if (depth < CENTRAL_STORE_DEPTH && (!store || store.depth > depth) && e.name.toLowerCase() === 'policydefinitions') store = { dir: p, depth };
        walk(p, depth + 1);
      } else if (e.isFile()) {
        if (policyName) files.push(p);
      } else if (policyName) {
        skipped.push({ path: rel(p), reason: e.isSymbolicLink() ? 'a link (not followed)' : 'not a regular file (FIFO, device or socket)' });
      }
    }
  };
  walk(root, 0);
  return { files, skipped, ...(store ? { centralStore: store.dir } : {}) };
}

/** How deep below the audited root a central store (`PolicyDefinitions`) is looked for. */
const CENTRAL_STORE_DEPTH = 4;

/** GPO folders whose identity is kept while walking on. */
const GPO_FOLDERS_KEPT = 64;

/** A `{GUID}` folder name; the regular expression only for names of the right length and start. */
const isGuidName = (name: string) => name.length === 38 && name.charCodeAt(0) === 0x7b && GPO_GUID.test(name);

/**
 * The GPO a file is in: the nearest `{GUID}` folder above it (inside the root, or the root itself),
 * else the file's folder. `cache` keeps the answer by that folder: a GPO's files come together in
 * the walk, so a few folders kept are enough (memory stays flat), and its files share one answer.
 */
function gpoOf(root: string, file: string, relPath: string, cache: Map<string, GpoInfo>): GpoInfo {
  const remembered = (dir: string, make: (m: GpoMetadata | undefined) => GpoInfo): GpoInfo => {
    let info = cache.get(dir);
    if (!info) {
      if (cache.size >= GPO_FOLDERS_KEPT) cache.clear();
      cache.set(dir, (info = make(readGpoMetadata(dir))));
    }
    return info;
  };
  const rel = relPath.split('/');
  // The root itself may be the GPO (`gpreg audit {GUID}`): its name is then the first component.
  const rootId = path.basename(root);
  const withRoot = isGuidName(rootId) ? [rootId, ...rel] : rel;
  const top = withRoot === rel ? root : path.dirname(root);
  for (let i = withRoot.length - 2; i >= 0; i--) {
    if (!isGuidName(withRoot[i]!)) continue;
    const folderId = withRoot[i]!;
    const folder = withRoot === rel ? rel.slice(0, i + 1).join('/') : rel.slice(0, Math.max(0, i)).join('/');
    return remembered(path.join(top, ...withRoot.slice(0, i + 1)), (m) => {
      if (!m) return { name: folderId, guid: folderId, source: 'folder', folder };
      // A backup's folder is the backup's id; the GPO's own GUID comes from the metadata.
      const backupId = m.backupId ?? (m.guid && m.guid.toLowerCase() !== folderId.toLowerCase() ? folderId : undefined);
      return { ...m, ...(m.guid ? {} : { guid: folderId }), ...(backupId ? { backupId } : {}), folder };
    });
  }
  const folder = rel.slice(0, -1).join('/');
  return remembered(path.dirname(file), (m) => (m ? { ...m, folder } : { name: folder || path.basename(root), source: 'folder', folder }));
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
  if (options.policy && options.key) throw new GpregError('USAGE', 'a policy and a registry path cannot both narrow an audit: give one');
  const query = options.key !== undefined ? parseKeyQuery(options.key) : undefined;
  const { files, skipped, centralStore } = await findPolicyFiles(root);
  const definitions = typeof options.definitions === 'function' ? await options.definitions(centralStore) : options.definitions;
  const only = options.policy ? findPolicy(options.policy, definitions) : undefined;
  const gpos = new Map<string, GpoInfo>();
  // Every path the walk gives starts with the root as path.join writes it: what is below it is the
  // rest (path.relative resolved both paths against the working folder, for each file).
  const prefix = path.join(root, '_').slice(0, -1);
  const below = (file: string) => (path.sep === '/' ? file : file.split(path.sep).join('/')).slice(prefix.length);
  const entries: AuditEntry[] = [];
  let totalBytes = 0;
  for (const [i, file] of files.entries()) {
    const rel = below(file);
    options.onFile?.(i, files.length, rel);
    const part = partKindOf(file);
    const entry = part ? Object.assign(newEntry(root, file, rel, part, gpos), auditPart(file, part, query)) : auditPolicyFile(root, file, rel, gpos, definitions, only, query);
    totalBytes += entry.bytes;
    // A file that could not be read is always listed; others as far as the policy or path narrows
    // (a GPO part sets no policy, so none is listed for one).
    if (!entry.error && ((only && (part || entry.policies.length === 0)) || (query && entry.hits!.length === 0))) continue;
    if (options.onEntry) options.onEntry(entry);
    else entries.push(entry);
  }
  return { root, ...(query ? { key: query.text } : {}), entries, skipped, scanned: files.length, totalBytes };
}

/** A new entry for a file (`rel`: its path below the root, with `/`): what its path says (GPO, side, kind), nothing read yet. */
function newEntry(root: string, file: string, rel: string, part: PartKind | undefined, gpos: Map<string, GpoInfo>): AuditEntry {
  const hive = hiveFromPolPath(file);
  const scope = hive === 'HKEY_LOCAL_MACHINE' ? 'Machine' : hive === 'HKEY_CURRENT_USER' ? 'User' : undefined;
  const format = part === 'security' ? 'inf' : part === 'audit' ? 'csv' : part === 'preferences' ? 'xml' : file.toLowerCase().endsWith('.reg') ? 'reg' : 'pol';
  return { file: rel, format, ...(part ? { part, settings: 0 } : {}), gpo: gpoOf(root, file, rel, gpos), ...(scope ? { scope } : {}), bytes: 0, records: 0, operations: 0, policies: [], findings: [], unexplained: 0 };
}

/** A Registry.pol's or .reg's entry: its records read as policies (all of them, or `only`), with the hits of `query`. */
function auditPolicyFile(root: string, file: string, rel: string, gpos: Map<string, GpoInfo>, definitions: PolicySet | undefined, only: PolicyDefinition | undefined, query: KeyQuery | undefined): AuditEntry {
  const entry = newEntry(root, file, rel, undefined, gpos);
  try {
    // Synchronous: on a local tree an open, fstat, read and close cost less than scheduling them on
    // the thread pool (the audit ran at 1,831 files/s with reads ahead, see docs/performance.md).
    const bytes = readRegularFileOrFail(file, MAX_POLICY_FILE_BYTES, 'policy file');
    entry.bytes = bytes.length;
    const loaded = loadBytes(bytes, { path: file, format: entry.format as 'pol' | 'reg' });
    if (entry.format === 'pol') entry.hive = loaded.hive;
    entry.records = loaded.pol?.records.length ?? loaded.reg?.statements.length ?? loaded.ops.length;
    entry.operations = loaded.ops.length;
    // Read with every definition, so `unexplained` means the same with and without --policy.
    const report = readPolicies(loaded.ops, definitions ? { catalog: definitions } : {});
    entry.policies = only ? report.policies.filter((p) => p.definition === only || p.id === policyId(only)) : report.policies;
    if (query) {
      const owner = new Map(report.policies.flatMap((p) => p.evidence.map((i) => [i, p] as const)));
      // What a hit is: the policy it is evidence for, else another editor's setting in its words.
      const about = (i: number) => owner.get(i)?.displayName ?? extensionText(loaded.ops[i]!);
      const found = hitsOf(query, loaded.ops, (i) => loaded.positions[i] ?? {}, about);
      entry.hits = found.hits;
      // The policies the hits are evidence for, and no others.
      const cited = new Set(found.indices.flatMap((i) => (owner.has(i) ? [owner.get(i)!] : [])));
      entry.policies = report.policies.filter((p) => cited.has(p));
    }
    entry.unexplained = report.unexplained.length;
    entry.findings = [...entry.policies.flatMap((p) => p.findings), ...loaded.diagnostics].filter((d) => d.severity !== 'info');
    // A Registry.pol's values outside the policy keys stay after the GPO is removed: counted, and
    // said (a note: it is how such a GPO works, not a fault, so the audit's status is unchanged).
    if (entry.format === 'pol') {
      const tattoo = tattooFindings(loaded.ops, (i) => loaded.positions[i] ?? {});
      if (tattoo.length) entry.tattoo = tattoo;
    }
  } catch (e) {
    if (!isGpregError(e)) throw e;
    entry.error = fileError(e);
  }
  return entry;
}
