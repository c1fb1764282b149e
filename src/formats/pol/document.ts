/** The lossless in-memory form of a Registry.pol file. */

import type { Diagnostic } from '../../errors.js';

/** One `[key;name;type;size;data]` record, exactly as the file holds it. */
export interface PolRecord {
  /** Byte offset of the record's `[` in the file it was read from (-1 for records made in memory). */
  offset: number;
  /** The key path below the hive (a `.pol` carries no hive). */
  key: string;
  /** The value name, special names (`**del.X`) included as written. */
  name: string;
  /** The type code, any uint32. */
  type: number;
  /** The data size in bytes; always `data.length`. */
  size: number;
  /** The raw data bytes (a view into the input when decoded). */
  data: Uint8Array;
}

/** A decoded Registry.pol: header version, records in file order, and what the reader noticed. */
export interface PolDocument {
  /** The header's version field; 1 for every file Windows reads. */
  version: number;
  records: PolRecord[];
  /** Warnings (strict mode) or every problem met (lenient mode). Not written by `encodePol`. */
  diagnostics: Diagnostic[];
}

/** The PReg signature, `PReg` in ASCII. */
export const POL_SIGNATURE = 0x67655250;
/** The only version Windows writes and reads. */
export const POL_VERSION = 1;
/** Size of the header: signature and version, both uint32 LE. */
export const POL_HEADER_SIZE = 8;

/** A record made in memory (offset -1, size from the data). */
export function polRecord(key: string, name: string, type: number, data: Uint8Array): PolRecord {
  return { offset: -1, key, name, type, size: data.length, data };
}
