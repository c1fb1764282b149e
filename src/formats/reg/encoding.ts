/**
 * Bytes ⇄ text for `.reg` files, the one place that knows about encodings. Regedit reads a file as
 * UTF-16LE if and only if it starts with FF FE; anything else is bytes in an ANSI code page.
 */

import iconv from 'iconv-lite';
import { GpregError } from '../../errors.js';

/** How a `.reg` file's bytes are text: UTF-16LE (with BOM), an ANSI code page, or UTF-8 when asked. */
export type RegEncoding = 'utf-16le' | 'utf-8' | `windows-${number}` | string;

/** The code page regedit uses on a Western-European Windows, and gpreg's default for ANSI files. */
export const DEFAULT_CODE_PAGE = 'windows-1252';

/**
 * Bytes windows-1252 leaves undefined. Windows maps them to the C1 control of the same number;
 * iconv-lite to U+FFFD, which would lose them. They are mapped as Windows does.
 */
const CP1252_HOLES = new Map<number, string>([
  [0x81, '\u0081'],
  [0x8d, '\u008d'],
  [0x8f, '\u008f'],
  [0x90, '\u0090'],
  [0x9d, '\u009d'],
]);

const isCp1252 = (codePage: string) => codePage.toLowerCase().replace(/^cp/, 'windows-') === 'windows-1252';
/** The characters windows-1252's undefined bytes are read as (see CP1252_HOLES). */
const HOLE_CHARS = /[\u0081\u008d\u008f\u0090\u009d]/;

/** windows-1252 text holding those characters: each back to its own byte, so decoding then encoding gives the bytes back. */
function encodeWithHoles(text: string, codePage: string): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x81 && c !== 0x8d && c !== 0x8f && c !== 0x90 && c !== 0x9d) continue;
    parts.push(iconv.encode(text.slice(from, i), codePage), Buffer.from([c]));
    from = i + 1;
  }
  parts.push(iconv.encode(text.slice(from), codePage));
  return Buffer.concat(parts);
}

/** Checks that iconv-lite knows a code page; throws `REG_BAD_ENCODING` otherwise. */
export function checkCodePage(codePage: string): string {
  if (!iconv.encodingExists(codePage)) {
    throw new GpregError('REG_BAD_ENCODING', `unknown code page ${JSON.stringify(codePage)}: give a name iconv-lite knows, such as windows-1252, windows-1251 or cp932`);
  }
  return codePage;
}

/** ANSI bytes to text in a code page, as Windows' MultiByteToWideChar would. */
export function decodeAnsi(bytes: Uint8Array, codePage: string): string {
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), codePage);
  if (codePage.toLowerCase().replace(/^cp/, 'windows-') === 'windows-1252' && text.includes('\ufffd')) {
    let out = '';
    for (let i = 0; i < bytes.length; i++) out += CP1252_HOLES.get(bytes[i]!) ?? iconv.decode(Buffer.from([bytes[i]!]), codePage);
    return out;
  }
  return text;
}

/**
 * Text to ANSI bytes. A character the code page cannot hold is an error (`REG_UNMAPPABLE`, with
 * its position in `text`), never a silent `?`.
 */
export function encodeAnsi(text: string, codePage: string): Uint8Array {
  const bytes = isCp1252(codePage) && HOLE_CHARS.test(text) ? encodeWithHoles(text, codePage) : iconv.encode(text, codePage);
  const back = decodeAnsi(bytes, codePage);
  if (back !== text) {
    let i = 0;
    while (i < text.length && text[i] === back[i]) i++;
    const cp = text.codePointAt(i) ?? 0;
    const before = text.slice(0, i);
    const line = before.split('\n').length;
    const column = i - before.lastIndexOf('\n');
    throw new GpregError('REG_UNMAPPABLE', `character U+${cp.toString(16).toUpperCase().padStart(4, '0')} (${JSON.stringify(String.fromCodePoint(cp))}) cannot be written in code page ${codePage}: write a UTF-16 (5.00) file instead`, { line, column });
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** What sits at the start of a file that is not a `.reg` regedit can read, or `undefined`. */
function notRegText(bytes: Uint8Array): GpregError | undefined {
  const ascii = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 64)).toString('latin1');
  if (ascii.startsWith('PReg')) {
    return new GpregError('REG_NOT_TEXT', 'this is a Registry.pol (PReg) file, not a .reg file', { offset: 0 });
  }
  if (/^WINE REGISTRY Version/.test(ascii)) {
    return new GpregError('REG_WINE_HIVE', 'this is a Wine registry hive (system.reg/user.reg), not a .reg file: regedit cannot import it; export the keys with `wine regedit /E` instead', { line: 1, column: 1 });
  }
  return undefined;
}

/** The text of a `.reg` file and how it was encoded. */
export interface RegText {
  text: string;
  encoding: RegEncoding;
  /** True when the file started with the UTF-16LE BOM FF FE. */
  bom: boolean;
}

/** Options for {@link decodeRegBytes}. */
export interface DecodeRegBytesOptions {
  /**
   * How to read a file without the UTF-16LE BOM: an ANSI code page (default windows-1252, as
   * regedit on a Western-European Windows), or `utf-8` to read UTF-8 text that regedit would reject.
   */
  codePage?: string;
}

/**
 * Decodes a `.reg` file's bytes as regedit does: UTF-16LE after an FF FE BOM, otherwise an ANSI
 * code page. Files regedit cannot read at all (a UTF-8 BOM, UTF-16 without a BOM, a Wine hive, a
 * PReg file, binary data) throw a {@link GpregError} saying what the file is and what regedit expects.
 */
export function decodeRegBytes(bytes: Uint8Array, options: DecodeRegBytesOptions = {}): RegText {
  const codePage = options.codePage ?? DEFAULT_CODE_PAGE;
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset + 2, (bytes.byteLength - 2) & ~1);
    return { text: buf.toString('utf16le'), encoding: 'utf-16le', bom: true };
  }
  const other = notRegText(bytes);
  if (other) throw other;
  const utf8Bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (codePage.toLowerCase() === 'utf-8' || codePage.toLowerCase() === 'utf8') {
    const start = utf8Bom ? 3 : 0;
    return { text: Buffer.from(bytes.buffer, bytes.byteOffset + start, bytes.byteLength - start).toString('utf8'), encoding: 'utf-8', bom: utf8Bom };
  }
  if (utf8Bom) {
    throw new GpregError('REG_UTF8_BOM', 'the file starts with a UTF-8 BOM (EF BB BF): Wine\'s regedit reads it as ANSI and rejects the header, importing nothing, and Windows\' behaviour is not documented. Save it as UTF-16LE with BOM (what regedit exports), or read it with the utf-8 code page, on request', { offset: 0 });
  }
  if (bytes.length >= 4 && bytes[0] !== 0 && bytes[1] === 0 && bytes[3] === 0) {
    throw new GpregError('REG_UTF16_NO_BOM', 'the file looks like UTF-16LE text without the BOM FF FE: regedit reads it as ANSI and rejects the header, importing nothing. Add the BOM (what regedit exports)', { offset: 0 });
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new GpregError('REG_NOT_TEXT', 'binary data: a NUL byte; a .reg file is text (UTF-16LE with BOM, or ANSI)', { offset: nul });
  }
  checkCodePage(codePage);
  return { text: decodeAnsi(bytes, codePage), encoding: codePage, bom: false };
}
