/**
 * CSV as a GPO's advanced audit policy (`audit.csv`) is written: comma-separated fields, a field in
 * double quotes may hold commas, line breaks and doubled quotes (RFC 4180). The document is lossless
 * — every record keeps its text and line end, so an unedited file is written back byte for byte —
 * and each record's fields are read strictly: a stray quote or an unterminated quoted field is a
 * diagnostic with its line and column, never a guess.
 */

import type { Diagnostic } from '../errors.js';

/** One record: its fields, its text as written (without its line end), the line end, and where it starts. */
export interface CsvRecord {
  line: number;
  fields: string[];
  text: string;
  eol: string;
}

/** A parsed CSV file. */
export interface CsvDocument {
  /** True when the file starts with the UTF-8 BOM (EF BB BF), as Windows often writes it. */
  bom: boolean;
  records: CsvRecord[];
  diagnostics: Diagnostic[];
  /**
   * The file's bytes when they are not valid UTF-8 (their text has U+FFFD where they were not):
   * written back as they were while no record's text changes.
   */
  raw?: { bytes: Uint8Array; text: string };
}

/** Reads CSV text (UTF-8, with or without BOM) into records, linear in its length. */
export function parseCsv(bytes: Uint8Array): CsvDocument {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bom = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
  const text = b.toString('utf8', bom ? 3 : 0);
  const diagnostics: Diagnostic[] = [];
  const exact = Buffer.from(text, 'utf8').equals(b.subarray(bom ? 3 : 0));
  if (!exact) diagnostics.push({ severity: 'warning', code: 'CSV_BAD_FIELD', message: 'the file is not valid UTF-8: the bytes that are not are read as U+FFFD (and written back as they were)', offset: 0 });
  const records: CsvRecord[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0; // where the current line starts: columns without a scan back (a long line of quoted fields stays linear)
  const column = (at: number) => at - lineStart + 1;
  const newlines = (from: number, to: number) => {
    for (let k = from; k < to; k++) {
      if (text[k] === '\n') {
        line++;
        lineStart = k + 1;
      }
    }
  };
  while (i < text.length) {
    const start = i;
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let bad = false;
    for (;;) {
      if (text[i] === '"') {
        // A quoted field: up to the closing quote, "" being one quote; line breaks are part of it.
        const col = column(i);
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) {
            if (!bad) diagnostics.push({ severity: 'error', code: 'CSV_BAD_FIELD', message: 'a quoted field is never closed: the rest of the file is that field', line, column: col });
            bad = true;
            field += text.slice(i);
            newlines(i, text.length);
            i = text.length;
            break;
          }
          newlines(i, q);
          field += text.slice(i, q);
          i = q + 1;
          if (text[i] === '"') {
            field += '"';
            i++;
            continue;
          }
          break;
        }
        if (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
          if (!bad) diagnostics.push({ severity: 'error', code: 'CSV_BAD_FIELD', message: `text after a quoted field's closing quote: ${JSON.stringify(text.slice(i, i + 20))}`, line, column: column(i) });
          bad = true;
          while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') field += text[i++];
        }
      } else {
        let e = i;
        while (e < text.length && text[e] !== ',' && text[e] !== '\r' && text[e] !== '\n') e++;
        field = text.slice(i, e);
        const q = field.indexOf('"');
        if (q >= 0 && !bad) {
          diagnostics.push({ severity: 'error', code: 'CSV_BAD_FIELD', message: 'a quote inside a field that does not start with one', line, column: column(i + q) });
          bad = true;
        }
        i = e;
      }
      fields.push(field);
      field = '';
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    const textEnd = i;
    const eol = text.startsWith('\r\n', i) ? '\r\n' : text[i] === '\n' || text[i] === '\r' ? text[i]! : '';
    i += eol.length;
    records.push({ line: startLine, fields, text: text.slice(start, textEnd), eol });
    line++;
    lineStart = i;
  }
  return { bom, records, diagnostics, ...(exact ? {} : { raw: { bytes, text } }) };
}

/** The file's bytes: each record's text and line end (byte for byte when nothing was edited). */
export function serializeCsv(doc: Pick<CsvDocument, 'bom' | 'records' | 'raw'>): Uint8Array {
  const text = doc.records.map((r) => r.text + r.eol).join('');
  if (doc.raw && doc.raw.text === text) return doc.raw.bytes;
  const out = Buffer.concat([doc.bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** One field as CSV writes it: quoted when it holds a comma, a quote or a line break. */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
