/**
 * RegOp: the one language every format is translated to. A file's meaning is its list of
 * operations, applied in order. Keys carry their hive (`HKEY_LOCAL_MACHINE\Software\…`).
 */

import { GpregError } from '../errors.js';
import { fromHex, toHex } from './hex.js';
import { RegType, parseRegType, regTypeName } from './types.js';
import { parseValueData } from './values.js';

/** Sets a value. `soft` (from `.pol` `**soft.`) sets it only where it does not exist yet. */
export interface SetValueOp {
  op: 'set';
  key: string;
  /** The value name; '' is the key's default value (`@` in `.reg`). */
  name: string;
  /** The type code (any uint32). */
  type: number;
  /** The raw bytes, strings with their NUL. */
  data: Uint8Array;
  soft?: boolean;
}

/** Deletes one value (`.pol` `**del.X`, `.reg` `"X"=-`). */
export interface DeleteValueOp {
  op: 'deleteValue';
  key: string;
  name: string;
}

/** Deletes every value of a key, keeping its subkeys (`.pol` `**delvals.`). */
export interface DeleteAllValuesOp {
  op: 'deleteAllValues';
  key: string;
}

/** Deletes the listed values (`.pol` `**DeleteValues`). */
export interface DeleteValuesOp {
  op: 'deleteValues';
  key: string;
  names: string[];
}

/** Deletes a key and its whole tree (`.reg` `[-KEY]`). */
export interface DeleteKeyOp {
  op: 'deleteKey';
  key: string;
}

/** Deletes the listed subkeys of a key, each with its tree (`.pol` `**DeleteKeys`). */
export interface DeleteKeysOp {
  op: 'deleteKeys';
  key: string;
  subkeys: string[];
}

/** Creates a key without values (`.pol` key-only record, `.reg` `[KEY]`). */
export interface CreateKeyOp {
  op: 'createKey';
  key: string;
}

/** Asks the client to secure a key's ACL (`.pol` `**SecureKey`, data 1 or 0). */
export interface SecureKeyOp {
  op: 'secureKey';
  key: string;
  secure: boolean;
}

/** A registry operation. */
export type RegOp =
  | SetValueOp
  | DeleteValueOp
  | DeleteAllValuesOp
  | DeleteValuesOp
  | DeleteKeyOp
  | DeleteKeysOp
  | CreateKeyOp
  | SecureKeyOp;

/** The `op` field's values. */
export type RegOpKind = RegOp['op'];

/** The JSON form of a {@link RegOp}: `data` is lowercase hex, and `set` carries `typeName` when the type has one. */
export type RegOpJson = SetValueOpJson | Exclude<RegOp, SetValueOp>;

/** The JSON form of a {@link SetValueOp}. */
export interface SetValueOpJson {
  op: 'set';
  key: string;
  name: string;
  type: number;
  typeName?: string;
  data: string;
  soft?: boolean;
}

/** A RegOp as plain JSON (see `docs/json.md`). */
export function opToJson(op: RegOp): RegOpJson {
  if (op.op !== 'set') return { ...op };
  const typeName = regTypeName(op.type);
  // Field order is part of the readable contract: key, name, type, typeName, data.
  const out: SetValueOpJson = { op: 'set', key: op.key, name: op.name, type: op.type, ...(typeName ? { typeName } : {}), data: toHex(op.data) };
  if (op.soft) out.soft = true;
  return out;
}

const STRING_FIELDS = new Map<RegOpKind, readonly string[]>([
  ['set', ['key', 'name']],
  ['deleteValue', ['key', 'name']],
  ['deleteAllValues', ['key']],
  ['deleteValues', ['key']],
  ['deleteKey', ['key']],
  ['deleteKeys', ['key']],
  ['createKey', ['key']],
  ['secureKey', ['key']],
]);

/**
 * Reads one operation from its JSON form, checking every field. `where` names it in errors
 * (`ops[3]`). Throws `JSON_BAD_OP` with the field that is wrong.
 */
