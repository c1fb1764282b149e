/**
 * The CLI's contact with the outside world, passed in so tests can run commands in-process.
 * Outputs are written atomically: a temporary file in the same folder, then a rename.
 */

import { randomBytes } from 'node:crypto';
import { constants as fsConstants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { GpregError } from '../errors.js';
import { detectFormat } from '../formats/detect.js';
import { CliError } from './errors.js';

/** A stream-like sink (process.stdout, or a test buffer). */
export interface Sink {
  /** False when the sink is full (a stream's back-pressure): the writer then waits for `drain`. */
  write(chunk: string | Uint8Array): unknown;
  /** A stream's events (`drain`, `close`, `error`), for waiting until a full sink takes more. */
  once?(event: 'drain' | 'close' | 'error', listener: () => void): unknown;
  off?(event: 'drain' | 'close' | 'error', listener: () => void): unknown;
  /** A stream that is closed takes nothing more, and will not say so again. */
  destroyed?: boolean;
  isTTY?: boolean;
  /** The terminal's width, when it is one. */
  columns?: number;
}

/** Everything a command may touch. */
export interface CliIO {
  stdin: AsyncIterable<Uint8Array | string>;
  stdout: Sink;
  stderr: Sink;
  /** Folder relative paths are resolved against. */
  cwd: string;
  env: Record<string, string | undefined>;
  /** The largest input a command reads, in bytes (`--max-input`); {@link DEFAULT_MAX_INPUT} when absent. */
  maxInputBytes?: number;
}

/** The default cap on one input: 1 GiB (real Registry.pol files are under 1 MB; full registry exports are some hundreds of MB). */
export const DEFAULT_MAX_INPUT = 1024 * 1024 * 1024;

/** The real process's streams, folder and environment. */
export function processIO(): CliIO {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
}

/** What an I/O failure means for the user, in words (the system's code in brackets). */
export function ioWords(e: unknown, doing: 'read' | 'write', folder?: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  const words: Record<string, string> =
    doing === 'read'
      ? { ENOENT: 'no such file', EISDIR: 'it is a folder, not a file', EACCES: 'permission denied', EPERM: 'permission denied', ENOTDIR: 'a part of the path is a file, not a folder', ERR_FS_FILE_TOO_LARGE: 'the file is too large to read (over 2 GB)' }
      : { ENOENT: `the folder ${folder} does not exist (create it first)`, EISDIR: 'it is a folder: give a file name', EACCES: 'permission denied', EPERM: 'permission denied', ENOTDIR: 'a part of the path is a file, not a folder', ENOSPC: 'the disk is full', EROFS: 'the file system is read-only' };
  return code && words[code] ? `${words[code]} (${code})` : (code ?? (e as Error).message);
}

/** The cap in words, with how to raise it. */
function capWords(cap: number): string {
  return `the --max-input cap of ${Math.ceil(cap / 2 ** 20).toLocaleString('en-US')} MB (raise it with --max-input MB)`;
}

/**
 * Reads a file, or all of stdin for `-`, as bytes, up to `io.maxInputBytes`. Only a regular file
 * is read: a FIFO would block forever and a link to a device never end, so anything else is an
 * `IO_READ` error, as is an input over the cap. The bytes are the read buffer itself (no copy).
 */
export async function readInput(spec: string, io: CliIO): Promise<Uint8Array> {
  const cap = io.maxInputBytes ?? DEFAULT_MAX_INPUT;
  if (spec === '-') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of io.stdin) {
      const b = typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
      size += b.length;
      if (size > cap) throw new GpregError('IO_READ', `standard input is larger than ${capWords(cap)}`);
      chunks.push(b);
    }
    const all = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    return new Uint8Array(all.buffer, all.byteOffset, all.byteLength);
  }
  let handle: fs.FileHandle | undefined;
  try {
    // Non-blocking, so that opening a FIFO returns at once and its stat can refuse it.
    handle = await fs.open(path.resolve(io.cwd, spec), fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
    const st = await handle.stat();
    if (st.isDirectory()) throw Object.assign(new Error('folder'), { code: 'EISDIR' });
    if (!st.isFile()) throw new GpregError('IO_READ', `cannot read ${spec}: not a regular file (a FIFO, device or socket, or a link to one): gpreg reads only files`);
    if (st.size > cap) throw new GpregError('IO_READ', `cannot read ${spec}: it is ${st.size.toLocaleString('en-US')} bytes, larger than ${capWords(cap)}`);
    const buf = Buffer.allocUnsafe(st.size);
    let got = 0;
    while (got < st.size) {
      const { bytesRead } = await handle.read(buf, got, st.size - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return new Uint8Array(buf.buffer, buf.byteOffset, got);
  } catch (e) {
    if (e instanceof GpregError) throw e;
    throw new GpregError('IO_READ', `cannot read ${spec}: ${ioWords(e, 'read')}`, { cause: e });
  } finally {
    await handle?.close();
  }
}

/**
 * Refuses to replace an existing non-empty file (`OUTPUT_EXISTS`, with `advice`) or a read-only one
 * (`OUTPUT_READ_ONLY`); `-` and an empty or missing file pass.
 */
export async function refuseOverwrite(spec: string, io: CliIO, advice: string): Promise<void> {
  if (spec === '-') return;
  const st = await fs.stat(path.resolve(io.cwd, spec)).catch(() => undefined);
  if (st?.isDirectory()) throw new GpregError('IO_WRITE', `${spec} is a folder: give a file name (e.g. ${path.join(spec, 'Registry.pol')})`);
  if (st && st.size > 0) throw new CliError('OUTPUT_EXISTS', `${spec} already exists (${st.size} bytes) and would be replaced: ${advice}`);
  await refuseReadOnly(spec, io, advice);
}

/**
 * Refuses to replace a read-only file (`OUTPUT_READ_ONLY`: no write permission in its mode, as
 * after `chmod 444`), with `advice`. A rename would replace it silently, whoever runs gpreg (root
 * included), so the mode is read rather than tried.
 */
export async function refuseReadOnly(spec: string, io: CliIO, advice: string): Promise<void> {
  const st = await fs.stat(path.resolve(io.cwd, spec)).catch(() => undefined);
  if (st?.isFile() && (st.mode & 0o222) === 0) {
    throw new CliError('OUTPUT_READ_ONLY', `${spec} is read-only (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')}) and would be replaced: ${advice}`);
  }
}

/** gpreg's own temporary files: `.NAME.gpreg-PID-HEX.tmp` beside the file being written. */
const TEMP = /^\..+\.gpreg-(\d+)-[0-9a-f]{8}\.tmp$/;

/**
 * Removes temporaries of gpreg's pattern left in `dir` by a write that was killed (kill -9, power
 * loss): only those whose process is gone, never anything else.
 */
export async function cleanStaleTemporaries(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  for (const n of names) {
    const m = TEMP.exec(n);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid) continue;
    try {
      process.kill(pid, 0);
      continue; // that process is alive: its write may be in progress
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ESRCH') continue;
    }
    await fs.rm(path.join(dir, n), { force: true }).catch(() => {});
  }
}

/** The kinds of file gpreg writes, in words. */
const KIND_WORDS = { pol: 'Registry.pol (PReg) file', reg: '.reg file', json: 'JSON file', lgpo: 'LGPO text file', html: 'HTML page' } as const;

/**
 * What kind of file gpreg writes `head` (a file's first bytes) is: the same test for the new
 * bytes and for a linked file they would replace; undefined for anything else.
 */
function fileKind(head: Uint8Array): keyof typeof KIND_WORDS | undefined {
  const f = detectFormat(head);
  if (f === 'pol' || f === 'json' || f === 'lgpo') return f;
  const utf16 = head[0] === 0xff && head[1] === 0xfe;
  const text = (utf16 ? Buffer.from(head.buffer, head.byteOffset + 2, (head.byteLength - 2) & ~1).toString('utf16le') : Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('latin1')).trimStart();
  if (text.startsWith('Windows Registry Editor Version 5.00') || text.startsWith('REGEDIT4')) return 'reg';
  if (/^<!DOCTYPE html>/i.test(text)) return 'html';
  return undefined;
}

/** The first 4 KiB of a regular file (opened non-blocking: a FIFO cannot hang it), or undefined for anything else. */
async function readHead(file: string): Promise<Uint8Array | undefined> {
  const handle = await fs.open(file, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0)).catch(() => undefined);
  if (!handle) return undefined;
  try {
    if (!(await handle.stat()).isFile()) return undefined;
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return new Uint8Array(buf.buffer, buf.byteOffset, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Options for {@link writeOutput}. */
export interface WriteOptions {
  /** Give the new file this file's mode and owner (for a `.bak` of an edited file). */
  like?: string;
}

/** Pieces of text joined into runs of about a megabyte. */
function* gathered(pieces: Iterable<string>): Generator<string> {
  let run: string[] = [];
  let size = 0;
  for (const p of pieces) {
    run.push(p);
    size += p.length;
    if (size >= 1 << 20) {
      yield run.join('');
      run = [];
      size = 0;
    }
  }
  if (run.length) yield run.join('');
}

/**
 * Writes to a sink and, when it says it is full, waits until it takes more (or closes): a page
 * written to a slow reader piece by piece then waits for it instead of queueing every piece in memory.
 */
async function writeDrained(sink: Sink, chunk: string | Uint8Array): Promise<void> {
  if (sink.write(chunk) !== false || !sink.once || !sink.off || sink.destroyed) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      for (const event of ['drain', 'close', 'error'] as const) sink.off!(event, done);
      resolve();
    };
    for (const event of ['drain', 'close', 'error'] as const) sink.once!(event, done);
  });
}

