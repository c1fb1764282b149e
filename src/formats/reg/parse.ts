/**
 * `.reg` parser that gives every line the meaning regedit gives it (Wine's `regproc.c` is the open
 * description; its tests pass on Windows). What regedit ignores or rejects becomes a diagnostic
 * with line, column and a stable code, so an audit tells what an import will really do.
 */

import { GpregError, type Diagnostic, type ErrorCode } from '../../errors.js';
import { trimKeyPath, type HiveName } from '../../registry/keys.js';
import type { RegOp } from '../../registry/ops.js';
import { RegType } from '../../registry/types.js';
import { decodeAnsi, decodeRegBytes, DEFAULT_CODE_PAGE, type RegEncoding } from './encoding.js';

/** Which grammar the header selects. `REGEDIT` is the Windows 3.1 form (HKEY_CLASSES_ROOT lines only). */
export type RegHeaderKind = '5.00' | 'REGEDIT4' | 'REGEDIT';

/**
 * One thing the file does, with the line it starts on. The operation is what regedit does there:
 * `createKey` for a `[KEY]` line, `deleteKey` for `[-KEY]`, `set` for a value, `deleteValue` for `=-`.
 */
export interface RegStatement {
  line: number;
  /** The last line, when the statement runs over several (a hex value with `,\` continuations). */
  endLine?: number;
  op: RegOp;
}

/** A parsed `.reg` file. */
export interface RegDocument {
  header: RegHeaderKind;
  /**
   * False when regedit rejects the header and imports nothing (trailing text after it, a
   * `REGEDIT…` variant). The statements then say what the file would do with the header fixed;
   * `regToOps` gives no operations, because an import does nothing.
   */
  accepted: boolean;
  encoding: RegEncoding;
  statements: RegStatement[];
  diagnostics: Diagnostic[];
  /**
   * The `; gpreg: …` comments gpreg writes where a `.reg` cannot say what a `.pol` said (with their
   * lines), so a file gpreg wrote can be converted back exactly. Other comments are not kept.
   */
  gpregNotes?: Array<{ line: number; text: string }>;
  /**
   * Set when the file ends inside a hex value continued with `,\\`: the line and column of that last
   * backslash. regedit keeps the bytes read, but any line added after the file would end the value
   * as invalid and be swallowed with it, so an edit first ends the value there.
   */
  openValue?: { line: number; column: number };
  /**
   * The line where regedit stops the import (`[-HKEY_LOCAL_MACHINE]`, a one-byte string value that
   * crashes Wine's regedit): nothing after it is imported. Its diagnostic has the same line.
   */
  stoppedAt?: number;
}

/** Options for {@link parseReg}. */
export interface ParseRegOptions {
  /** Code page for files without the UTF-16LE BOM (default windows-1252); `utf-8` reads UTF-8 text regedit would reject. */
  codePage?: string;
  /** Throw at the first problem instead of reporting it. Default `false`: keep going like regedit and report. */
  strict?: boolean;
}

const HEADER_50 = 'Windows Registry Editor Version 5.00';
const HEADER_40 = 'REGEDIT4';
const HEADER_31 = 'REGEDIT';

/** Roots regedit accepts in key lines: full names only, any case. HKEY_DYN_DATA parses but cannot be opened on NT. */
const ROOTS = new Map<string, HiveName | null>([
  ['HKEY_LOCAL_MACHINE', 'HKEY_LOCAL_MACHINE'],
  ['HKEY_USERS', 'HKEY_USERS'],
  ['HKEY_CLASSES_ROOT', 'HKEY_CLASSES_ROOT'],
  ['HKEY_CURRENT_CONFIG', 'HKEY_CURRENT_CONFIG'],
  ['HKEY_CURRENT_USER', 'HKEY_CURRENT_USER'],
  ['HKEY_DYN_DATA', null],
]);
const ABBREVIATED = /^(HKLM|HKCU|HKU|HKCR|HKCC)(\\|$)/i;

const isBlank = (c: number) => c === 0x20 || c === 0x09;
/** Hex digit values by character code, -1 for anything else (a table: this runs once per data byte). */
const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX['0123456789abcdef'.charCodeAt(i)] = i;
  HEX['0123456789ABCDEF'.charCodeAt(i)] = i;
}
const hexDigit = (c: number): number => (c < 128 ? HEX[c]! : -1);
const isHexDigit = (c: number) => hexDigit(c) >= 0;
/** The white space C's `wcstoul` skips. */
const isCSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);

function skipBlanks(s: string, i: number): number {
  while (i < s.length && isBlank(s.charCodeAt(i))) i++;
  return i;
}

/** True when only blanks, or blanks then a `;` comment, remain from `i`. */
function restIsComment(s: string, i: number): boolean {
  i = skipBlanks(s, i);
  return i >= s.length || s.charCodeAt(i) === 0x3b;
}

/**
 * C's `wcstoul(s + i, &end, 16)`: leading white space, an optional sign, an optional 0x prefix,
 * then hex digits. Returns the value (negated modulo 2^32 for '-'), where parsing ended (`i` when
 * there were no digits), and whether it overflowed.
 */
function wcstoul16(s: string, i: number): { value: number; end: number; overflow: boolean } {
  let p = i;
  while (p < s.length && isCSpace(s.charCodeAt(p))) p++;
  let negative = false;
  if (s[p] === '+' || s[p] === '-') {
    negative = s[p] === '-';
    p++;
  }
  if (s[p] === '0' && (s[p + 1] === 'x' || s[p + 1] === 'X') && isHexDigit(s.charCodeAt(p + 2))) p += 2;
  const digits = p;
  let value = 0;
  let overflow = false;
  while (p < s.length && isHexDigit(s.charCodeAt(p))) {
    value = value * 16 + hexDigit(s.charCodeAt(p));
    if (value > 0xffffffff) overflow = true;
    p++;
  }
  if (p === digits) return { value: 0, end: i, overflow: false };
  if (overflow) return { value: 0xffffffff, end: p, overflow: true };
  return { value: negative && value !== 0 ? 0x100000000 - value : value, end: p, overflow: false };
}

/**
 * Unescapes a quoted name or string starting just after its opening quote, up to the first
 * unescaped quote. Returns undefined when there is none (regedit ignores the line).
 */
