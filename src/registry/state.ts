/**
 * The effective registry state a list of operations leaves behind, applied in order to an empty
 * (or given) registry. Names compare case-insensitively and keep the case first written.
 */

import { foldName, splitKey } from './keys.js';
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

/** The canonical spelling of a key for comparison: hive in full, folded, no trailing backslash. */
export function keyId(key: string): string {
  const s = splitKey(key);
  const path = s.path.replace(/\\+$/, '');
  return foldName(s.hive ? (path ? `${s.hive}\\${path}` : s.hive) : path);
}

function ensureKey(state: RegistryState, key: string): StateKey {
  const id = keyId(key);
  let k = state.get(id);
  if (!k) {
    k = { key: key.replace(/\\+$/, ''), values: new Map() };
    state.set(id, k);
  }
  return k;
}

function deleteTree(state: RegistryState, key: string): void {
  const id = keyId(key);
  const prefix = id + '\\';
  for (const k of [...state.keys()]) if (k === id || k.startsWith(prefix)) state.delete(k);
}

/**
 * Applies operations in order. `soft` sets only an absent value; `secureKey` changes no data.
 * Returns the state (a new one unless `into` is given).
 */
export function applyOps(ops: readonly RegOp[], into: RegistryState = new Map()): RegistryState {
  const state = into;
  for (const op of ops) {
    switch (op.op) {
      case 'set': {
        const k = ensureKey(state, op.key);
        const n = foldName(op.name);
        if (op.soft && k.values.has(n)) break;
        k.values.set(n, { name: k.values.get(n)?.name ?? op.name, type: op.type, data: op.data });
        break;
      }
      case 'deleteValue':
        state.get(keyId(op.key))?.values.delete(foldName(op.name));
        break;
      case 'deleteValues': {
        const k = state.get(keyId(op.key));
        for (const n of op.names) k?.values.delete(foldName(n));
        break;
      }
      case 'deleteAllValues':
        state.get(keyId(op.key))?.values.clear();
        break;
      case 'deleteKey':
        deleteTree(state, op.key);
        break;
      case 'deleteKeys':
        for (const sub of op.subkeys) deleteTree(state, `${op.key}\\${sub}`);
        break;
      case 'createKey':
        ensureKey(state, op.key);
        break;
      case 'secureKey':
        break;
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
