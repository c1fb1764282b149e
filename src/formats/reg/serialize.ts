/**
 * `.reg` writer: the exact layout regedit exports (BOM, header, CRLF, a blank line before each
 * key, `dword:%08x`, `hex:`/`hex(%x):` wrapped at 80 columns, a final CRLF), so that a file
 * regedit exported is written back byte for byte.
 */

import { constants } from 'node:buffer';
import { GpregError, type Diagnostic, type Position } from '../../errors.js';
import type { RegOp, SetValueOp } from '../../registry/ops.js';
import { RegType } from '../../registry/types.js';
import { toSpacedHex } from '../../registry/hex.js';
import { DEFAULT_CODE_PAGE, checkCodePage, encodeAnsi } from './encoding.js';
import { opsToReg, type RegSection } from './ops.js';

/** Options for {@link serializeReg}. */
export interface SerializeRegOptions {
  /** `5.00` (default): UTF-16LE with BOM. `REGEDIT4`: ANSI text in `codePage`. */
  format?: '5.00' | 'REGEDIT4';
  /** Code page for `REGEDIT4` (default windows-1252). A character it cannot hold is an error. */
  codePage?: string;
  /** Where each operation comes from, so warnings name a `.pol` offset or a line. */
  positions?: readonly Position[];
}

/** A serialized `.reg` file and the warnings for what it could not say exactly. */
export interface SerializedReg {
  bytes: Uint8Array;
  text: string;
  diagnostics: Diagnostic[];
}

const CRLF = '\r\n';
/** Regedit wraps hex data once a line reaches this many columns (leaving room for `\`). */
const MAX_HEX_COLUMNS = 77;

