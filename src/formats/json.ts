/**
 * The JSON contract (`docs/json.md`): what `gpreg dump` prints, and what `gpreg convert` reads back
 * from a `.json` file. Data is always lowercase hex of the raw bytes.
 */

import { GpregError, type Diagnostic } from '../errors.js';
import { toHex } from '../registry/hex.js';
import type { HiveName } from '../registry/keys.js';
import { opFromJson, opToJson, typedDataFromJson, type RegOp, type RegOpJson } from '../registry/ops.js';
import type { PolDocument, PolRecord } from './pol/document.js';
import type { RegDocument } from './reg/parse.js';

/** A `.pol` record in JSON. */
export interface PolRecordJson {
  offset: number;
  key: string;
  name: string;
  type: number;
  size: number;
  data: string;
}

/** What `gpreg dump` prints for a `.pol` file. */
export interface PolDumpJson {
  format: 'pol';
  version: number;
  /** The hive the ops are placed in. */
  hive: HiveName;
  records: PolRecordJson[];
  ops: RegOpJson[];
  diagnostics: Diagnostic[];
}

/** What `gpreg dump` prints for a `.reg` file. */
export interface RegDumpJson {
  format: 'reg';
  /** `5.00`, `REGEDIT4` or `REGEDIT` (Windows 3.1). */
  header: RegDocument['header'];
  /** False when regedit rejects the header and imports nothing (then `ops` is empty). */
  accepted: boolean;
  /** `utf-16le`, or the ANSI code page the file was read in. */
  encoding: string;
  /** What each line does, with its line number: the op's JSON form plus `line`. */
  statements: Array<{ line: number } & RegOpJson>;
  ops: RegOpJson[];
  diagnostics: Diagnostic[];
}

/** The dump document of a parsed `.reg` and the ops it stands for. */
export function regDumpJson(doc: RegDocument, ops: readonly RegOp[]): RegDumpJson {
  return {
    format: 'reg',
    header: doc.header,
    accepted: doc.accepted,
    encoding: doc.encoding,
    statements: doc.statements.map((s) => ({ line: s.line, ...opToJson(s.op) })),
    ops: ops.map(opToJson),
    diagnostics: doc.diagnostics,
  };
}

/** A record as JSON (`data` in hex). */
export function polRecordToJson(r: PolRecord): PolRecordJson {
  return { offset: r.offset, key: r.key, name: r.name, type: r.type, size: r.size, data: toHex(r.data) };
}

/** The dump document of a decoded `.pol` and the ops it stands for. */
export function polDumpJson(doc: PolDocument, hive: HiveName, ops: readonly RegOp[], diagnostics: readonly Diagnostic[]): PolDumpJson {
  return {
    format: 'pol',
    version: doc.version,
    hive,
    records: doc.records.map(polRecordToJson),
    ops: ops.map(opToJson),
    diagnostics: [...diagnostics],
  };
}

/** What a gpreg JSON file gives back: records when it has them (lossless `.pol`), and ops. */
export interface ParsedJson {
  /** The `.pol` header version and records, when the JSON holds `records`. */
  pol?: Pick<PolDocument, 'version' | 'records'>;
  /** The operations, when the JSON holds `ops`. */
  ops?: RegOp[];
  /** The hive the JSON names, if any. */
  hive?: string;
}

/** Where a JSON.parse failure is, as line and column, from V8's "at position N" message. */
function jsonErrorPosition(text: string, message: string): { line?: number; column?: number } {
  // V8 gives a position for some errors only ("… in JSON at position 12"); else find it ourselves.
  const m = /position (\d+)/.exec(message);
  const pos = m ? Number(m[1]) : firstJsonError(text);
  if (pos === undefined) return {};
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  return { line, column: pos - before.lastIndexOf('\n') };
}

const JSON_LITERALS = ['true', 'false', 'null'];
const JSON_NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const JSON_STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/**
 * The offset of the first syntax error in JSON text that `JSON.parse` rejected (a BOM counts as
 * offset 0), found by a scan that builds nothing and keeps its nesting on an explicit stack, so
 * hostile depth cannot overflow the call stack. Undefined if the scan finds none.
 */
