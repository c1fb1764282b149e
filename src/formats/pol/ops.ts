/**
 * Registry.pol records ⇄ RegOps. Special value names (`**del.X`, `**delvals.`, …) become the
 * operations they stand for; everything else is a `set`.
 */

import { GpregError, type Diagnostic } from '../../errors.js';
import { joinKey, parentKey, splitKey, trimKeyPath, type HiveName } from '../../registry/keys.js';
import type { RegOp } from '../../registry/ops.js';
import { RegType } from '../../registry/types.js';
import { decodeString, encodeDword, encodeString } from '../../registry/values.js';
import { polRecord, type PolDocument, type PolRecord } from './document.js';

/** Options for {@link polToOps}. */
export interface PolToOpsOptions {
  /** The hive the file applies to: HKLM for `Machine/Registry.pol`, HKCU for `User/`. Default HKLM. */
  hive?: HiveName;
}

/** Operations a `.pol` stands for, and what did not map cleanly. */
export interface PolOpsResult {
  /** One operation per record, in record order (`ops[i]` stands for `records[i]`). */
  ops: RegOp[];
  diagnostics: Diagnostic[];
}

/** The data Microsoft's editor writes for `**del.`/`**delvals.` records: REG_SZ " " (size 4). */
const MARKER_DATA = encodeString(' ');

/** Reads a `;`-separated list (`**DeleteValues`, `**DeleteKeys`), dropping empty items. */
function splitList(r: PolRecord): string[] {
  return decodeString(r.data).split(';').filter((s) => s !== '');
}

/** `**SecureKey` data: DWORD 1/0 as the spec says; a REG_SZ "1"/"0" is read too. */
function secureFlag(r: PolRecord): boolean | undefined {
  if (r.type === RegType.REG_DWORD && r.data.length === 4) {
    const v = new DataView(r.data.buffer, r.data.byteOffset, 4).getUint32(0, true);
    return v === 1 ? true : v === 0 ? false : undefined;
  }
  const s = decodeString(r.data).trim();
  return s === '1' ? true : s === '0' ? false : undefined;
}

/**
 * Maps one record to the operation it stands for. Special names match case-insensitively.
 * Unknown `**` names are kept as plain `set`s (so they survive a round trip) and reported.
 */
export function recordToOp(r: PolRecord, hive: HiveName, diagnostics: Diagnostic[]): RegOp {
  const path = trimKeyPath(r.key);
  if (path !== r.key && path !== '') {
    diagnostics.push({ severity: 'info', code: 'KEY_TRAILING_BACKSLASH', message: `key ${JSON.stringify(r.key)} ends with a backslash: Windows opens ${JSON.stringify(path)}`, offset: r.offset });
  }
  const key = joinKey(hive, path === '' ? r.key : path);
  const name = r.name;
  if (name.startsWith('**')) {
    const lower = name.toLowerCase();
    if (lower.startsWith('**del.')) return { op: 'deleteValue', key, name: name.slice(6) };
    if (lower === '**delvals.' || lower === '**delvals') return { op: 'deleteAllValues', key };
    if (lower === '**deletevalues') return { op: 'deleteValues', key, names: splitList(r) };
    if (lower === '**deletekeys') return { op: 'deleteKeys', key, subkeys: splitList(r) };
    if (lower.startsWith('**soft.')) return { op: 'set', key, name: name.slice(7), type: r.type, data: r.data, soft: true };
    if (lower === '**securekey') {
      const secure = secureFlag(r);
      if (secure !== undefined) return { op: 'secureKey', key, secure };
      diagnostics.push({ severity: 'warning', code: 'POL_BAD_SECUREKEY', message: `**SecureKey on ${JSON.stringify(r.key)} has data that is neither 1 nor 0; kept as a plain value`, offset: r.offset });
    } else {
      diagnostics.push({ severity: 'warning', code: 'POL_UNKNOWN_SPECIAL', message: `unknown special value name ${JSON.stringify(name)} on ${JSON.stringify(r.key)}; kept as a plain value`, offset: r.offset });
    }
  } else if (name === '' && r.type === RegType.REG_NONE && r.size === 0) {
    return { op: 'createKey', key };
  }
  return { op: 'set', key, name, type: r.type, data: r.data };
}

/**
 * The operations a decoded `.pol` stands for, in file order, with keys prefixed by `hive`.
 *
 * @example
 * const { ops } = polToOps(decodePol(bytes), { hive: 'HKEY_CURRENT_USER' });
 */
export function polToOps(doc: Pick<PolDocument, 'records'>, options: PolToOpsOptions = {}): PolOpsResult {
  const hive = options.hive ?? 'HKEY_LOCAL_MACHINE';
  const diagnostics: Diagnostic[] = [];
  const ops = doc.records.map((r) => recordToOp(r, hive, diagnostics));
  return { ops, diagnostics };
}

