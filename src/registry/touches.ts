/**
 * Which operations touch a registry path: the question "which GPO sets HKLM\…\X?", asked of every
 * operation whatever file or part it came from. A path names a key or a value; it is not known which
 * (a key and a value may share a name), so both readings are matched.
 */

import { GpregError } from '../errors.js';
import { foldName, hiveFromName, keyId, splitKey, trimKeyPath, type HiveName } from './keys.js';
import type { RegOp } from './ops.js';

/** A registry path asked about, in a hive. */
export interface KeyQuery {
  hive: HiveName;
  /** The path below the hive, as given (trailing backslashes dropped). */
  path: string;
  /** `HKEY_LOCAL_MACHINE\Path` for people. */
  text: string;
  /** The folded form matched against (see {@link keyId}). */
  id: string;
}

/**
 * How an operation touches the path: on it or below it (`key`), on the value it names (`value`),
 * or by deleting a key above it (`above`).
 */
export type Touch = 'key' | 'value' | 'above';

/**
 * Reads a path as an admin writes it: `HKLM\Software\X`, the full hive name, `HKLM:\Software\X`
 * (PowerShell), or `MACHINE\Software\X` (a security template's `[Registry Values]`). Throws `USAGE`
 * for a path without a hive.
 */
export function parseKeyQuery(text: string): KeyQuery {
  const s = text.trim().replace(/^(\w+):(?=\\|$)/, '$1');
  const slash = s.indexOf('\\');
  const first = slash < 0 ? s : s.slice(0, slash);
  const hive = hiveFromName(first) ?? TEMPLATE_ROOTS.get(first.toUpperCase());
  if (!hive) throw new GpregError('USAGE', `--key ${JSON.stringify(text)}: expected a registry path starting with a hive (HKLM\\…, HKCU\\…, HKEY_LOCAL_MACHINE\\…, or MACHINE\\… as a security template writes it)`);
  const path = trimKeyPath(slash < 0 ? '' : s.slice(slash + 1));
  return { hive, path, text: path ? `${hive}\\${path}` : hive, id: keyId(path ? `${hive}\\${path}` : hive) };
}

/** A security template's roots (`MACHINE\System\…`). */
const TEMPLATE_ROOTS = new Map<string, HiveName>([
  ['MACHINE', 'HKEY_LOCAL_MACHINE'],
  ['USERS', 'HKEY_USERS'],
  ['CLASSES_ROOT', 'HKEY_CLASSES_ROOT'],
]);

/** True when the folded key `k` is `t` or below it. */
const within = (k: string, t: string) => k === t || (k.length > t.length && k.startsWith(t) && k[t.length] === '\\');

/**
 * How `op` touches the path `q`, or undefined when it does not: an operation on the key or below it,
 * one on the value the path names (its last component as a value of its parent key: a set, a
 * deletion, or `**delvals` of the parent), or the deletion of a key above it.
 */
export function opTouches(op: RegOp, q: KeyQuery): Touch | undefined {
  const k = keyId(op.key);
  // An operation without a hive (a file read without one) cannot be placed: it touches nothing.
  if (!splitKey(op.key).hive) return undefined;
  if (within(k, q.id)) return 'key';
  const below = (sub: string) => `${k}\\${foldName(sub)}`;
  switch (op.op) {
    case 'set':
    case 'deleteValue':
      return below(op.name) === q.id ? 'value' : undefined;
    case 'deleteValues':
      return op.names.some((n) => below(n) === q.id) ? 'value' : undefined;
    case 'deleteAllValues':
      return q.id.startsWith(k) && q.id[k.length] === '\\' && !q.id.includes('\\', k.length + 1) ? 'value' : undefined;
    case 'deleteKey':
      return within(q.id, k) ? 'above' : undefined;
    case 'deleteKeys':
      return op.subkeys.some((s) => within(q.id, below(trimKeyPath(s)))) ? 'above' : undefined;
    default:
      return undefined;
  }
}
