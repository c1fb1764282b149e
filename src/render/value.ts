/**
 * A registry change's parts in words (a value action, a key's flags), shared by the diff renderings
 * and the editors' read-back check; no renderer, so the library's root can use it.
 */

import { safeField } from '../text.js';
import { toSpacedHex } from '../registry/hex.js';
import { renderRegType } from '../registry/types.js';
import { decodeValue } from '../registry/values.js';
import type { ValueEffect } from '../registry/effect.js';
import type { KeyFlags } from '../diff/registry.js';

/** A value action for people: `REG_DWORD 1`, `REG_SZ "x"`, `deleted`. */
export function renderValue(v: ValueEffect | undefined): string {
  if (!v) return '(nothing)';
  if (v.kind === 'deleted') return 'deleted';
  const t = decodeValue(v.type, v.data);
  const shown =
    t.kind === 'bytes' ? (t.value.length ? toSpacedHex(t.value) : '(empty)')
    : t.kind === 'string' || t.kind === 'strings' ? JSON.stringify(t.value)
    : String(t.value);
  return safeField(`${renderRegType(v.type)} ${shown}${v.soft ? ' (only if absent)' : ''}`);
}

/** A key's flags for people: `deleted (with its subkeys), values cleared`, or `nothing`. */
export function renderKeyFlags(f: KeyFlags): string {
  const parts = [f.deleted && 'deleted (with its subkeys)', f.cleared && 'values cleared', f.created && 'created', f.secure !== undefined && `secured: ${f.secure}`].filter(Boolean);
  return parts.length ? parts.join(', ') : 'nothing';
}
