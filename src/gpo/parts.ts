/**
 * The parts of one side of a GPO folder besides `Registry.pol`: the security template, the advanced
 * audit policy and the preference registry items, each read into its lossless document and what it
 * sets, and every other part that is there (scripts, software installation, other preference
 * types…) listed as present and not read — a side with no `Registry.pol` is not a side that sets
 * nothing. Names match without case; only regular files are read, each up to a cap.
 */

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { GpregError, type Diagnostic } from '../errors.js';
import type { RegOp } from '../registry/ops.js';
import { parseXml, XmlError } from '../admx/xml.js';
import { readRegularFile } from './identity.js';
import { parseCsv, type CsvDocument } from '../formats/csv.js';
import { parseInf, type InfDocument } from '../formats/inf/inf.js';
import { readAuditPolicy, type AuditSetting } from './audit-policy.js';
import { readRegistryPreferences, type RegistryPreferences } from './preferences.js';
import { readSecurityTemplate, type SecurityOption, type SecurityTemplate } from './security.js';
import { describeSecurityOption } from './security-options.js';

/** Where each part lives below a side's folder (`Machine` or `User`), and the cap on its size. */
export const PART_PATHS = {
  security: { path: ['Microsoft', 'Windows NT', 'SecEdit', 'GptTmpl.inf'], cap: 16 << 20 },
  audit: { path: ['Microsoft', 'Windows NT', 'Audit', 'audit.csv'], cap: 16 << 20 },
  preferences: { path: ['Preferences', 'Registry', 'Registry.xml'], cap: 64 << 20 },
} as const;

/** A part read: its file (relative to the GPO folder), its document and what it sets, and its diagnostics. */
export interface SecurityPart {
  file: string;
  doc: InfDocument;
  template: SecurityTemplate;
  diagnostics: Diagnostic[];
}
export interface AuditPart {
  file: string;
  doc: CsvDocument;
  settings: AuditSetting[];
  diagnostics: Diagnostic[];
}
export interface PreferencesPart {
  file: string;
  registry: RegistryPreferences;
  diagnostics: Diagnostic[];
}

/** The parts of one side. */
export interface SideParts {
  security?: SecurityPart;
  audit?: AuditPart;
  preferences?: PreferencesPart;
  /** Parts present that gpreg does not read (or could not: `error` says why), relative to the GPO folder. */
  unread: Array<{ file: string; error?: string }>;
}

/** The entry of `dir` named `name` without case, or undefined. */
async function entry(dir: string, name: string): Promise<string | undefined> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const real = names.find((n) => n.toLowerCase() === name.toLowerCase());
  return real === undefined ? undefined : path.join(dir, real);
}

/** The path below `dir` whose components match `parts` without case, or undefined. */
async function find(dir: string, parts: readonly string[]): Promise<string | undefined> {
  let at: string | undefined = dir;
  for (const p of parts) {
    at = await entry(at, p);
    if (!at) return undefined;
  }
  return at;
}

/**
 * Reads the parts of the side folder `sideDir` (a GPO's `Machine` or `User`); `gpoDir` is the GPO
 * folder the file names are made relative to. A part that is not a regular file, is over its cap,
 * or is not XML where XML is wanted, is listed in `unread` with why.
 */
