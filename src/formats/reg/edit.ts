/**
 * Editing a `.reg` at the document level, on the model of jsonc-parser's `modify` → edits →
 * `applyEdits`: an edit says which lines go and what text comes, and applying it keeps everything
 * else of the file as it was — its bytes outside the edit, its encoding (UTF-16LE with BOM, or the
 * ANSI code page), its header and its line ends. New statements are written as regedit reads them
 * in that file: ANSI files (REGEDIT4 or 5.00) get code-page data in `hex(2)`/`hex(7)`, Unicode
 * files UTF-16 data.
 */

import { GpregError, type Diagnostic } from '../../errors.js';
import type { RegOp } from '../../registry/ops.js';
import { decodeRegBytes, encodeAnsi, type DecodeRegBytesOptions } from './encoding.js';
import { parseReg, type RegDocument } from './parse.js';
import { unwritableName } from './ops.js';
import { serializeReg } from './serialize.js';

/**
 * `s` without any of `chars` at its end (start). A loop, not a pattern: `(\r\n|\r|\n)+$` backtracks
 * exponentially on a run of CR LF followed by text, and even `[\r\n]+$` is quadratic in the run.
 */
function trimEnd(s: string, chars: string): string {
  let e = s.length;
  while (e > 0 && chars.includes(s[e - 1]!)) e--;
  return s.slice(0, e);
}

function trimStart(s: string, chars: string): string {
  let b = 0;
  while (b < s.length && chars.includes(s[b]!)) b++;
  return s.slice(b);
}

/** Lines to remove and statements to add. Line numbers are 1-based, as in {@link RegDocument}. */
export interface RegEdit {
  /**
   * Lines to drop (a statement's `line` … `endLine`). A `[KEY]` line whose values all go is dropped
   * too, and so is the blank line before a dropped key line.
   */
  removeLines?: Iterable<number>;
  /** Operations to add as one block: at the end of the file (where later lines win), or at `insertBefore`. */
  append?: readonly RegOp[];
  /**
   * The 1-based line of a key line before which the block goes instead (the line may itself be
   * removed). The caller answers for it: no statement after it may undo what the block does.
   */
  insertBefore?: number;
}

/** The edited file, with the diagnostics of reading it and of writing the new statements. */
export interface RegEditResult {
  bytes: Uint8Array;
  diagnostics: Diagnostic[];
  /** Every line the edit took out: those asked, with key lines left empty and the blank lines before them. */
  removedLines: ReadonlySet<number>;
  /** What the new block does when read on its own (as a file of its own, in the same dialect). */
  blockOps: RegOp[];
}

/** Reads a `.reg` once for editing: its document (what each line does) and its decoded text. */
export interface RegSource {
  bytes: Uint8Array;
  doc: RegDocument;
  options: DecodeRegBytesOptions;
}

/**
 * Parses a `.reg` for editing. A file regedit would import nothing from is refused
 * (`REG_BAD_HEADER`): an edit would not make it work, and could hide that it never did. So is a
 * file whose import stops early (`stoppedAt`: a `[-HKEY_…]` line, `REG_DELETE_STOPS_IMPORT`, or a
 * one-byte string value, `REG_BAD_HEX`): what an edit adds after it would never be imported.
 */
export function openReg(bytes: Uint8Array, options: DecodeRegBytesOptions = {}): RegSource {
  const doc = parseReg(bytes, options);
  if (!doc.accepted) throw new GpregError('REG_BAD_HEADER', 'regedit would import nothing from this file (its header line is not exact): fix it before editing', { line: 1 });
  // Nothing after a line that stops the import is imported: a new statement would never apply.
  if (doc.stoppedAt !== undefined) {
    const stop = doc.diagnostics.find((d) => d.line === doc.stoppedAt && d.severity === 'error');
    throw new GpregError(stop?.code ?? 'REG_DELETE_STOPS_IMPORT', `${stop?.message ?? 'regedit stops the import here'}; nothing an edit adds after it would be imported: fix that line before editing`, { line: doc.stoppedAt });
  }
  return { bytes, doc, options };
}

/**
 * Applies an edit: the lines to remove go (with a blank line left before a removed key line, so
 * repeated edits leave no gaps), and the new statements are added as one block (at the end, or
 * before `insertBefore`) in the file's dialect, encoding and line ends. Returns the new bytes and the diagnostics of reading and writing.
 *
 * @example
 * const src = openReg(bytes);
 * const drop = src.doc.statements.filter((s) => s.op.op === 'set' && s.op.name === 'Old').map((s) => s.line);
 * const { bytes: out } = applyRegEdit(src, { removeLines: drop, append: [{ op: 'deleteValue', key: 'HKEY_CURRENT_USER\\Software\\X', name: 'Old' }] });
 */
