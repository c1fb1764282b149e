/**
 * `.reg` statements ⇄ RegOps. A `.reg` file can set and delete values and create and delete keys;
 * what it cannot say exactly (clearing a key's values, `**soft.`, `**SecureKey`) is written as the
 * closest form with a `;` comment and a warning, never silently.
 */

import { GpregError, withPosition, type Diagnostic, type ErrorCode, type Position } from '../../errors.js';
import { LINE_BREAK, sameName, splitKey, joinKey, type HiveName } from '../../registry/keys.js';
import type { RegOp, SetValueOp } from '../../registry/ops.js';
import type { RegDocument } from './parse.js';

/**
 * The operations a parsed `.reg` stands for, in order. A `[KEY]` line gives `createKey` unless its
 * section sets a value: setting a value creates its key anyway, so `[K]` + `"v"=…` is the same as a
 * `.pol`'s plain record for `v`, and such a `.pol` survives `.pol → .reg → .pol` unchanged. A
 * section with only deletions keeps its `createKey`: regedit creates the key for it.
 * A document whose header regedit rejects (`accepted: false`) gives no operations.
 */
export function regToOps(doc: Pick<RegDocument, 'statements'> & { accepted?: boolean }): RegOp[] {
  return collect(doc, undefined);
}

/** {@link regToOps}, with the line each operation comes from (`lines[i]` for `ops[i]`). */
export function regToOpsWithLines(doc: Pick<RegDocument, 'statements'> & { accepted?: boolean }): { ops: RegOp[]; lines: number[] } {
  const lines: number[] = [];
  return { ops: collect(doc, lines), lines };
}

/** The operations of the statements; their lines too when `lines` is given (not otherwise: large files). */
function collect(doc: Pick<RegDocument, 'statements'> & { accepted?: boolean }, lines: number[] | undefined): RegOp[] {
  const ops: RegOp[] = [];
  if (doc.accepted === false) return ops; // regedit imports nothing from a file whose header it rejects
  const st = doc.statements;
  for (let i = 0; i < st.length; i++) {
    const op = st[i]!.op;
    if (op.op === 'createKey' && sectionSetsValue(st, i)) continue;
    ops.push(op);
    lines?.push(st[i]!.line);
  }
  return ops;
}

/** True when the values right after the key line at `i` (its section) include a `set`. */
function sectionSetsValue(st: RegDocument['statements'], i: number): boolean {
  const key = st[i]!.op.key;
  for (let j = i + 1; j < st.length; j++) {
    const op = st[j]!.op;
    if ((op.op !== 'set' && op.op !== 'deleteValue') || op.key !== key) return false;
    if (op.op === 'set') return true;
  }
  return false;
}

/** The key or name of `op` that a `.reg` line cannot carry, described (JSON-quoted), or undefined. */
export function unwritableName(op: RegOp): string | undefined {
  if (LINE_BREAK.test(op.key)) return `key ${JSON.stringify(op.key)}`;
  const names = op.op === 'deleteValues' ? op.names : op.op === 'deleteKeys' ? op.subkeys : 'name' in op ? [op.name] : [];
  const bad = names.find((n) => LINE_BREAK.test(n));
  return bad === undefined ? undefined : `${op.op === 'deleteKeys' ? 'subkey' : 'value name'} ${JSON.stringify(bad)} in ${JSON.stringify(op.key)}`;
}

/** One `[KEY]` or `[-KEY]` block of a `.reg` file to write. */
export interface RegSection {
  key: string;
  /** True for `[-KEY]` (delete the key and its tree). */
  delete: boolean;
  /** `;` comment lines written just above the key line (without the `; `). */
  comments: string[];
  /** Value lines: a `set`, or a deletion (`"name"=-`). */
  values: Array<SetValueOp | { op: 'deleteValue'; name: string }>;
}

/** Options for {@link opsToReg}. */
export interface OpsToRegOptions {
  /** Where each operation comes from (a `.pol` offset, a line), to place the warnings. */
  positions?: readonly Position[];
}

/** What {@link opsToReg} gives: the sections to write and the warnings for inexact conversions. */
export interface RegPlan {
  sections: RegSection[];
  diagnostics: Diagnostic[];
}

/** A key with its root spelled in full (`HKLM\X` → `HKEY_LOCAL_MACHINE\X`); throws `REG_NO_ROOT` without one. */
function fullKey(key: string): string {
  const s = splitKey(key);
  if (!s.hive) {
    throw new GpregError('REG_NO_ROOT', `key ${JSON.stringify(key)} has no root key: a .reg file needs HKEY_LOCAL_MACHINE\\…, HKEY_CURRENT_USER\\… (a .pol's keys need a hive to be placed in)`);
  }
  return joinKey(s.hive as HiveName, s.path);
}

