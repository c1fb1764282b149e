/**
 * The effective registry state a list of operations leaves behind, applied in order to an empty
 * (or given) registry. Names compare case-insensitively and keep the case first written.
 */

import { effectOf } from './effect.js';
import { toHex } from './hex.js';
import type { RegOp } from './ops.js';

/** A value in the effective state. */
export interface StateValue {
  name: string;
  type: number;
  data: Uint8Array;
}

/** A key in the effective state: its path as first written, and its values by folded name. */
export interface StateKey {
  key: string;
  values: Map<string, StateValue>;
}

/** Keys by folded full path (`HKEY_LOCAL_MACHINE\SOFTWARE\…`). */
export type RegistryState = Map<string, StateKey>;

export { keyId } from './keys.js';

/**
 * Applies operations in order. `soft` sets only an absent value; `secureKey` changes no data.
 * Returns the state (a new one unless `into` is given).
 *
 * One model of what operations do: this applies their {@link effectOf effect} (tree deletions
 * first, then per key clears, creations and value actions), so the final state and the diff can
 * never disagree. Deleting trees from `into` is one pass over its keys, not one per deletion.
 */
export function applyOps(ops: readonly RegOp[], into: RegistryState = new Map()): RegistryState {
  const state = into;
  const effect = effectOf(ops);
  const deleted = new Set<string>();
  for (const [id, k] of effect) if (k.deleted) deleted.add(id);
  if (deleted.size > 0 && state.size > 0) {
    for (const id of [...state.keys()]) {
      // The key or one of its ancestors is deleted: walk up its components.
      for (let p = id; ; p = p.slice(0, p.lastIndexOf('\\'))) {
        if (deleted.has(p)) {
          state.delete(id);
          break;
        }
        if (!p.includes('\\')) break;
      }
    }
  }
  for (const [id, k] of effect) {
    let key = state.get(id);
    if (k.cleared) key?.values.clear();
    let sets = false;
    for (const v of k.values.values()) if (v.effect.kind === 'set') sets = true;
    if (!key && (k.created || sets)) state.set(id, (key = { key: k.key, values: new Map() }));
    if (!key) continue;
    for (const [n, { name, effect: v }] of k.values) {
      if (v.kind === 'deleted') key.values.delete(n);
      else if (!(v.soft && key.values.has(n))) key.values.set(n, { name: key.values.get(n)?.name ?? name, type: v.type, data: v.data });
    }
  }
  return state;
}

/** A plain, sorted JSON view: `{ "KEY": { "name": { type, data } } }` with data in hex; '' is the default value. */
export function stateToJson(state: RegistryState): Record<string, Record<string, { type: number; data: string }>> {
  const out: Record<string, Record<string, { type: number; data: string }>> = Object.create(null);
  for (const id of [...state.keys()].sort()) {
    const k = state.get(id)!;
    const values: Record<string, { type: number; data: string }> = Object.create(null);
    for (const n of [...k.values.keys()].sort()) {
      const v = k.values.get(n)!;
      values[v.name] = { type: v.type, data: toHex(v.data) };
    }
    out[k.key] = values;
  }
  return out;
}
