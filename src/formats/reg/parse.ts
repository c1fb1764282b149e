/**
 * `.reg` parser that gives every line the meaning regedit gives it (Wine's `regproc.c` is the open
 * description; its tests pass on Windows). What regedit ignores or rejects becomes a diagnostic
 * with line, column and a stable code, so an audit tells what an import will really do.
 */

import { GpregError, type Diagnostic, type ErrorCode } from '../../errors.js';
import type { HiveName } from '../../registry/keys.js';
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
 * Hands out data arrays from shared 1 MiB blocks: one view per value instead of one small buffer
 * each, which matters for exports of hundreds of MB.
 */
class ByteArena {
  private block = new ArrayBuffer(0);
  private used = 0;
  alloc(n: number): Uint8Array {
    if (n > 1 << 16) return new Uint8Array(n);
    if (this.used + n > this.block.byteLength) {
      this.block = new ArrayBuffer(1 << 20);
      this.used = 0;
    }
    const view = new Uint8Array(this.block, this.used, n);
    this.used += n;
    return view;
  }
  /** A copy of `bytes`. */
  copy(bytes: ArrayLike<number>): Uint8Array {
    const out = this.alloc(bytes.length);
    out.set(bytes);
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
}

function pushByte(p: PendingHex, b: number): void {
  if (p.count === p.bytes.length) {
    const grown = new Uint8Array(p.bytes.length * 2);
    grown.set(p.bytes);
    p.bytes = grown;
  }
  p.bytes[p.count++] = b;
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
  // UTF-16LE input (every regedit export) is read a line at a time from its bytes: no copy of the
  // whole file as one string, and names and strings are decoded from the bytes, so no value keeps
  // a whole line alive. Other input is decoded once (ANSI code page, UTF-8, or a given string).
  const utf16 = typeof input !== 'string' && input.length >= 2 && input[0] === 0xff && input[1] === 0xfe ? input : undefined;
  const decoded = utf16
    ? { text: '', encoding: 'utf-16le' as RegEncoding }
    : typeof input === 'string'
      ? { text: input.charCodeAt(0) === 0xfeff ? input.slice(1) : input, encoding: 'utf-16le' as RegEncoding }
      : decodeRegBytes(input, options);
  const text = decoded.text;
  const buf = utf16 ? Buffer.from(utf16.buffer, utf16.byteOffset, utf16.byteLength) : Buffer.alloc(0);
  const arena = new ByteArena();
  const unicode = decoded.encoding === 'utf-16le' || decoded.encoding === 'utf-8';
  const codePage = unicode ? DEFAULT_CODE_PAGE : decoded.encoding;
  const strict = options.strict ?? false;
  const diagnostics: Diagnostic[] = [];
  const statements: RegStatement[] = [];

  let lineNo = 0;
  const report = (severity: Diagnostic['severity'], code: ErrorCode, message: string, column = 1): void => {
    if (strict && severity === 'error') {
      throw new GpregError(code, `line ${lineNo}, column ${column}: ${message}`, { line: lineNo, column, diagnostics });
    }
    diagnostics.push({ severity, code, message, line: lineNo, column });
  };
  const warnAt = (column: number, message: string, code: ErrorCode) => report('warning', code, message, column);

  // Lines end at CR LF, CR or LF; the last may have none. `lineAt` is the byte offset of the
  // current line in UTF-16 input (-1 for text input): character i of the line is at lineAt + 2i.
  let pos = utf16 ? 2 : 0;
  let lineAt = -1;
  const end16 = utf16 ? 2 + ((utf16.length - 2) & ~1) : 0;
  const nextLine = (): string | undefined => {
    let line: string;
    let nul = -1;
    if (utf16) {
      if (pos > end16 || (pos === end16 && lineNo > 0)) return undefined;
      const b = utf16;
      let end = pos;
      for (; end < end16; end += 2) {
        if (b[end + 1] !== 0) continue;
        const lo = b[end]!;
        if (lo === 0x0a || lo === 0x0d) break;
        if (lo === 0 && nul < 0) nul = (end - pos) >> 1;
      }
      line = buf.toString('utf16le', pos, nul >= 0 ? pos + 2 * nul : end);
      lineAt = pos;
      pos = end < end16 && b[end] === 0x0d && b[end + 2] === 0x0a && b[end + 3] === 0 ? end + 4 : end + 2;
    } else {
      if (pos > text.length || (pos === text.length && lineNo > 0)) return undefined;
      let end = pos;
      while (end < text.length) {
        const c = text.charCodeAt(end);
        if (c === 0x0a || c === 0x0d) break;
        end++;
      }
      line = text.slice(pos, end);
      pos = end < text.length && text.charCodeAt(end) === 0x0d && text.charCodeAt(end + 1) === 0x0a ? end + 2 : end + 1;
      nul = line.indexOf('\0');
      if (nul >= 0) line = line.slice(0, nul);
    }
    lineNo++;
    if (nul >= 0) report('warning', 'REG_NUL_IN_LINE', 'a NUL character: regedit reads the line only up to it', nul + 1);
    return line;
  };
  /** Characters a..b of the current line as a string of its own (not a slice that keeps the line). */
  const own = (s: string, a: number, b: number): string => (lineAt >= 0 ? buf.toString('utf16le', lineAt + 2 * a, lineAt + 2 * b) : s.slice(a, b));
  /** A quoted name or string: from the bytes when it had no escapes, else a flat copy of the text. */
  const quotedText = (s: string, start: number, q: { text: string; end: number; plain: boolean }): string =>
    q.plain ? own(s, start, q.end - 1) : lineAt >= 0 ? Buffer.from(q.text, 'utf16le').toString('utf16le') : q.text;
  /** REG_SZ data for a quoted string: its bytes copied from the input when it had no escapes. */
  const stringData = (start: number, q: { text: string; end: number; plain: boolean }): Uint8Array => {
    if (!q.plain || lineAt < 0) return arena.utf16z(q.text);
    const from = lineAt + 2 * start;
    const to = lineAt + 2 * (q.end - 1);
    const out = arena.alloc(to - from + 2);
    out.set(utf16!.subarray(from, to));
    out[out.length - 2] = 0;
    out[out.length - 1] = 0;
    return out;
  };

  // Header.
  const first = nextLine() ?? '';
  const headerText = first.slice(skipBlanks(first, 0));
  let header: RegHeaderKind;
  let accepted = true;
  if (headerText === HEADER_50) header = '5.00';
  else if (headerText === HEADER_40) header = 'REGEDIT4';
  else if (headerText === HEADER_31) header = 'REGEDIT';
  else if (headerText.startsWith(HEADER_50) || headerText.startsWith(HEADER_31)) {
    // Recognisably a .reg, but regedit compares the whole line: it imports nothing from this file.
    header = headerText.startsWith(HEADER_40) ? 'REGEDIT4' : '5.00';
    accepted = false;
    const found = JSON.stringify(headerText.slice(0, 60));
    const message = headerText.startsWith(HEADER_50) || headerText.startsWith(HEADER_40)
      ? `the header line is ${found}: regedit accepts only the exact header with nothing after it (not even a blank or a comment) and imports nothing from this file`
      : `the header line is ${found}: regedit takes a REGEDIT… line as a header but imports nothing from this file`;
    if (strict) throw new GpregError('REG_BAD_HEADER', `line 1: ${message}`, { line: 1, column: 1 });
    diagnostics.push({ severity: 'error', code: 'REG_BAD_HEADER', message, line: 1, column: headerText.length + 1 });
  } else {
    throw new GpregError('REG_BAD_HEADER', `line 1: expected "${HEADER_50}" or "${HEADER_40}", found ${JSON.stringify(headerText.slice(0, 60))}: this is not a .reg file regedit reads`, { line: 1, column: 1 });
  }

  let key: string | null = null; // the open key, null when none (after an invalid key or [-key])
  let anyKeyLine = false;
  let pending: PendingHex | undefined;
  let stopped = false;

  /** Opens a key line's path; returns the canonical key or null (reported) when regedit cannot open it. */
  const openKey = (path: string, column: number): string | null => {
    const slash = path.indexOf('\\');
    const root = (slash < 0 ? path : path.slice(0, slash)).toUpperCase();
    const hive = ROOTS.get(root);
    if (hive === undefined) {
      const abbreviated = ABBREVIATED.test(path);
      report('error', 'REG_BAD_ROOT', abbreviated
        ? `key ${JSON.stringify(path)}: regedit accepts only full root names (HKEY_LOCAL_MACHINE, not HKLM) and drops this key's values (Wine's reg import would accept it)`
        : `key ${JSON.stringify(path)} does not start with a root key (HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER, …): regedit drops this key's values`, column);
      return null;
    }
    if (hive === null) {
      report('error', 'REG_BAD_ROOT', `key ${JSON.stringify(path)}: HKEY_DYN_DATA exists only on Windows 9x; regedit drops this key's values`, column);
      return null;
    }
    return slash < 0 ? hive : hive + path.slice(slash);
  };

  /** Adds a value under `into` (the key open when the value started), or reports it dropped. */
  const setValue = (into: string | null, name: string, type: number, data: Uint8Array, line: number, column: number): void => {
    if (into === null) {
      report('error', 'REG_NO_OPEN_KEY', `value ${name === '' ? '@' : JSON.stringify(name)} has no open key (${anyKeyLine ? 'the key above it is invalid or was deleted' : 'no key line before it'}): regedit drops it`, column);
      return;
    }
    const st: RegStatement = { line, op: { op: 'set', key: into, name, type, data } };
    if (lineNo !== line) st.endLine = lineNo;
    statements.push(st);
  };

  /** Finishes a hex value: regedit's NUL for string types and code page conversion in ANSI files. */
  const finishHex = (p: PendingHex): void => {
    let data: Uint8Array = arena.copy(p.bytes.subarray(0, p.count));
    if (p.type === RegType.REG_SZ || p.type === RegType.REG_EXPAND_SZ || p.type === RegType.REG_MULTI_SZ) {
      if (unicode) {
        const units = data.length >> 1;
        if (units === 0) {
          // One lone byte: regedit has no whole character to check and sets nothing (seen in Wine 8).
          report('error', 'REG_BAD_HEX', `a ${p.type === RegType.REG_MULTI_SZ ? 'hex(7)' : `hex(${p.type})`} value of one byte (value started on line ${p.line}): regedit sets nothing`, 1);
          return;
        }
        if (data[2 * units - 2] !== 0 || data[2 * units - 1] !== 0) {
          // regedit writes a NUL unit right after the last whole unit, over an odd trailing byte,
          // and the size grows by two: 41,00,42 becomes 41,00,00,00,00 (seen in Wine 8).
          const out = arena.alloc(data.length + 2).fill(0);
          out.set(data.subarray(0, 2 * units));
          data = out;
        }
      } else if (data.length > 0) {
        const withNul = data[data.length - 1] === 0 ? data : Uint8Array.from([...data, 0]);
        data = arena.copy(Buffer.from(decodeAnsi(withNul, codePage), 'utf16le'));
      }
    }
    setValue(p.key, p.name, p.type, data, p.line, 1);
  };

  /**
   * Reads comma-separated hex bytes from `s` at `i` into `p`. Returns 'done', 'more' (a `,\`
   * continuation follows) or an error column.
   */
  const readHexBytes = (s: string, i: number, p: PendingHex): 'done' | 'more' | { col: number; msg: string } => {
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
  };

  const dataLine = (s: string, i: number, name: string, nameCol: number): void => {
    // After the name: blanks, '=', blanks; trailing blanks do not count.
    i = skipBlanks(s, i);
    if (s.charCodeAt(i) !== 0x3d) {
      report('error', 'REG_EXPECTED_EQUALS', `expected '=' after the value name, found ${i < s.length ? JSON.stringify(s[i]) : 'end of line'}: regedit ignores the line`, i + 1);
      return;
    }
    i = skipBlanks(s, i + 1);
    let end = s.length;
    while (end > i && isBlank(s.charCodeAt(end - 1))) end--;
    const v = s.slice(0, end);
    const line = lineNo;
    if (v.charCodeAt(i) === 0x2d) {
      if (!restIsComment(v, i + 1)) {
        report('error', 'REG_BAD_DELETE', `only blanks or a ; comment may follow '=-': regedit ignores the line`, i + 2);
        return;
      }
      if (key === null) {
        report('error', 'REG_NO_OPEN_KEY', `deletion of ${name === '' ? '@' : JSON.stringify(name)} has no open key: regedit ignores it`, nameCol);
        return;
      }
      statements.push({ line, op: { op: 'deleteValue', key, name } });
      return;
    }
    if (v.charCodeAt(i) === 0x22) {
      const q = unescapeQuoted(v, i + 1, warnAt);
      if ('invalid' in q) {
        report('error', 'REG_BAD_STRING', `string data: ${q.invalid}: regedit ignores the line`, q.col);
        return;
      }
      if (!restIsComment(v, q.end)) {
        report('error', 'REG_TEXT_AFTER_STRING', `only blanks or a ; comment may follow the closing quote, found ${JSON.stringify(v[skipBlanks(v, q.end)])}: regedit ignores the line`, skipBlanks(v, q.end) + 1);
        return;
      }
      setValue(key, name, RegType.REG_SZ, stringData(i + 1, q), line, nameCol);
      return;
    }
    if (v.startsWith('dword:', i)) {
      let d = skipBlanks(v, i + 6);
      const digits = d;
      while (d < v.length && isHexDigit(v.charCodeAt(d))) d++;
      const count = d - digits;
      if (count === 0 || count > 8 || !restIsComment(v, d)) {
        report('error', 'REG_BAD_DWORD', count > 8
          ? `dword has ${count} hex digits, at most 8 are allowed: regedit ignores the line`
          : count === 0 ? 'dword: needs 1 to 8 hex digits (no 0x): regedit ignores the line' : `only blanks or a ; comment may follow the dword digits, found ${JSON.stringify(v[skipBlanks(v, d)])}: regedit ignores the line`, (count === 0 || count > 8 ? digits : skipBlanks(v, d)) + 1);
        return;
      }
      const data = arena.alloc(4);
      new DataView(data.buffer, data.byteOffset, 4).setUint32(0, parseInt(v.slice(digits, d), 16), true);
      setValue(key, name, RegType.REG_DWORD, data, line, nameCol);
      return;
    }
    let type: number;
    let h: number;
    if (v.startsWith('hex:', i)) {
      type = RegType.REG_BINARY;
      h = i + 4;
    } else if (v.startsWith('hex(', i)) {
      const t = i + 4;
      const bad = () => report('error', 'REG_BAD_HEX_TYPE', `expected hex(N): with N a hex type number from 0 to ffffffff, found ${JSON.stringify(v.slice(i, i + 20))}: regedit ignores the line`, t + 1);
      if (t >= v.length || v[t + 1] === 'x' || v[t + 1] === 'X') return bad();
      const n = wcstoul16(v, t);
      if (n.end === t || n.overflow || v[n.end] !== ')' || v[n.end + 1] !== ':') return bad();
      type = n.value;
      h = n.end + 2;
    } else {
      report('error', 'REG_UNKNOWN_TYPE', `unknown data ${JSON.stringify(v.slice(i, i + 20))}: expected "string", dword:, hex: or hex(N): (lowercase): regedit ignores the line`, i + 1);
      return;
    }
    const p: PendingHex = { line, key, name, type, bytes: new Uint8Array(256), count: 0 };
    if (h >= v.length) {
      // "hex:" with nothing after it: an empty value, without the NUL regedit adds otherwise.
      setValue(key, name, type, arena.alloc(0), line, nameCol);
      return;
    }
    const r = readHexBytes(v, h, p);
    if (r === 'done') finishHex(p);
    else if (r === 'more') pending = p;
    else report('error', 'REG_BAD_HEX', `${r.msg}: regedit ignores the value`, r.col);
  };

  for (let s = nextLine(); s !== undefined && !stopped; s = nextLine()) {
    if (pending) {
      const i = skipBlanks(s, 0);
      if (i >= s.length || s.charCodeAt(i) === 0x3b) continue; // blank and comment lines inside a value are skipped
      const p = pending;
      if (!isHexDigit(s.charCodeAt(i))) {
        pending = undefined;
        report('error', 'REG_BAD_CONTINUATION', `the value started on line ${p.line} continues with a line that does not start with a hex digit: regedit drops the value and this line`, i + 1);
        continue;
      }
      const r = readHexBytes(s, i, p);
      if (r === 'more') continue;
      pending = undefined;
      if (r === 'done') finishHex(p);
      else report('error', 'REG_BAD_HEX', `${r.msg} (value started on line ${p.line}): regedit ignores the value`, r.col);
      continue;
    }
    if (header === 'REGEDIT') {
      win31Line(s);
      continue;
    }
    const i = skipBlanks(s, 0);
    const c = s.charCodeAt(i);
    if (i >= s.length || c === 0x3b) continue;
    if (c === 0x5b) {
      anyKeyLine = true;
      const close = s.lastIndexOf(']');
      if (isBlank(s.charCodeAt(i + 1)) || close <= i) {
        report('error', 'REG_BAD_KEY_LINE', close <= i
          ? `key line without ']': regedit ignores it${key ? ` and the values after it go to [${key}]` : ''}`
          : `blank after '[': regedit ignores the line${key ? ` and the values after it go to [${key}]` : ''}`, i + 2);
        continue;
      }
      if (s.slice(close + 1).trim() !== '') report('info', 'REG_TEXT_AFTER_KEY', 'text after the last ] is ignored', close + 2);
      const name = own(s, i + 1, close);
      if (name.startsWith('-')) {
        key = null;
        const path = name.slice(1);
        if (path[0] !== 'H' && path[0] !== 'h') {
          report('error', 'REG_BAD_DELETE_KEY', `[-${path}] does not name a key under a root: regedit ignores it`, i + 3);
          continue;
        }
        const full = openKeyForDelete(path, i + 3);
        if (full) statements.push({ line: lineNo, op: { op: 'deleteKey', key: full } });
        continue;
      }
      key = openKey(name, i + 2);
      if (key !== null) statements.push({ line: lineNo, op: { op: 'createKey', key } });
      continue;
    }
    if (c === 0x40) {
      dataLine(s, i + 1, '', i + 1);
      continue;
    }
    if (c === 0x22) {
      const q = unescapeQuoted(s, i + 1, warnAt);
      if ('invalid' in q) {
        report('error', 'REG_BAD_NAME', `value name: ${q.invalid}: regedit ignores the line`, q.col);
        continue;
      }
      dataLine(s, q.end, quotedText(s, i + 1, q), i + 1);
      continue;
    }
    report('warning', 'REG_IGNORED_LINE', `regedit ignores a line starting with ${JSON.stringify(s[i])} (only [key], "name"=, @= and ; comments mean something)`, i + 1);
  }
  if (pending) finishHex(pending); // end of file inside a continued value keeps the bytes read

  return { header, accepted, encoding: decoded.encoding, statements, diagnostics };

  /** `[-PATH]`: regedit stops the whole import for a bad root or a bare root. */
  function openKeyForDelete(path: string, column: number): string | null {
    const slash = path.indexOf('\\');
    const root = (slash < 0 ? path : path.slice(0, slash)).toUpperCase();
    const hive = ROOTS.get(root);
    if (!hive || slash < 0 || slash === path.length - 1) {
      report('error', 'REG_DELETE_STOPS_IMPORT', hive
        ? `[-${path}] names a whole root key: regedit refuses and stops the import here`
        : `[-${path}] does not start with a full root key name: regedit stops the import here`, column);
      stopped = true;
      return null;
    }
    return hive + path.slice(slash);
  }

  /** A Windows 3.1 line: `HKEY_CLASSES_ROOT\path = value` sets the key's default value. */
  function win31Line(s: string): void {
    if (!s.startsWith('HKEY_CLASSES_ROOT')) {
      if (s.trim() !== '') report('warning', 'REG_IGNORED_LINE', 'in a REGEDIT (Windows 3.1) file regedit reads only lines starting with HKEY_CLASSES_ROOT', 1);
      return;
    }
    let e = 0;
    while (e < s.length && !isCSpace(s.charCodeAt(e))) e++;
    let v = skipBlanks(s, e);
    if (s[v] === '=') v++;
    if (s[v] === ' ') v++;
    const k = openKey(s.slice(0, e), 1);
    if (k === null) return;
    statements.push({ line: lineNo, op: { op: 'set', key: k, name: '', type: RegType.REG_SZ, data: arena.utf16z(s.slice(v)) } });
  }
}