/**
 * Groups operations into `.reg` sections, in order. Consecutive operations on one key share a
 * section; `createKey` gets a section of its own (so it survives a round trip). Inexact cases:
 *
 * - `deleteAllValues` → `[-KEY]` then `[KEY]`, which also deletes the subkeys (`REG_LOSSY_DELVALS`);
 * - `set` with `soft` → a plain value, which overwrites (`REG_LOSSY_SOFT`);
 * - `secureKey` → only a comment (`REG_LOSSY_SECUREKEY`).
 *
 * `deleteValues` and `deleteKeys` expand exactly into `"name"=-` lines and `[-KEY\sub]` sections.
 * A section with deletions only also creates its key in regedit (`REG_CREATES_KEY`, info).
 */
export function opsToReg(ops: readonly RegOp[], options: OpsToRegOptions = {}): RegPlan {
  const sections: RegSection[] = [];
  const diagnostics: Diagnostic[] = [];
  let open: RegSection | undefined; // the section values can still be added to
  let notes: string[] = []; // comments waiting for the next section

  const start = (key: string, del: boolean): RegSection => {
    const s: RegSection = { key, delete: del, comments: notes, values: [] };
    notes = [];
    sections.push(s);
    return s;
  };
  const valuesOf = (key: string): RegSection => {
    if (open && !open.delete && sameName(open.key, key) && notes.length === 0) return open;
    open = start(key, false);
    return open;
  };
  // Each place is commented in the file; the warning is given once per key and kind (a large file
  // would otherwise repeat one line hundreds of times), at the first place's offset or line.
  const warned = new Set<string>();
  const lossy = (code: ErrorCode, key: string, message: string, index: number) => {
    notes.push(`gpreg: ${message}`);
    const id = `${code}\u0000${key.toUpperCase()}`;
    if (warned.has(id)) return;
    warned.add(id);
    const at = options.positions?.[index];
    diagnostics.push(at && (at.offset !== undefined || at.line !== undefined) ? withPosition({ severity: 'warning' as const, code, message }, at) : { severity: 'warning', code, message: `operation ${index + 1}: ${message}` });
  };

  ops.forEach((op, index) => {
    const key = fullKey(op.key);
    const broken = unwritableName(op);
    if (broken !== undefined) {
      // Written as is, the rest of the name would be lines of their own: other keys and values.
      lossy('REG_LOSSY_LINE_BREAK', key, `${broken} holds a line break or NUL, which no .reg line can carry (regedit would read the rest as lines of their own); left out`, index);
      return;
    }
    switch (op.op) {
      case 'set': {
        if (op.soft) lossy('REG_LOSSY_SOFT', key, `${JSON.stringify(op.name)} in ${key} is set only if absent in the .pol (**soft.); a .reg always overwrites it`, index);
        const { soft: _soft, ...plain } = op;
        valuesOf(key).values.push({ ...plain, key });
        break;
      }
      case 'deleteValue':
        valuesOf(key).values.push({ op: 'deleteValue', name: op.name });
        break;
      case 'deleteValues': {
        const s = valuesOf(key);
        for (const name of op.names) s.values.push({ op: 'deleteValue', name });
        break;
      }
      case 'deleteAllValues':
        lossy('REG_LOSSY_DELVALS', key, `the .pol clears the values of ${key} (**delvals.); .reg has no such statement, so the key is deleted and created again, which also deletes its subkeys`, index);
        start(key, true);
        open = start(key, false);
        break;
      case 'deleteKey':
        start(key, true);
        open = undefined;
        break;
      case 'deleteKeys':
        for (const sub of op.subkeys) start(`${key}\\${sub}`, true);
        open = undefined;
        break;
      case 'createKey':
        start(key, false);
        open = undefined;
        break;
      case 'secureKey':
        lossy('REG_LOSSY_SECUREKEY', key, `the .pol asks to ${op.secure ? 'secure' : 'reset'} the permissions of ${key} (**SecureKey); .reg cannot express it and nothing is written for it`, index);
        break;
    }
  });
  if (notes.length > 0) sections.push({ key: '', delete: false, comments: notes, values: [] });
  for (const s of sections) {
    if (!s.delete && s.values.length > 0 && s.values.every((v) => v.op === 'deleteValue')) {
      diagnostics.push({ severity: 'info', code: 'REG_CREATES_KEY', message: `${s.key}: a .reg deletes values under a [key] line, so regedit also creates the key if it does not exist` });
    }
  }
  return { sections, diagnostics };
}
