/**
 * Typed views of raw registry data and back. The raw bytes are always the truth; a view is derived
 * and may drop what does not fit (an odd trailing byte, text after the first NUL).
 */

import { GpregError } from '../errors.js';
import { RegType, renderRegType, isStringType } from './types.js';

/** A typed reading of raw data. `bytes` is used where the type or size allows no other view. */
export type TypedValue =
  | { kind: 'string'; value: string }
  | { kind: 'strings'; value: string[] }
  | { kind: 'number'; value: number }
  | { kind: 'bigint'; value: bigint }
  | { kind: 'bytes'; value: Uint8Array };

/** True when two byte arrays hold the same bytes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** UTF-16LE code units to a string, without validation, so lone surrogates survive. */
export function utf16leToString(bytes: Uint8Array, start = 0, end = bytes.length): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf16le', start, end - ((end - start) & 1));
}

/** A string as UTF-16LE code units (lone surrogates are kept as they are). */
export function stringToUtf16le(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf16le'));
}

/** Reads a REG_SZ-like value: the text up to the first NUL code unit (or the end). */
export function decodeString(bytes: Uint8Array): string {
  const units = bytes.length >> 1;
  for (let i = 0; i < units; i++) {
    if (bytes[2 * i] === 0 && bytes[2 * i + 1] === 0) return utf16leToString(bytes, 0, 2 * i);
  }
  return utf16leToString(bytes, 0, units * 2);
}

/** Writes a REG_SZ-like value: UTF-16LE with one terminating NUL. */
export function encodeString(text: string): Uint8Array {
  return stringToUtf16le(text + '\0');
}

/**
 * Reads a REG_MULTI_SZ value. Like Windows, the list ends at the first empty string, so
 * `a\0b\0\0`, `a\0b\0` and `a\0b` all give `['a','b']`, and one or two NULs give `[]`.
 */
export function decodeMultiString(bytes: Uint8Array): string[] {
  const text = utf16leToString(bytes, 0, bytes.length & ~1);
  const out: string[] = [];
  for (const part of text.split('\0')) {
    if (part === '') break;
    out.push(part);
  }
  return out;
}

/** Writes a REG_MULTI_SZ value: each string NUL-terminated, then one more NUL. An empty list is two NULs. */
export function encodeMultiString(items: readonly string[]): Uint8Array {
  for (const [i, s] of items.entries()) {
    if (s === '' || s.includes('\0')) {
      throw new GpregError('VALUE_BAD_MULTI_SZ', `REG_MULTI_SZ item ${i + 1} is ${s === '' ? 'empty' : 'holding a NUL'}: Windows would end the list there`);
    }
  }
  return stringToUtf16le(items.length === 0 ? '\0\0' : items.join('\0') + '\0\0');
}

/** A uint32 as 4 bytes, little-endian (REG_DWORD) or big-endian (REG_DWORD_BIG_ENDIAN). */
export function encodeDword(value: number, bigEndian = false): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new GpregError('VALUE_BAD_DWORD', `a DWORD must be an integer from 0 to 4294967295, found ${value}`);
  }
  // Byte by byte: asking a small array for its \`.buffer\` (a DataView) moves it off the heap, which
  // cost more than the rest of reading a security template (one DWORD per security option).
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) out[bigEndian ? 3 - i : i] = (value >>> (8 * i)) & 0xff;
  return out;
}

/** A uint64 as 8 bytes, little-endian (REG_QWORD). */
export function encodeQword(value: bigint): Uint8Array {
  if (value < 0n || value > 0xffffffffffffffffn) {
    throw new GpregError('VALUE_BAD_QWORD', `a QWORD must be an integer from 0 to 2^64-1, found ${value}`);
  }
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, value, true);
  return out;
}

/** The natural typed view of raw data for a type code; wrong-sized numbers fall back to bytes. */
export function decodeValue(type: number, data: Uint8Array): TypedValue {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  switch (type) {
    case RegType.REG_SZ:
    case RegType.REG_EXPAND_SZ:
    case RegType.REG_LINK:
      return { kind: 'string', value: decodeString(data) };
    case RegType.REG_MULTI_SZ:
      return { kind: 'strings', value: decodeMultiString(data) };
    case RegType.REG_DWORD:
    case RegType.REG_DWORD_BIG_ENDIAN:
      if (data.length === 4) return { kind: 'number', value: view.getUint32(0, type === RegType.REG_DWORD) };
      break;
    case RegType.REG_QWORD:
      if (data.length === 8) return { kind: 'bigint', value: view.getBigUint64(0, true) };
      break;
  }
  return { kind: 'bytes', value: data };
}

/** Raw data for a typed value of the given type; throws `VALUE_TYPE_MISMATCH` when they do not fit. */
export function encodeValue(type: number, value: TypedValue): Uint8Array {
  const mismatch = () =>
    new GpregError('VALUE_TYPE_MISMATCH', `a ${value.kind} value cannot be stored as ${renderRegType(type)}`);
  switch (value.kind) {
    case 'bytes':
      return value.value;
    case 'string':
      if (isStringType(type)) return encodeString(value.value);
      throw mismatch();
    case 'strings':
      if (type === RegType.REG_MULTI_SZ) return encodeMultiString(value.value);
      throw mismatch();
    case 'number':
      if (type === RegType.REG_DWORD || type === RegType.REG_DWORD_BIG_ENDIAN) return encodeDword(value.value, type === RegType.REG_DWORD_BIG_ENDIAN);
      if (type === RegType.REG_QWORD) return encodeQword(BigInt(value.value));
      throw mismatch();
    case 'bigint':
      if (type === RegType.REG_QWORD) return encodeQword(value.value);
      throw mismatch();
  }
}

/**
 * A value's data from text, as its type is naturally written: a number (decimal, or hex with 0x)
 * for REG_DWORD/REG_QWORD, the text for REG_SZ/REG_EXPAND_SZ, one text per string for REG_MULTI_SZ,
 * and hex bytes (`00 ff 01`, `00,ff,01` or `00ff01`) for any other type.
 */
export function parseValueData(type: number, texts: readonly string[]): Uint8Array {
  const one = () => {
    if (texts.length !== 1) throw new GpregError('VALUE_TYPE_MISMATCH', `${renderRegType(type)} takes one value, ${texts.length} given`);
    return texts[0]!;
  };
  const number = (max: bigint) => {
    const t = one().trim();
    if (!/^(0x[0-9a-f]+|\d+)$/i.test(t) || BigInt(t) > max) throw new GpregError(max > 0xffffffffn ? 'VALUE_BAD_QWORD' : 'VALUE_BAD_DWORD', `${JSON.stringify(t)} is not a whole number from 0 to ${max} (decimal, or hex with 0x)`);
    return BigInt(t);
  };
  switch (type) {
    case RegType.REG_DWORD:
      return encodeDword(Number(number(0xffffffffn)));
    case RegType.REG_QWORD:
      return encodeQword(number(0xffffffffffffffffn));
    case RegType.REG_SZ:
    case RegType.REG_EXPAND_SZ:
      return encodeString(one());
    case RegType.REG_MULTI_SZ:
      return encodeMultiString([...texts]);
    default: {
      const hex = texts.join(' ').replace(/[\s,]+/g, '');
      if (!/^([0-9a-f]{2})*$/i.test(hex)) throw new GpregError('VALUE_TYPE_MISMATCH', `${renderRegType(type)} data is hex bytes (00 ff 01), found ${JSON.stringify(texts.join(' '))}`);
      return new Uint8Array(Buffer.from(hex, 'hex'));
    }
  }
}
