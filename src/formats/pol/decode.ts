/**
 * PReg decoder. It follows each record's `size` field and never searches for `]`: data is
 * arbitrary bytes, and after an odd-length REG_BINARY the next record sits at an odd offset.
 */

import { GpregError, hexOffset, showBytes, type Diagnostic } from '../../errors.js';
import { hiveFromName } from '../../registry/keys.js';
import { POL_HEADER_SIZE, POL_SIGNATURE, POL_VERSION, type PolDocument, type PolRecord } from './document.js';

/** Options for {@link decodePol}. */
export interface DecodePolOptions {
  /**
   * Keep going after a problem: recover every record that can still be read, and report each
   * problem as a diagnostic instead of throwing. Default `false` (strict).
   */
  lenient?: boolean;
  /**
   * The largest data size accepted for one record, in bytes. Default 0x7fffffff. A size field at
   * or above 0x80000000 (negative as a signed int, like 0xffffffff) is always rejected: no file
   * Windows reads holds such a value, and it is the classic sign of a corrupt or hostile file.
   */
  maxDataSize?: number;
}

const LBRACKET = 0x5b;
const SEMICOLON = 0x3b;
const RBRACKET = 0x5d;
/** Registry limits (MSDN "Registry Element Size Limits"): past these, Windows cannot store the name. */
const MAX_KEY_COMPONENT = 255;
const MAX_VALUE_NAME = 16383;

const DELIMITER_TEXT = new Map<number, string>([
  [LBRACKET, "'[' (5b 00)"],
  [SEMICOLON, "';' (3b 00)"],
  [RBRACKET, "']' (5d 00)"],
]);

/** Thrown inside the decoder; carries the code, offset and expected/found text. */
function fail(code: string, message: string, offset: number, expected?: string, found?: string): never {
  const full = expected ? `${message}: expected ${expected} at offset ${hexOffset(offset)}, found ${found}` : `${message} (offset ${hexOffset(offset)})`;
  throw new GpregError(code, full, { offset, expected, found });
}

/**
 * Finds NUL-terminated UTF-16LE strings. Remembers, per byte parity, the last NUL it found, so that
 * lenient resynchronisation (which retries at increasing offsets) stays linear on hostile input.
 */
class NulFinder {
  private readonly from = [-1, -1];
  private readonly at = [-1, -1];
  constructor(private readonly bytes: Uint8Array) {}

  /** Offset of the first 00 00 code unit at or after `start` (same parity), or -1 if none. */
  find(start: number): number {
    const p = start & 1;
    const from = this.from[p]!;
    const at = this.at[p]!;
    if (from >= 0 && start >= from && (at < 0 || start <= at)) return at;
    const b = this.bytes;
    const limit = from >= 0 && start < from ? from : b.length - 1;
    let i = start;
    for (; i < limit; i += 2) {
      if (b[i] === 0 && b[i + 1] === 0) break;
    }
    let result: number;
    if (i < limit) result = i;
    else if (from >= 0 && start < from) result = at;
    else result = -1;
    this.from[p] = start;
    this.at[p] = result;
    return result;
  }
}

