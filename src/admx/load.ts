/**
 * Finding and reading template files: `.admx` in each folder, `.adml` in `<folder>/<lang>/`
 * (names matched without case, `en-US` as the fallback per file), then {@link compileTemplates}.
 */

import { closeSync, constants as fsConstants, fstatSync, openSync, promises as fs, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { PolicySet } from '../policy/set.js';
import type { AdmxDiagnostic } from './compile.js';
import { cacheName, readCache, writeCache } from './cache.js';

const EMPTY = new Uint8Array(0);
import type { XmlElement } from './xml.js';

/** Options for {@link loadPolicyDefinitions}. */
export interface LoadPolicyDefinitionsOptions {
  /** The ADML language folder, `en-US` by default; a file missing in it falls back to `en-US`. */
  lang?: string;
  /**
   * A folder to keep the compiled set in (src/admx/cache.ts): the next load of the same,
   * unchanged files reads it instead of parsing every template. Absent: no cache.
   */
  cacheDir?: string;
}

/** Templates larger than this are refused (the largest real ones are about 2 MB). */
const MAX_TEMPLATE_BYTES = 64 * 1024 * 1024;

/** A language folder's name: `en-US`, `fr-FR`, `zh-Hant-TW`, `sr-Latn-RS`. */
const LOCALE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})+$/;

async function listDir(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>(); // lower-case name → real name
  try {
    for (const d of await fs.readdir(dir, { withFileTypes: true })) out.set(d.name.toLowerCase(), d.name);
  } catch {
    // A missing folder is reported by the caller when it matters.
  }
  return out;
}

/**
 * A file's bytes, or the reason it cannot be read: only a regular file (never a FIFO or a device,
 * which could block or never end), never more than the cap. Synchronous: a template set is a few
 * hundred small local files, and one open/fstat/read each costs less than scheduling it.
 */
