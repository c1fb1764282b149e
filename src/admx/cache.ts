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
 * The first line is one JSON object whose last member is `"policies"`: everything before it (files,
 * diagnostics, categories, each policy's id, where each policy's registry values are, and each
 * policy's length in bytes) is read at once; a policy is decoded only when it is first asked for,
 * from its own bytes (a file checked against 7,000 policies touches a hundred). A SHA-256 of the
 * policies' bytes, checked when the file is read, tells a damaged file from a whole one before any
 * policy is needed. The explain texts (two fifths of the bytes, and read only by the HTML report and
 * `policies`) follow on a second line, a JSON array; a policy's `explainText` is `{"$explain":
 * index}`, and the array is decoded the first time one is asked for. The file is written in ASCII
 * (other characters as `\u` escapes), so a byte is a character and a policy's bytes are its text.
 */

import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, promises as fs, readFileSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AdmxDiagnostic } from './compile.js';
import { GpregError } from '../errors.js';
import type { DefinitionSource, PolicyCategory } from '../policy/set.js';
import { registryEntries } from '../policy/build.js';
import { indexOfObjects, MapIndex } from '../policy/value-index.js';
import type { PolicyDefinition } from '../policy/types.js';

/** What a cache file holds: one compiled set (written from its policies; read as a source of them). */
export interface CachedSet {
  policies: PolicyDefinition[];
  categories: Map<string, PolicyCategory>;
  diagnostics: AdmxDiagnostic[];
  files: string[];
}

/** Bumped when the cache file's shape changes (files of the first shape, policies inline, are still read). */
const FORMAT = 'gpreg-template-cache/2';
const FORMAT_1 = 'gpreg-template-cache/1';

/** Where the policies start in the first line: after the header, as its last member. */
const POLICIES_AT = Buffer.from(',"policies":[');
/** How a file of the current shape starts. */
const HEAD = Buffer.from(`{"format":${JSON.stringify(FORMAT)},`);

/** A set kept on disk, read as a source: its policies are decoded one at a time. */
export interface KeptSet {
  definitions: DefinitionSource;
  categories: Map<string, PolicyCategory>;
  diagnostics: AdmxDiagnostic[];
  files: string[];
}

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
 * such file (the normal first run). A file of the current shape gives a source whose policies are
 * read when asked for (`definitions`); one of the first shape, its policies (`policies`).
 */
export async function readCache(dir: string, name: string): Promise<KeptSet | CachedSet | { reason: string } | undefined> {
  const file = path.join(dir, name);
  let fd: number;
  try {
    // Synchronous: one local file costs less read at once than through the thread pool.
    fd = openSync(file, 'r');
  } catch (e) {
    // No such file, or no such folder: the first run, not a problem.
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? undefined : { reason: `cannot read it (${code ?? 'error'})` };
  }
  try {
    return readOpen(fd, file, name);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { reason: code ? `cannot read it (${code})` : `damaged: ${(e as Error).message}` };
  } finally {
    closeSync(fd);
  }
}

/**
 * An open cache file read (see {@link readCache}). Only the first line is read, into one buffer
 * for the whole file (no copy): the header from a first part of it, then the policies as far as
 * the header's lengths say; the explain texts after them are read if one is asked for, which
 * saves reading two fifths of the file.
 */
function readOpen(fd: number, file: string, name: string): KeptSet | CachedSet | { reason: string } {
  const st = fstatSync(fd);
  if (!st.isFile()) return { reason: 'not a regular file' };
  if (st.size > MAX_CACHE_BYTES) return { reason: `${st.size} bytes, more than a cache file holds` };
  const all = Buffer.allocUnsafe(st.size);
  let got = readInto(fd, all, 0, Math.min(st.size, FIRST_READ));
  // The shape is told by the format, which the writer puts first.
  if (!all.subarray(0, HEAD.length).equals(HEAD)) {
    got += readInto(fd, all, got, st.size - got);
    const nl = all.subarray(0, got).indexOf(0x0a);
    return readFirstShape(all.subarray(0, nl < 0 ? got : nl), name, nl < 0 ? undefined : all.subarray(nl + 1, got));
  }
  let at = all.subarray(0, got).indexOf(POLICIES_AT);
  if (at < 0 && got < st.size) {
    // A header larger than the first part: the whole file, then.
    got += readInto(fd, all, got, st.size - got);
    at = all.subarray(0, got).indexOf(POLICIES_AT);
  }
  if (at < 0) return { reason: 'damaged: no policies' };
  // No bigint or Map in the header: it is used as parsed.
  const head = JSON.parse(`${all.toString('latin1', 0, at)}}`) as Record<string, unknown>;
  if (head['format'] !== FORMAT || head['name'] !== name) return { reason: 'not a cache file of this gpreg' };
  const { ids, lengths, index, categories, diagnostics, files, sha256 } = head as { ids: unknown; lengths: unknown; index: { values?: unknown; lists?: unknown } | null; categories: unknown; diagnostics: unknown; files: unknown; sha256: unknown };
  const isObject = (v: unknown): v is Record<string, never> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!Array.isArray(ids) || !Array.isArray(lengths) || ids.length !== lengths.length || !isObject(index) || !isObject(index.values) || !isObject(index.lists) || !Array.isArray(categories) || !Array.isArray(diagnostics) || !Array.isArray(files)) return { reason: 'damaged: a part is missing' };
  // The policies' bytes: each one's JSON, a comma between, then `]}` ending the line.
  const start = at + POLICIES_AT.length;
  const offsets: number[] = [];
  let o = start;
  for (const n of lengths) {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 2) return { reason: 'damaged: a policy length is not one' };
    offsets.push(o);
    o += n + 1;
  }
  const stop = lengths.length ? o - 1 : start;
  // The rest of the line, and its line feed: the explain texts after it are not read now.
  const want = Math.min(st.size, stop + 3);
  if (want > got) got += readInto(fd, all, got, want - got);
  if (all.toString('latin1', stop, Math.min(got, stop + 2)) !== ']}' || (got > stop + 2 && all[stop + 2] !== 0x0a)) return { reason: 'damaged: the policies do not end where the lengths say' };
  if (createHash('sha256').update(all.subarray(start, stop)).digest('hex') !== sha256) return { reason: 'damaged: the policies are not the bytes written' };
  // The explain texts: the file's second line, read the first time one is asked for.
  const explain = lazyTexts(got <= stop + 2 ? undefined : () => {
    const whole = readFileSync(file);
    return whole.subarray(whole.indexOf(0x0a) + 1);
  });
  const definitions: DefinitionSource = {
    count: ids.length,
    ids: ids as DefinitionSource['ids'],
    index: indexOfObjects(index.values, index.lists),
    load: (i) => {
      let p: PolicyDefinition;
      try {
        p = untag(JSON.parse(all.toString('latin1', offsets[i]!, offsets[i]! + (lengths[i] as number)))) as PolicyDefinition;
        if (typeof p !== 'object' || p === null || typeof p.name !== 'string' || !Array.isArray(p.elements)) throw new Error('not a policy');
      } catch (e) {
        // Only a file made to pass the checks above gets here (its bytes are the ones hashed).
        throw new GpregError('ADMX_CACHE', `the kept templates ${file} hold a policy that cannot be read (${(e as Error).message}): delete the file, or run with --no-cache`);
      }
      withLazyExplain(p, explain);
      return p;
    },
  };
  return { definitions, categories: new Map(categories as Array<[string, PolicyCategory]>), diagnostics: diagnostics as AdmxDiagnostic[], files: files as string[] };
}

/** How much of a cache file is read first: enough for the header of a large set (Windows 11 and Office: about 1.2 MB). */
const FIRST_READ = 4 * 1024 * 1024;

/** Reads `length` bytes of a file at `position` into `buf` at the same place; returns how many (fewer at its end). */
function readInto(fd: number, buf: Buffer, position: number, length: number): number {
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, position + got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}


/** A file of the first shape: the whole set, policies inline, on its first line. */
function readFirstShape(line: Uint8Array, name: string, rest: Uint8Array | undefined): CachedSet | { reason: string } {
  const texts = rest;
  const doc = untag(JSON.parse(Buffer.from(line.buffer, line.byteOffset, line.byteLength).toString('latin1'))) as Record<string, unknown>;
  if (doc['format'] !== FORMAT_1 || doc['name'] !== name) return { reason: 'not a cache file of this gpreg' };
  const { policies, categories, diagnostics, files } = doc as unknown as CachedSet;
  if (!Array.isArray(policies) || !(categories instanceof Map) || !Array.isArray(diagnostics) || !Array.isArray(files)) return { reason: 'damaged: a part is missing' };
  const explain = lazyTexts(texts && (() => texts));
  for (const p of policies) withLazyExplain(p, explain);
  return { policies, categories, diagnostics, files };
}

/** The explain texts of a file, read and decoded the first time one is asked for; a damaged array (or file) gives none. */
function lazyTexts(read: (() => Uint8Array) | undefined): () => readonly unknown[] {
  let texts: readonly unknown[] | undefined;
  return () => {
    if (!texts) {
      try {
        const rest = read?.();
        const parsed: unknown = rest ? JSON.parse(Buffer.from(rest.buffer, rest.byteOffset, rest.byteLength).toString('latin1')) : [];
        texts = Array.isArray(parsed) ? parsed : [];
      } catch {
        texts = [];
      }
      read = undefined;
    }
    return texts;
  };
}

/**
 * Gives a policy whose `explainText` is `{"$explain": index}` its text, from its set's texts the
 * first time it is read (then a plain property). A damaged array gives no explain texts: they are
 * shown nowhere but the HTML report and `policies`.
 */
function withLazyExplain(p: PolicyDefinition, load: () => readonly unknown[]): void {
  const at = (p as { explainText?: unknown }).explainText;
  if (at === null || typeof at !== 'object') return;
  const i = (at as { $explain?: unknown }).$explain;
  Object.defineProperty(p, PENDING, { value: [load, typeof i === 'number' ? i : -1], configurable: true });
  Object.defineProperty(p, 'explainText', EXPLAIN_ACCESSOR);
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
  const ids: Array<[string, string] | [string, string, string[]]> = [];
  const index = new MapIndex();
  const policies = set.policies.map((p, i) => {
    ids.push(p.aliases.length ? [p.namespace, p.name, p.aliases] : [p.namespace, p.name]);
    index.add(i, registryEntries(p));
    return asciiJson(p.explainText === undefined ? p : { ...p, explainText: { $explain: texts.push(p.explainText) - 1 } });
  });
  const body = policies.join(',');
  const head = asciiJson({ format: FORMAT, name, files: set.files, diagnostics: set.diagnostics, categories: [...set.categories], ids, index: index.toObjects(), lengths: policies.map((t) => t.length), sha256: createHash('sha256').update(body, 'latin1').digest('hex') });
  try {
    await fs.mkdir(dir, { recursive: true });
    await writeAtomically(path.join(dir, name), `${head.slice(0, -1)}${POLICIES_AT.toString('latin1')}${body}]}\n${asciiJson(texts)}`);
    await prune(dir, name);
    return undefined;
  } catch (e) {
    return `${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
  }
}

/** How many cache files a folder keeps: a new gpreg or an edited template makes a new one, and the old ones would pile up. */
export const KEEP_FILES = 16;

/**
 * Removes the cache files beyond the {@link KEEP_FILES} most recently written (only files named as
 * gpreg names them, `<64 hex digits>.json`; never `keep`, the one just written). Best effort: a file
 * another process removed or still reads is no error.
 */
async function prune(dir: string, keep: string): Promise<void> {
  const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((n) => /^[0-9a-f]{64}\.json$/.test(n) && n !== keep);
  if (names.length < KEEP_FILES) return;
  const dated = await Promise.all(names.map(async (n) => ({ n, t: (await fs.stat(path.join(dir, n)).catch(() => undefined))?.mtimeMs ?? 0 })));
  dated.sort((a, b) => b.t - a.t);
  for (const { n } of dated.slice(KEEP_FILES - 1)) await fs.rm(path.join(dir, n), { force: true }).catch(() => {});
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
