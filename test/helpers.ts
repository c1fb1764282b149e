/** Paths and small helpers shared by the suites. */

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli/main.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES = path.join(ROOT, 'fixtures');

/** The shared real-world corpus: $GPREG_CORPUS, else ../shared/corpus; undefined when absent. */
export const CORPUS: string | undefined = (() => {
  const dir = process.env['GPREG_CORPUS'] ?? path.resolve(ROOT, '..', 'shared', 'corpus');
  return existsSync(dir) ? dir : undefined;
})();

/** Files in a corpus subfolder with an extension (empty when there is no corpus). */
export function corpusFiles(sub: string, ext: string): string[] {
  if (!CORPUS || !existsSync(path.join(CORPUS, sub))) return [];
  return readdirSync(path.join(CORPUS, sub))
    .filter((f) => f.toLowerCase().endsWith(ext))
    .sort()
    .map((f) => path.join(CORPUS!, sub, f));
}

export function fixture(...parts: string[]): string {
  return path.join(FIXTURES, ...parts);
}

export function readBytes(file: string): Uint8Array {
  return new Uint8Array(readFileSync(file));
}

/** The result of a CLI run in-process. */
export interface CliRun {
  code: number;
  stdout: string;
  stdoutBytes: Buffer;
  stderr: string;
}

/** Runs `gpreg …` in-process with captured streams and optional stdin bytes. */
export async function runCli(argv: string[], opts: { stdin?: Uint8Array; cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const sink = (into: Buffer[]) => ({ write: (c: string | Uint8Array) => into.push(typeof c === 'string' ? Buffer.from(c) : Buffer.from(c)), isTTY: false });
  const stdinBytes = opts.stdin ?? new Uint8Array(0);
  const code = await main(argv, {
    stdin: (async function* () {
      yield stdinBytes;
    })(),
    stdout: sink(out),
    stderr: sink(err),
    cwd: opts.cwd ?? ROOT,
    env: opts.env ?? {},
  });
  const stdoutBytes = Buffer.concat(out);
  return { code, stdout: stdoutBytes.toString('utf8'), stdoutBytes, stderr: Buffer.concat(err).toString('utf8') };
}

/**
 * A header-only Registry.pol (an empty policy): 'PReg' and version 1, per [MS-GPREG] 2.2.1. Not a
 * committed file: every such file is these same 8 bytes, so one in the repository would be a
 * byte-for-byte copy of a corpus file.
 */
export const HEADER_ONLY = new Uint8Array([0x50, 0x52, 0x65, 0x67, 0x01, 0x00, 0x00, 0x00]);

/** Temporary folders made by {@link tempDir}, removed when the test process ends. */
const made: string[] = [];
process.on('exit', () => {
  for (const d of made) {
    try {
      rmSync(d, { recursive: true, force: true });
    } catch {
      // a browser may still hold a file: the system's cleaning gets the rest
    }
  }
});

/** A new temporary folder (`/tmp/PREFIX…`), removed when the test process ends, however it ends. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

let headerOnlyPath: string | undefined;
/** {@link HEADER_ONLY} as a file (written once per test process, in a temporary folder). */
export function headerOnlyFile(): string {
  if (!headerOnlyPath) {
    const dir = tempDir('gpreg-header-only-');
    headerOnlyPath = path.join(dir, 'Registry.pol');
    writeFileSync(headerOnlyPath, HEADER_ONLY);
  }
  return headerOnlyPath;
}

/** Bytes equal? (Uint8Array views of any offset.) */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;
}

/**
 * A registry state as comparable JSON, limited to the tree under `root`, with every ancestor key of
 * a key present (creating a key creates its parents, and regedit's export lists them). Keys and
 * value names are folded to upper case: the registry compares them case-insensitively.
 */
export function comparableState(state: Record<string, Record<string, { type: number; data: string }>>, root: string): Record<string, Record<string, { type: number; data: string }>> {
  const fold = (s: string) => s.toUpperCase();
  const r = fold(root);
  const out: Record<string, Record<string, { type: number; data: string }>> = {};
  for (const [k, values] of Object.entries(state)) {
    const key = fold(k).replace(/\\+$/, '');
    if (key !== r && !key.startsWith(r + '\\')) continue;
    for (let p = key; p.length >= r.length; p = p.slice(0, Math.max(p.lastIndexOf('\\'), 0))) {
      out[p] ??= {};
      if (p === r) break;
    }
    for (const [n, v] of Object.entries(values)) out[key]![fold(n)] = { type: v.type, data: v.data };
  }
  return JSON.parse(JSON.stringify(out, Object.keys(out).sort().length ? undefined : undefined));
}

/** Every module a source file reaches by static imports (relative ones followed, packages named); `import()` is not followed. */
export function reachable(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)) {
      const spec = m[1]!;
      if (/^import type|^export type/.test(m[0])) continue;
      if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')));
      else packages.add(spec);
    }
  };
  visit(entry);
  return { files, packages };
}