export function opFromJson(value: unknown, where = 'op'): RegOp {
  const bad = (what: string) => new GpregError('JSON_BAD_OP', `${where}: ${what}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad('expected an object');
  const v = value as Record<string, unknown>;
  const kind = v['op'];
  if (typeof kind !== 'string' || !STRING_FIELDS.has(kind as RegOpKind)) {
    throw bad(`"op" must be one of ${[...STRING_FIELDS.keys()].join(', ')}, found ${JSON.stringify(kind)}`);
  }
  for (const f of STRING_FIELDS.get(kind as RegOpKind)!) {
    if (typeof v[f] !== 'string') throw bad(`"${f}" must be a string`);
  }
  const key = v['key'] as string;
  const stringList = (f: string): string[] => {
    const list = v[f];
    if (!Array.isArray(list) || !list.every((s) => typeof s === 'string')) throw bad(`"${f}" must be an array of strings`);
    return [...list];
  };
  switch (kind as RegOpKind) {
    case 'set': {
      const { type, data } = typedDataFromJson(v, where, bad);
      const op: SetValueOp = { op: 'set', key, name: v['name'] as string, type, data };
      if (v['soft'] === true) op.soft = true;
      return op;
    }
    case 'deleteValue':
      return { op: 'deleteValue', key, name: v['name'] as string };
    case 'deleteAllValues':
      return { op: 'deleteAllValues', key };
    case 'deleteValues':
      return { op: 'deleteValues', key, names: stringList('names') };
    case 'deleteKey':
      return { op: 'deleteKey', key };
    case 'deleteKeys':
      return { op: 'deleteKeys', key, subkeys: stringList('subkeys') };
    case 'createKey':
      return { op: 'createKey', key };
    case 'secureKey':
      if (typeof v['secure'] !== 'boolean') throw bad('"secure" must be true or false');
      return { op: 'secureKey', key, secure: v['secure'] };
  }
}

/**
 * A value's type and data from JSON: `type` a code or a name (`4`, `"REG_DWORD"`, `"dword"`), and
 * either `data` as hex or `value` as the type is naturally written (a number or numeric string for
 * REG_DWORD/REG_QWORD, a string for REG_SZ/REG_EXPAND_SZ, an array of strings for REG_MULTI_SZ, hex
 * text for any other type). Used for ops and for `.pol` records; `bad` makes the caller's error.
 */
export function typedDataFromJson(v: Record<string, unknown>, where: string, bad: (what: string) => Error): { type: number; data: Uint8Array } {
  const t = v['type'];
  const type = typeof t === 'number' ? (Number.isInteger(t) && t >= 0 && t <= 0xffffffff ? t : undefined) : typeof t === 'string' ? parseRegType(t) : undefined;
  if (type === undefined) throw bad('"type" must be an integer from 0 to 4294967295 or a type name such as "REG_SZ"');
  const hasData = v['data'] !== undefined;
  const hasValue = v['value'] !== undefined;
  if (hasData && hasValue) throw bad('give "data" (hex) or "value" (typed), not both');
  if (!hasValue) {
    if (typeof v['data'] !== 'string') throw bad('"data" must be a hex string (or give "value", typed)');
    return { type, data: fromHex(v['data'], `${where}.data`) };
  }
  const value = v['value'];
  let texts: string[];
  if (typeof value === 'string') texts = [value];
  else if (typeof value === 'number' && Number.isSafeInteger(value)) texts = [String(value)];
  else if (Array.isArray(value) && value.every((x) => typeof x === 'string')) texts = value as string[];
  else throw bad('"value" must be a string, a whole number or an array of strings');
  if (Array.isArray(value) && type !== RegType.REG_MULTI_SZ) throw bad(`"value" is an array of strings only for REG_MULTI_SZ`);
  try {
    return { type, data: parseValueData(type, texts) };
  } catch (e) {
    if (e instanceof GpregError) throw bad(`"value": ${e.message}`);
    throw e;
  }
}
