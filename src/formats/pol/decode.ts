/**
 * PReg decoder. It follows each record's `size` field and never searches for `]`: data is
 * arbitrary bytes, and after an odd-length REG_BINARY the next record sits at an odd offset.
 */

import { GpregError, hexOffset, renderBytes, type Diagnostic, type ErrorCode } from '../../errors.js';
import { hiveFromName } from '../../registry/keys.js';
import { POL_HEADER_SIZE, POL_SIGNATURE, POL_VERSION, type PolDocument, type PolRecord } from './document.js';

/** Options for {@link decodePol}. */
export interface DecodePolOptions {
  /**
   * Throw at the first problem (the default, `true`). `false` keeps going: every record that can
   * still be read is recovered, and each problem is a diagnostic. The same option, with the same
   * meaning, as `parseReg`'s and `loadBytes`'s.
   */
  strict?: boolean;
  /** The same as `strict: false` (the older name; `strict` wins when both are given). */
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

/**
 * Counts the decoder's work (internal, for tests that bound it on hostile input): errors built,
 * bytes scanned for a NUL or ';', and key or name strings made.
 */
export const DECODE_STATS = { errorsBuilt: 0, bytesScanned: 0, stringsMade: 0 };

/** The decoder's error: the code, offset and expected/found text (the message says them all). */
function decodeError(code: ErrorCode, message: string, offset: number, expected?: string, found?: string): GpregError {
  DECODE_STATS.errorsBuilt++;
  return new GpregError(code, message, { offset, expected, found });
}

/** Thrown for the header's problems (the record reader reports its own without throwing). */
function fail(code: ErrorCode, message: string, offset: number, expected?: string, found?: string): never {
  throw decodeError(code, message, offset, expected, found);
}

/** What a failed read found, kept in fields (no allocation) until the error is asked for. */
type FailKind = 'delimiter' | 'truncatedDelimiter' | 'truncatedString' | 'truncatedNumber' | 'sizeInvalid' | 'sizePastEnd';



/**
 * Finds one UTF-16LE code unit (00 00, the NUL ending a string, or 3b 00, ';'): the first at the
 * same parity as the start (records after an odd-length binary sit at odd offsets). A plain loop: a
 * native `indexOf` of 00 00 first hits the last character's high byte and the NUL's low byte, and
 * the extra calls cost more than they save. Remembers, per parity, the last answer, so lenient
 * resynchronisation (retrying at increasing offsets) stays linear on hostile input.
 */
class UnitFinder {
  private readonly from = [-1, -1];
  private readonly at = [-1, -1];
  constructor(
    private readonly bytes: Uint8Array,
    private readonly lo: number,
  ) {}

  /** Offset of the first unit at or after `start` (same parity), or -1 if none. */
  find(start: number): number {
    const p = start & 1;
    const from = this.from[p]!;
    const at = this.at[p]!;
    if (from >= 0 && start >= from && (at < 0 || start <= at)) return at;
    const b = this.bytes;
    const lo = this.lo;
    // Below a remembered start, scan only up to it: past it the answer is already known.
    const known = from >= 0 && start < from;
    const limit = known ? from : b.length - 1;
    let i = start;
    while (i < limit && (b[i] !== lo || b[i + 1] !== 0)) i += 2;
    DECODE_STATS.bytesScanned += i - start;
    const result = i < limit ? i : known ? at : -1;
    this.from[p] = start;
    this.at[p] = result;
    return result;
  }
}

/**
 * Reads records one at a time. A class rather than closures: the per-record path allocates
 * nothing but the record itself. A record's shape (delimiters, NULs, sizes) is checked before its
 * key and name become strings, so a candidate that fails while resynchronising costs no string:
 * otherwise every `[` of a long run would decode the text up to the next NUL, quadratic in it.
 */
class RecordReader {
  private pos = 0;
  private start = 0;
  /** Where the current record's key and value name end (their NUL), -1 until they are found. */
  private keyEnd = -1;
  private nameEnd = -1;
  /** Set when the key's bytes are the previous record's: its string is reused. */
  private sameKey = false;
  /** The last key read and where its bytes are: consecutive records mostly share a key. */
  private lastKey = '';
  private lastKeyAt = -1;
  private lastKeyEnd = -1;
  private readonly len: number;
  private readonly buf: Buffer;
  private readonly view: DataView;
  /**
   * One finder per role (key, value name): candidates come at increasing offsets, and so do their
   * keys' and names' starts, so each finder's queries only move forward and stay linear in total.
   * One finder shared by both would step back from a name to the next candidate's key each time.
   */
  private readonly keyNul: UnitFinder;
  private readonly nameNul: UnitFinder;
  private semicolons: [UnitFinder, UnitFinder] | undefined;
  private failKind: FailKind = 'delimiter';
  private failAt = 0;
  private failWhat = '';
  private failNumber = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly maxDataSize: number,
  ) {
    this.len = bytes.length;
    this.buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.keyNul = new UnitFinder(bytes, 0);
    this.nameNul = new UnitFinder(bytes, 0);
  }