function unescapeQuoted(s: string, start: number, warn: (col: number, msg: string, code: ErrorCode) => void): { text: string; end: number; plain: boolean } | { invalid: string; col: number } {
  let out = '';
  let run = start;
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) return { text: out + s.slice(run, i), end: i + 1, plain: run === start };
    if (c !== 0x5c) continue;
    out += s.slice(run, i);
    const e = s[i + 1];
    if (e === undefined) return { invalid: 'a backslash ends the line inside quotes', col: i + 1 };
    if (e === '\\' || e === '"') out += e;
    else if (e === 'n') out += '\n';
    else if (e === 'r') out += '\r';
    else if (e === '0') return { invalid: '\\0 inside quotes: regedit rejects the line', col: i + 1 };
    else {
      warn(i + 1, `unknown escape \\${e}: regedit keeps "${e}"`, 'REG_UNKNOWN_ESCAPE');
      out += e;
    }
    i++;
    run = i + 1;
  }
  return { invalid: 'no closing quote', col: s.length + 1 };
}

/**
 * Hands out data arrays from shared blocks: one view per value instead of one small buffer each,
 * which matters for exports of hundreds of MB. Blocks start at 4 KiB and double up to 1 MiB, so a
 * small file (an edit reads several) does not pay for zeroing a megabyte.
 */
class ByteArena {
  private block = new ArrayBuffer(0);
  private used = 0;
  alloc(n: number): Uint8Array {
    if (n > 1 << 16) return new Uint8Array(n);
    if (this.used + n > this.block.byteLength) {
      this.block = new ArrayBuffer(Math.max(n, Math.min(Math.max(this.block.byteLength * 2, 1 << 12), 1 << 20)));
      this.used = 0;
    }
    const view = new Uint8Array(this.block, this.used, n);
    this.used += n;
    return view;
  }
  /** A copy of `bytes` (of its first `count` bytes). */
  copy(bytes: Uint8Array, count = bytes.length): Uint8Array {
    const out = this.alloc(count);
    out.set(count === bytes.length ? bytes : bytes.subarray(0, count));
    return out;
  }
  /** A REG_DWORD's data: `n` little-endian, written byte by byte (no DataView per value). */
  dword(n: number): Uint8Array {
    const data = this.alloc(4);
    data[0] = n & 0xff;
    data[1] = (n >>> 8) & 0xff;
    data[2] = (n >>> 16) & 0xff;
    data[3] = n >>> 24;
    return data;
  }
  /** Bytes `from..to` of `source` (UTF-16LE text) with a terminating NUL unit. */
  utf16zFrom(source: Buffer, from: number, to: number): Uint8Array {
    const out = this.alloc(to - from + 2);
    source.copy(out, 0, from, to);
    out[out.length - 2] = 0;
    out[out.length - 1] = 0;
    return out;
  }
  /** A string as UTF-16LE code units with a terminating NUL. */
  utf16z(text: string): Uint8Array {
    const out = this.alloc(2 * text.length + 2);
    Buffer.from(out.buffer, out.byteOffset, out.byteLength).write(text, 'utf16le');
    out[out.length - 2] = 0;
    out[out.length - 1] = 0;
    return out;
  }
}

/** A value being read over several lines (`hex…:` with `,\` continuations). */
interface PendingHex {
  line: number;
  key: string | null;
  name: string;
  type: number;
  /** The bytes read so far: `bytes[0..count)` (grown as needed). */
  bytes: Uint8Array;
  count: number;
  /** Where the value last continued: the line and 1-based column of its `\\` (set with each 'more'). */
  moreLine: number;
  moreColumn: number;
}

function pushByte(p: PendingHex, b: number): void {
  if (p.count === p.bytes.length) {
    const grown = new Uint8Array(p.bytes.length * 2);
    grown.set(p.bytes);
    p.bytes = grown;
  }
  p.bytes[p.count++] = b;
}

/** `readHexBytes`' answer: the value ends here, continues on the next line, or is invalid. */
type HexResult = 'done' | 'more' | { col: number; msg: string };

/**
 * Reads comma-separated hex bytes from `s` at `i` into `p`. Returns 'done', 'more' (a `,\`
 * continuation follows) or an error column.
 */
