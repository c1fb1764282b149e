/** Lowercase hex ⇄ bytes, the form every gpreg JSON document uses for raw data. */

import { GpregError } from '../errors.js';

/** Bytes as lowercase hex without separators (`01000000`). */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Bytes as lowercase hex pairs separated by spaces (`01 00 00 00`), for people. */
export function toSpacedHex(bytes: Uint8Array): string {
  return toHex(bytes).replace(/(..)(?!$)/g, '$1 ');
}

/** Parses hex without separators; throws `JSON_BAD_HEX` on odd length or a non-hex character. */
export function fromHex(text: string, where = 'data'): Uint8Array {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) {
    throw new GpregError('JSON_BAD_HEX', `${where}: expected an even number of hex digits, found ${JSON.stringify(text.slice(0, 40))}`);
  }
  return new Uint8Array(Buffer.from(text, 'hex'));
}
