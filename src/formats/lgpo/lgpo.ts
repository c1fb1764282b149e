/**
 * LGPO.exe's text format (what `/parse` writes and `/t` applies), both ways. Entries are four
 * lines — configuration (`Computer` or `User`), key (no hive), value name (`(Default)` for the
 * default value, `*` where none applies), action — separated by empty lines or `;` comments.
 * Actions: `DELETE`, `DWORD:n`, `QWORD:n` (decimal, or hex with 0x), `SZ:`, `EXSZ:`, `MULTISZ:`
 * (strings separated by the two characters `\0`), `BINARY:00,ff`, `CREATEKEY`, `DELETEALLVALUES`,
 * `DELETEKEYS` (subkeys in the name line, `;`-separated), `CLEAR` (only for `/t`). In texts the
 * escapes are `\r`, `\n` and `\\`. Source: LGPO's manual (LGPO.pdf, Security Compliance Toolkit)
 * and real `/parse` output in public scripts.
 */

import type { Diagnostic, Position } from '../../errors.js';
import { LINE_BREAK, splitKey, joinKey, parentKey, type HiveName } from '../../registry/keys.js';
import type { RegOp } from '../../registry/ops.js';
import { RegType, renderRegType } from '../../registry/types.js';
import { decodeMultiString, decodeString, encodeMultiString, encodeQword, encodeDword, encodeString } from '../../registry/values.js';

/** LGPO text read into operations, with the line of each and what was not understood. */
export interface LgpoDocument {
  ops: RegOp[];
  /** `positions[i]` is where `ops[i]` comes from (the entry's action line). */
  positions: Position[];
  diagnostics: Diagnostic[];
}

const CONFIGS = new Map<string, HiveName>([
  ['computer', 'HKEY_LOCAL_MACHINE'],
  ['user', 'HKEY_CURRENT_USER'],
]);

/**
 * True when text reads as LGPO text: its first line that is no comment is `Computer` or `User…`,
 * or it is only comments with LGPO's `; PARSING … POLICY` line (the text of an empty policy).
 */
export function looksLikeLgpo(text: string): boolean {
  let parsing = false;
  for (const raw of text.split(/\r?\n/, 200)) {
    const line = raw.replace(/^\ufeff/, '');
    if (line.startsWith('; PARSING ')) parsing = true;
    if (line === '' || line.startsWith(';')) continue;
    return /^(computer|user(:.*)?)$/i.test(line.trim());
  }
  return parsing;
}

/** Decodes LGPO text bytes: UTF-16LE after FF FE, else the ANSI code page (Latin-1 here: ASCII in practice). */
export function decodeLgpoBytes(bytes: Uint8Array): string {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b[0] === 0xff && b[1] === 0xfe) return b.toString('utf16le', 2);
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.toString('utf8', 3);
  return b.toString('latin1');
}

/** `\r`, `\n`, `\\` in a text; any other backslash stays as it is. */
function unescape(s: string): string {
  return s.replace(/\\([rn\\])/g, (_, c: string) => (c === 'r' ? '\r' : c === 'n' ? '\n' : '\\'));
}

function escape(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}

/**
 * Reads LGPO text. Every entry becomes an operation; an entry LGPO would reject (an unknown
 * configuration or action, a bad number) is a diagnostic with its line, and the others are read.
 */
