/**
 * Compiled templates kept on disk, so a folder of templates is parsed once, not on every call.
 *
 * A cache file is plain JSON data (no code): the compiled policies, categories, diagnostics and
 * files of one set, under a name that is the SHA-256 of everything it depends on — gpreg's
 * version and the loader's own code, the language, and every template file's path, size and
 * modification time — so an edited, added or removed template (or a new gpreg) is a new name.
 * It is written atomically (a temporary file, then a rename: two processes filling it at once
 * leave one whole file), read with a size cap, and checked; a file that is damaged, foreign or
 * too large is ignored (said as an info diagnostic) and the set compiled anew.
 *
 * The explain texts (two fifths of the bytes, and read only by the HTML report and `policies`)
 * follow the set on a line of their own, a JSON array; a policy's `explainText` is `{"$explain":
 * index}` in the set, and the array is decoded the first time one is asked for. The file is
 * written in ASCII (other characters as `\u` escapes), which decodes at twice the speed of UTF-8
 * with a few accented letters.
 */

import { createHash, randomBytes } from 'node:crypto';
import { promises as fs, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AdmxDiagnostic } from './compile.js';
import type { PolicyCategory } from '../policy/set.js';
import type { PolicyDefinition } from '../policy/types.js';

/** What a cache file holds: one compiled set. */
export interface CachedSet {
  policies: PolicyDefinition[];
  categories: Map<string, PolicyCategory>;
  diagnostics: AdmxDiagnostic[];
  files: string[];
}

/** Bumped when the cache file's shape changes. */
const FORMAT = 'gpreg-template-cache/1';

/** The largest cache file read (a full Windows and Office set is about 10 MB). */
const MAX_CACHE_BYTES = 256 * 1024 * 1024;

/** gpreg's version and the loader's own modules: a new gpreg, or a changed compiler, is a new key. */
const CODE_KEY: string = (() => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const version = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
  const own = ['load', 'compile', 'xml', 'cache'].map((m) => {
    for (const ext of ['.js', '.ts']) {
      try {
        const st = statSync(path.join(here, m + ext));
        return `${m}${ext}:${st.size}:${st.mtimeMs}`;
      } catch {
        // the other extension (built or source)
      }
    }
    return `${m}:?`;
  });
  return [version, ...own].join('|');
})();

/**
 * The cache file's name for a set: the hash of the code key, the language and each file the
 * loader reads (`[path, size, mtime]`, in the order read).
 */
export function cacheName(lang: string, files: ReadonlyArray<readonly [string, number, number]>): string {
  const h = createHash('sha256');
  h.update(`${FORMAT}\n${CODE_KEY}\n${lang}\n`);
  for (const [file, size, mtime] of files) h.update(`${file}\u0000${size}\u0000${mtime}\n`);
  return `${h.digest('hex')}.json`;
}

/** JSON has no bigint or Map: each is written as a tagged object, and read back. */
function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return { $bigint: String(value) };
  if (value instanceof Map) return { $map: [...value] };
  return value;
}

/**
 * The tagged bigints and Maps read back, in place. A walk after a plain `JSON.parse` costs half
 * what a reviver does; a value is replaced with `defineProperty`, so a key named `__proto__` stays
 * data and never sets a prototype.
 */
function untag(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = untag(value[i]);
    return value;
  }
  if (value === null || typeof value !== 'object') return value;
  const v = value as Record<string, unknown>;
  const keys = Object.keys(v);
  if (keys.length === 1 && typeof v['$bigint'] === 'string') return BigInt(v['$bigint']);
  if (keys.length === 1 && Array.isArray(v['$map'])) return new Map(untag(v['$map']) as Array<[unknown, unknown]>);
  for (const k of keys) {
    const was = v[k];
    const now = untag(was);
    if (now !== was) Object.defineProperty(v, k, { value: now, writable: true, enumerable: true, configurable: true });
  }
  return v;
}

/**
 * The set a cache file holds, or why it cannot be used (`reason`); `undefined` when there is no
 * such file (the normal first run).
 */