function readHexBytes(s: string, i: number, p: PendingHex): HexResult {
  while (i < s.length) {
    // Fast path: the canonical two digits then ',' or the end of the line (what exports write).
    const d0 = hexDigit(s.charCodeAt(i));
    const d1 = hexDigit(s.charCodeAt(i + 1));
    if (d0 >= 0 && d1 >= 0 && (i + 2 === s.length || s.charCodeAt(i + 2) === 0x2c)) {
      pushByte(p, d0 * 16 + d1);
      i += i + 2 === s.length ? 2 : 3;
      continue;
    }
    const { value, end, overflow } = wcstoul16(s, i);
    if (overflow || value > 0xff) return { col: i + 1, msg: `byte value ${s.slice(i, end).trim()} is larger than ff` };
    if (end === i) {
      let e = skipBlanks(s, i);
      if (s.charCodeAt(e) === 0x5c) {
        e++;
        p.moreColumn = e;
        return restIsComment(s, e) ? 'more' : { col: e + 1, msg: 'only blanks or a ; comment may follow the continuation backslash' };
      }
      if (s.charCodeAt(e) === 0x3b) return 'done';
      return { col: e + 1, msg: e >= s.length ? 'blanks after the last comma' : `expected a hex byte, found ${JSON.stringify(s[e])}` };
    }
    pushByte(p, value);
    if (end < s.length && s.charCodeAt(end) !== 0x2c) {
      return restIsComment(s, end) ? 'done' : { col: skipBlanks(s, end) + 1, msg: `expected ',' after a hex byte, found ${JSON.stringify(s[skipBlanks(s, end)])}` };
    }
    i = end < s.length ? end + 1 : end;
  }
  return 'done';
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A quoted name or string as `unescapeQuoted` reads it. */
type Quoted = { text: string; end: number; plain: boolean };

/**
 * The lines of a `.reg`: they end at CR LF, CR or LF, the last may have none, and a NUL ends a
 * line's text (regedit reads up to it). UTF-16LE input (every regedit export) is read from its
 * bytes: no copy of the whole file as one string, and names and strings are decoded from the
 * bytes, so no value keeps a whole line alive. Other input is one decoded string.
 */
class LineReader {
  /** 1-based number of the line last read (0 before the first). */
  lineNo = 0;
  /** Byte offset of the current line in UTF-16 input (-1 for text input): character i is at lineAt + 2i. */
  private lineAt = -1;
  private pos: number;
  private readonly end16: number;
  private readonly buf: Buffer;
  /** The input as 16-bit units (unit k is at byte 2k) when that view is possible: an even byte offset on a little-endian machine. */
  private readonly units: Uint16Array | undefined;

  constructor(
    private readonly utf16: Uint8Array | undefined,
    private readonly text: string,
    private readonly arena: ByteArena,
    /** Called with the column of a NUL that cut the line short. */
    private readonly onNul: (column: number) => void,
  ) {
    this.pos = utf16 ? 2 : 0;
    this.end16 = utf16 ? 2 + ((utf16.length - 2) & ~1) : 0;
    this.buf = utf16 ? Buffer.from(utf16.buffer, utf16.byteOffset, utf16.byteLength) : Buffer.alloc(0);
    if (utf16 && LITTLE_ENDIAN && utf16.byteOffset % 2 === 0) {
      this.units = new Uint16Array(utf16.buffer, utf16.byteOffset, utf16.byteLength >> 1);
    }
  }

  /** The next line without its line end, or undefined at the end of the input. */
  next(): string | undefined {
    let line: string;
    let nul = -1;
    const b = this.utf16;
    if (b) {
      const pos = this.pos;
      const end16 = this.end16;
      if (pos > end16 || (pos === end16 && this.lineNo > 0)) return undefined;
      let end = pos;
      const units = this.units;
      if (units) {
        // One 16-bit load per character; only CR, LF and NUL (all below 0x0e) need a second look.
        const first = pos >> 1;
        const last = end16 >> 1;
        let k = first;
        for (; k < last; k++) {
          const c = units[k]!;
          if (c > 0x0d) continue;
          if (c === 0x0a || c === 0x0d) break;
          if (c === 0 && nul < 0) nul = k - first;
        }
        end = 2 * k;
      } else {
        for (; end < end16; end += 2) {
          if (b[end + 1] !== 0) continue;
          const lo = b[end]!;
          if (lo === 0x0a || lo === 0x0d) break;
          if (lo === 0 && nul < 0) nul = (end - pos) >> 1;
        }
      }
      line = this.buf.toString('utf16le', pos, nul >= 0 ? pos + 2 * nul : end);
      this.lineAt = pos;
      this.pos = end < end16 && b[end] === 0x0d && b[end + 2] === 0x0a && b[end + 3] === 0 ? end + 4 : end + 2;
    } else {
      const text = this.text;
      const pos = this.pos;
      if (pos > text.length || (pos === text.length && this.lineNo > 0)) return undefined;
      let end = pos;
      while (end < text.length) {
        const c = text.charCodeAt(end);
        if (c === 0x0a || c === 0x0d) break;
        end++;
      }
      line = text.slice(pos, end);
      this.pos = end < text.length && text.charCodeAt(end) === 0x0d && text.charCodeAt(end + 1) === 0x0a ? end + 2 : end + 1;
      nul = line.indexOf('\0');
      if (nul >= 0) line = line.slice(0, nul);
    }
    this.lineNo++;
    if (nul >= 0) this.onNul(nul + 1);
    return line;
  }

  /**
   * A hex continuation line as exports write it (`  hh,hh,…,hh,\` or `  hh,…,hh`), read straight
   * from the UTF-16 units into `p`, with no string made: 'more' or 'done' with the line consumed.
   * Anything else (a blank or comment line, a tab, a NUL, odd spacing) consumes nothing and
   * answers undefined, and the line goes through `next` and the general path, which reads these
   * same lines the same way.
   */
  hexLine(p: PendingHex): 'more' | 'done' | undefined {
    const units = this.units;
    const pos = this.pos;
    if (!units || pos >= this.end16) return undefined;
    const last = this.end16 >> 1;
    let k = pos >> 1;
    while (k < last && units[k] === 0x20) k++;
    const start = p.count;
    const end = this.hexUnits(k, p);
    if (end < 0) {
      p.count = start;
      return undefined;
    }
    this.consumeLine(pos, 2 * end);
    this.moreColumn = end - (pos >> 1);
    return this.hexEnd;
  }

  /** Ends a line read from the units: the line at byte `pos` ends at byte `end` (its CR, LF or the input's end). */
  private consumeLine(pos: number, end: number): void {
    const b = this.utf16!;
    this.lineNo++;
    this.lineAt = pos;
    this.pos = end < this.end16 && b[end] === 0x0d && b[end + 2] === 0x0a && b[end + 3] === 0 ? end + 4 : end + 2;
  }

  /** How the bytes {@link hexUnits} read last ended: 'more' (`,\` then the line end) or 'done' (the line end). */
  private hexEnd: 'more' | 'done' = 'done';

  /** After a fast-path line that continues: the 1-based column of its `\` (the line's last character). */
  moreColumn = 0;

  /** Reads bytes `hh,hh,…` from unit `k` into `p`: the line end's unit (how they ended in `hexEnd`), or -1 for anything else. No object per line. */
  private hexUnits(k: number, p: PendingHex): number {
    const units = this.units!;
    const last = this.end16 >> 1;
    for (;;) {
      const d0 = k < last ? hexDigit(units[k]!) : -1;
      const d1 = k + 1 < last ? hexDigit(units[k + 1]!) : -1;
      if (d0 < 0 || d1 < 0) return -1;
      pushByte(p, d0 * 16 + d1);
      k += 2;
      const c = k < last ? units[k]! : -1;
      if (c === 0x2c) {
        k++;
        if (k < last && units[k] === 0x5c) {
          k++;
          const e = k < last ? units[k]! : -1;
          this.hexEnd = 'more';
          return e === -1 || e === 0x0d || e === 0x0a ? k : -1;
        }
        continue;
      }
      this.hexEnd = 'done';
      return c === -1 || c === 0x0d || c === 0x0a ? k : -1;
    }
  }

  /**
   * A value line as exports write it, read from the UTF-16 units with no line string made:
   * `"name"=` (no escapes in the name) or `@=`, then `dword:` and 1–8 hex digits, a `"string"` with
   * no escapes, or `hex:`/`hex(N):` bytes, and nothing after them. Returns true with the line
   * consumed and the value in the `value…` fields (hex bytes go into `p`, `valueHex` saying whether
   * they continue); false, consuming nothing, for any other line, which then takes the general path.
   */
  valueLine(p: PendingHex): boolean {
    const units = this.units;
    const pos = this.pos;
    if (!units || pos >= this.end16) return false;
    const last = this.end16 >> 1;
    const isEnd = (k: number) => k >= last || units[k] === 0x0d || units[k] === 0x0a;
    let k = pos >> 1;
    let name: string;
    if (units[k] === 0x40) {
      name = '';
      k++;
    } else if (units[k] === 0x22) {
      const from = ++k;
      // Quote, backslash, CR, LF and NUL end the fast path's name (escapes and oddities take the general path).
      while (k < last && units[k]! !== 0x22 && units[k]! !== 0x5c && units[k]! > 0x0d) k++;
      if (k >= last || units[k] !== 0x22) return false;
      name = this.buf.toString('utf16le', 2 * from, 2 * k);
      k++;
    } else return false;
    if (units[k] !== 0x3d) return false;
    k++;
    const c = k < last ? units[k]! : -1;
    if (c === 0x22) {
      const from = ++k;
      while (k < last && units[k]! !== 0x22 && units[k]! !== 0x5c && units[k]! > 0x0d) k++;
      if (k >= last || units[k] !== 0x22 || !isEnd(k + 1)) return false;
      this.valueType = RegType.REG_SZ;
      this.valueData = this.arena.utf16zFrom(this.buf, 2 * from, 2 * k);
      this.valueHex = undefined;
      this.consumeLine(pos, 2 * (k + 1));
    } else if (c === 0x64) {
      // dword: and 1 to 8 hex digits, then the line end.
      if (units[k + 1] !== 0x77 || units[k + 2] !== 0x6f || units[k + 3] !== 0x72 || units[k + 4] !== 0x64 || units[k + 5] !== 0x3a) return false;
      k += 6;
      let n = 0;
      const digits = k;
      for (let d; k < last && (d = hexDigit(units[k]!)) >= 0; k++) n = n * 16 + d;
      if (k === digits || k - digits > 8 || !isEnd(k)) return false;
      this.valueType = RegType.REG_DWORD;
      this.valueData = this.arena.dword(n);
      this.valueHex = undefined;
      this.consumeLine(pos, 2 * k);
    } else if (c === 0x68) {
      if (units[k + 1] !== 0x65 || units[k + 2] !== 0x78) return false;
      k += 3;
      let type: number = RegType.REG_BINARY;
      if (units[k] === 0x28) {
        // hex(N): N as 1 to 8 plain hex digits (anything wcstoul would also take goes the general way).
        k++;
        const digits = k;
        type = 0;
        for (let d; k < last && (d = hexDigit(units[k]!)) >= 0; k++) type = type * 16 + d;
        if (k === digits || k - digits > 8 || units[k] !== 0x29) return false;
        k++;
      }
      if (units[k] !== 0x3a) return false;
      k++;
      p.count = 0;
      const end = this.hexUnits(k, p);
      if (end < 0) return false;
      this.valueType = type;
      this.valueData = undefined;
      this.valueHex = this.hexEnd;
      this.consumeLine(pos, 2 * end);
      this.moreColumn = end - (pos >> 1);
    } else return false;
    this.valueName = name;
    return true;
  }

  /** The value {@link valueLine} read: its name, type, and data (or, for hex, `valueHex`). */
  valueName = '';
  valueType = 0;
  valueData: Uint8Array | undefined;
  valueHex: 'more' | 'done' | undefined;

  /** Characters a..b of the current line as a string of its own (not a slice that keeps the line). */
  own(s: string, a: number, b: number): string {
    return this.lineAt >= 0 ? this.buf.toString('utf16le', this.lineAt + 2 * a, this.lineAt + 2 * b) : s.slice(a, b);
  }

  /** A quoted name or string: from the bytes when it had no escapes, else a flat copy of the text. */
  quotedText(s: string, start: number, q: Quoted): string {
    return q.plain ? this.own(s, start, q.end - 1) : this.lineAt >= 0 ? Buffer.from(q.text, 'utf16le').toString('utf16le') : q.text;
  }

  /** REG_SZ data for a quoted string: its bytes copied from the input when it had no escapes. */
  stringData(start: number, q: Quoted): Uint8Array {
    if (!q.plain || this.lineAt < 0) return this.arena.utf16z(q.text);
    return this.arena.utf16zFrom(this.buf, this.lineAt + 2 * start, this.lineAt + 2 * (q.end - 1));
  }
}

/** The header line's grammar and whether regedit accepts it; throws for a file regedit cannot read. */
function readHeader(first: string, strict: boolean, diagnostics: Diagnostic[]): { header: RegHeaderKind; accepted: boolean } {
  const headerText = first.slice(skipBlanks(first, 0));
  if (headerText === HEADER_50) return { header: '5.00', accepted: true };
  if (headerText === HEADER_40) return { header: 'REGEDIT4', accepted: true };
  if (headerText === HEADER_31) return { header: 'REGEDIT', accepted: true };
  if (headerText.startsWith(HEADER_50) || headerText.startsWith(HEADER_31)) {
    // Recognisably a .reg, but regedit compares the whole line: it imports nothing from this file.
    const header: RegHeaderKind = headerText.startsWith(HEADER_40) ? 'REGEDIT4' : '5.00';
    const found = JSON.stringify(headerText.slice(0, 60));
    const message =
      headerText.startsWith(HEADER_50) || headerText.startsWith(HEADER_40)
        ? `the header line is ${found}: regedit accepts only the exact header with nothing after it (not even a blank or a comment) and imports nothing from this file`
        : `the header line is ${found}: regedit takes a REGEDIT… line as a header but imports nothing from this file`;
    if (strict) throw new GpregError('REG_BAD_HEADER', message, { line: 1, column: 1 });
    diagnostics.push({ severity: 'error', code: 'REG_BAD_HEADER', message, line: 1, column: headerText.length + 1 });
    return { header, accepted: false };
  }
  throw new GpregError('REG_BAD_HEADER', `expected "${HEADER_50}" or "${HEADER_40}", found ${JSON.stringify(headerText.slice(0, 60))}: this is not a .reg file regedit reads`, { line: 1, column: 1 });
}

/**
 * What regedit does with each line after the header: the open key, a value being continued over
 * several lines, and whether a `[-ROOT]` stopped the import. One method per kind of line.
 */
class RegParser {
  readonly statements: RegStatement[] = [];
  readonly gpregNotes: Array<{ line: number; text: string }> = [];
  /** The open key; null when none (after an invalid key line or a `[-key]`). */
  private key: string | null = null;
  private anyKeyLine = false;
  private pending: PendingHex | undefined;
  /** Where hex bytes are gathered before finishHex copies them out (grown as needed, then kept). */
  private scratch: Uint8Array = new Uint8Array(4096);
  /** The PendingHex that {@link fastValue} fills, reused until a value continues over lines. */
  private attempt: PendingHex | undefined;
  private stopped = false;
  private finished = false;
  /** Set when the input ends inside a continued hex value: where its last `\\` is. */
  openValue: { line: number; column: number } | undefined;
  /** The line where the import stopped, if it did. */
  stoppedAt: number | undefined;
  /** Reports an unknown escape inside quotes (passed to `unescapeQuoted`). */
  private readonly warnAt = (column: number, message: string, code: ErrorCode): void => this.report('warning', code, message, column);

  constructor(
    private readonly lines: LineReader,
    private readonly arena: ByteArena,
    private readonly strict: boolean,
    /** UTF-16 (or UTF-8) text: string-type hex data is UTF-16; otherwise it is in `codePage`. */
    private readonly unicode: boolean,
    private readonly codePage: string,
    readonly diagnostics: Diagnostic[],
  ) {}

  /** Nothing after the current line is imported. */
  private stop(): void {
    this.stopped = true;
    this.stoppedAt = this.lines.lineNo;
  }

  report(severity: Diagnostic['severity'], code: ErrorCode, message: string, column = 1): void {
    const line = this.lines.lineNo;
    if (this.strict && severity === 'error') {
      throw new GpregError(code, message, { line, column, diagnostics: this.diagnostics });
    }
    this.diagnostics.push({ severity, code, message, line, column });
  }

  /**
   * Reads the lines after the header: all of them, or (`oneAtATime`) until a line makes a
   * statement. False once the input is done (the last statements may still be in `statements`).
   */
  read(header: RegHeaderKind, oneAtATime: boolean): boolean {
    if (this.finished) return false;
    while (!this.stopped) {
      if (oneAtATime && this.statements.length > 0) return true;
      // Most lines of a large export are canonical value lines and continued hex: read from the
      // bytes when they are, else (and for every other line) through a line string.
      const p = this.pending;
      if (p) {
        const fast = this.lines.hexLine(p);
        if (fast === 'more') {
          p.moreLine = this.lines.lineNo;
          p.moreColumn = this.lines.moreColumn;
          continue;
        }
        if (fast === 'done') {
          this.pending = undefined;
          this.finishHex(p);
          continue;
        }
      } else if (header !== 'REGEDIT' && this.fastValue()) continue;
      const s = this.lines.next();
      if (s === undefined) break;
      if (this.pending) this.continuation(s);
      else if (header === 'REGEDIT') this.win31Line(s);
      else this.line(s);
    }
    if (this.pending) {
      // End of file inside a continued value keeps the bytes read; a line added after the file would end it as invalid.
      this.openValue = { line: this.pending.moreLine, column: this.pending.moreColumn };
      this.finishHex(this.pending);
    }
    this.pending = undefined;
    this.finished = true;
    return false;
  }

  /** A canonical value line read from the bytes (see `LineReader.valueLine`); false when the line needs the general path. */
  private fastValue(): boolean {
    const lines = this.lines;
    // One object for every attempt; a value that continues keeps it, and the next attempt gets a new one.
    const p = (this.attempt ??= { line: 0, key: null, name: '', type: 0, bytes: this.scratch, count: 0, moreLine: 0, moreColumn: 0 });
    p.line = lines.lineNo + 1;
    p.key = this.key;
    p.bytes = this.scratch;
    if (!lines.valueLine(p)) {
      this.scratch = p.bytes;
      return false;
    }
    const name = lines.valueName;
    if (lines.valueHex === undefined) {
      this.setValue(this.key, name, lines.valueType, lines.valueData!, lines.lineNo, 1);
      return true;
    }
    p.name = name;
    p.type = lines.valueType;
    if (lines.valueHex === 'more') {
      p.moreLine = lines.lineNo;
      p.moreColumn = lines.moreColumn;
      this.pending = p;
      this.attempt = undefined;
    } else this.finishHex(p);
    return true;
  }

  /** A line of a 5.00 or REGEDIT4 file: its first non-blank character decides. */
  private line(s: string): void {
    const i = skipBlanks(s, 0);
    const c = s.charCodeAt(i);
    if (c === 0x3b && s.startsWith('; gpreg: ', i)) this.gpregNotes.push({ line: this.lines.lineNo, text: s.slice(i + 9) });
    if (i >= s.length || c === 0x3b) return;
    if (c === 0x23) return this.report('info', 'REG_COMMENT_LINE', 'a line starting with # is a comment: regedit ignores it', i + 1);
    if (c === 0x5b) return this.keyLine(s, i);
    if (c === 0x40) return this.dataLine(s, i + 1, '', i + 1);
    if (c === 0x22) {
      const q = unescapeQuoted(s, i + 1, this.warnAt);
      if ('invalid' in q) return this.report('error', 'REG_BAD_NAME', `value name: ${q.invalid}: regedit ignores the line`, q.col);
      return this.dataLine(s, q.end, this.lines.quotedText(s, i + 1, q), i + 1);
    }
    this.report('warning', 'REG_IGNORED_LINE', `regedit ignores a line starting with ${JSON.stringify(s[i])} (only [key], "name"=, @= and ; comments mean something)`, i + 1);
  }

  /** A line after `,\`: more hex bytes, or (blank, comment) skipped, or the end of the value. */
  private continuation(s: string): void {
    const i = skipBlanks(s, 0);
    if (i >= s.length || s.charCodeAt(i) === 0x3b) return; // blank and comment lines inside a value are skipped
    const p = this.pending!;
    if (!isHexDigit(s.charCodeAt(i))) {
      this.pending = undefined;
      this.report('error', 'REG_BAD_CONTINUATION', `the value started on line ${p.line} continues with a line that does not start with a hex digit: regedit drops the value and this line`, i + 1);
      return;
    }
    const r = readHexBytes(s, i, p);
    if (r === 'more') {
      p.moreLine = this.lines.lineNo;
      return;
    }
    this.pending = undefined;
    if (r === 'done') this.finishHex(p);
    else this.report('error', 'REG_BAD_HEX', `${r.msg} (value started on line ${p.line}): regedit ignores the value`, r.col);
  }

  /** `[KEY]` opens a key (creating it); `[-KEY]` deletes a tree. The name runs to the last `]`. */
  private keyLine(s: string, i: number): void {
    this.anyKeyLine = true;
    const close = s.lastIndexOf(']');
    if (isBlank(s.charCodeAt(i + 1)) || close <= i) {
      const after = this.key ? ` and the values after it go to [${this.key}]` : '';
      this.report('error', 'REG_BAD_KEY_LINE', close <= i ? `key line without ']': regedit ignores it${after}` : `blank after '[': regedit ignores the line${after}`, i + 2);
      return;
    }
    if (s.slice(close + 1).trim() !== '') this.report('info', 'REG_TEXT_AFTER_KEY', 'text after the last ] is ignored', close + 2);
    let name = this.lines.own(s, i + 1, close);
    const trimmed = trimKeyPath(name);
    if (trimmed !== name && trimmed.includes('\\')) {
      // [HKCU\Software\T\], […\T\\] and […\T\\\\] all open …\T, as Wine's regedit tests show on Windows.
      this.report('info', 'KEY_TRAILING_BACKSLASH', `key ${JSON.stringify(name)} ends with a backslash: regedit opens ${JSON.stringify(trimmed)}`, close + 1);
      name = trimmed;
    }
    if (name.startsWith('-')) {
      this.key = null;
      const path = name.slice(1);
      if (path[0] !== 'H' && path[0] !== 'h') {
        this.report('error', 'REG_BAD_DELETE_KEY', `[-${path}] does not name a key under a root: regedit ignores it`, i + 3);
        return;
      }
      const full = this.openKeyForDelete(path, i + 3);
      if (full) this.statements.push({ line: this.lines.lineNo, op: { op: 'deleteKey', key: full } });
      return;
    }
    this.key = this.openKey(name, i + 2);
    if (this.key !== null) this.statements.push({ line: this.lines.lineNo, op: { op: 'createKey', key: this.key } });
  }

  /** Opens a key line's path; returns the canonical key or null (reported) when regedit cannot open it. */
  private openKey(path: string, column: number): string | null {
    const slash = path.indexOf('\\');
    const root = (slash < 0 ? path : path.slice(0, slash)).toUpperCase();
    const hive = ROOTS.get(root);
    if (hive === undefined) {
      const abbreviated = ABBREVIATED.test(path);
      this.report(
        'error',
        'REG_BAD_ROOT',
        abbreviated
          ? `key ${JSON.stringify(path)}: regedit accepts only full root names (HKEY_LOCAL_MACHINE, not HKLM) and drops this key's values (Wine's reg import would accept it)`
          : `key ${JSON.stringify(path)} does not start with a root key (HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER, …): regedit drops this key's values`,
        column,
      );
      return null;
    }
    if (hive === null) {
      this.report('error', 'REG_BAD_ROOT', `key ${JSON.stringify(path)}: HKEY_DYN_DATA exists only on Windows 9x; regedit drops this key's values`, column);
      return null;
    }
    return slash < 0 ? hive : hive + path.slice(slash);
  }

  /** `[-PATH]`: regedit stops the whole import for a bad root or a bare root. */
  private openKeyForDelete(path: string, column: number): string | null {
    const slash = path.indexOf('\\');
    const root = (slash < 0 ? path : path.slice(0, slash)).toUpperCase();
    const hive = ROOTS.get(root);
    if (!hive || slash < 0 || slash === path.length - 1) {
      this.report('error', 'REG_DELETE_STOPS_IMPORT', hive ? `[-${path}] names a whole root key: regedit refuses and stops the import here` : `[-${path}] does not start with a full root key name: regedit stops the import here`, column);
      this.stop();
      return null;
    }
    return hive + path.slice(slash);
  }

  /** Adds a value under `into` (the key open when the value started), or reports it dropped. */
  private setValue(into: string | null, name: string, type: number, data: Uint8Array, line: number, column: number): void {
    if (into === null) {
      this.report('error', 'REG_NO_OPEN_KEY', `value ${name === '' ? '@' : JSON.stringify(name)} has no open key (${this.anyKeyLine ? 'the key above it is invalid or was deleted' : 'no key line before it'}): regedit drops it`, column);
      return;
    }
    const st: RegStatement = { line, op: { op: 'set', key: into, name, type, data } };
    if (this.lines.lineNo !== line) st.endLine = this.lines.lineNo;
    this.statements.push(st);
  }

  /** What follows a value name: `=` then `-`, a quoted string, `dword:`, or `hex…:`. */
  private dataLine(s: string, i: number, name: string, nameCol: number): void {
    // After the name: blanks, '=', blanks; trailing blanks do not count.
    i = skipBlanks(s, i);
    if (s.charCodeAt(i) !== 0x3d) {
      this.report('error', 'REG_EXPECTED_EQUALS', `expected '=' after the value name, found ${i < s.length ? JSON.stringify(s[i]) : 'end of line'}: regedit ignores the line`, i + 1);
      return;
    }
    i = skipBlanks(s, i + 1);
    let end = s.length;
    while (end > i && isBlank(s.charCodeAt(end - 1))) end--;
    const v = s.slice(0, end);
    const c = v.charCodeAt(i);
    if (c === 0x2d) this.deleteValue(v, i, name, nameCol);
    else if (c === 0x22) this.stringValue(v, i, name, nameCol);
    else if (v.startsWith('dword:', i)) this.dwordValue(v, i, name, nameCol);
    else this.hexValue(v, i, name, nameCol);
  }

  /** `"name"=-`. */
  private deleteValue(v: string, i: number, name: string, nameCol: number): void {
    if (!restIsComment(v, i + 1)) return this.report('error', 'REG_BAD_DELETE', `only blanks or a ; comment may follow '=-': regedit ignores the line`, i + 2);
    if (this.key === null) return this.report('error', 'REG_NO_OPEN_KEY', `deletion of ${name === '' ? '@' : JSON.stringify(name)} has no open key: regedit ignores it`, nameCol);
    this.statements.push({ line: this.lines.lineNo, op: { op: 'deleteValue', key: this.key, name } });
  }

  /** `"name"="text"`: REG_SZ. */
  private stringValue(v: string, i: number, name: string, nameCol: number): void {
    const q = unescapeQuoted(v, i + 1, this.warnAt);
    if ('invalid' in q) return this.report('error', 'REG_BAD_STRING', `string data: ${q.invalid}: regedit ignores the line`, q.col);
    if (!restIsComment(v, q.end)) {
      return this.report('error', 'REG_TEXT_AFTER_STRING', `only blanks or a ; comment may follow the closing quote, found ${JSON.stringify(v[skipBlanks(v, q.end)])}: regedit ignores the line`, skipBlanks(v, q.end) + 1);
    }
    this.setValue(this.key, name, RegType.REG_SZ, this.lines.stringData(i + 1, q), this.lines.lineNo, nameCol);
  }

  /** `"name"=dword:1a2b`: 1 to 8 hex digits. */
  private dwordValue(v: string, i: number, name: string, nameCol: number): void {
    let d = skipBlanks(v, i + 6);
    const digits = d;
    while (d < v.length && isHexDigit(v.charCodeAt(d))) d++;
    const count = d - digits;
    if (count === 0 || count > 8 || !restIsComment(v, d)) {
      const message =
        count > 8
          ? `dword has ${count} hex digits, at most 8 are allowed: regedit ignores the line`
          : count === 0
            ? 'dword: needs 1 to 8 hex digits (no 0x): regedit ignores the line'
            : `only blanks or a ; comment may follow the dword digits, found ${JSON.stringify(v[skipBlanks(v, d)])}: regedit ignores the line`;
      return this.report('error', 'REG_BAD_DWORD', message, (count === 0 || count > 8 ? digits : skipBlanks(v, d)) + 1);
    }
    let n = 0;
    for (let k = digits; k < d; k++) n = n * 16 + hexDigit(v.charCodeAt(k));
    this.setValue(this.key, name, RegType.REG_DWORD, this.arena.dword(n), this.lines.lineNo, nameCol);
  }

  /** `hex:` (REG_BINARY) or `hex(N):` with N read as `wcstoul` reads it, then bytes, maybe continued. */
  private hexValue(v: string, i: number, name: string, nameCol: number): void {
    let type: number;
    let h: number;
    if (v.startsWith('hex:', i)) {
      type = RegType.REG_BINARY;
      h = i + 4;
    } else if (v.startsWith('hex(', i)) {
      const t = i + 4;
      const bad = () => this.report('error', 'REG_BAD_HEX_TYPE', `expected hex(N): with N a hex type number from 0 to ffffffff, found ${JSON.stringify(v.slice(i, i + 20))}: regedit ignores the line`, t + 1);
      if (t >= v.length || v[t + 1] === 'x' || v[t + 1] === 'X') return bad();
      const n = wcstoul16(v, t);
      if (n.end === t || n.overflow || v[n.end] !== ')' || v[n.end + 1] !== ':') return bad();
      type = n.value;
      h = n.end + 2;
    } else {
      return this.report('error', 'REG_UNKNOWN_TYPE', `unknown data ${JSON.stringify(v.slice(i, i + 20))}: expected "string", dword:, hex: or hex(N): (lowercase): regedit ignores the line`, i + 1);
    }
    const line = this.lines.lineNo;
    // The parser's one scratch buffer: finishHex copies the bytes out, and one value is read at a time.
    const p: PendingHex = { line, key: this.key, name, type, bytes: this.scratch, count: 0, moreLine: line, moreColumn: 0 };
    if (h >= v.length) {
      // "hex:" with nothing after it: an empty value, without the NUL regedit adds otherwise.
      return this.setValue(this.key, name, type, this.arena.alloc(0), line, nameCol);
    }
    const r = readHexBytes(v, h, p);
    if (r === 'done') this.finishHex(p);
    else if (r === 'more') this.pending = p; // p.moreLine is this line
    else this.report('error', 'REG_BAD_HEX', `${r.msg}: regedit ignores the value`, r.col);
  }

  /** Finishes a hex value: regedit's NUL for string types and code page conversion in ANSI files. */
  private finishHex(p: PendingHex): void {
    this.scratch = p.bytes; // keep the grown buffer for the next value
    let data: Uint8Array = this.arena.copy(p.bytes, p.count);
    if (p.type === RegType.REG_SZ || p.type === RegType.REG_EXPAND_SZ || p.type === RegType.REG_MULTI_SZ) {
      if (this.unicode) {
        const units = data.length >> 1;
        if (units === 0) {
          // One lone byte: Wine 8's regedit reads the character before it, out of bounds, and
          // crashes there: neither this value nor anything after it is imported (seen with
          // `wine regedit /S`; Windows' behaviour is not documented). Read as that: the import stops.
          this.report('error', 'REG_BAD_HEX', `a ${p.type === RegType.REG_MULTI_SZ ? 'hex(7)' : `hex(${p.type})`} value of one byte (value started on line ${p.line}): Wine's regedit crashes on it, so neither this value nor anything after it is imported`, 1);
          this.stop();
          return;
        }
        if (data[2 * units - 2] !== 0 || data[2 * units - 1] !== 0) {
          // regedit writes a NUL unit right after the last whole unit, over an odd trailing byte,
          // and the size grows by two: 41,00,42 becomes 41,00,00,00,00 (seen in Wine 8).
          const out = this.arena.alloc(data.length + 2).fill(0);
          out.set(data.subarray(0, 2 * units));
          data = out;
        }
      } else if (data.length > 0) {
        const withNul = data[data.length - 1] === 0 ? data : Uint8Array.from([...data, 0]);
        data = this.arena.copy(Buffer.from(decodeAnsi(withNul, this.codePage), 'utf16le'));
      }
    }
    this.setValue(p.key, p.name, p.type, data, p.line, 1);
  }

  /** A Windows 3.1 line: `HKEY_CLASSES_ROOT\path = value` sets the key's default value. */
  private win31Line(s: string): void {
    if (!s.startsWith('HKEY_CLASSES_ROOT')) {
      if (s.trim() !== '') this.report('warning', 'REG_IGNORED_LINE', 'in a REGEDIT (Windows 3.1) file regedit reads only lines starting with HKEY_CLASSES_ROOT', 1);
      return;
    }
    let e = 0;
    while (e < s.length && !isCSpace(s.charCodeAt(e))) e++;
    let v = skipBlanks(s, e);
    if (s[v] === '=') v++;
    if (s[v] === ' ') v++;
    const k = this.openKey(s.slice(0, e), 1);
    if (k === null) return;
    this.statements.push({ line: this.lines.lineNo, op: { op: 'set', key: k, name: '', type: RegType.REG_SZ, data: this.arena.utf16z(s.slice(v)) } });
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A file read in an ANSI code page whose bytes are valid UTF-8 with non-ASCII characters was most
 * likely saved as UTF-8 without BOM: regedit reads it in the code page, so `é` becomes `Ã©`.
 */
function utf8AsAnsi(bytes: Uint8Array, codePage: string): Diagnostic | undefined {
  let first = -1;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! >= 0x80) {
      first = i;
      break;
    }
  }
  if (first < 0) return undefined;
  try {
    UTF8.decode(bytes);
  } catch {
    return undefined; // not UTF-8: ANSI text, as regedit reads it
  }
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < first; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return {
    severity: 'warning',
    code: 'REG_UTF8_AS_ANSI',
    message: `the file has no BOM and its non-ASCII characters are UTF-8: regedit reads it in the ANSI code page ${codePage}, so those names and strings change (é becomes Ã©); save it as UTF-16LE with BOM, as regedit exports`,
    line,
    column: first - lineStart + 1,
  };
}

/** A parse begun: the header read, the parser ready for the lines after it. */
interface RegStart {
  parser: RegParser;
  header: RegHeaderKind;
  accepted: boolean;
  encoding: RegEncoding;
}

/** Decodes the input, reads the header, and sets up the parser (shared by {@link parseReg} and {@link regStatements}). */
function beginReg(input: Uint8Array | string, options: ParseRegOptions, diagnostics: Diagnostic[]): RegStart {
  const utf16 = typeof input !== 'string' && input.length >= 2 && input[0] === 0xff && input[1] === 0xfe ? input : undefined;
  const decoded = utf16
    ? { text: '', encoding: 'utf-16le' as RegEncoding }
    : typeof input === 'string'
      ? { text: input.charCodeAt(0) === 0xfeff ? input.slice(1) : input, encoding: 'utf-16le' as RegEncoding }
      : decodeRegBytes(input, options);
  const unicode = decoded.encoding === 'utf-16le' || decoded.encoding === 'utf-8';
  const strict = options.strict ?? false;
  const arena = new ByteArena();
  let parser: RegParser | undefined;
  const early: Diagnostic[] = [];
  const lines = new LineReader(utf16, decoded.text, arena, (column) => {
    if (parser) parser.report('warning', 'REG_NUL_IN_LINE', 'a NUL character: regedit reads the line only up to it', column);
    else early.push({ severity: 'warning', code: 'REG_NUL_IN_LINE', message: 'a NUL character: regedit reads the line only up to it', line: lines.lineNo, column });
  });
  const { header, accepted } = readHeader(lines.next() ?? '', strict, early);
  parser = new RegParser(lines, arena, strict, unicode, unicode ? DEFAULT_CODE_PAGE : decoded.encoding, diagnostics);
  diagnostics.push(...early);
  if (!unicode && typeof input !== 'string') {
    const w = utf8AsAnsi(input, decoded.encoding);
    if (w) diagnostics.push(w);
  }
  return { parser, header, accepted, encoding: decoded.encoding };
}

/** The document's parts besides its statements, once the parser is done. */
function regHead({ parser, header, accepted, encoding }: RegStart): RegDocumentHead {
  return { header, accepted, encoding, diagnostics: parser.diagnostics, ...(parser.gpregNotes.length ? { gpregNotes: parser.gpregNotes } : {}), ...(parser.openValue ? { openValue: parser.openValue } : {}), ...(parser.stoppedAt !== undefined ? { stoppedAt: parser.stoppedAt } : {}) };
}

/**
 * Parses a `.reg` file as regedit imports it.
 *
 * Input is the file's bytes (the encoding is decided as regedit decides it: UTF-16LE if and only if
 * it starts with FF FE, else the ANSI code page) or an already-decoded string. A file regedit would
 * not read at all (bad header, a UTF-8 BOM, UTF-16 without BOM, a Wine hive, binary) throws a
 * {@link GpregError}. Otherwise every line regedit ignores or rejects is reported in `diagnostics`
 * (or thrown, with `strict: true`), and `statements` lists what the import does, in order.
 *
 * @example
 * const doc = parseReg(fs.readFileSync('policy.reg'));
 * for (const s of doc.statements) console.log(s.line, s.op.op, s.op.key);
 */
export function parseReg(input: Uint8Array | string, options: ParseRegOptions = {}): RegDocument {
  const start = beginReg(input, options, []);
  start.parser.read(start.header, false);
  const { header, accepted, encoding, ...rest } = regHead(start);
  return { header, accepted, encoding, statements: start.parser.statements, ...rest };
}

/** Options for {@link regStatements}. */
export interface RegStatementsOptions extends ParseRegOptions {
  /** Where the diagnostics go as the lines are read; a new array when absent. */
  diagnostics?: Diagnostic[];
}

/** What {@link regStatements} returns once every statement is read: the document but its statements. */
export type RegDocumentHead = Omit<RegDocument, 'statements'>;

/**
 * Reads a `.reg` file one statement at a time: the same parser as {@link parseReg}, for exports too
 * large to hold as one document, or to stop early. Nothing is kept but the diagnostics (and gpreg's
 * own `; gpreg:` notes); the diagnostics go to `options.diagnostics` as they come. The generator's return value is the rest of the document
 * (header, encoding, diagnostics, gpreg notes). A file regedit would not read throws at the first
 * step, and with `strict: true` the first problem throws, after the statements before it.
 *
 * @example
 * for (const s of regStatements(fs.readFileSync('export.reg'))) if (s.op.op === 'deleteKey') console.log(s.line, s.op.key);
 */
export function* regStatements(input: Uint8Array | string, options: RegStatementsOptions = {}): Generator<RegStatement, RegDocumentHead, undefined> {
  const start = beginReg(input, options, options.diagnostics ?? []);
  const st = start.parser.statements;
  for (let more = true; more; ) {
    more = start.parser.read(start.header, true);
    for (let i = 0; i < st.length; i++) yield st[i]!;
    st.length = 0;
  }
  return regHead(start);
}