export function parseLgpo(input: Uint8Array | string): LgpoDocument {
  const text = typeof input === 'string' ? input.replace(/^\ufeff/, '') : decodeLgpoBytes(input);
  const lines = text.split(/\r?\n/);
  const ops: RegOp[] = [];
  const positions: Position[] = [];
  const diagnostics: Diagnostic[] = [];
  const bad = (line: number, message: string) => diagnostics.push({ severity: 'error', code: 'LGPO_BAD_ENTRY', message: `${message}: the entry is skipped`, line, column: 1 });
  let entry: Array<{ text: string; line: number }> = [];
  const flush = () => {
    if (entry.length === 0) return;
    const lineOf = entry[0]!.line;
    if (entry.length < 4) {
      bad(lineOf, `an entry has ${entry.length} line(s), not 4 (configuration, key, value name, action)`);
      entry = [];
      return;
    }
    const [config, key, name, action] = entry as [typeof entry[0], typeof entry[0], typeof entry[0], typeof entry[0]];
    entry = [];
    const nul = [config, key, name, action].find((l) => l.text.includes('\0'));
    if (nul) return bad(nul.line, 'a NUL character inside the entry (no key, value name or text can hold one)');
    const c = config.text.trim().toLowerCase();
    const hive = CONFIGS.get(c) ?? (c.startsWith('user:') ? 'HKEY_CURRENT_USER' : undefined);
    if (!hive) return bad(config.line, `configuration ${JSON.stringify(config.text)} is not Computer or User`);
    if (c.startsWith('user:')) diagnostics.push({ severity: 'warning', code: 'LGPO_MULTI_USER', message: `${config.text}: a local multi-user GPO; read as User`, line: config.line, column: 1 });
    const full = joinKey(hive, key.text);
    const valueName = name.text === '(Default)' ? '' : name.text;
    const colon = action.text.indexOf(':');
    const verb = (colon < 0 ? action.text : action.text.slice(0, colon)).trim().toUpperCase();
    const arg = colon < 0 ? '' : action.text.slice(colon + 1);
    let op: RegOp | undefined;
    const number = (max: bigint) => {
      const t = arg.trim();
      if (!/^(0x[0-9a-f]+|\d+)$/i.test(t) || BigInt(t) > max) return undefined;
      return BigInt(t);
    };
    switch (verb) {
      case 'DELETE':
        op = { op: 'deleteValue', key: full, name: valueName };
        break;
      case 'DELETEALLVALUES':
        op = { op: 'deleteAllValues', key: full };
        break;
      case 'DELETEKEYS':
        op = { op: 'deleteKeys', key: full, subkeys: name.text.split(';').filter((s) => s !== '') };
        break;
      case 'CREATEKEY':
        op = { op: 'createKey', key: full };
        break;
      case 'CLEAR':
        diagnostics.push({ severity: 'warning', code: 'LGPO_CLEAR', message: 'CLEAR only drops earlier commands for the key when LGPO applies text (/t); it writes no record', line: action.line, column: 1 });
        return;
      case 'DWORD': {
        const n = number(0xffffffffn);
        if (n === undefined) return bad(action.line, `DWORD:${arg} is not a number from 0 to 4294967295 (decimal, or hex with 0x)`);
        op = { op: 'set', key: full, name: valueName, type: RegType.REG_DWORD, data: encodeDword(Number(n)) };
        break;
      }
      case 'QWORD': {
        const n = number(0xffffffffffffffffn);
        if (n === undefined) return bad(action.line, `QWORD:${arg} is not a 64-bit number (decimal, or hex with 0x)`);
        op = { op: 'set', key: full, name: valueName, type: RegType.REG_QWORD, data: encodeQword(n) };
        break;
      }
      case 'SZ':
      case 'EXSZ':
        op = { op: 'set', key: full, name: valueName, type: verb === 'SZ' ? RegType.REG_SZ : RegType.REG_EXPAND_SZ, data: encodeString(unescape(arg)) };
        break;
      case 'MULTISZ': {
        // An empty list is the one NUL the Group Policy editor writes (seen in real baselines).
        const items = arg === '' ? [] : arg.split('\\0').map(unescape);
        if (items.some((s) => s === '')) return bad(action.line, `MULTISZ:${arg.slice(0, 40)} has an empty string, which would end the list`);
        op = { op: 'set', key: full, name: valueName, type: RegType.REG_MULTI_SZ, data: items.length ? encodeMultiString(items) : new Uint8Array(2) };
        break;
      }
      case 'BINARY': {
        const hex = arg.replace(/[\s,]+/g, '');
        if (!/^([0-9a-f]{2})*$/i.test(hex)) return bad(action.line, `BINARY:${arg.slice(0, 40)} is not comma-separated hex bytes`);
        op = { op: 'set', key: full, name: valueName, type: RegType.REG_BINARY, data: new Uint8Array(Buffer.from(hex, 'hex')) };
        break;
      }
      default:
        return bad(action.line, `unknown action ${JSON.stringify(action.text.slice(0, 40))}`);
    }
    ops.push(op);
    positions.push({ line: action.line });
  };
  lines.forEach((text, i) => {
    const line = i + 1;
    if (text.startsWith(';')) return flush();
    if (text === '') return flush();
    if (text.trim() === '' && entry.length === 0) {
      diagnostics.push({ severity: 'warning', code: 'LGPO_BLANK_WITH_SPACES', message: 'a separator line holds blanks: LGPO wants it empty', line, column: 1 });
      return;
    }
    entry.push({ text, line });
    if (entry.length > 4) {
      bad(entry[0]!.line, 'an entry runs past 4 lines (a separating empty line is missing)');
      entry = [];
    }
  });
  flush();
  return { ops, positions, diagnostics };
}

