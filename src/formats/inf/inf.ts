/**
 * INF text as `secedit` writes a GPO's security template (`GptTmpl.inf`): `[Section]` lines, then
 * `Key = Value` lines, or lines of comma-separated fields (`"name",4,""`). The document is
 * lossless — every line is kept with its own line end, so an unedited file is written back byte for
 * byte — and an edit changes only the lines it is about. What each section means is read elsewhere
 * (src/gpo/security.ts); this module knows lines, sections and `=`.
 *
 * Encoding: UTF-16LE after an FF FE BOM (what secedit writes, `[Unicode] Unicode=yes`), UTF-8 after
 * EF BB BF, else the ANSI code page (windows-1252).
 */

import type { Diagnostic } from '../../errors.js';
import { decodeAnsi, encodeAnsi, DEFAULT_CODE_PAGE } from '../reg/encoding.js';

/** One line of an INF file, as written, with what it is. */
export interface InfLine {
  /** 1-based line number. */
  line: number;
  /** The line's text without its line end. */
  text: string;
  /** Its line end: CR LF, LF, CR, or '' for the last line. */
  eol: string;
  kind: 'section' | 'entry' | 'comment' | 'blank' | 'other';
  /** The section the line is in (its name as written), or undefined before the first section. */
  section?: string;
  /** For `entry`: the key (trimmed) and the value (trimmed) around the first `=`. */
  key?: string;
  value?: string;
}

/** A parsed INF file. */
export interface InfDocument {
  encoding: 'utf-16le' | 'utf-8' | 'ansi';
  bom: boolean;
  lines: InfLine[];
  /** An odd byte after the last whole UTF-16 unit, kept so the file is written back as it was. */
  tail?: Uint8Array;
  /** The bytes of a UTF-8 file that is not valid UTF-8, written back as they were while no line changes. */
  raw?: { bytes: Uint8Array; text: string };
  diagnostics: Diagnostic[];
}

/** Lines longer than this are kept but not read (a real template's longest are a few KB). */
export const INF_MAX_LINE = 1 << 20;