  /** The offset just past the last record read. */
  get end(): number {
    return this.pos;
  }

  /**
   * Reads the record at `at`; undefined when it is not a readable record, with the reason in
   * {@link error}. No exception and no message is made for a failure: lenient decoding tries
   * many offsets while resynchronising, and only the reported one needs its error built.
   */
  read(at: number): PolRecord | undefined {
    this.pos = this.start = at;
    this.keyEnd = this.nameEnd = -1;
    if (!this.expect(LBRACKET, "'[' opening a record")) return undefined;
    const keyEnd = this.findKeyEnd(at + 2);
    if (keyEnd < 0) return undefined;
    this.keyEnd = keyEnd;
    this.pos = keyEnd + 2;
    if (!this.expect(SEMICOLON, "';' after the key name")) return undefined;
    const nameAt = this.pos;
    const nameEnd = this.nameNul.find(nameAt);
    if (nameEnd < 0) {
      this.setFail('truncatedString', nameAt, 'value name');
      return undefined;
    }
    this.nameEnd = nameEnd;
    this.pos = nameEnd + 2;
    if (!this.expect(SEMICOLON, "';' after the value name")) return undefined;
    const type = this.uint32('type');
    if (type === undefined || !this.expect(SEMICOLON, "';' after the type")) return undefined;
    const sizeAt = this.pos;
    const size = this.uint32('size');
    if (size === undefined || !this.expect(SEMICOLON, "';' after the size")) return undefined;
    const left = this.len - this.pos;
    if (size >= 0x80000000 || size > this.maxDataSize) {
      this.setFail('sizeInvalid', sizeAt, 'size', size);
      return undefined;
    }
    if (size > left) {
      this.setFail('sizePastEnd', sizeAt, 'size', size);
      return undefined;
    }
    // A view, not a copy (and without subarray's species lookup): decoding allocates no data.
    const data = new Uint8Array(this.bytes.buffer, this.bytes.byteOffset + this.pos, size);
    this.pos += size;
    if (!this.expect(RBRACKET, "']' closing the record")) return undefined;
    const key = this.keyText(at + 2, keyEnd);
    const name = this.buf.toString('utf16le', nameAt, nameEnd);
    DECODE_STATS.stringsMade++;
    return { offset: at, key, name, type, size, data };
  }

  /**
   * Why the last {@link read} failed, as the error to report (built only now). A key or name that
   * ran over a ';' most likely lost its NUL: that is reported rather than the confusing failure
   * further on (a truncated file is reported as such).
   */
  error(): GpregError {
    const kind = this.failKind;
    if (kind === 'delimiter' || kind === 'sizeInvalid' || kind === 'sizePastEnd') {
      const [keySemi, nameSemi] = (this.semicolons ??= [new UnitFinder(this.bytes, SEMICOLON), new UnitFinder(this.bytes, SEMICOLON)]);
      const inKey = this.keyEnd >= 0 ? keySemi.find(this.start + 2) : -1;
      if (inKey >= 0 && inKey < this.keyEnd) return this.unterminated('key name', inKey);
      const inName = this.nameEnd >= 0 ? nameSemi.find(this.keyEnd + 4) : -1;
      if (inName >= 0 && inName < this.nameEnd) return this.unterminated('value name', inName);
    }
    return this.failError(kind);
  }

  private unterminated(what: string, at: number): GpregError {
    return decodeError('POL_UNTERMINATED_STRING', `record at ${hexOffset(this.start)}: the ${what} has no terminating NUL before ';' (read on, the record fails: ${this.failError(this.failKind).message})`, at, 'a NUL (00 00)', "';' (3b 00)");
  }

