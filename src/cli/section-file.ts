/** Where an audit page's sections wait on disk while the audit goes on (`gpreg audit --html`). */

import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { GpregError } from '../errors.js';
import { memoryStore, type SectionStore } from '../render/html/audit.js';
import { ioWords } from './io.js';

/**
 * A {@link SectionStore} in a temporary file, removed on close: a page's sections wait there
 * until the summary above them is known. Written and read a megabyte at a time: a call per section
 * made a tree of 5,000 GPOs a second slower.
 */
export function sectionFile(): SectionStore & { close(): void } {
  let dir: string;
  let fd: number;
  try {
    dir = mkdtempSync(path.join(tmpdir(), 'gpreg-audit-'));
    fd = openSync(path.join(dir, 'sections.html'), 'w+');
  } catch {
    // No temporary folder to write to: the page is kept in memory, as it was before it streamed.
    return { ...memoryStore(), close: () => {} };
  }
  const at: Array<[offset: number, length: number]> = [];
  let end = 0;
  let pending: Buffer[] = [];
  let pendingStart = 0;
  const flush = () => {
    if (pending.length === 0) return;
    const bytes = Buffer.concat(pending);
    try {
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done, pendingStart + done);
    } catch (e) {
      throw new GpregError('IO_WRITE', `cannot keep the page's sections in ${dir}: ${ioWords(e, 'write', dir)}; nothing was written to the page's file`, { cause: e });
    }
    pending = [];
    pendingStart = end;
  };
  let window = { start: 0, bytes: Buffer.alloc(0) };
  return {
    put(html) {
      const bytes = Buffer.from(html, 'utf8');
      pending.push(bytes);
      at.push([end, bytes.length]);
      end += bytes.length;
      if (end - pendingStart >= CHUNK) flush();
      return at.length - 1;
    },
    get(id) {
      flush();
      const [offset, length] = at[id]!;
      if (offset < window.start || offset + length > window.start + window.bytes.length) {
        const bytes = Buffer.alloc(Math.min(Math.max(CHUNK, length), end - offset));
        let got = 0;
        while (got < bytes.length) {
          const n = readSync(fd, bytes, got, bytes.length - got, offset + got);
          if (n === 0) throw new Error(`the page's sections file ended early (${dir})`);
          got += n;
        }
        window = { start: offset, bytes };
      }
      return window.bytes.toString('utf8', offset - window.start, offset - window.start + length);
    },
    close() {
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** How much of the sections file is written or read at once. */
const CHUNK = 1 << 20;
