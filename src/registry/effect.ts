/**
 * What a file does, in a canonical form: per key, whether it deletes the key's tree, clears its
 * values, creates it or secures it, and each value's final action (set or delete). Two files whose
 * operations have the same effect on any registry have equal effects, whatever their order or
 * format; the diff compares effects.
 */

import { foldName, keyId, splitKey, trimKeyPath } from './keys.js';
import type { RegOp } from './ops.js';

/** A value's final action: set (with `soft` for set-if-absent) or delete. */
export type ValueEffect = { kind: 'set'; type: number; data: Uint8Array; soft?: boolean } | { kind: 'deleted' };

/** What a file does to one key. */
export interface KeyEffect {
  /** The key as first written (full hive name). */
  key: string;
  /** The key and its tree are deleted (before anything else the file does to it). */
  deleted: boolean;
  /** All values are deleted first (`**delvals.`); false when the key is deleted anyway. */
  cleared: boolean;
  /**
   * The file leaves the key existing without setting a value in it (a `createKey`, or a set whose
   * values were deleted again). False when a value is set: that creates the key anyway.
   */
  created: boolean;
  /** `**SecureKey`: true/false, or undefined when not asked. */
  secure: boolean | undefined;
  /** Value actions by folded name, with the name as first written. */
  values: Map<string, { name: string; effect: ValueEffect }>;
}

/** Keys by canonical id (`keyId`). */
export type Effect = Map<string, KeyEffect>;

/** Counts the key-tree nodes tree deletions visit (internal, for a test that bounds the work). */
export const EFFECT_STATS = { nodesVisited: 0 };

/** A node of the key tree: its children by path component, and the id of an entry made for it. */
interface KeyNode {
  children: Map<string, KeyNode>;
  id?: string;
}

/**
 * Which ids sit below which, as a tree of path components (an id is `HIVE\A\B`, folded), for
 * every id an entry was made for. A tree deletion walks only the subtree (not every key), so the
 * effect of N operations costs O(N) map operations however many deletions there are; and a key is
 * linked in time linear in its length, however deep it is (a tree of whole-path strings hashed
 * every ancestor again: a hostile key of 50,000 levels took seconds).
 */
class KeyTree {
  private readonly root: KeyNode = { children: new Map() };
  /** The node of each linked id, so that deleting a key the file already wrote to needs no walk. */
  private readonly nodes = new Map<string, KeyNode>();

  /** Links `id` (and the path down to it). */
  add(id: string): void {
    let node = this.root;
    for (const part of id.split('\\')) {
      let next = node.children.get(part);
      if (!next) node.children.set(part, (next = { children: new Map() }));
      node = next;
    }
    node.id = id;
    this.nodes.set(id, node);
  }

  /** Unlinks every id strictly below `id` and calls `gone` for each. */
  removeBelow(id: string, gone: (id: string) => void): void {
    let node: KeyNode | undefined = this.nodes.get(id);
    if (!node) {
      // A key only its subkeys were written to: found by its path.
      node = this.root;
      for (const part of id.split('\\')) {
        node = node.children.get(part);
        if (!node) return;
      }
    }
    EFFECT_STATS.nodesVisited++;
    if (node.children.size === 0) return;
    const stack = [...node.children.values()];
    node.children = new Map();
    while (stack.length > 0) {
      const top = stack.pop()!;
      EFFECT_STATS.nodesVisited++;
      if (top.id !== undefined) {
        gone(top.id);
        this.nodes.delete(top.id);
      }
      for (const c of top.children.values()) stack.push(c);
    }
  }
}

/** The effect being built, with its key tree. */
class EffectBuilder {
  readonly effect: Effect = new Map();
  private readonly tree = new KeyTree();

  keyOf(key: string): KeyEffect {
    const id = keyId(key);
    let k = this.effect.get(id);
    if (!k) {
      const s = splitKey(key);
      k = { key: s.hive ? (s.path ? `${s.hive}\\${trimKeyPath(s.path)}` : s.hive) : key, deleted: false, cleared: false, created: false, secure: undefined, values: new Map() };
      this.effect.set(id, k);
      this.tree.add(id);
    }
    return k;
  }