/** Escapes a name or string for the inside of quotes, as regedit exports it. */
function escapeQuoted(s: string): string {
  return s.replace(/[\\"]/g, (c) => '\\' + c);
}

/**
 * True when REG_SZ data can be written as `"text"` and read back as the same bytes: whole UTF-16
 * units, exactly one NUL at the end, and no CR or LF (Windows' regedit has no escape for them).
 */
function isPlainString(data: Uint8Array): boolean {
  if (data.length < 2 || data.length % 2 !== 0) return false;
  const units = data.length / 2;
  if (data[data.length - 2] !== 0 || data[data.length - 1] !== 0) return false;
  for (let u = 0; u < units - 1; u++) {
    const lo = data[2 * u]!;
    const hi = data[2 * u + 1]!;
    if (hi === 0 && (lo === 0 || lo === 0x0a || lo === 0x0d)) return false;
  }
  return true;
}

/** The text of `data` as UTF-16LE code units (no validation). */
function utf16(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf16le');
}

/**
 * Writes `prefix` then `xx,xx,…` with regedit's wrapping: the count starts at the prefix's length
 * (`"name"=hex(7):`), each `xx,` adds 3, and at 77 the line ends in `\` and the next starts with
 * two blanks; the last byte never wraps, so the first line always holds one.
 */
/** `0`…`f` as ASCII codes, for writing hex digits straight into bytes. */
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');

/**
 * `prefix` then the bytes as `xx,` hex, wrapped as regedit wraps them. Written into one byte
 * buffer and read back as one flat string: appending two characters at a time made a rope of
 * millions of pieces (2.3 GB of memory for 20 MB of binary data).
 */
function hexData(prefix: string, bytes: Uint8Array): string {
  if (bytes.length === 0) return prefix;
  // Each byte takes 3 characters, and each wrap adds `\`, CR, LF and two blanks.
  const out = Buffer.allocUnsafe(3 * bytes.length + 5 * Math.ceil((3 * bytes.length) / 40) + 8);
  let o = 0;
  let len = prefix.length;
  const last = bytes.length - 1;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    out[o++] = HEX_DIGITS[b >> 4]!;
    out[o++] = HEX_DIGITS[b & 15]!;
    if (i === last) break;
    out[o++] = 0x2c; // ,
    len += 3;
    if (len >= MAX_HEX_COLUMNS) {
      out[o++] = 0x5c; // \
      out[o++] = 0x0d;
      out[o++] = 0x0a;
      out[o++] = 0x20;
      out[o++] = 0x20;
      len = 2;
    }
  }
  return prefix + out.toString('latin1', 0, o);
}

/**
 * One value line. Types 1, 2 and 7 in an ANSI file are written in the code page, as regedit reads
 * them back; data regedit would change on import (no final NUL) is reported.
 */
function valueLine(v: SetValueOp | { op: 'deleteValue'; name: string }, ansi: string | undefined, key: string, diagnostics: Diagnostic[]): string {
  const name = v.name === '' ? '@=' : `"${escapeQuoted(v.name)}"=`;
  if (v.op === 'deleteValue') return name + '-';
  const { type, data } = v;
  if (type === RegType.REG_SZ && isPlainString(data)) return name + `"${escapeQuoted(utf16(data.subarray(0, data.length - 2)))}"`;
  if (type === RegType.REG_DWORD && data.length === 4) {
    return name + 'dword:' + new DataView(data.buffer, data.byteOffset, 4).getUint32(0, true).toString(16).padStart(8, '0');
  }
  let bytes = data;
  const stringType = type === RegType.REG_SZ || type === RegType.REG_EXPAND_SZ || type === RegType.REG_MULTI_SZ;
  if (stringType && data.length > 0) {
    const endsWithNul = data.length % 2 === 0 && data[data.length - 2] === 0 && data[data.length - 1] === 0;
    if (data.length === 1 && !ansi) {
      // One byte is no character: Wine's regedit crashes on it and imports nothing after it (see
      // the parser). Written as that byte and a zero, one character, as near as a .reg can say.
      diagnostics.push({
        severity: 'warning',
        code: 'REG_LOSSY_NUL',
        message: `${JSON.stringify(v.name)} in ${key}: type ${type} data of one byte is no character (regedit cannot import it: Wine's crashes); written as one character ${toSpacedHex(new Uint8Array([data[0]!, 0]))}${data[0] === 0 ? '' : ', to which regedit adds a NUL'}`,
      });
      bytes = new Uint8Array([data[0]!, 0]);
    } else if (!endsWithNul) {
      diagnostics.push({
        severity: 'warning',
        code: 'REG_LOSSY_NUL',
        message: `${JSON.stringify(v.name)} in ${key}: type ${type} data that does not end in a NUL character gets one from regedit on import`,
      });
    }
    if (ansi) {
      if (data.length % 2 !== 0) {
        throw new GpregError('REG_UNREPRESENTABLE', `${JSON.stringify(v.name)} in ${key}: odd-length type ${type} data cannot be written in a REGEDIT4 file (regedit converts it from the code page)`);
      }
      bytes = encodeAnsi(utf16(data), ansi);
    }
  }
  const prefix = type === RegType.REG_BINARY ? 'hex:' : `hex(${type.toString(16)}):`;
  return hexData(name + prefix, bytes);
}

function serializeSection(s: RegSection, ansi: string | undefined, diagnostics: Diagnostic[]): string {
  let out = CRLF;
  for (const c of s.comments) out += `; ${c}${CRLF}`;
  if (s.key === '') return out; // trailing comments only
  out += `[${s.delete ? '-' : ''}${s.key}]${CRLF}`;
  for (const v of s.values) out += valueLine(v, ansi, s.key, diagnostics) + CRLF;
  return out;
}

/**
 * Writes operations as a `.reg` file in regedit's export layout: UTF-16LE with BOM and the
 * `Windows Registry Editor Version 5.00` header by default, or `REGEDIT4` in an ANSI code page.
 * Keys need their root (`HKEY_LOCAL_MACHINE\…`). What a `.reg` cannot say exactly is written as
 * the closest form with a `;` comment and reported in `diagnostics` (see `opsToReg`).
 *
 * @example
 * const { bytes, diagnostics } = serializeReg(ops);
 * fs.writeFileSync('policy.reg', bytes);
 */
export function serializeReg(ops: readonly RegOp[], options: SerializeRegOptions = {}): SerializedReg {
  const plan = opsToReg(ops, options.positions ? { positions: options.positions } : {});
  const ansi = options.format === 'REGEDIT4' ? checkCodePage(options.codePage ?? DEFAULT_CODE_PAGE) : undefined;
  const diagnostics = [...plan.diagnostics];
  const parts: string[] = [ansi ? 'REGEDIT4' + CRLF : 'Windows Registry Editor Version 5.00' + CRLF];
  for (const s of plan.sections) parts.push(serializeSection(s, ansi, diagnostics));
  parts.push(CRLF);
  let text: string;
  try {
    text = parts.join('');
  } catch (e) {
    // Past the longest string JavaScript can hold: a coded error, not a crash.
    if (e instanceof RangeError) throw new GpregError('REG_TOO_LARGE', `the .reg text would be longer than ${constants.MAX_STRING_LENGTH} characters, more than one file can be written here; convert the .pol in parts (e.g. with --hive, or by key)`, { cause: e });
    throw e;
  }
  if (ansi) return { bytes: encodeAnsi(text, ansi), text, diagnostics };
  const body = Buffer.from(text, 'utf16le');
  const bytes = new Uint8Array(body.length + 2);
  bytes[0] = 0xff;
  bytes[1] = 0xfe;
  bytes.set(body, 2);
  return { bytes, text, diagnostics };
}
