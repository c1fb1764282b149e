/**
 * Where each policy's registry values are, for finding the policies an operation touches: the
 * reverse index (key, value name) → policies, and key → policies with a list there. Policies are
 * numbers (their place in a set), so a set whose definitions are read one at a time (a template
 * cache) keeps the index without reading them; the cache holds it as plain JSON objects
 * ({@link indexOfObjects}), a set built in memory as Maps ({@link MapIndex}).
 */

import { foldName, splitKey, trimKeyPath } from '../registry/keys.js';

/** A key as the index folds it: below its hive, trailing backslashes dropped, without case. */
export const indexKey = (key: string) => foldName(trimKeyPath(splitKey(key).path));

/** A policy's place in the index: the values it owns and the keys of its lists, folded. */
export interface RegistryEntries {
  values: Array<readonly [key: string, name: string]>;
  lists: string[];
}

/** The index: the places of the policies owning a value, a key's values, or a list. */
export interface ValueIndex {
  /** The policies owning value `name` of `key` (both folded). */
  owners(key: string, name: string): readonly number[] | undefined;
  /** The policies owning any value of `key`, per value name. */
  ownersOfKey(key: string): Iterable<readonly number[]>;
  /** The policies with a list in `key`. */
  lists(key: string): readonly number[] | undefined;
  /** The indexed keys at or below `root` (folded), for the subtrees a key deletion reaches. */
  keysUnder(root: string): string[];
}

/** True when `key` is `root` or below it (both folded paths). */
export const covers = (root: string, key: string): boolean => key === root || (key.startsWith(root) && key[root.length] === '\\');

/** The keys of a sorted list at or below `root` (binary search for the first, then a scan of the run). */
function under(keys: readonly string[], root: string): string[] {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid]! < root) lo = mid + 1;
    else hi = mid;
  }
  const out: string[] = [];
  for (let i = lo; i < keys.length && keys[i]!.startsWith(root); i++) if (covers(root, keys[i]!)) out.push(keys[i]!);
  return out;
}

/** An index built in memory with {@link MapIndex.add}. */
export class MapIndex implements ValueIndex {
  private readonly values = new Map<string, Map<string, number[]>>();
  private readonly listed = new Map<string, number[]>();
  private sorted?: string[];

  /** Adds policy `i`'s entries (folded, as `registryEntries` gives them). */
  add(i: number, entries: RegistryEntries): void {
    const push = <K>(m: Map<K, number[]>, k: K) => {
      const l = m.get(k);
      if (!l) m.set(k, [i]);
      else if (l[l.length - 1] !== i) l.push(i);
    };
    for (const [k, n] of entries.values) {
      let names = this.values.get(k);
      if (!names) this.values.set(k, (names = new Map()));
      push(names, n);
    }
    for (const k of entries.lists) push(this.listed, k);
    this.sorted = undefined;
  }

  owners(key: string, name: string): readonly number[] | undefined {
    return this.values.get(key)?.get(name);
  }

  ownersOfKey(key: string): Iterable<readonly number[]> {
    return this.values.get(key)?.values() ?? [];
  }

  lists(key: string): readonly number[] | undefined {
    return this.listed.get(key);
  }

  keysUnder(root: string): string[] {
    this.sorted ??= [...new Set([...this.values.keys(), ...this.listed.keys()])].sort();
    return under(this.sorted, root);
  }

  /** The index as plain JSON objects (what {@link indexOfObjects} reads back). */
  toObjects(): { values: Record<string, Record<string, number[]>>; lists: Record<string, number[]> } {
    const values: Record<string, Record<string, number[]>> = {};
    for (const [k, names] of this.values) define(values, k, Object.fromEntries(names));
    const lists: Record<string, number[]> = {};
    for (const [k, l] of this.listed) define(lists, k, l);
    return { values, lists };
  }
}

/** Sets a property as data, whatever its name (`__proto__` too). */
function define<T>(o: Record<string, T>, k: string, v: T): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** An own property, or undefined (never an inherited one such as `constructor`). */
const own = <T>(o: Record<string, T>, k: string): T | undefined => (Object.hasOwn(o, k) ? o[k] : undefined);

/**
 * The index a template cache holds, read as it was parsed (`{values: {key: {name: [places]}},
 * lists: {key: [places]}}`): nothing is rebuilt. Entries that are not lists of numbers are ignored.
 */
export function indexOfObjects(values: Record<string, Record<string, number[]>>, lists: Record<string, number[]>): ValueIndex {
  let sorted: string[] | undefined;
  const places = (l: unknown) => (Array.isArray(l) ? (l as number[]) : undefined);
  return {
    owners: (key, name) => {
      const names = own(values, key);
      return names && typeof names === 'object' ? places(own(names, name)) : undefined;
    },
    ownersOfKey: (key) => {
      const names = own(values, key);
      return names && typeof names === 'object' ? Object.keys(names).map((n) => places(names[n]) ?? []) : [];
    },
    lists: (key) => places(own(lists, key)),
    keysUnder: (root) => under((sorted ??= [...new Set([...Object.keys(values), ...Object.keys(lists)])].sort()), root),
  };
}

/** Two indexes as one: a prebuilt one, and one for the definitions added after it. */
export function bothIndexes(a: ValueIndex, b: ValueIndex): ValueIndex {
  const join = (x: readonly number[] | undefined, y: readonly number[] | undefined) => (x && y ? [...x, ...y] : (x ?? y));
  return {
    owners: (key, name) => join(a.owners(key, name), b.owners(key, name)),
    ownersOfKey: (key) => [...a.ownersOfKey(key), ...b.ownersOfKey(key)],
    lists: (key) => join(a.lists(key), b.lists(key)),
    keysUnder: (root) => [...new Set([...a.keysUnder(root), ...b.keysUnder(root)])],
  };
}