export function applyRegEdit(src: RegSource, edit: RegEdit): RegEditResult {
  const { text, encoding, bom } = decodeRegBytes(src.bytes, src.options);
  const lines = text.split(/(?<=\r\n|\r(?!\n)|\n)/); // each line keeps its own ending
  const drop = new Set(edit.removeLines ?? []);
  // A [KEY] line whose values all go, goes too (its section would be left empty).
  const st = src.doc.statements;
  st.forEach((s, i) => {
    if (s.op.op !== 'createKey') return;
    let any = false;
    let all = true;
    for (let j = i + 1; j < st.length && (st[j]!.op.op === 'set' || st[j]!.op.op === 'deleteValue') && st[j]!.op.key === s.op.key; j++) {
      any = true;
      if (!drop.has(st[j]!.line)) all = false;
    }
    if (any && all) drop.add(s.line);
  });
  // The blank line before a removed key line goes with it.
  for (const l of [...drop]) if (l > 2 && !drop.has(l - 1) && /^\[/.test(lines[l - 1] ?? '') && (lines[l - 2] ?? '').trim() === '') drop.add(l - 1);
  const eol = /\r\n|\r|\n/.exec(text)?.[0] ?? '\r\n';
  const diagnostics = [...src.doc.diagnostics];
  let block = '';
  let blockOps: RegOp[] = [];
  if (edit.append && edit.append.length > 0) {
    // The encoding decides how hex(2)/hex(7) data is read, not the header (checked with `wine
    // regedit`: an ANSI 5.00 file's is converted from the code page, a UTF-16 REGEDIT4 file's is
    // stored as UTF-16): an ANSI file's block is written as REGEDIT4 writes it, in its code page,
    // a Unicode file's as 5.00 does, whatever the header line says.
    const ansi = encoding !== 'utf-16le' && encoding !== 'utf-8' ? encoding : undefined;
    // A conversion leaves out what no .reg line can carry, and says so; an edit asked to write it must not.
    for (const op of edit.append) {
      const broken = unwritableName(op);
      if (broken) throw new GpregError('REG_UNREPRESENTABLE', `${broken} holds a line break or NUL, which no .reg line can carry; nothing is written`);
    }
    const r = serializeReg(edit.append, ansi ? { format: 'REGEDIT4', codePage: ansi } : {});
    diagnostics.push(...r.diagnostics);
    block = r.text.split('\r\n').slice(1).join(eol); // without the header line
    blockOps = parseReg(r.bytes, ansi ? { codePage: ansi } : {}).statements.map((s) => s.op);
  }
  const keptLines = (from: number, to: number) => lines.slice(from, to).filter((_, i) => !drop.has(from + i + 1)).join('');
  let at = block && edit.insertBefore !== undefined ? Math.min(Math.max(edit.insertBefore, 2), lines.length + 1) : lines.length + 1;
  // A file that ends inside a value continued with `,\` would swallow the block's first line (and
  // drop the value): the value ends where its bytes end, which is what regedit reads from it anyway.
  const open = src.doc.openValue;
  if (block && at > lines.length && open && !drop.has(open.line)) {
    const l = lines[open.line - 1]!;
    const end = /(\r\n|\r|\n)?$/.exec(l)![0];
    lines[open.line - 1] = trimEnd(l.slice(0, open.column - 1), ' \t') + end;
  }
  // Comments right above a key line belong to its section (gpreg's own `; gpreg:` notes are read
  // with the line after them): when that section stays, the block goes above them, not between
  // them and its key line; when it goes, they stay above the block that replaces it.
  if (!drop.has(at)) while (at <= lines.length && at > 2 && !drop.has(at - 1) && /^[ \t]*;/.test(lines[at - 2]!)) at--;
  const before = keptLines(0, at - 1);
  const after = keptLines(at - 1, lines.length);
  // The kept lines before, one blank line, the new block (which ends as regedit's export ends, with
  // a blank line), then the kept lines after it.
  const head = trimEnd(before, '\r\n');
  // Inserted under the comments of the section it replaces, the block follows them without a gap.
  const underComment = at <= lines.length && /^[ \t]*;/.test(head.slice(Math.max(head.lastIndexOf('\n'), head.lastIndexOf('\r')) + 1));
  const body = block ? head + eol + (underComment ? '' : eol) + trimStart(block, '\r\n') + trimStart(after, '\r\n') : before + after;
  const bytes =
    encoding === 'utf-16le' && bom
      ? new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, 'utf16le')]))
      : encoding === 'utf-8'
        ? new Uint8Array(Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(body, 'utf8')]))
        : encodeAnsi(body, encoding);
  return { bytes, diagnostics, removedLines: drop, blockOps };
}