/**
 * Writes bytes to a file atomically, or to stdout for `-`. The file appears complete or not at
 * all; an existing file is replaced only once the new content is fully on disk, and keeps its mode
 * and owner. An output that is a symbolic link is written through to its target (the link stays),
 * but only onto a regular file of the kind being written (a `Registry.pol` onto a PReg file, a
 * `.reg` onto a `.reg`…): a link to anything else is `IO_WRITE`, nothing written.
 * Stale temporaries of earlier killed writes in the same folder are removed first. Content given
 * in pieces is written as they come (the first piece tells the file's kind for a link).
 */
export async function writeOutput(spec: string, content: Uint8Array | string | Iterable<string>, io: CliIO, options: WriteOptions = {}): Promise<void> {
  // Pieces (a page written as it was made) are written a megabyte at a time (a write per piece cost
  // a trip to the thread pool each); the first tells the file's kind.
  const pieces = typeof content === 'string' || content instanceof Uint8Array ? undefined : gathered(content)[Symbol.iterator]();
  const first = pieces?.next();
  const bytes = pieces ? (first!.done ? '' : first!.value) : (content as Uint8Array | string);
  if (spec === '-') {
    await writeDrained(io.stdout, bytes);
    if (pieces) for (let p = pieces.next(); !p.done; p = pieces.next()) await writeDrained(io.stdout, p.value);
    return;
  }
  let target = path.resolve(io.cwd, spec);
  const link = await fs.lstat(target).catch(() => undefined);
  if (link?.isSymbolicLink()) {
    try {
      target = await fs.realpath(target);
    } catch (e) {
      throw new GpregError('IO_WRITE', `cannot write ${spec}: it is a symbolic link to a file that does not exist (${(e as NodeJS.ErrnoException).code ?? 'error'}); remove the link or give another name`, { cause: e });
    }
    // Written through only onto a file of the kind being written: a link to any other file (a
    // text file, a device) must not become a Registry.pol.
    const head = await readHead(target);
    const kind = fileKind(typeof bytes === 'string' ? Buffer.from(bytes.slice(0, 4096)) : bytes.subarray(0, 4096));
    if (head === undefined || kind === undefined || fileKind(head) !== kind) {
      throw new GpregError('IO_WRITE', `cannot write ${spec}: it is a symbolic link to ${target}, which is not ${kind ? `a ${KIND_WORDS[kind]}` : 'a file of the kind written'}; gpreg writes through a link only onto such a file (give the target itself, or remove the link)`);
    }
  }
  await cleanStaleTemporaries(path.dirname(target));
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.gpreg-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    const like = await fs.stat(options.like ? path.resolve(io.cwd, options.like) : target).catch(() => undefined);
    const handle = await fs.open(tmp, 'wx');
    try {
      await handle.writeFile(bytes);
      if (pieces) for (let p = pieces.next(); !p.done; p = pieces.next()) await handle.writeFile(p.value);
      if (like?.isFile()) {
        // The replaced file's permissions and owner, not the process's defaults.
        await handle.chmod(like.mode & 0o7777);
        await handle.chown(like.uid, like.gid).catch(() => {}); // only root may give a file away
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => {});
    throw new GpregError('IO_WRITE', `cannot write ${spec}: ${ioWords(e, 'write', path.dirname(target))}`, { cause: e });
  }
}