function readTemplate(file: string): Uint8Array | Error {
  let fd: number | undefined;
  try {
    fd = openSync(file, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
    const st = fstatSync(fd);
    if (!st.isFile()) return new Error('not a regular file');
    if (st.size > MAX_TEMPLATE_BYTES) return new Error(`${st.size} bytes, more than the ${MAX_TEMPLATE_BYTES} a template may have`);
    const bytes = readFileSync(fd);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength); // a view: no copy
  } catch (e) {
    return e as Error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function parseFile({ parseXml, XmlError }: typeof import('./xml.js'), file: string, bytes: Uint8Array | Error, diagnostics: AdmxDiagnostic[]): XmlElement | undefined {
  try {
    if (bytes instanceof Error) throw bytes;
    return parseXml(bytes);
  } catch (e) {
    if (e instanceof XmlError) diagnostics.push({ severity: 'error', code: 'ADMX_XML', message: `not well-formed XML: ${e.message}`, file, line: e.line, column: e.column });
    else diagnostics.push({ severity: 'error', code: 'ADMX_READ', message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, file });
    return undefined;
  }
}

/**
 * Loads one or more PolicyDefinitions folders into a {@link PolicySet}. A damaged or inconsistent
 * set still loads: each problem is a diagnostic (`set.diagnostics`) with its file, line and column,
 * and the other files' policies stay usable. A folder that cannot be read at all is one error
 * diagnostic. External entities and DTDs are never fetched or expanded.
 *
 * @example
 * const set = await loadPolicyDefinitions(['C:/Windows/PolicyDefinitions'], { lang: 'de-DE' });
 * const def = set.find('RA_Unsolicit');
 */
export async function loadPolicyDefinitions(dirs: string | readonly string[], options: LoadPolicyDefinitionsOptions = {}): Promise<PolicySet> {
  const lang = options.lang ?? 'en-US';
  const diagnostics: AdmxDiagnostic[] = [];
  const pairs: Array<{ admxPath: string; admlPath?: string; admlLang?: string; missing?: string }> = [];
  for (const dir of typeof dirs === 'string' ? [dirs] : dirs) {
    const names = await listDir(dir);
    if (names.size === 0) {
      diagnostics.push({ severity: 'error', code: 'ADMX_NO_TEMPLATES', message: `no .admx files: the folder is missing, unreadable or empty`, file: dir });
      continue;
    }
    const admx = [...names.values()].filter((n) => n.toLowerCase().endsWith('.admx')).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));
    if (admx.length === 0) diagnostics.push({ severity: 'error', code: 'ADMX_NO_TEMPLATES', message: 'no .admx files in this folder', file: dir });
    const langDirs = new Map<string, Map<string, string>>();
    const langDir = async (l: string) => {
      const real = names.get(l.toLowerCase());
      if (!real) return undefined;
      if (!langDirs.has(real)) langDirs.set(real, await listDir(path.join(dir, real)));
      return { dir: path.join(dir, real), names: langDirs.get(real)! };
    };
    const wanted = await langDir(lang);
    const fallback = lang.toLowerCase() === 'en-us' ? undefined : await langDir('en-US');
    if (!wanted) {
      // Say which languages the folder has, so the fix is one flag away.
      const have = [...names.values()].filter((n) => LOCALE.test(n)).sort();
      const offer = have.length ? ` (it has ${have.join(', ')}: use --lang ${have[0]})` : ' (it has no language folder)';
      diagnostics.push({ severity: fallback ? 'warning' : 'error', code: 'ADMX_NO_LANGUAGE', message: `no ${lang} folder${fallback ? ': en-US is used instead' : offer}`, file: dir });
    }

    for (const name of admx) {
      const admxPath = path.join(dir, name);
      const adml = name.replace(/\.admx$/i, '.adml').toLowerCase();
      let admlPath: string | undefined;
      let admlLang: string | undefined;
      for (const d of [wanted, fallback]) {
        const real = d?.names.get(adml);
        if (d && real) {
          admlPath = path.join(d.dir, real);
          admlLang = d === wanted ? lang : 'en-US';
          if (d !== wanted && wanted) diagnostics.push({ severity: 'info', code: 'ADMX_LANGUAGE_FALLBACK', message: `no ${lang} resources: en-US is used`, file: admxPath });
          break;
        }
      }
      const missing = `no ${name.replace(/\.admx$/i, '.adml')} in ${lang}${fallback ? ' or en-US' : ''}: names show as string ids`;
      pairs.push({ admxPath, ...(admlPath ? { admlPath, admlLang } : { missing }) });
    }
  }
  // The compiled set of exactly these files, when it was kept: no template is parsed.
  const cache = options.cacheDir ? cacheOf(options.cacheDir, lang, pairs) : undefined;
  const kept = cache ? await readCache(cache.dir, cache.name) : undefined;
  if (kept && !('reason' in kept)) return new PolicySet('definitions' in kept ? kept.definitions : kept.policies, { categories: kept.categories, diagnostics: kept.diagnostics, files: kept.files });
  if (kept) diagnostics.push({ severity: 'info', code: 'ADMX_CACHE', message: `the kept compiled templates were not used (${kept.reason}): compiled anew`, file: path.join(cache!.dir, cache!.name) });
  const bytes = pairs.flatMap((p) => (p.admlPath ? [p.admxPath, p.admlPath] : [p.admxPath])).map(readTemplate);
  // Parse and compile one file at a time: each tree is garbage as soon as it is compiled.
  // The XML reader and the compiler are loaded only when the templates are compiled (a kept set needs neither).
  const xml = await import('./xml.js');
  const compiler = new (await import('./compile.js')).TemplateCompiler();
  const files: string[] = [];
  let at = 0;
  for (const { admxPath, admlPath, admlLang, missing } of pairs) {
    const tree = parseFile(xml, admxPath, bytes[at]!, diagnostics);
    const admlTree = admlPath ? parseFile(xml, admlPath, bytes[at + 1]!, diagnostics) : undefined;
    bytes[at++] = EMPTY; // let the bytes go as soon as they are parsed
    if (admlPath) bytes[at++] = EMPTY;
    if (!tree) continue;
    if (missing) diagnostics.push({ severity: 'warning', code: 'ADMX_MISSING_ADML', message: missing, file: admxPath });
    compiler.add({ admxPath, admx: tree, ...(admlPath && admlTree ? { admlPath, adml: admlTree, ...(admlLang ? { lang: admlLang } : {}) } : {}) });
    files.push(admxPath);
  }
  const compiled = compiler.finish();
  const set = { policies: compiled.policies, categories: compiled.categories, diagnostics: [...diagnostics, ...compiled.diagnostics], files };
  if (cache) {
    // Kept without the note about this run's cache itself; a cache that cannot be written is said, not fatal.
    const failed = await writeCache(cache.dir, cache.name, { ...set, diagnostics: set.diagnostics.filter((d) => d.code !== 'ADMX_CACHE') });
    if (failed) set.diagnostics.push({ severity: 'info', code: 'ADMX_CACHE', message: `the compiled templates could not be kept (${failed}): the next run compiles them again`, file: cache.dir });
  }
  return new PolicySet(set.policies, set);
}

/** The cache file for these template files (by path, size and time), or undefined when one cannot be stat'ed (then nothing is kept). */
function cacheOf(dir: string, lang: string, pairs: ReadonlyArray<{ admxPath: string; admlPath?: string }>): { dir: string; name: string } | undefined {
  const stats: Array<[string, number, number]> = [];
  for (const p of pairs) {
    for (const f of p.admlPath ? [p.admxPath, p.admlPath] : [p.admxPath]) {
      try {
        const st = statSync(f);
        stats.push([path.resolve(f), st.size, st.mtimeMs]);
      } catch {
        return undefined;
      }
    }
  }
  return { dir, name: cacheName(lang, stats) };
}