/** Decodes the bytes, splits the lines (each keeping its end) and says what each is. */
export function parseInf(bytes: Uint8Array): InfDocument {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let encoding: InfDocument['encoding'];
  let text: string;
  let bom = false;
  let tail: Uint8Array | undefined;
  let raw: InfDocument['raw'];
  if (b[0] === 0xff && b[1] === 0xfe) {
    encoding = 'utf-16le';
    bom = true;
    const end = 2 + ((b.length - 2) & ~1);
    text = b.toString('utf16le', 2, end);
    if (end < b.length) tail = new Uint8Array(b.subarray(end));
  } else if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
    encoding = 'utf-8';
    bom = true;
    text = b.toString('utf8', 3);
    if (!Buffer.from(text, 'utf8').equals(b.subarray(3))) raw = { bytes, text };
  } else {
    encoding = 'ansi';
    text = decodeAnsi(bytes, DEFAULT_CODE_PAGE);
    // A few windows-1252 bytes read as C1 controls do not encode back: keep the bytes.
    let back: Uint8Array | undefined;
    try {
      back = encodeAnsi(text, DEFAULT_CODE_PAGE);
    } catch {
      back = undefined;
    }
    if (!back || !Buffer.from(back).equals(b)) raw = { bytes, text };
  }
  const diagnostics: Diagnostic[] = [];
  if (raw) diagnostics.push({ severity: 'warning', code: 'INF_BAD_TEXT', message: `the file's bytes are not all text in its encoding (${encoding === 'ansi' ? DEFAULT_CODE_PAGE : 'UTF-8'}): they are written back as they were while no line changes`, offset: 0 });
  if (tail) diagnostics.push({ severity: 'warning', code: 'INF_BAD_TEXT', message: 'the file ends in half a UTF-16 character (an odd byte): it is kept, not read', offset: b.length - 1 });
  const lines: InfLine[] = [];
  let section: string | undefined;
  let pos = 0;
  let n = 1;
  const at = (severity: Diagnostic['severity'], code: Diagnostic['code'], message: string, column = 1) => diagnostics.push({ severity, code, message, line: n, column });
  for (; pos < text.length; n++) {
    let end = pos;
    while (end < text.length) {
      const c = text.charCodeAt(end);
      if (c === 0x0a || c === 0x0d) break;
      end++;
    }
    const eol = text.startsWith('\r\n', end) ? '\r\n' : end < text.length ? text[end]! : '';
    const raw = text.slice(pos, end);
    pos = end + eol.length;
    // No closure or spread object per line: they were a quarter of what parsing a template allocated.
    const l: InfLine = section !== undefined ? { line: n, text: raw, eol, kind: 'other', section } : { line: n, text: raw, eol, kind: 'other' };
    lines.push(l);
    if (raw.length > INF_MAX_LINE) {
      at('error', 'INF_LINE_TOO_LONG', `the line has ${raw.length.toLocaleString('en-US')} characters (more than ${INF_MAX_LINE.toLocaleString('en-US')}): it is kept, not read`);
      continue;
    }
    const nul = raw.indexOf('\0');
    if (nul >= 0) {
      at('error', 'INF_BAD_TEXT', 'a NUL character: the line is kept, not read', nul + 1);
      continue;
    }
    const t = raw.trim();
    if (t === '') l.kind = 'blank';
    else if (t.startsWith(';')) l.kind = 'comment';
    else if (t.startsWith('[')) {
      if (!t.endsWith(']')) {
        at('error', 'INF_BAD_SECTION', `a section line without its closing ]: ${JSON.stringify(t.slice(0, 60))}; the lines after it stay in ${section === undefined ? 'no section' : `[${section}]`}`);
        continue;
      }
      l.kind = 'section';
      section = t.slice(1, -1).trim();
      l.section = section;
    } else {
      if (section === undefined) at('warning', 'INF_OUTSIDE_SECTION', 'a line before any [section]: it is kept, not read');
      const eq = raw.indexOf('=');
      if (eq >= 0) {
        l.kind = 'entry';
        l.key = raw.slice(0, eq).trim();
        l.value = raw.slice(eq + 1).trim();
      }
    }
  }
  return { encoding, bom, lines, ...(tail ? { tail } : {}), ...(raw ? { raw } : {}), diagnostics };
}

/** The file's bytes: each line as it is now, in the file's encoding (byte for byte when nothing was edited). */
export function serializeInf(doc: Pick<InfDocument, 'encoding' | 'bom' | 'lines' | 'tail' | 'raw'>): Uint8Array {
  const text = doc.lines.map((l) => l.text + l.eol).join('');
  if (doc.raw && doc.raw.text === text) return doc.raw.bytes;
  const parts: Buffer[] = [];
  if (doc.encoding === 'utf-16le') {
    if (doc.bom) parts.push(Buffer.from([0xff, 0xfe]));
    parts.push(Buffer.from(text, 'utf16le'));
    if (doc.tail) parts.push(Buffer.from(doc.tail));
  } else if (doc.encoding === 'utf-8') {
    if (doc.bom) parts.push(Buffer.from([0xef, 0xbb, 0xbf]));
    parts.push(Buffer.from(text, 'utf8'));
  } else parts.push(Buffer.from(encodeAnsi(text, DEFAULT_CODE_PAGE)));
  const out = Buffer.concat(parts);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * Each section's lines, without the section lines themselves, by its name in lower case (a section
 * written twice gives one list, in file order). One pass: a reader asks for a dozen sections.
 */