export function firstJsonError(text: string): number | undefined {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const sticky = (re: RegExp): boolean => {
    re.lastIndex = i;
    if (!re.test(text)) return false;
    i = re.lastIndex;
    return true;
  };
  // What the scan expects next, and the open containers ('{' or '[').
  const stack: string[] = [];
  let want: 'value' | 'key' | 'after' = 'value';
  for (;;) {
    ws();
    if (want === 'value' || want === 'key') {
      const c = text[i];
      if (want === 'key') {
        if (c !== '"' || !sticky(JSON_STRING)) return i;
        ws();
        if (text[i] !== ':') return i;
        i++;
        want = 'value';
        continue;
      }
      if (c === '{' || c === '[') {
        stack.push(c);
        i++;
        ws();
        if (text[i] === (c === '{' ? '}' : ']')) {
          stack.pop();
          i++;
          want = 'after';
        } else want = c === '{' ? 'key' : 'value';
        continue;
      }
      if (c === '"' ? !sticky(JSON_STRING) : c === '-' || (c !== undefined && c >= '0' && c <= '9') ? !sticky(JSON_NUMBER) : !JSON_LITERALS.some((l) => text.startsWith(l, i) && ((i += l.length), true))) return i;
      want = 'after';
      continue;
    }
    // After a value: the end of the text, or a comma or the close of the open container.
    const top = stack[stack.length - 1];
    if (top === undefined) return i < text.length ? i : undefined;
    const c = text[i];
    if (c === ',') {
      i++;
      want = top === '{' ? 'key' : 'value';
    } else if (c === (top === '{' ? '}' : ']')) {
      stack.pop();
      i++;
    } else return i;
  }
}

/**
 * JSON text (a BOM allowed, as Windows editors write one) to its value. Throws `JSON_INVALID` with
 * line and column, prefixed by `name` (the file) when given.
 */
export function parseJsonText(text: string, name?: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    const message = (e as Error).message;
    throw new GpregError('JSON_INVALID', `${name ? `${name}: ` : ''}not valid JSON: ${message}`, jsonErrorPosition(text, message));
  }
}

function recordFromJson(v: unknown, i: number): PolRecord {
  const where = `records[${i}]`;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new GpregError('JSON_BAD_RECORD', `${where}: expected an object`);
  const r = v as Record<string, unknown>;
  for (const f of ['key', 'name']) {
    if (typeof r[f] !== 'string') throw new GpregError('JSON_BAD_RECORD', `${where}: "${f}" must be a string`);
  }
  const { type, data } = typedDataFromJson(r, where, (what) => new GpregError('JSON_BAD_RECORD', `${where}: ${what}`));
  if (r['size'] !== undefined && r['size'] !== data.length) {
    throw new GpregError('JSON_BAD_RECORD', `${where}: "size" is ${String(r['size'])} but "data" holds ${data.length} bytes`);
  }
  return { offset: -1, key: r['key'] as string, name: r['name'] as string, type, size: data.length, data };
}

/**
 * Reads a gpreg JSON document (a dump, or just `{"ops":[…]}`). Throws `JSON_INVALID` with line and
 * column for bad JSON, and `JSON_BAD_RECORD`/`JSON_BAD_OP` naming the entry that is wrong.
 */
export function parseGpregJson(text: string): ParsedJson {
  const value = parseJsonText(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GpregError('JSON_BAD_DOCUMENT', 'expected a JSON object with "records" or "ops"');
  }
  const v = value as Record<string, unknown>;
  const out: ParsedJson = {};
  if (typeof v['hive'] === 'string') out.hive = v['hive'];
  if (v['records'] !== undefined) {
    if (!Array.isArray(v['records'])) throw new GpregError('JSON_BAD_DOCUMENT', '"records" must be an array');
    const version = v['version'] ?? 1;
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 0 || version > 0xffffffff) {
      throw new GpregError('JSON_BAD_DOCUMENT', '"version" must be an integer from 0 to 4294967295');
    }
    out.pol = { version, records: v['records'].map(recordFromJson) };
  }
  if (v['ops'] !== undefined) {
    if (!Array.isArray(v['ops'])) throw new GpregError('JSON_BAD_DOCUMENT', '"ops" must be an array');
    out.ops = v['ops'].map((o, i) => opFromJson(o, `ops[${i}]`));
  }
  if (!out.pol && !out.ops) throw new GpregError('JSON_BAD_DOCUMENT', 'expected a JSON object with "records" or "ops"');
  return out;
}