  deleteTree(key: string): void {
    this.tree.removeBelow(keyId(key), (id) => this.effect.delete(id));
    this.markDeleted(this.keyOf(key));
  }

  private markDeleted(k: KeyEffect): void {
    k.deleted = true;
    k.cleared = false;
    k.created = false;
    k.secure = undefined;
    k.values.clear();
  }
}

/** The effect of operations applied in order (later ones win where they overlap). */
export function effectOf(ops: readonly RegOp[]): Effect {
  const builder = new EffectBuilder();
  const effect = builder.effect;
  const keyOf = (key: string) => builder.keyOf(key);
  // Consecutive operations mostly share one key string: remember the last one's entry. Only a
  // tree deletion can remove entries, and it forgets the cache.
  let lastKey: string | undefined;
  let last: KeyEffect | undefined;
  const entry = (key: string): KeyEffect => {
    if (key !== lastKey || !last) {
      last = keyOf(key);
      lastKey = key;
    }
    return last;
  };
  for (const op of ops) {
    switch (op.op) {
      case 'set': {
        const k = entry(op.key);
        const n = foldName(op.name);
        const prev = k.values.get(n);
        // A soft set changes nothing when the file itself has set the value already.
        if (op.soft && prev?.effect.kind === 'set') break;
        const soft = op.soft && !prev && !k.deleted && !k.cleared;
        k.created = true; // setting a value creates its key, even if the value is deleted later
        k.values.set(n, { name: prev?.name ?? op.name, effect: { kind: 'set', type: op.type, data: op.data, ...(soft ? { soft: true } : {}) } });
        break;
      }
      case 'deleteValue':
      case 'deleteValues': {
        const k = entry(op.key);
        for (const name of op.op === 'deleteValue' ? [op.name] : op.names) {
          const n = foldName(name);
          k.values.set(n, { name: k.values.get(n)?.name ?? name, effect: { kind: 'deleted' } });
        }
        break;
      }
      case 'deleteAllValues': {
        const k = keyOf(op.key);
        k.values.clear();
        if (!k.deleted) k.cleared = true;
        break;
      }
      case 'deleteKey':
        lastKey = undefined;
        builder.deleteTree(op.key);
        break;
      case 'deleteKeys': {
        lastKey = undefined;
        const parent = trimKeyPath(op.key); // HKLM\Software\ is HKLM\Software, as for every key
        for (const sub of op.subkeys) builder.deleteTree(`${parent}\\${sub}`);
        break;
      }
      case 'createKey':
        keyOf(op.key).created = true;
        break;
      case 'secureKey':
        keyOf(op.key).secure = op.secure;
        break;
    }
  }
  // Setting a value creates its key anyway: `created` says only "created and left without values".
  for (const k of effect.values()) if ([...k.values.values()].some((v) => v.effect.kind === 'set')) k.created = false;
  return effect;
}

/** Operations with exactly this effect, in a canonical order: deletions, clears, creations, values. */
export function effectToOps(effect: Effect): RegOp[] {
  const keys = [...effect.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, k]) => k);
  const ops: RegOp[] = [];
  for (const k of keys) {
    if (k.deleted) ops.push({ op: 'deleteKey', key: k.key });
    if (k.cleared) ops.push({ op: 'deleteAllValues', key: k.key });
    if (k.created) ops.push({ op: 'createKey', key: k.key });
    if (k.secure !== undefined) ops.push({ op: 'secureKey', key: k.key, secure: k.secure });
    for (const { name, effect: v } of k.values.values()) {
      ops.push(v.kind === 'set' ? { op: 'set', key: k.key, name, type: v.type, data: v.data, ...(v.soft ? { soft: true } : {}) } : { op: 'deleteValue', key: k.key, name });
    }
  }
  return ops;
}

/** True when a key does nothing (no flag, no value). */
export function isEmptyKey(k: KeyEffect): boolean {
  return !k.deleted && !k.cleared && !k.created && k.secure === undefined && k.values.size === 0;
}
