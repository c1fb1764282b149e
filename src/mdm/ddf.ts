/**
 * Microsoft's Policy CSP definitions (DDF v2 files): each MDM policy's URI, its format, the Windows
 * builds it needs, and what it stands for in Group Policy — an ADMX-backed policy names its template
 * file, area and policy (`MSFT:AdmxBacked`), a native one the Group Policy it replaces
 * (`MSFT:GpMapping`). Users download their own edition, as they do ADMX templates. Read through
 * gpreg's XML reader: OMA's DOCTYPE is read past, never interpreted; every file has a size cap.
 */

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { GpregError, type Diagnostic } from '../errors.js';
import { parseXml, XmlError, type XmlElement } from '../admx/xml.js';

/** One MDM policy of the Policy CSP. */
export interface MdmPolicy {
  /** `./Device/Vendor/MSFT/Policy/Config/<Area>/<Policy>` or `./User/…`. */
  uri: string;
  scope: 'Device' | 'User';
  area: string;
  name: string;
  /** The node's value format: `chr` (ADMX-backed payloads are text), `int`, `bool`, … */
  format: string;
  /** The template a policy is ADMX-backed by: its file, category area and policy name. */
  admx?: { file: string; area: string; name: string };
  /** The Group Policy a native policy stands for. */
  gp?: { englishName: string; areaPath: string; element?: string };
  /** The first Windows build listed (`MSFT:OsBuildVersion`: the oldest that has it, as a list of builds). */
  minBuild?: string;
  /** The node's description, when the file gives one. */
  description?: string;
  /** Deprecated (`MSFT:Deprecated`), from the build it names when it names one. */
  deprecated?: { build?: string };
  /**
   * The values the node accepts (`MSFT:AllowedValues`): an `ENUM`'s values with their descriptions,
   * a `Range` as written (`[1-999]`), or another kind (`ADMX`, `None`, `RegEx`, …) by its name only.
   */
  allowed?: { kind: string; values?: Array<{ value: string; description?: string }>; range?: string };
  /** The node's default value (`DefaultValue`), as written. */
  defaultValue?: string;
}

/** A DDF folder read: every policy, and the files that could not be read. */
export interface DdfSet {
  policies: MdmPolicy[];
  diagnostics: Diagnostic[];
  files: number;
}

/** The largest DDF file read (the biggest Microsoft publishes is under 1 MB). */
const MAX_DDF_BYTES = 16 * 1024 * 1024;

const text = (el: XmlElement | undefined, name: string) => el?.children.find((c) => c.name === name)?.text.trim();
const childNamed = (el: XmlElement | undefined, name: string) => el?.children.find((c) => c.name === name);

/**
 * Reads every `*.xml` file of a DDF folder. A folder with no DDF file is `DDF_NOT_FOUND` (saying
 * where Microsoft publishes them); a file that cannot be read or parsed is a diagnostic, and the
 * others are read.
 */
export async function loadDdf(dir: string): Promise<DdfSet> {
  const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((n) => /\.xml$/i.test(n)).sort();
  if (names.length === 0) throw new GpregError('DDF_NOT_FOUND', `${dir}: no DDF files (*.xml): download Microsoft's "Policy CSP DDF" files (the link is on the "Configuration service provider DDF files" page of learn.microsoft.com) and give their folder`);
  const policies: MdmPolicy[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      const st = await fs.stat(file);
      if (!st.isFile() || st.size > MAX_DDF_BYTES) throw new Error(st.isFile() ? `${st.size} bytes, more than a DDF file has` : 'not a regular file');
      policies.push(...readDdf(parseXml(await fs.readFile(file), { skipDoctype: true })));
    } catch (e) {
      const where = e instanceof XmlError ? { line: e.line, column: e.column } : {};
      diagnostics.push({ severity: 'warning', code: 'DDF_UNREAD', message: `${name}: ${(e as Error).message}`, ...where });
    }
  }
  return { policies, diagnostics, files: names.length };
}

/** The policies of one DDF document (its `MgmtTree`): every leaf node below `…/Policy/Config/<Area>`. */
export function readDdf(root: XmlElement): MdmPolicy[] {
  const out: MdmPolicy[] = [];
  const walk = (node: XmlElement, at: string) => {
    const name = text(node, 'NodeName') ?? '';
    const base = text(node, 'Path') ?? at;
    const uri = `${base}/${name}`;
    const children = node.children.filter((c) => c.name === 'Node');
    if (children.length) {
      for (const c of children) walk(c, uri);
      return;
    }
    const m = /^\.\/(Device|User)\/Vendor\/MSFT\/Policy\/Config\/([^/]+)\/([^/]+)$/.exec(uri);
    if (!m) return;
    const props = childNamed(node, 'DFProperties');
    const format = childNamed(props, 'DFFormat')?.children[0]?.name ?? '';
    const allowed = childNamed(props, 'AllowedValues');
    const admx = childNamed(allowed, 'AdmxBacked');
    const gp = childNamed(props, 'GpMapping');
    const builds = text(childNamed(props, 'Applicability'), 'OsBuildVersion');
    const description = text(props, 'Description');
    const deprecated = childNamed(props, 'Deprecated');
    const kind = allowed?.attrs.get('ValueType');
    const values = allowed?.children.filter((c) => c.name === 'Enum').map((e) => ({ value: text(e, 'Value') ?? '', ...(text(e, 'ValueDescription') ? { description: text(e, 'ValueDescription')! } : {}) }));
    const defaultValue = text(props, 'DefaultValue');
    out.push({
      uri,
      scope: m[1] as 'Device' | 'User',
      area: m[2]!,
      name: m[3]!,
      format,
      ...(admx ? { admx: { file: admx.attrs.get('File') ?? '', area: admx.attrs.get('Area') ?? '', name: admx.attrs.get('Name') ?? '' } } : {}),
      ...(gp ? { gp: { englishName: gp.attrs.get('GpEnglishName') ?? '', areaPath: gp.attrs.get('GpAreaPath') ?? '', ...(gp.attrs.get('GpElement') ? { element: gp.attrs.get('GpElement')! } : {}) } } : {}),
      ...(builds ? { minBuild: builds.split(',')[0]!.trim() } : {}),
      ...(description ? { description } : {}),
      ...(deprecated ? { deprecated: deprecated.attrs.get('OsBuildDeprecated') ? { build: deprecated.attrs.get('OsBuildDeprecated')! } : {} } : {}),
      ...(kind && kind !== 'ADMX' ? { allowed: { kind, ...(values?.length ? { values } : {}), ...(kind === 'Range' && text(allowed, 'Value') ? { range: text(allowed, 'Value')! } : {}) } } : {}),
      ...(defaultValue !== undefined ? { defaultValue } : {}),
    });
  };
  for (const n of root.children.filter((c) => c.name === 'Node')) walk(n, '.');
  return out;
}