export async function readSideParts(sideDir: string, gpoDir: string): Promise<SideParts> {
  const out: SideParts = { unread: [] };
  const rel = (f: string) => path.relative(gpoDir, f).split(path.sep).join('/');
  const read: string[] = [];
  const load = async (what: keyof typeof PART_PATHS) => {
    const file = await find(sideDir, PART_PATHS[what].path);
    if (!file) return undefined;
    read.push(file);
    const bytes = readRegularFile(file, PART_PATHS[what].cap);
    if (!bytes) {
      out.unread.push({ file: rel(file), error: `not a regular file of at most ${PART_PATHS[what].cap >> 20} MB` });
      return undefined;
    }
    return { file, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  };
  const sec = await load('security');
  if (sec) {
    const doc = parseInf(sec.bytes);
    const template = readSecurityTemplate(doc);
    // An option gpreg cannot name is shown by its path and value, and said.
    const unnamed = template.securityOptions.filter((o) => !describeSecurityOption(o)).map((o): Diagnostic => ({ severity: 'info', code: 'SEC_UNKNOWN_SETTING', message: `${o.key} is not in gpreg's table of security options: shown by its path and value`, line: o.line, column: 1 }));
    out.security = { file: rel(sec.file), doc, template, diagnostics: [...doc.diagnostics, ...template.diagnostics, ...unnamed] };
  }
  const aud = await load('audit');
  if (aud) {
    const doc = parseCsv(aud.bytes);
    const { settings, diagnostics } = readAuditPolicy(doc);
    out.audit = { file: rel(aud.file), doc, settings, diagnostics };
  }
  const pref = await load('preferences');
  if (pref) {
    try {
      const registry = readRegistryPreferences(parseXml(pref.bytes));
      out.preferences = { file: rel(pref.file), registry, diagnostics: registry.diagnostics };
    } catch (e) {
      if (!(e instanceof XmlError)) throw e;
      out.unread.push({ file: rel(pref.file), error: `not well-formed XML: ${e.message} (line ${e.line}, column ${e.column})` });
    }
  }
  // Everything else below the side folder, by the folders that hold a kind of setting.
  for (const f of await listFiles(sideDir)) {
    const lower = f.toLowerCase();
    if (read.includes(f) || path.basename(lower) === 'registry.pol') continue;
    out.unread.push({ file: rel(f) });
  }
  return out;
}

/** Every file below `dir` (links not followed), in a stable order, at most 10,000 (a GPO has a few). */
async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0 && out.length < 10_000) {
    const d = stack.pop()!;
    const entries = await fs.readdir(d, { withFileTypes: true }).catch(() => []);
    for (const e of entries.sort((a, b) => (a.name < b.name ? 1 : -1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else out.push(p);
    }
  }
  return out.sort();
}

/** The kinds of part gpreg reads besides Registry.pol. */
export type PartKind = keyof typeof PART_PATHS;

/** Each part by its file's name, in lower case (no two parts share one). */
const PART_BY_NAME = new Map((Object.keys(PART_PATHS) as PartKind[]).map((k) => [PART_PATHS[k].path.at(-1)!.toLowerCase(), k]));

/** Which part a file is, by its name and the folders above it (names without case), or undefined. */
export function partKindOf(file: string): PartKind | undefined {
  // The file's own name first: an audit asks this of every file and folder it walks past.
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  const kind = PART_BY_NAME.get(file.slice(slash + 1).toLowerCase());
  if (!kind) return undefined;
  const parts = file.split(/[\\/]/).map((p) => p.toLowerCase());
  const want = PART_PATHS[kind].path.map((p) => p.toLowerCase());
  return parts.length >= want.length && want.every((w, i) => parts[parts.length - want.length + i] === w) ? kind : undefined;
}

/** What {@link summarizePart} finds in a part. */
export interface PartSummary {
  /** Lines (template), rows (CSV) or items (preferences). */
  records: number;
  settings: number;
  /** The registry operations the part makes, each with its line and what it is in the editor's words (`about(i)` for `ops[i]`). */
  ops: RegOp[];
  lines: number[];
  /** Asked only for the operations an audit's `--key` finds: naming every one cost more than reading the template. */
  about: (i: number) => string | undefined;
  diagnostics: Diagnostic[];
}

/** A part's bytes read for counting and searching (the audit). Throws GPO_PART_UNREAD for XML that is not well-formed. */
export function summarizePart(kind: PartKind, bytes: Uint8Array): PartSummary {
  switch (kind) {
    case 'security': {
      const doc = parseInf(bytes);
      const t = readSecurityTemplate(doc);
      const settings = t.account.length + t.eventAudit.length + t.userRights.length + t.securityOptions.length + t.services.length + t.eventLog.length + t.restrictedGroups.length + t.registryKeys.length + t.files.length;
      // Each [Registry Values] line is a security option: named as the editor names it, when known.
      let byLine: Map<number, SecurityOption> | undefined;
      const about = (i: number) => {
        byLine ??= new Map(t.securityOptions.map((o) => [o.line, o]));
        const o = byLine.get(t.lines[i]!);
        const d = o && describeSecurityOption(o);
        return d ? `${d.displayName} = ${d.display}` : undefined;
      };
      return { records: doc.lines.length, settings, ops: t.ops, lines: t.lines, about, diagnostics: [...doc.diagnostics, ...t.diagnostics] };
    }
    case 'audit': {
      const doc = parseCsv(bytes);
      const { settings, diagnostics } = readAuditPolicy(doc);
      return { records: doc.records.length, settings: settings.length, ops: [], lines: [], about: () => undefined, diagnostics };
    }
    case 'preferences': {
      let root;
      try {
        root = parseXml(bytes);
      } catch (e) {
        if (!(e instanceof XmlError)) throw e;
        throw new GpregError('GPO_PART_UNREAD', `not well-formed XML: ${e.message}`, { line: e.line, column: e.column });
      }
      const r = readRegistryPreferences(root);
      const about = (i: number) => {
        const it = r.items[r.itemOf[i]!]!;
        return `preference item${it.label ? ` ${JSON.stringify(it.label)}` : ''} (${it.action}${it.targeted ? ', targeted' : ''})`;
      };
      return { records: r.items.length, settings: r.items.length, ops: r.ops, lines: r.itemOf.map((i) => r.items[i]!.line), about, diagnostics: r.diagnostics };
    }
  }
}

/**
 * Where a part of the side folder `sideDir` is (its existing path, names matched without case), or
 * goes when the side has none (the canonical names, below whatever of the path exists).
 */
export async function partTarget(sideDir: string, kind: PartKind): Promise<{ file: string; exists: boolean }> {
  let at = sideDir;
  let exists = true;
  for (const p of PART_PATHS[kind].path) {
    const found = exists ? await entry(at, p) : undefined;
    if (!found) exists = false;
    at = found ?? path.join(at, p);
  }
  return { file: at, exists };
}

/** The client-side extension (and its editor tool) a GPO must list for a part to be applied, as GPMC writes them. */
export const PART_EXTENSIONS: Record<PartKind, { name: string; cse: string; tool: string }> = {
  security: { name: 'Security', cse: '{827D319E-6EAC-11D2-A4EA-00C04F79F83A}', tool: '{803E14A0-B4FB-11D0-A0D0-00A0C90F574B}' },
  audit: { name: 'Audit Policy Configuration', cse: '{F3CCC681-B74C-4060-9F26-CD84525DCA2A}', tool: '{0F3F3735-573D-9804-99E4-AB2A69BA5FD4}' },
  preferences: { name: 'Group Policy Registry', cse: '{B087BE9D-ED37-454F-AF9C-04291E351182}', tool: '{BEE07A6A-EC9F-4659-B8C9-0B1937907C83}' },
};

/** True when a side has any part besides Registry.pol that sets something or is there unread. */
export function hasParts(p: SideParts): boolean {
  return p.security !== undefined || p.audit !== undefined || p.preferences !== undefined || p.unread.length > 0;
}
