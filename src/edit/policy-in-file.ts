/**
 * Editing one policy in an existing file: the policy's records (or lines) are replaced, every
 * other record or line stays byte-identical and where it was. This module composes the policy
 * engine with the file formats; the engine itself (src/policy/) knows no format.
 */

import type { Diagnostic } from '../errors.js';
import { decodePol } from '../formats/pol/decode.js';
import { opsToPol, recordToOp } from '../formats/pol/ops.js';
import { openReg } from '../formats/reg/edit.js';
import { foldName, splitKey, trimKeyPath, type HiveName } from '../registry/keys.js';
import type { RegOp } from '../registry/ops.js';
import { buildPolicy, ownedValues } from '../policy/build.js';
import { findPolicy } from '../policy/catalog/index.js';
import type { PolicyDefinition } from '../policy/types.js';
import { placeRecords, valueSlot } from './pol-place.js';
import { placeInReg } from './reg-place.js';
import { checkedPolEdit, checkedRegEdit } from './verify.js';

/** The result of an edit: the new bytes and what the build reported. */
export interface EditResult {
  bytes: Uint8Array;
  diagnostics: Diagnostic[];
  /** How many records (`.pol`) or statements (`.reg`) of the policy were replaced. */
  removed: number;
}

/** True when an operation belongs to the policy: one of its values, or anything in a list key. */
export function ownsOp(def: PolicyDefinition, op: RegOp): boolean {
  const k = foldName(trimKeyPath(splitKey(op.key).path));
  const lists = def.elements.filter((e) => e.type === 'list').map((e) => foldName(e.key));
  if (lists.includes(k)) return true; // anything in a list key, the key's own [KEY] and [-KEY] included
  if (op.op === 'deleteKeys') return op.subkeys.some((sub) => lists.includes(`${k}\\${foldName(sub)}`));
  const names = ownedValues(def).filter(([key]) => foldName(key) === k).map(([, n]) => foldName(n));
  if (op.op === 'set' || op.op === 'deleteValue') return names.includes(foldName(op.name));
  if (op.op === 'deleteValues') return op.names.length > 0 && op.names.every((n) => names.includes(foldName(n)));
  return false;
}

/**
 * Sets a policy in a `.pol`: its records are removed, and each new one takes the place of the old
 * record of the same value, else goes where the Group Policy editor puts it (after its key's last
 * record, or where its key sorts: see `placeRecords`). Throws the decoder's error for a damaged file.
 */
export function setPolicyInPol(bytes: Uint8Array, policy: string | PolicyDefinition, setting: unknown, hive: HiveName = 'HKEY_LOCAL_MACHINE'): EditResult {
  const def = typeof policy === 'string' ? findPolicy(policy) : policy;
  const doc = decodePol(bytes);
  const built = buildPolicy(def, setting, { target: 'pol' });
  const fresh = opsToPol(built.ops).records;
  const placed = placeRecords(doc.records, (r) => (ownsOp(def, recordToOp(r, hive, [])) ? valueSlot(r) : undefined), fresh, valueSlot);
  return { bytes: checkedPolEdit(doc.version, placed.kept, fresh, placed.records, hive), diagnostics: built.diagnostics, removed: placed.removed };
}

/**
 * Sets a policy in a `.reg`: the lines of its statements are removed (with a key line whose
 * section is left empty), and the new block goes where the policy was (before the key line of the
 * section that held its first statement) when no later line undoes it, else at the end, where
 * later lines win; a policy new to the file goes at the end. The file keeps its encoding, header
 * and line ends, and a REGEDIT4 file gets its data in the code page (see `applyRegEdit`). A file
 * regedit would not import is refused. The diagnostics are the file's own (from reading it) and
 * the build's.
 */
export function setPolicyInReg(bytes: Uint8Array, policy: string | PolicyDefinition, setting: unknown, options: { codePage?: string } = {}): EditResult {
  const def = typeof policy === 'string' ? findPolicy(policy) : policy;
  const src = openReg(bytes, options);
  const built = buildPolicy(def, setting, { target: 'reg' });
  const drop = new Set<number>();
  const st = src.doc.statements;
  let removed = 0;
  for (const s of st) {
    if (!ownsOp(def, s.op)) continue;
    removed++;
    for (let l = s.line; l <= (s.endLine ?? s.line); l++) drop.add(l);
  }
  const insertBefore = placeInReg(st, (op) => ownsOp(def, op), built.ops);
  const out = checkedRegEdit(src, { removeLines: drop, append: built.ops, ...(insertBefore !== undefined ? { insertBefore } : {}) });
  // The new block's own REG_CREATES_KEY notes are how a .reg says it; not news to the user.
  return { bytes: out.bytes, diagnostics: [...built.diagnostics, ...out.diagnostics.filter((d) => d.code !== 'REG_CREATES_KEY')], removed };
}