/** Reads one record at `pos`, or throws. Returns the record and the offset just past it. */
function readRecord(
  bytes: Uint8Array,
  buf: Buffer,
  view: DataView,
  nul: NulFinder,
  pos: number,
  maxDataSize: number,
): PolRecord {
  const len = bytes.length;
  const start = pos;
  // Remembers where a key or name ran over a ';' before its NUL: if the record then fails to
  // parse, the likely cause is that string's missing NUL, and the error says so.
  let semicolonInString = -1;
  let stringWhat = '';

  const expectDelimiter = (d: number, what: string) => {
    if (pos + 2 > len) {
      fail('POL_TRUNCATED', `record at ${hexOffset(start)}: file ends before ${what}`, pos, DELIMITER_TEXT.get(d), showBytes(bytes, pos, 2));
    }
    if (bytes[pos] !== d || bytes[pos + 1] !== 0) {
      fail('POL_MISSING_DELIMITER', `record at ${hexOffset(start)}: no ${what}`, pos, DELIMITER_TEXT.get(d), showBytes(bytes, pos, 2));
    }
    pos += 2;
  };
  const readString = (what: string): string => {
    const end = nul.find(pos);
    if (end < 0) {
      fail('POL_TRUNCATED', `record at ${hexOffset(start)}: file ends inside the ${what} that starts at ${hexOffset(pos)}`, len, 'a terminating NUL (00 00)', 'end of file');
    }
    const s = buf.toString('utf16le', pos, end);
    if (semicolonInString < 0) {
      const semi = s.indexOf(';');
      if (semi >= 0) {
        semicolonInString = pos + 2 * semi;
        stringWhat = what;
      }
    }
    pos = end + 2;
    return s;
  };
  const readUint32 = (what: string): number => {
    if (pos + 4 > len) {
      fail('POL_TRUNCATED', `record at ${hexOffset(start)}: file ends inside the ${what}`, pos, '4 bytes', showBytes(bytes, pos, 4));
    }
    const v = view.getUint32(pos, true);
    pos += 4;
    return v;
  };

  try {
    expectDelimiter(LBRACKET, "'[' opening a record");
    const key = readString('key name');
    expectDelimiter(SEMICOLON, "';' after the key name");
    const name = readString('value name');
    expectDelimiter(SEMICOLON, "';' after the value name");
    const type = readUint32('type');
    expectDelimiter(SEMICOLON, "';' after the type");
    const sizeAt = pos;
    const size = readUint32('size');
    expectDelimiter(SEMICOLON, "';' after the size");
    if (size >= 0x80000000 || size > maxDataSize) {
      fail('POL_SIZE_INVALID', `record at ${hexOffset(start)}: data size 0x${size.toString(16)} is not plausible (no registry value is that large)`, sizeAt, `a size of at most ${maxDataSize} bytes`, '0x' + size.toString(16));
    }
    if (pos + size > len) {
      fail('POL_SIZE_PAST_END', `record at ${hexOffset(start)}: data runs past the end of the file`, sizeAt, `a size of at most ${len - pos} (the bytes left)`, String(size));
    }
    const data = bytes.subarray(pos, pos + size);
    pos += size;
    expectDelimiter(RBRACKET, "']' closing the record");
    return { offset: start, key, name, type, size, data };
  } catch (e) {
    if (semicolonInString >= 0 && e instanceof GpregError && e.code !== 'POL_TRUNCATED') {
      fail('POL_UNTERMINATED_STRING', `record at ${hexOffset(start)}: the ${stringWhat} has no terminating NUL before ';' (read on, the record fails: ${e.message})`, semicolonInString, 'a NUL (00 00)', "';' (3b 00)");
    }
    throw e;
  }
}

/** The position just past a record that {@link readRecord} returned. */
function recordEnd(r: PolRecord): number {
  return r.offset + 2 + 2 * (r.key.length + 1) + 2 + 2 * (r.name.length + 1) + 2 + 4 + 2 + 4 + 2 + r.size + 2;
}

/** Warnings for things Windows accepts in a file but that are known to cause trouble. */
function checkRecord(r: PolRecord, diagnostics: Diagnostic[]): void {
  const first = r.key.charCodeAt(0);
  if (first === 0x48 || first === 0x68) {
    const root = r.key.split('\\', 1)[0]!;
    if (hiveFromName(root)) {
      diagnostics.push({
        severity: 'warning',
        code: 'POL_KEY_HAS_HIVE',
        message: `key ${JSON.stringify(r.key)} starts with the hive name ${root}: a .pol key is relative to its hive, and such keys have broken Group Policy processing`,
        offset: r.offset,
      });
    }
  }
  if (r.key.length > MAX_KEY_COMPONENT && r.key.split('\\').some((c) => c.length > MAX_KEY_COMPONENT)) {
    diagnostics.push({ severity: 'warning', code: 'POL_KEY_TOO_LONG', message: `a component of key ${JSON.stringify(r.key.slice(0, 60) + '…')} is longer than the registry's ${MAX_KEY_COMPONENT} characters`, offset: r.offset });
  }
  if (r.name.length > MAX_VALUE_NAME) {
    diagnostics.push({ severity: 'warning', code: 'POL_NAME_TOO_LONG', message: `value name of ${r.name.length} characters is longer than the registry's ${MAX_VALUE_NAME}`, offset: r.offset });
  }
}