export function linesBySection(doc: InfDocument): Map<string, InfLine[]> {
  const out = new Map<string, InfLine[]>();
  let name: string | undefined;
  let list: InfLine[] | undefined;
  for (const l of doc.lines) {
    if (l.kind === 'section' || l.section === undefined) continue;
    // Lines of one section come together: its name is lowered once per run, not once per line.
    if (l.section !== name) {
      name = l.section;
      const key = name.toLowerCase();
      list = out.get(key);
      if (!list) out.set(key, (list = []));
    }
    list!.push(l);
  }
  return out;
}

/** What an edit does to a section: lines to set (by key, matched without case) and keys to remove. */
export interface InfSectionEdit {
  section: string;
  /** The whole text of each line, by its key: it replaces the line of that key, or is added at the section's end. */
  set?: ReadonlyMap<string, string>;
  /** Keys whose lines go. */
  remove?: Iterable<string>;
  /**
   * A line's key, for sections of records rather than `Name = Value` lines (`"Spooler",2,"…"` is
   * keyed by its first field): by default an entry's key, and no key for other lines.
   */
  keyOf?: (l: InfLine) => string | undefined;
}

/**
 * Edits a document: each set line replaces the first line of its key (later lines of the same key
 * go), a key to remove loses its lines, a line for a key the section lacks goes after the section's
 * last entry, and a missing section is added at the end. Every other line stays as it was. New lines
 * end as the file's first line does. Returns a new document.
 */
export function editInf(doc: InfDocument, edits: readonly InfSectionEdit[]): InfDocument {
  const eol = doc.lines.find((l) => l.eol !== '')?.eol ?? '\r\n';
  let lines = doc.lines.map((l) => ({ ...l }));
  for (const e of edits) {
    const want = e.section.toLowerCase();
    const set = new Map([...(e.set ?? new Map<string, string>())].map(([k, v]) => [k.toLowerCase(), v]));
    const remove = new Set([...(e.remove ?? [])].map((k) => k.toLowerCase()));
    const done = new Set<string>();
    const out: InfLine[] = [];
    let lastOfSection = -1;
    let sectionAt = -1;
    for (const l of lines) {
      const inSection = l.section !== undefined && l.section.toLowerCase() === want;
      if (l.kind === 'section' && inSection && sectionAt < 0) sectionAt = out.length;
      const key = inSection && (l.kind === 'entry' || l.kind === 'other') ? (e.keyOf ? e.keyOf(l) : l.kind === 'entry' ? l.key : undefined)?.toLowerCase() : undefined;
      if (key !== undefined && (remove.has(key) || done.has(key))) continue;
      if (key !== undefined && set.has(key)) {
        out.push({ ...reparse(set.get(key)!, l.section!), line: l.line, eol: l.eol });
        done.add(key);
      } else out.push(l);
      if (inSection && (l.kind === 'entry' || l.kind === 'other' || l.kind === 'section')) lastOfSection = out.length - 1;
    }
    const added = [...set].filter(([k]) => !done.has(k)).map(([, text]) => ({ ...reparse(text, e.section), line: 0, eol }));
    if (added.length) {
      if (sectionAt < 0) {
        // A new section at the end; the last line gets a line end first.
        if (out.length && out[out.length - 1]!.eol === '') out[out.length - 1] = { ...out[out.length - 1]!, eol };
        out.push({ line: 0, text: `[${e.section}]`, eol, kind: 'section', section: e.section }, ...added);
      } else {
        const at = lastOfSection + 1;
        if (out[at - 1]!.eol === '') out[at - 1] = { ...out[at - 1]!, eol };
        out.splice(at, 0, ...added);
      }
    }
    lines = out;
  }
  return { ...doc, lines, diagnostics: [] };
}

/** A new line's kind and parts, as parseInf would see it. */
function reparse(text: string, section: string): Omit<InfLine, 'line' | 'eol'> {
  const eq = text.indexOf('=');
  return eq >= 0 ? { text, kind: 'entry', section, key: text.slice(0, eq).trim(), value: text.slice(eq + 1).trim() } : { text, kind: 'other', section };
}
