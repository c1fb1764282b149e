/** PReg encoder: the exact inverse of `decodePol` for every record it accepts. */

import { GpregError } from '../../errors.js';
import { POL_HEADER_SIZE, POL_SIGNATURE, type PolDocument, type PolRecord } from './document.js';

/**
 * Below this many characters or bytes a plain loop beats the native copy (most names, DWORD and
 * QWORD data): the call into the runtime costs more than the copy.
 */
const SMALL = 32;

/** Writes `s` as UTF-16LE at `pos`; returns the offset after it. */
function writeUtf16(out: Buffer, s: string, pos: number): number {
  if (s.length > SMALL) return pos + out.write(s, pos, 'utf16le');
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[pos++] = c & 0xff;
    out[pos++] = c >>> 8;
  }
  return pos;
}

/** Bytes one record takes: `[` key NUL `;` name NUL `;` type `;` size `;` data `]`. */
function recordSize(r: PolRecord): number {
  return 2 + 2 * (r.key.length + 1) + 2 + 2 * (r.name.length + 1) + 2 + 4 + 2 + 4 + 2 + r.data.length + 2;
}

/** Throws for a record no file could hold. `keyChecked`: the key is the previous record's, already checked. */
function check(r: PolRecord, index: number, keyChecked: boolean): void {
  const where = () => `record ${index + 1} (${JSON.stringify(r.key)}, ${JSON.stringify(r.name)})`;
  if ((!keyChecked && r.key.includes('\0')) || r.name.includes('\0')) {
    throw new GpregError('POL_NUL_IN_NAME', `${where()}: a key or value name cannot hold a NUL: the file would end the name there`);
  }
  if (!Number.isInteger(r.type) || r.type < 0 || r.type > 0xffffffff) {
    throw new GpregError('POL_BAD_TYPE', `${where()}: type must be an integer from 0 to 4294967295, found ${r.type}`);
  }
  if (r.size !== r.data.length) {
    throw new GpregError('POL_SIZE_MISMATCH', `${where()}: size says ${r.size} bytes but the data holds ${r.data.length}`);
  }
}

/**
 * Encodes a document as Registry.pol bytes: the `PReg` header with the document's version, then
 * every record in order. Throws `POL_NUL_IN_NAME`, `POL_BAD_TYPE` or `POL_SIZE_MISMATCH` for records
 * no file could hold.
 *
 * @example
 * fs.writeFileSync('Registry.pol', encodePol(decodePol(bytes))); // same bytes back
 */
export function encodePol(doc: Pick<PolDocument, 'records'> & { version?: number }): Uint8Array {
  let total = POL_HEADER_SIZE;
  let prevKey: string | undefined;
  for (let i = 0; i < doc.records.length; i++) {
    const r = doc.records[i]!;
    check(r, i, r.key === prevKey);
    prevKey = r.key;
    total += recordSize(r);
  }
  const out = Buffer.allocUnsafe(total);
  out.writeUInt32LE(POL_SIGNATURE, 0);
  out.writeUInt32LE(doc.version ?? 1, 4);
  let pos = POL_HEADER_SIZE;
  // Consecutive records mostly share a key: copy its bytes from the previous record.
  let lastKey: string | undefined;
  let lastKeyAt = 0;
  for (const r of doc.records) {
    out[pos++] = 0x5b;
    out[pos++] = 0;
    if (r.key === lastKey) {
      out.copyWithin(pos, lastKeyAt, lastKeyAt + 2 * r.key.length);
      pos += 2 * r.key.length;
    } else {
      lastKey = r.key;
      lastKeyAt = pos;
      pos += out.write(r.key, pos, 'utf16le');
    }
    out[pos++] = 0;
    out[pos++] = 0;
    out[pos++] = 0x3b;
    out[pos++] = 0;
    pos = writeUtf16(out, r.name, pos);
    out[pos++] = 0;
    out[pos++] = 0;
    out[pos++] = 0x3b;
    out[pos++] = 0;
    out.writeUInt32LE(r.type, pos);
    pos += 4;
    out[pos++] = 0x3b;
    out[pos++] = 0;
    out.writeUInt32LE(r.data.length, pos);
    pos += 4;
    out[pos++] = 0x3b;
    out[pos++] = 0;
    const data = r.data;
    if (data.length <= SMALL) for (let j = 0; j < data.length; j++) out[pos + j] = data[j]!;
    else out.set(data, pos);
    pos += data.length;
    out[pos++] = 0x5d;
    out[pos++] = 0;
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
