/**
 * Editing single registry operations in a file, in place — PowerShell PolicyFileEditor's
 * `Set-/Remove-PolicyFileEntry` for `.pol` and `.reg`: set a value, delete a value, clear a key's
 * values, delete subkeys, create a key. Every other record (line) stays byte-identical.
 */

import type { Diagnostic } from '../errors.js';
import { decodePol } from '../formats/pol/decode.js';
import { opsToPol, recordToOp } from '../formats/pol/ops.js';
import { openReg } from '../formats/reg/edit.js';
import { foldName, splitKey, trimKeyPath, type HiveName } from '../registry/keys.js';
import { placeRecords } from './pol-place.js';
import type { RegOp } from '../registry/ops.js';
import { placeInReg } from './reg-place.js';
import { checkedPolEdit, checkedRegEdit } from './verify.js';

/** The result of a value edit: the new bytes, what reading and writing reported, and how many old records it replaced. */
export interface ValueEditResult {
  bytes: Uint8Array;
  diagnostics: Diagnostic[];
  replaced: number;
}

/** The key an operation is about, folded and without hive, and the value name it owns (if any). */
function target(op: RegOp): { key: string; names?: string[] } {
  const key = foldName(trimKeyPath(splitKey(op.key).path));
  switch (op.op) {
    case 'set':
    case 'deleteValue':
      return { key, names: [foldName(op.name)] };
    case 'deleteValues':
      return { key, names: op.names.map(foldName) };
    default:
      return { key };
  }
}

/** True when an existing operation is replaced by the new one: the same value (set or delete) of the same key. */
function replacedBy(existing: RegOp, fresh: RegOp): boolean {
  const a = target(existing);
  const b = target(fresh);
  if (a.key !== b.key || !b.names || !a.names) return false;
  if (!(existing.op === 'set' || existing.op === 'deleteValue') || !(fresh.op === 'set' || fresh.op === 'deleteValue')) return false;
  return a.names[0] === b.names[0];
}

/**
 * Applies one operation to a `.pol` in place: a set or a deletion of a value replaces that value's
 * records (the first one's place keeps it, the others go); anything else, or a value the file does
 * not have yet, goes after the last record of its key, or where its key sorts among the others
 * (as the Group Policy editor orders a file). Throws the decoder's error for a damaged file.
 */
export function editPolOp(bytes: Uint8Array, op: RegOp, hive: HiveName = 'HKEY_LOCAL_MACHINE'): ValueEditResult {
  const doc = decodePol(bytes);
  const fresh = opsToPol([op], { hive }).records;
  const placed = placeRecords(doc.records, (r) => (replacedBy(recordToOp(r, hive, []), op) ? 'op' : undefined), fresh, () => 'op');
  return { bytes: checkedPolEdit(doc.version, placed.kept, fresh, placed.records, hive), diagnostics: doc.diagnostics, replaced: placed.removed };
}

/**
 * Applies one operation to a `.reg` in place: the lines of the value it replaces go, and the new
 * statement goes where they were when no later line would undo it (see `placeInReg`), else at the
 * end (later lines win), in the file's encoding, dialect and line ends. A file regedit would not
 * import is refused.
 */
export function editRegOp(bytes: Uint8Array, op: RegOp, options: { codePage?: string } = {}): ValueEditResult {
  const src = openReg(bytes, options);
  const drop = new Set<number>();
  let replaced = 0;
  for (const s of src.doc.statements) {
    if (!replacedBy(s.op, op)) continue;
    replaced++;
    for (let l = s.line; l <= (s.endLine ?? s.line); l++) drop.add(l);
  }
  const insertBefore = placeInReg(src.doc.statements, (o) => replacedBy(o, op), [op]);
  const out = checkedRegEdit(src, { removeLines: drop, append: [op], ...(insertBefore !== undefined ? { insertBefore } : {}) });
  return { bytes: out.bytes, diagnostics: out.diagnostics.filter((d) => d.code !== 'REG_CREATES_KEY'), replaced };
}