/** LGPO text written from operations, and what it could not say. */
export interface SerializedLgpo {
  bytes: Uint8Array;
  text: string;
  diagnostics: Diagnostic[];
}

/**
 * Writes operations as LGPO text, in the layout of `/parse` output, UTF-16LE with BOM and CRLF.
 * What LGPO text cannot say is reported (`LGPO_LOSSY`, once per key and kind) and, where it has no
 * form at all, left out: types other than REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ, REG_DWORD,
 * REG_QWORD and REG_BINARY (and data those types cannot hold), `**soft.` (written as a plain set),
 * `**SecureKey`, a value named `(Default)` or holding a line break, keys of other hives.
 */
export function serializeLgpo(ops: readonly RegOp[], options: { positions?: readonly Position[]; source?: string } = {}): SerializedLgpo {
  const out: string[] = ['; ----------------------------------------------------------------------'];
  const diagnostics: Diagnostic[] = [];
  const warned = new Set<string>();
  const lossy = (kind: string, key: string, message: string, i: number) => {
    const id = `${kind}\u0000${key.toUpperCase()}`;
    if (warned.has(id)) return;
    warned.add(id);
    const at = options.positions?.[i];
    diagnostics.push({ severity: 'warning', code: 'LGPO_LOSSY', message: `${key}: ${message}`, ...(at?.offset !== undefined ? { offset: at.offset } : {}), ...(at?.line !== undefined ? { line: at.line } : {}) });
  };
  let section: HiveName | undefined;
  const entries: Array<[HiveName, string, string, string]> = [];
  ops.forEach((op, i) => {
    const { hive, path } = splitKey(op.key);
    if (hive !== 'HKEY_LOCAL_MACHINE' && hive !== 'HKEY_CURRENT_USER') {
      lossy('hive', op.key, `LGPO text holds only Computer (HKLM) and User (HKCU) keys; ${hive ?? 'a key without hive'} is left out`, i);
      return;
    }
    // Written as is, the rest of the key would be lines of their own: entries LGPO would apply.
    if (LINE_BREAK.test(op.key)) {
      lossy('key', JSON.stringify(op.key), 'the key holds a line break or NUL, which LGPO text cannot hold; left out', i);
      return;
    }
    // The key is a line of its own: an empty one would end the entry, one starting with ';' be a comment.
    const keyLine = op.op === 'deleteKey' ? parentKey(path).parent : path;
    // A key line ending in a backslash is read back without it (a key with an empty name: a\\b).
    if (!keyLine || keyLine.startsWith(';') || (op.op === 'deleteKey' && keyLine.endsWith('\\'))) {
      const why = keyLine?.endsWith('\\') ? 'the key has an empty name in its path, which DELETEKEYS on its parent cannot name' : keyLine ? 'the key starts with \';\', which LGPO text reads as a comment line' : op.op === 'deleteKey' ? 'deleting a key right under the hive has no LGPO form' : 'a hive\'s own top key has no LGPO form';
      lossy('key', op.key, `${why}; left out`, i);
      return;
    }
    // DELETEKEYS lists subkeys with ';' between them: one holding ';' or a line break would name others.
    const subkeys = op.op === 'deleteKeys' ? op.subkeys.filter((s) => s !== '') : op.op === 'deleteKey' ? [parentKey(path).leaf] : [];
    const badSub = subkeys.find((s) => /[;\r\n\0]/.test(s));
    if (badSub !== undefined) {
      lossy('subkey', op.key, `subkey ${JSON.stringify(badSub)} holds a ';', line break or NUL, which LGPO's DELETEKEYS list cannot hold; left out`, i);
      return;
    }
    if (op.op === 'deleteKeys' && subkeys.length === 0) {
      // A **DeleteKeys naming no subkey deletes nothing; its blank list line would end the entry.
      lossy('subkey', op.key, '**DeleteKeys names no subkey (it deletes nothing), and LGPO\'s DELETEKEYS needs one; left out', i);
      return;
    }
    const name = (n: string): string | undefined => {
      if (LINE_BREAK.test(n)) {
        lossy('name', op.key, `value name ${JSON.stringify(n)} holds a line break, which LGPO text cannot hold; left out`, i);
        return undefined;
      }
      if (n.startsWith(';')) {
        lossy('name', op.key, `value name ${JSON.stringify(n)} starts with ';', which LGPO text reads as a comment line; left out`, i);
        return undefined;
      }
      if (n === '(Default)') {
        lossy('name', op.key, 'a value named "(Default)" would read back as the default value; left out', i);
        return undefined;
      }
      return n === '' ? '(Default)' : n;
    };
    const push = (n: string | undefined, action: string) => {
      if (n !== undefined) entries.push([hive, path, n, action]);
    };
    switch (op.op) {
      case 'set': {
        if (op.soft) lossy('soft', op.key, `${JSON.stringify(op.name)} is set only if absent (**soft.); LGPO text always sets it`, i);
        const action = setAction(op.type, op.data);
        if (!action) {
          lossy('type', op.key, `${JSON.stringify(op.name)} is ${renderRegType(op.type)} with data LGPO text cannot hold (it knows SZ, EXSZ, MULTISZ, DWORD, QWORD and BINARY); left out`, i);
          return;
        }
        push(name(op.name), action);
        return;
      }
      case 'deleteValue':
        push(name(op.name), 'DELETE');
        return;
      case 'deleteValues':
        lossy('deletevalues', op.key, '**DeleteValues is written as one DELETE entry per value (a .pol from it has **del. records instead)', i);
        for (const n of op.names) push(name(n), 'DELETE');
        return;
      case 'deleteAllValues':
        push('*', 'DELETEALLVALUES');
        return;
      case 'deleteKeys':
        entries.push([hive, path, subkeys.join(';'), 'DELETEKEYS']);
        return;
      case 'deleteKey':
        entries.push([hive, keyLine, subkeys[0]!, 'DELETEKEYS']);
        return;
      case 'createKey':
        push('*', 'CREATEKEY');
        return;
      case 'secureKey':
        lossy('securekey', op.key, '**SecureKey has no LGPO form; left out', i);
        return;
    }
  });
  for (const [hive, key, n, action] of entries) {
    const config = hive === 'HKEY_LOCAL_MACHINE' ? 'Computer' : 'User';
    if (section !== hive) {
      section = hive;
      out.push(`; PARSING ${config} POLICY`, `; Source file:  ${(options.source ?? 'gpreg').replace(/[\r\n\0]/g, ' ')}`); // a comment stays one line
    }
    out.push('', config, key, n, action);
  }
  out.push('', '; PARSING COMPLETED.', '; ----------------------------------------------------------------------', '');
  const text = out.join('\r\n');
  return { bytes: new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])), text, diagnostics };
}

