/**
 * The registry-level diff: what file B does differently from file A, key by key. Order inside a
 * file matters only through its effect (a later record overriding an earlier one).
 */

import { foldName } from '../registry/keys.js';
import type { RegOp } from '../registry/ops.js';
import { keyId as keyIdOf } from '../registry/keys.js';
import { bytesEqual } from '../registry/values.js';
import { effectOf, isEmptyKey, type Effect, type KeyEffect, type ValueEffect } from '../registry/effect.js';

/** A key's flags, as compared. */
export interface KeyFlags {
  deleted: boolean;
  cleared: boolean;
  created: boolean;
  secure: boolean | undefined;
}

/** One difference. `was` is file A's action, `now` file B's; absent means the file does nothing there. */
export type RegChange =
  | { kind: 'key'; key: string; was: KeyFlags; now: KeyFlags; why?: string }
  | { kind: 'value'; key: string; name: string; was?: ValueEffect; now?: ValueEffect; why?: string };

/** Options for {@link diffOps}. */
export interface DiffOptions {
  /** The formats of the two sides, to explain differences a conversion between them must make. */
  formats?: [string, string];
}

const flags = (k: KeyEffect | undefined): KeyFlags => ({ deleted: k?.deleted ?? false, cleared: k?.cleared ?? false, created: k?.created ?? false, secure: k?.secure });
const sameFlags = (a: KeyFlags, b: KeyFlags) => a.deleted === b.deleted && a.cleared === b.cleared && a.created === b.created && a.secure === b.secure;

/** True when two value actions are the same. */
export function sameValue(a: ValueEffect | undefined, b: ValueEffect | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.kind !== b.kind) return false;
  if (a.kind === 'deleted' || b.kind === 'deleted') return true;
  return a.type === b.type && bytesEqual(a.data, b.data) && !!a.soft === !!b.soft;
}

/** Why a `.pol` and a `.reg` must differ here (the lossy conversions of docs/reg-format.md), if they must. */
function keyWhy(was: KeyFlags, now: KeyFlags, formats: [string, string] | undefined): string | undefined {
  if (!formats || formats[0] === formats[1] || !formats.includes('reg')) return undefined;
  const [pol, reg] = formats[0] === 'reg' ? [now, was] : [was, now];
  if (pol.cleared && reg.deleted) return 'a .reg cannot clear a key\'s values (**delvals.): it deletes the key and creates it again, which also deletes its subkeys';
  if (reg.created && !pol.created) return 'a .reg deletes values under a [key] line, so regedit also creates the key';
  if (pol.secure !== reg.secure) return 'a .reg cannot carry **SecureKey';
  return undefined;
}

function valueWhy(was: ValueEffect | undefined, now: ValueEffect | undefined, formats: [string, string] | undefined): string | undefined {
  if (!formats || formats[0] === formats[1] || !formats.includes('reg')) return undefined;
  const soft = (v: ValueEffect | undefined) => v?.kind === 'set' && !!v.soft;
  if (soft(was) !== soft(now)) return 'a .reg cannot set a value only when it is absent (**soft.): it always overwrites';
  return undefined;
}

/** Compares two effects: changes sorted by key (canonical id), then by value name (folded), so the output is stable whatever order the files wrote. */
export function diffEffects(a: Effect, b: Effect, options: DiffOptions = {}): RegChange[] {
  const out: RegChange[] = [];
  const ids = [...new Set([...a.keys(), ...b.keys()])].sort();
  for (const id of ids) {
    const ka = a.get(id);
    const kb = b.get(id);
    const key = (kb ?? ka)!.key;
    const fa = flags(ka);
    const fb = flags(kb);
    if (!sameFlags(fa, fb)) {
      const why = keyWhy(fa, fb, options.formats);
      out.push({ kind: 'key', key, was: fa, now: fb, ...(why ? { why } : {}) });
    }
    // Names of A, then names only B has; only the (few) differences get sorted.
    const found: Array<[string, RegChange]> = [];
    const compare = (n: string, va: { name: string; effect: ValueEffect } | undefined, vb: { name: string; effect: ValueEffect } | undefined) => {
      if (sameValue(va?.effect, vb?.effect)) return;
      const why = valueWhy(va?.effect, vb?.effect, options.formats);
      found.push([n, { kind: 'value', key, name: (vb ?? va)!.name, ...(va ? { was: va.effect } : {}), ...(vb ? { now: vb.effect } : {}), ...(why ? { why } : {}) }]);
    };
    if (ka) for (const [n, va] of ka.values) compare(n, va, kb?.values.get(n));
    if (kb) for (const [n, vb] of kb.values) if (!ka?.values.has(n)) compare(n, undefined, vb);
    found.sort(([x], [y]) => (x < y ? -1 : 1));
    for (const [, ch] of found) out.push(ch);
  }
  return out;
}

/**
 * What file B does differently from file A: values added, removed and changed (with old and new
 * type and data), value deletions, cleared keys, deleted and created keys. Keys and names compare
 * case-insensitively. An empty list means the two files do the same.
 *
 * @example
 * const changes = diffOps(polToOps(decodePol(a)).ops, regToOps(parseReg(b)));
 */
export function diffOps(a: readonly RegOp[], b: readonly RegOp[], options: DiffOptions = {}): RegChange[] {
  return diffEffects(effectOf(a), effectOf(b), options);
}

/**
 * Applies a diff to an effect: each key's flags and each value become what `now` says. With the
 * diff of A and B, `applyChanges(effectOf(A), diffOps(A, B))` equals `effectOf(B)`.
 */
export function applyChanges(effect: Effect, changes: readonly RegChange[]): Effect {
  const out: Effect = new Map([...effect].map(([id, k]) => [id, { ...k, values: new Map(k.values) }]));
  for (const ch of changes) {
    const id = keyIdOf(ch.key);
    let k = out.get(id);
    if (!k) {
      k = { key: ch.key, deleted: false, cleared: false, created: false, secure: undefined, values: new Map() };
      out.set(id, k);
    }
    if (ch.kind === 'key') Object.assign(k, ch.now);
    else if (ch.now) k.values.set(foldName(ch.name), { name: ch.name, effect: ch.now });
    else k.values.delete(foldName(ch.name));
  }
  for (const [id, k] of out) if (isEmptyKey(k)) out.delete(id);
  return out;
}