  /** The error of the last failed read, message and shown bytes included. */
  private failError(kind: FailKind): GpregError {
    const { failAt: p, failWhat: what, failNumber: n, start, bytes, len } = this;
    const at = hexOffset(start);
    switch (kind) {
      case 'truncatedDelimiter':
        return decodeError('POL_TRUNCATED', `record at ${at}: file ends before ${what}`, p, DELIMITER_TEXT.get(n), renderBytes(bytes, p, 2));
      case 'delimiter':
        return decodeError('POL_MISSING_DELIMITER', `record at ${at}: no ${what}`, p, DELIMITER_TEXT.get(n), renderBytes(bytes, p, 2));
      case 'truncatedString':
        return decodeError('POL_TRUNCATED', `record at ${at}: file ends inside the ${what} that starts at ${hexOffset(p)}`, len, 'a terminating NUL (00 00)', 'end of file');
      case 'truncatedNumber':
        return decodeError('POL_TRUNCATED', `record at ${at}: file ends inside the ${what}`, p, '4 bytes', renderBytes(bytes, p, 4));
      case 'sizeInvalid':
        return decodeError('POL_SIZE_INVALID', `record at ${at}: data size 0x${n.toString(16)} is not plausible (no registry value is that large)`, p, `a size of at most ${this.maxDataSize} bytes`, '0x' + n.toString(16));
      case 'sizePastEnd':
        return decodeError('POL_SIZE_PAST_END', `record at ${at}: data runs past the end of the file`, p, `a size of at most ${len - p - 6} (the bytes left)`, String(n));
    }
  }

  /** Records a failure in the fields (read returns undefined after it). */
  private setFail(kind: FailKind, at: number, what: string, n = 0): void {
    this.failKind = kind;
    this.failAt = at;
    this.failWhat = what;
    this.failNumber = n;
  }

  private expect(d: number, what: string): boolean {
    const p = this.pos;
    if (p + 2 > this.len) {
      this.setFail('truncatedDelimiter', p, what, d);
      return false;
    }
    if (this.bytes[p] !== d || this.bytes[p + 1] !== 0) {
      this.setFail('delimiter', p, what, d);
      return false;
    }
    this.pos = p + 2;
    return true;
  }

  /**
   * Where the key that starts at `p` ends (its NUL), or -1 with the failure recorded. Consecutive records
   * mostly share a key, so the previous key's bytes are tried first: when they match and a NUL
   * follows, no scan is needed, and {@link keyText} reuses the string.
   */
  private findKeyEnd(p: number): number {
    const q = this.lastKeyAt;
    const n = this.lastKeyEnd - q;
    const b = this.bytes;
    this.sameKey = false;
    if (q >= 0 && p + n + 1 < this.len && b[p + n] === 0 && b[p + n + 1] === 0) {
      // Backwards, four bytes at a time (DataView reads any alignment): sibling keys share long
      // prefixes and differ at the end.
      const v = this.view;
      let i = n - 4;
      while (i >= 0 && v.getUint32(p + i, true) === v.getUint32(q + i, true)) i -= 4;
      if (i < 0) while (i > -4 && b[p + i + 3] === b[q + i + 3]) i--;
      if (i <= -4) {
        this.sameKey = true;
        return p + n;
      }
    }
    const end = this.keyNul.find(p);
    if (end < 0) this.setFail('truncatedString', p, 'key name');
    return end;
  }

  /** The key's string (bytes `from..to`), reused when it is the previous record's. */
  private keyText(from: number, to: number): string {
    if (this.sameKey) return this.lastKey;
    DECODE_STATS.stringsMade++;
    this.lastKey = this.buf.toString('utf16le', from, to);
    this.lastKeyAt = from;
    this.lastKeyEnd = to;
    return this.lastKey;
  }

  private uint32(what: string): number | undefined {
    const p = this.pos;
    if (p + 4 > this.len) {
      this.setFail('truncatedNumber', p, what);
      return undefined;
    }
    this.pos = p + 4;
    return this.view.getUint32(p, true);
  }
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
  const diagnostics: Diagnostic[] = [];
  const records: PolRecord[] = [];
  const scan = new PolScanner(input, { ...options, diagnostics });
  for (let r = scan.next(); r !== undefined; r = scan.next()) records.push(r);
  return { version: scan.version, records, diagnostics };
}

/** Options for {@link polRecords}. */
export interface PolRecordsOptions extends DecodePolOptions {
  /** Where problems go (lenient) and warnings about records; a new array when absent. */
  diagnostics?: Diagnostic[];
}

/**
 * Reads a Registry.pol one record at a time: a generator over the same reader as
 * {@link decodePol}, for files too large to hold as one document, or to stop early. The
 * generator's return value is the header's version. Strict by default (throws at the first bad
 * record, after yielding the good ones before it); with `lenient: true` problems go to
 * `options.diagnostics` and reading resumes at the next readable record.
 *
 * @example
 * for (const r of polRecords(bytes)) if (r.key.startsWith('Software\\Policies\\Microsoft\\Edge')) console.log(r.name);
 */
