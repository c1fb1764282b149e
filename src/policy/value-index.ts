/**
 * Where each policy's registry values are, for finding the policies an operation touches: the
 * reverse index (key, value name) → policies, and key → policies with a list there. Policies are
 * numbers (their place in a set), so a set whose definitions are read one at a time (a template
 * cache) can keep the index without reading them.
 */

import { foldName, splitKey, trimKeyPath } from '../registry/keys.js';

/** A key as the index folds it: below its hive, trailing backslashes dropped, without case. */
export const indexKey = (key: string) => foldName(trimKeyPath(splitKey(key).path));

/** A policy's place in the index: the values it owns and the keys of its lists, folded. */
export interface RegistryEntries {
  values: Array<readonly [key: string, name: string]>;
  lists: string[];
}

/** The index: policies by the place in their set. */
export interface ValueIndex {
  /** folded key → folded value name → policies owning that value. */
  values: Map<string, Map<string, number[]>>;
  /** folded key → policies with a list there. */
  lists: Map<string, number[]>;
  /** Every indexed key, sorted, for the subtrees a key deletion reaches. */
  sortedKeys: string[];
}

/** An empty index, filled with {@link addEntries} and closed with {@link sortIndex}. */
export function emptyIndex(): ValueIndex {
  return { values: new Map(), lists: new Map(), sortedKeys: [] };
}

const add = <K>(m: Map<K, number[]>, k: K, i: number) => {
  const l = m.get(k);
  if (!l) m.set(k, [i]);
  else if (l[l.length - 1] !== i) l.push(i);
};

/** Adds policy `i`'s entries (folded, as {@link registryEntries} gives them). */
export function addEntries(index: ValueIndex, i: number, entries: RegistryEntries): void {
  for (const [k, n] of entries.values) {
    let names = index.values.get(k);
    if (!names) index.values.set(k, (names = new Map()));
    add(names, n, i);
  }
  for (const k of entries.lists) add(index.lists, k, i);
}

/** Sorts the index's keys once every policy is added. */
export function sortIndex(index: ValueIndex): ValueIndex {
  index.sortedKeys = [...new Set([...index.values.keys(), ...index.lists.keys()])].sort();
  return index;
}
