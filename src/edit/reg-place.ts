/**
 * Where an edit's new statements go in a `.reg`: where the statements they replace were, when that
 * changes nothing of what the file does (see {@link placeInReg}); the end otherwise. Shared by the
 * policy and the single-value editors, as pol-place.ts is for `.pol` files.
 */

import type { RegDocument } from '../formats/reg/parse.js';
import { foldName, joinKey, splitKey, trimKeyPath } from '../registry/keys.js';
import type { RegOp } from '../registry/ops.js';

/**
 * Where a new block can go in a `.reg` instead of the end: before the key line of the section that
 * held the first statement it replaces (`owned`), when the block and every later line do the same
 * in either order: no tree deleted on either side that the other writes in, and no value written
 * by both. Undefined (the end, where later lines win) otherwise, or when the file held nothing the
 * block replaces.
 */
export function placeInReg(st: RegDocument['statements'], owned: (op: RegOp) => boolean, block: readonly RegOp[]): number | undefined {
  const first = st.findIndex((s) => owned(s.op));
  let h = first;
  while (h > 0 && st[h]!.op.op !== 'createKey' && st[h]!.op.op !== 'deleteKey') h--;
  if (first < 0 || (st[h]!.op.op !== 'createKey' && st[h]!.op.op !== 'deleteKey')) return undefined;
  const at = st[h]!.line;
  // The block and every later line must commute: neither deletes a tree the other writes in, and
  // they do not both write one value.
  const within = (k: string, tree: string) => k === tree || k.startsWith(`${tree}\\`);
  // Keys compared whatever their spelling: the hive's full name (HKCU is HKEY_CURRENT_USER), any case.
  const canon = (key: string) => {
    const { hive, path } = splitKey(key);
    return foldName(hive ? joinKey(hive, trimKeyPath(path)) : key);
  };
  const keys = block.map((op) => canon(op.key));
  // In a .reg, clearing a key's values is [-KEY] then [KEY]: a tree deletion too.
  const deleted = block.flatMap((op) => (op.op === 'deleteKey' || op.op === 'deleteAllValues' ? [canon(op.key)] : op.op === 'deleteKeys' ? op.subkeys.map((sub) => canon(`${op.key}\\${sub}`)) : []));
  const names = (op: RegOp) => (op.op === 'set' || op.op === 'deleteValue' ? [op.name] : op.op === 'deleteValues' ? op.names : []);
  const values = new Set(block.flatMap((op) => names(op).map((n) => `${canon(op.key)}\u0000${foldName(n)}`)));
  for (const s of st) {
    if (s.line <= at || owned(s.op)) continue;
    const op = s.op;
    const k = canon(op.key);
    if (op.op === 'deleteKey' && keys.some((b) => within(b, k))) return undefined;
    if (deleted.some((d) => within(k, d))) return undefined;
    if ((op.op === 'set' || op.op === 'deleteValue') && values.has(`${k}\u0000${foldName(op.name)}`)) return undefined;
  }
  return at;
}