export function* polRecords(input: Uint8Array, options: PolRecordsOptions = {}): Generator<PolRecord, number, undefined> {
  const scan = new PolScanner(input, options);
  for (let r = scan.next(); r !== undefined; r = scan.next()) yield r;
  return scan.version;
}

/**
 * The reader behind {@link polRecords} and {@link decodePol}: the header, then one record per
 * `next()`. A class, not the generator itself, so that `decodePol` collects the records without a
 * generator step per record.
 */
class PolScanner {
  /** The header's version (1 when the header could not be read). */
  version = POL_VERSION;
  private readonly lenient: boolean;
  private readonly bytes: Uint8Array;
  private readonly diagnostics: Diagnostic[];
  private readonly reader: RecordReader;
  private pos = POL_HEADER_SIZE;
  private done = false;

  constructor(input: Uint8Array, options: PolRecordsOptions) {
    this.lenient = options.strict !== undefined ? !options.strict : (options.lenient ?? false);
    const maxDataSize = Math.min(options.maxDataSize ?? 0x7fffffff, 0x7fffffff);
    const bytes = (this.bytes = input);
    this.diagnostics = options.diagnostics ?? [];
    this.reader = new RecordReader(bytes, maxDataSize);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.length === 0) {
      this.guard(() => fail('POL_EMPTY', 'empty file: a Registry.pol is at least the 8-byte header 50 52 65 67 01 00 00 00', 0, "'PReg' (50 52 65 67)", 'end of file'));
      this.done = true;
      return;
    }
    const headerOk = this.guard(() => {
      if (bytes.length < 4 || view.getUint32(0, true) !== POL_SIGNATURE) {
        fail('POL_BAD_SIGNATURE', 'not a Registry.pol file: bad signature', 0, "'PReg' (50 52 65 67)", renderBytes(bytes, 0, 4));
      }
      if (bytes.length < POL_HEADER_SIZE) {
        fail('POL_TRUNCATED', 'file ends inside the header', 4, 'a 4-byte version', renderBytes(bytes, 4, 4));
      }
    });
    if (!headerOk && bytes.length < POL_HEADER_SIZE) {
      this.done = true;
      return;
    }
    const version = (this.version = view.getUint32(4, true));
    if (version !== POL_VERSION) {
      this.guard(() => fail('POL_BAD_VERSION', `unsupported PReg version ${version} (Windows reads only version 1)`, 4, '01 00 00 00', renderBytes(bytes, 4, 4)));
    }
  }

  private problem(e: GpregError): void {
    if (!this.lenient) {
      throw new GpregError(e.code, e.reason, { offset: e.offset, expected: e.expected, found: e.found, diagnostics: this.diagnostics });
    }
    this.diagnostics.push(e.toDiagnostic());
  }

  private guard(f: () => void): boolean {
    try {
      f();
      return true;
    } catch (e) {
      if (!(e instanceof GpregError)) throw e;
      this.problem(e);
      return false;
    }
  }

  /** The next record, or undefined at the end (or, lenient, when nothing more can be read). */
  next(): PolRecord | undefined {
    const { bytes, reader } = this;
    const pos = this.pos;
    if (this.done || pos >= bytes.length) return undefined;
    if (pos + 1 === bytes.length) {
      this.guard(() => fail('POL_TRAILING_BYTE', 'one odd byte after the last record', pos, "a record '[' (5b 00) or end of file", renderBytes(bytes, pos, 1)));
      this.done = true;
      return undefined;
    }
    let record = reader.read(pos);
    if (!record) {
      this.problem(reader.error());
      // Lenient: resynchronise at the next '[' that starts a readable record. The candidates
      // that fail cost no exception and no message.
      for (let next = nextBracket(bytes, pos + 1); next >= 0 && !record; next = nextBracket(bytes, next + 1)) record = reader.read(next);
      if (!record) {
        this.done = true;
        return undefined;
      }
      this.diagnostics.push({ severity: 'warning', code: 'POL_SKIPPED_BYTES', message: `skipped ${record.offset - pos} bytes from ${hexOffset(pos)} to resume at the record at ${hexOffset(record.offset)}`, offset: pos });
    }
    checkRecord(record, this.diagnostics);
    this.pos = reader.end;
    return record;
  }
}