/** Options for {@link opsToPol}. */
export interface OpsToPolOptions {
  /**
   * The hive the `.pol` is for. Keys in another hive are an error; keys without a hive are taken
   * as relative. Default: the hive of the first key that has one.
   */
  hive?: HiveName;
}

/** Checks a name that `.pol` stores inside a `;`-separated list. */
function listItem(item: string, what: string, key: string): string {
  if (item === '' || item.includes(';') || item.includes('\0')) {
    throw new GpregError('POL_UNREPRESENTABLE', `cannot write ${what} ${JSON.stringify(item)} of ${JSON.stringify(key)} to a .pol: a list item may be neither empty nor hold ';' or a NUL`);
  }
  return item;
}

/**
 * Records for a list of operations, as the Group Policy editor writes them: `**del.` and
 * `**delvals.` as REG_SZ " ", `**DeleteValues`/`**DeleteKeys` as `;`-joined REG_SZ, `**SecureKey`
 * as DWORD, key-only records as REG_NONE of size 0. A `deleteKey` becomes `**DeleteKeys` on its parent.
 *
 * Throws `POL_MIXED_HIVES` naming the first key in another hive, and `POL_UNREPRESENTABLE` for an
 * operation a `.pol` cannot hold (deleting a hive's top-level key, list items with `;` or a NUL, a
 * value whose name starts with `**`, which a `.pol` reads as a command).
 */
export function opsToPol(ops: readonly RegOp[], options: OpsToPolOptions = {}): PolDocument {
  let hive = options.hive;
  const records: PolRecord[] = [];
  const rel = (key: string): string => {
    const s = splitKey(key);
    if (s.hive === undefined) return key;
    hive ??= s.hive;
    if (s.hive !== hive) {
      throw new GpregError('POL_MIXED_HIVES', `key ${JSON.stringify(key)} is in ${s.hive}, but this .pol is for ${hive}: a .pol holds one hive (write one file per hive)`);
    }
    return s.path;
  };
  for (const op of ops) {
    const key = rel(op.key);
    switch (op.op) {
      case 'set':
        // Some names are commands in a .pol (**del.X deletes X, **soft.X sets X only if absent):
        // written as a plain name, a .reg value "**del.X" would become a deletion. Unknown **
        // names are plain values, and stay so.
        if (!op.soft && op.name.startsWith('**')) {
          const back = recordToOp(polRecord(key, op.name, op.type, op.data), 'HKEY_LOCAL_MACHINE', []);
          if (back.op !== 'set' || back.soft) {
            throw new GpregError('POL_UNREPRESENTABLE', `cannot write the value ${JSON.stringify(op.name)} of ${JSON.stringify(key)} to a .pol: that name is a command there (${back.op}), so it would not be read back as a value`);
          }
        }
        records.push(polRecord(key, op.soft ? '**soft.' + op.name : op.name, op.type, op.data));
        break;
      case 'deleteValue':
        records.push(polRecord(key, '**del.' + op.name, RegType.REG_SZ, MARKER_DATA));
        break;
      case 'deleteAllValues':
        records.push(polRecord(key, '**delvals.', RegType.REG_SZ, MARKER_DATA));
        break;
      case 'deleteValues':
        records.push(polRecord(key, '**DeleteValues', RegType.REG_SZ, encodeString(op.names.map((n) => listItem(n, 'value name', key)).join(';'))));
        break;
      case 'deleteKeys':
        records.push(polRecord(key, '**DeleteKeys', RegType.REG_SZ, encodeString(op.subkeys.map((n) => listItem(n, 'subkey', key)).join(';'))));
        break;
      case 'deleteKey': {
        const { parent, leaf } = parentKey(key);
        if (parent === '') {
          throw new GpregError('POL_UNREPRESENTABLE', `cannot delete ${JSON.stringify(op.key)} in a .pol: only subkeys of a key can be deleted (**DeleteKeys on its parent)`);
        }
        // A parent ending in a backslash (the key has an empty name in it: a\\b) is read back
        // without it, so the record would delete another key.
        if (parent.endsWith('\\')) {
          throw new GpregError('POL_UNREPRESENTABLE', `cannot delete ${JSON.stringify(op.key)} in a .pol: the key has an empty name in its path, which **DeleteKeys on its parent cannot name`);
        }
        records.push(polRecord(parent, '**DeleteKeys', RegType.REG_SZ, encodeString(listItem(leaf, 'subkey', parent))));
        break;
      }
      case 'createKey':
        records.push(polRecord(key, '', RegType.REG_NONE, new Uint8Array(0)));
        break;
      case 'secureKey':
        records.push(polRecord(key, '**SecureKey', RegType.REG_DWORD, encodeDword(op.secure ? 1 : 0)));
        break;
    }
  }
  return { version: 1, records, diagnostics: [] };
}
