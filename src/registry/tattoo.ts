/**
 * Tattooing: Group Policy removes what it set under the policy keys (`Software\Policies` and
 * `Software\Microsoft\Windows\CurrentVersion\Policies`, in HKLM and HKCU) when the GPO no longer
 * applies; a value it sets anywhere else stays in the registry after the GPO is removed or
 * unlinked (the "MSS" settings, most of the security baseline's `System\CurrentControlSet` values).
 */

import type { Diagnostic, Position } from '../errors.js';
import { hiveAbbreviation, splitKey, trimKeyPath } from './keys.js';
import type { RegOp } from './ops.js';

const POLICY_PATHS = ['SOFTWARE\\POLICIES', 'SOFTWARE\\MICROSOFT\\WINDOWS\\CURRENTVERSION\\POLICIES'];

/** True when `key` (with its hive) is at or below a policy key of HKLM or HKCU, where Group Policy cleans up after itself. */
export function isPolicyKey(key: string): boolean {
  const { hive, path } = splitKey(key);
  if (hive !== 'HKEY_LOCAL_MACHINE' && hive !== 'HKEY_CURRENT_USER') return false;
  const p = trimKeyPath(path).toUpperCase();
  return POLICY_PATHS.some((root) => p === root || p.startsWith(root + '\\'));
}

/**
 * One `POLICY_TATTOO` note (info: it is how the GPO works, not a fault) per key outside the policy keys where the operations set
 * values: how many, and that they stay after the GPO is removed. Deletions and keys without a hive
 * are left alone. `position` gives the first such operation's place in its file.
 */
export function tattooFindings(ops: readonly RegOp[], position: (i: number) => Position = () => ({})): Diagnostic[] {
  const byKey = new Map<string, { key: string; count: number; first: number }>();
  // A file's records share a few keys: each is judged once.
  const outside = new Map<string, boolean>();
  ops.forEach((op, i) => {
    if (op.op !== 'set') return;
    let out = outside.get(op.key);
    if (out === undefined) outside.set(op.key, (out = !!splitKey(op.key).hive && !isPolicyKey(op.key)));
    if (!out) return;
    const id = op.key.toUpperCase();
    const seen = byKey.get(id);
    if (seen) seen.count++;
    else byKey.set(id, { key: op.key, count: 1, first: i });
  });
  return [...byKey.values()].map(({ key, count, first }) => {
    const s = splitKey(key);
    const shown = `${hiveAbbreviation(s.hive!)}\\${s.path}`;
    return { severity: 'info' as const, code: 'POLICY_TATTOO' as const, message: `${count} value(s) under ${shown}: outside the policy keys (Software\\Policies, Software\\Microsoft\\Windows\\CurrentVersion\\Policies), they stay in the registry after the GPO is removed (tattooing)`, ...position(first) };
  });
}
