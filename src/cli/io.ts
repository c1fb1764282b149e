/**
 * The CLI's contact with the outside world, passed in so tests can run commands in-process.
 * Outputs are written atomically: a temporary file in the same folder, then a rename.
 */

import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { GpregError } from '../errors.js';

/** A stream-like sink (process.stdout, or a test buffer). */
export interface Sink {
  write(chunk: string | Uint8Array): unknown;
  isTTY?: boolean;
}

/** Everything a command may touch. */
export interface CliIO {
  stdin: AsyncIterable<Uint8Array | string>;
  stdout: Sink;
  stderr: Sink;
  /** Folder relative paths are resolved against. */
  cwd: string;
  env: Record<string, string | undefined>;
}

/** The real process's streams, folder and environment. */
export function processIO(): CliIO {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
}

/** What an I/O failure means for the user, in words (the system's code in brackets). */
function ioWords(e: unknown, doing: 'read' | 'write', folder?: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  const words: Record<string, string> =
    doing === 'read'
      ? { ENOENT: 'no such file', EISDIR: 'it is a folder, not a file', EACCES: 'permission denied', EPERM: 'permission denied', ENOTDIR: 'a part of the path is a file, not a folder', ERR_FS_FILE_TOO_LARGE: 'the file is too large to read (over 2 GB)' }
      : { ENOENT: `the folder ${folder} does not exist (create it first)`, EISDIR: 'it is a folder: give a file name', EACCES: 'permission denied', EPERM: 'permission denied', ENOTDIR: 'a part of the path is a file, not a folder', ENOSPC: 'the disk is full', EROFS: 'the file system is read-only' };
  return code && words[code] ? `${words[code]} (${code})` : (code ?? (e as Error).message);
}

/** Reads a file, or all of stdin for `-`, as bytes. I/O failures become `IO_READ` errors. */
export async function readInput(spec: string, io: CliIO): Promise<Uint8Array> {
  if (spec === '-') {
    const chunks: Buffer[] = [];
    for await (const c of io.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c));
    return new Uint8Array(Buffer.concat(chunks));
  }
  try {
    return new Uint8Array(await fs.readFile(path.resolve(io.cwd, spec)));
  } catch (e) {
    throw new GpregError('IO_READ', `cannot read ${spec}: ${ioWords(e, 'read')}`, { cause: e });
  }
}

/**
 * Refuses to replace an existing non-empty file (`OUTPUT_EXISTS`, with `advice`); `-` and an empty
 * or missing file pass.
 */
export async function refuseOverwrite(spec: string, io: CliIO, advice: string): Promise<void> {
  if (spec === '-') return;
  const st = await fs.stat(path.resolve(io.cwd, spec)).catch(() => undefined);
  if (st?.isDirectory()) throw new GpregError('IO_WRITE', `${spec} is a folder: give a file name (e.g. ${path.join(spec, 'Registry.pol')})`);
  if (st && st.size > 0) throw new GpregError('OUTPUT_EXISTS', `${spec} already exists (${st.size} bytes) and would be replaced: ${advice}`);
}

/** gpreg's own temporary files: `.NAME.gpreg-PID-HEX.tmp` beside the file being written. */
const TEMP = /^\..+\.gpreg-(\d+)-[0-9a-f]{8}\.tmp$/;

/**
 * Removes temporaries of gpreg's pattern left in `dir` by a write that was killed (kill -9, power
 * loss): only those whose process is gone, never anything else.
 */
async function cleanStaleTemporaries(dir: string): Promise<void> {
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

/** Options for {@link writeOutput}. */
export interface WriteOptions {
  /** Give the new file this file's mode and owner (for a `.bak` of an edited file). */
  like?: string;
}

/**
 * Writes bytes to a file atomically, or to stdout for `-`. The file appears complete or not at
 * all; an existing file is replaced only once the new content is fully on disk, and keeps its mode
 * and owner. An output that is a symbolic link is written through to its target (the link stays).
 * Stale temporaries of earlier killed writes in the same folder are removed first.
 */
export async function writeOutput(spec: string, bytes: Uint8Array | string, io: CliIO, options: WriteOptions = {}): Promise<void> {
  if (spec === '-') {
    io.stdout.write(bytes);
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
  }
  await cleanStaleTemporaries(path.dirname(target));
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.gpreg-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    const like = await fs.stat(options.like ? path.resolve(io.cwd, options.like) : target).catch(() => undefined);
    const handle = await fs.open(tmp, 'wx');
    try {
      await handle.writeFile(bytes);
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