export async function readCache(dir: string, name: string): Promise<CachedSet | { reason: string } | undefined> {
  const file = path.join(dir, name);
  let bytes: Buffer;
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) return { reason: 'not a regular file' };
    if (st.size > MAX_CACHE_BYTES) return { reason: `${st.size} bytes, more than a cache file holds` };
    bytes = await fs.readFile(file);
  } catch (e) {
    // No such file, or no such folder: the first run, not a problem.
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? undefined : { reason: `cannot read it (${code ?? 'error'})` };
  }
  try {
    // The set is the first line; the explain texts, the rest, are decoded when one is asked for.
    const nl = bytes.indexOf(0x0a);
    const doc = untag(JSON.parse(bytes.toString('utf8', 0, nl < 0 ? bytes.length : nl))) as Record<string, unknown>;
    if (doc['format'] !== FORMAT || doc['name'] !== name) return { reason: 'not a cache file of this gpreg' };
    const { policies, categories, diagnostics, files } = doc as unknown as CachedSet;
    if (!Array.isArray(policies) || !(categories instanceof Map) || !Array.isArray(diagnostics) || !Array.isArray(files)) return { reason: 'damaged: a part is missing' };
    lazyExplainTexts(policies, nl < 0 ? undefined : bytes.subarray(nl + 1));
    return { policies, categories, diagnostics, files };
  } catch (e) {
    return { reason: `damaged: ${(e as Error).message}` };
  }
}

/**
 * Gives each policy whose `explainText` is `{"$explain": index}` its text, decoded from `rest` the
 * first time any is asked for (then a plain property). A damaged array gives no explain texts: they
 * are shown nowhere but the HTML report and `policies`.
 */
function lazyExplainTexts(policies: PolicyDefinition[], rest: Uint8Array | undefined): void {
  let texts: readonly unknown[] | undefined;
  const load = (): readonly unknown[] => {
    if (!texts) {
      try {
        const parsed: unknown = rest ? JSON.parse(Buffer.from(rest.buffer, rest.byteOffset, rest.byteLength).toString('utf8')) : [];
        texts = Array.isArray(parsed) ? parsed : [];
      } catch {
        texts = [];
      }
      rest = undefined;
    }
    return texts;
  };
  for (const p of policies) {
    const at = (p as { explainText?: unknown }).explainText;
    if (at === null || typeof at !== 'object') continue;
    const i = (at as { $explain?: unknown }).$explain;
    Object.defineProperty(p, PENDING, { value: [load, typeof i === 'number' ? i : -1], configurable: true });
    Object.defineProperty(p, 'explainText', EXPLAIN_ACCESSOR);
  }
}

/**
 * On a policy whose explain text is not read yet (not enumerable, so never in JSON or a spread; a
 * copy of its property descriptors keeps it): how to read its set's texts, and its index.
 */
const PENDING = Symbol('gpreg.explainText');

/** One accessor pair for every policy (objects with the same pair share their shape: fast). */
const EXPLAIN_ACCESSOR: PropertyDescriptor = {
  get(this: PolicyDefinition) {
    const [load, i] = ((this as unknown as Record<symbol, unknown>)[PENDING] as [() => readonly unknown[], number] | undefined) ?? [() => [], -1];
    const t = load()[i];
    return settleExplain(this, typeof t === 'string' ? t : undefined);
  },
  set(this: PolicyDefinition, value: string | undefined) {
    settleExplain(this, value);
  },
  enumerable: true,
  configurable: true,
};

/** The explain text as a plain property from now on. */
function settleExplain(p: PolicyDefinition, value: string | undefined): string | undefined {
  delete (p as unknown as Record<symbol, unknown>)[PENDING];
  Object.defineProperty(p, 'explainText', { value, writable: true, enumerable: true, configurable: true });
  return value;
}

/** JSON text in ASCII: every other character as a `\u` escape (the same JSON value). */
function asciiJson(value: unknown): string {
  return JSON.stringify(value, replacer).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Writes a set's cache file atomically; a cache that cannot be written is only a slower next run (the error is returned, not thrown). */
export async function writeCache(dir: string, name: string, set: CachedSet): Promise<string | undefined> {
  const texts: string[] = [];
  const policies = set.policies.map((p) => (p.explainText === undefined ? p : { ...p, explainText: { $explain: texts.push(p.explainText) - 1 } }));
  try {
    await fs.mkdir(dir, { recursive: true });
    await writeAtomically(path.join(dir, name), `${asciiJson({ format: FORMAT, name, ...set, policies })}\n${asciiJson(texts)}`);
    return undefined;
  } catch (e) {
    return `${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
  }
}

/** A temporary file of this process, then a rename: readers see the old file or the whole new one. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fs.writeFile(tmp, text, { flag: 'wx' });
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => {});
    throw e;
  }
}