/** The action line of a value, or undefined when LGPO text cannot hold its type and data exactly. */
function setAction(type: number, data: Uint8Array): string | undefined {
  const evenNul = data.length >= 2 && data.length % 2 === 0 && data[data.length - 1] === 0 && data[data.length - 2] === 0;
  switch (type) {
    case RegType.REG_DWORD:
      return data.length === 4 ? `DWORD:${new DataView(data.buffer, data.byteOffset, 4).getUint32(0, true)}` : undefined;
    case RegType.REG_QWORD:
      return data.length === 8 ? `QWORD:${new DataView(data.buffer, data.byteOffset, 8).getBigUint64(0, true)}` : undefined;
    case RegType.REG_SZ:
    case RegType.REG_EXPAND_SZ: {
      if (!evenNul) return undefined;
      const s = decodeString(data);
      // Exactly one NUL at the end: an inner NUL, or padding, would not come back.
      if (s.includes('\0') || !bytesMatch(encodeString(s), data)) return undefined;
      return `${type === RegType.REG_SZ ? 'SZ' : 'EXSZ'}:${escape(s)}`;
    }
    case RegType.REG_MULTI_SZ: {
      if (data.length === 2 && data[0] === 0 && data[1] === 0) return 'MULTISZ:'; // the editor's empty list
      const items = decodeMultiString(data);
      // LGPO splits on the two characters \0 before unescaping: an item holding them would split.
      // `MULTISZ:` reads back as the one-NUL empty list, so an empty list of any other form is lossy.
      if (items.length === 0 || items.some((s) => s.includes('\\0') || s === '') || !bytesMatch(encodeMultiString(items), data)) return undefined;
      return `MULTISZ:${items.map(escape).join('\\0')}`;
    }
    case RegType.REG_BINARY:
      return `BINARY:${[...data].map((b) => b.toString(16).padStart(2, '0')).join(',')}`;
    default:
      return undefined;
  }
}

function bytesMatch(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