/** Finds the next offset after `from` that holds a `[` code unit (any parity), or -1. */
function nextBracket(bytes: Uint8Array, from: number): number {
  for (let i = bytes.indexOf(LBRACKET, from); i >= 0; i = bytes.indexOf(LBRACKET, i + 1)) {
    if (i + 1 < bytes.length && bytes[i + 1] === 0) return i;
  }
  return -1;
}

/**
 * Decodes a Registry.pol file into its header version and records, losslessly: `encodePol` gives
 * back the same bytes for every well-formed file.
 *
 * Strict by default: a bad signature, a version other than 1, a truncated record, a size past the
 * end, a missing delimiter, an unterminated name or an odd trailing byte throws a
 * {@link GpregError} with a stable code and the byte offset. With `lenient: true` it never throws
 * for bad input; it returns what it recovered and lists every problem in `diagnostics`.
 *
 * @example
 * const doc = decodePol(fs.readFileSync('Machine/Registry.pol'));
 * for (const r of doc.records) console.log(r.key, r.name, r.type);
 */
export function decodePol(input: Uint8Array, options: DecodePolOptions = {}): PolDocument {
  const lenient = options.lenient ?? false;
  const maxDataSize = Math.min(options.maxDataSize ?? 0x7fffffff, 0x7fffffff);
  const bytes = input;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const diagnostics: Diagnostic[] = [];
  const records: PolRecord[] = [];

  const problem = (e: GpregError): void => {
    if (!lenient) {
      throw new GpregError(e.code, e.message, { offset: e.offset, expected: e.expected, found: e.found, diagnostics });
    }
    diagnostics.push(e.toDiagnostic());
  };
  const guard = (f: () => void): boolean => {
    try {
      f();
      return true;
    } catch (e) {
      if (!(e instanceof GpregError)) throw e;
      problem(e);
      return false;
    }
  };

  // Header.
  let version = POL_VERSION;
  if (bytes.length === 0) {
    guard(() => fail('POL_EMPTY', 'empty file: a Registry.pol is at least the 8-byte header 50 52 65 67 01 00 00 00', 0, "'PReg' (50 52 65 67)", 'end of file'));
    return { version, records, diagnostics };
  }
  const headerOk = guard(() => {
    if (bytes.length < 4 || view.getUint32(0, true) !== POL_SIGNATURE) {
      fail('POL_BAD_SIGNATURE', 'not a Registry.pol file: bad signature', 0, "'PReg' (50 52 65 67)", showBytes(bytes, 0, 4));
    }
    if (bytes.length < POL_HEADER_SIZE) {
      fail('POL_TRUNCATED', 'file ends inside the header', 4, 'a 4-byte version', showBytes(bytes, 4, 4));
    }
  });
  if (!headerOk && bytes.length < POL_HEADER_SIZE) return { version, records, diagnostics };
  version = view.getUint32(4, true);
  if (version !== POL_VERSION) {
    guard(() => fail('POL_BAD_VERSION', `unsupported PReg version ${version} (Windows reads only version 1)`, 4, '01 00 00 00', showBytes(bytes, 4, 4)));
  }

  // Records.
  const nul = new NulFinder(bytes);
  let pos = POL_HEADER_SIZE;
  while (pos < bytes.length) {
    if (pos + 1 === bytes.length) {
      guard(() => fail('POL_TRAILING_BYTE', 'one odd byte after the last record', pos, "a record '[' (5b 00) or end of file", showBytes(bytes, pos, 1)));
      break;
    }
    let record: PolRecord | undefined;
    try {
      record = readRecord(bytes, buf, view, nul, pos, maxDataSize);
    } catch (e) {
      if (!(e instanceof GpregError)) throw e;
      problem(e);
      // Lenient: resynchronise at the next '[' that starts a readable record.
      let next = nextBracket(bytes, pos + 1);
      while (next >= 0) {
        try {
          record = readRecord(bytes, buf, view, nul, next, maxDataSize);
          break;
        } catch (e2) {
          if (!(e2 instanceof GpregError)) throw e2;
          next = nextBracket(bytes, next + 1);
        }
      }
      if (!record) break;
      diagnostics.push({ severity: 'warning', code: 'POL_SKIPPED_BYTES', message: `skipped ${record.offset - pos} bytes from ${hexOffset(pos)} to resume at the record at ${hexOffset(record.offset)}`, offset: pos });
    }
    checkRecord(record, diagnostics);
    records.push(record);
    pos = recordEnd(record);
  }
  return { version, records, diagnostics };
}
