/**
 * A file (or a GPO's side) rebuilt from what `show --json` says of it: each policy built from its
 * state and options as the Group Policy editor writes it, plus the records no policy explains, in
 * the editor's key order. That makes a GPO reviewable as text and rebuildable from it.
 *
 * A policy's `evidence` (the records it was read from) decides what is written, so nothing read is
 * lost and nothing edited is ignored:
 * - its state and options build exactly its evidence (not edited): the evidence, in the file's
 *   own order (the editor's order inside a key is the edit history, which no template says);
 * - they build something else and the policy was read clean: it was edited, the build is written;
 * - they build something else and the policy was read with warnings (a deviation from the
 *   editor's records), or its state cannot be built (a conflict, a partial setting): the
 *   evidence, as read, with a note saying how to rebuild it instead (delete its `evidence`).
 */

import { GpregError, type Diagnostic } from '../errors.js';
import { buildPolicy, sortOpsByKey, type PolicyTarget } from '../policy/build.js';
import { presentOptions } from '../policy/presentation.js';
import { checkSetting } from '../policy/setting.js';
import type { PolicyDefinition } from '../policy/types.js';
import type { PolicySet } from '../policy/set.js';
import { joinKey, splitKey, type HiveName } from '../registry/keys.js';
import { opFromJson, opToJson, type RegOp } from '../registry/ops.js';

/** What `show --json` gives for one file (the fields regeneration needs). */
export interface ShownFile {
  hive?: string;
  policies: Array<{ id?: string; policy: string; state: string; options?: Record<string, unknown>; presentation?: unknown[]; findings?: Array<{ severity?: string }>; evidence?: unknown[] }>;
  unexplained?: unknown[];
}

/** The operations of a regenerated file, and what could not be rebuilt. */
export interface Regenerated {
  ops: RegOp[];
  diagnostics: Diagnostic[];
}

/**
 * Rebuilds a file's operations from its `show --json` document (see above for each policy), then
 * the unexplained records, a record two policies share written once; for a `.pol` (`target`), keys
 * in the editor's order, and for a `.reg`, policies in their `.reg` form (a list key deleted and
 * created) in the order read.
 */
export function regenerate(shown: ShownFile, set: PolicySet, hive: HiveName, target: PolicyTarget = 'pol'): Regenerated {
  if (!Array.isArray(shown.policies)) throw new GpregError('JSON_BAD_DOCUMENT', 'not a `gpreg show --json` document: no "policies" list (a setting for one policy needs the policy named: `gpreg build <policy> --from …`)');
  const diagnostics: Diagnostic[] = [];
  const from = typeof shown.hive === 'string' ? shown.hive : undefined;
  // Where each operation stood in the file read (`index`), so that unedited records keep their order
  // inside a key; an edited policy's records stand where its first record stood, a new one's last.
  // A record read is written once however many policies show it (by its index: a file may hold the
  // same record twice, and both stay); a built one is left out when the same is already written.
  const ranked: Array<{ op: RegOp; rank: number }> = [];
  const seenIndex = new Set<number>();
  const seenContent = new Set<string>();
  const indexOf = (e: unknown) => (typeof e === 'object' && e !== null && typeof (e as { index?: unknown }).index === 'number' ? (e as { index: number }).index : undefined);
  const add = (op: RegOp, rank: number, index?: number) => {
    const id = opId(op);
    if (index !== undefined ? seenIndex.has(index) : seenContent.has(id)) return;
    if (index !== undefined) seenIndex.add(index);
    seenContent.add(id);
    ranked.push({ op, rank });
  };
  const addRead = (op: RegOp, entry: unknown) => {
    const index = indexOf(entry);
    add(op, index ?? Infinity, index);
  };
  shown.policies.forEach((p, i) => {
    const name = p.id ?? p.policy;
    const evidence = Array.isArray(p.evidence) ? p.evidence.map((e, j) => inHive(opFromJson(e, `policies[${i}].evidence[${j}]`), from, hive)) : undefined;
    const asRead = (why: string) => {
      diagnostics.push({ severity: 'info', code: 'POLICY_KEPT_AS_READ', message: `${name}: ${why}; its records are written as they were read (delete its "evidence" to rebuild it from its state and options)` });
      evidence!.forEach((op, j) => addRead(op, p.evidence![j]));
    };
    if (p.state !== 'enabled' && p.state !== 'disabled') {
      if (evidence?.length) return asRead(`${p.state} cannot be built`);
      diagnostics.push({ severity: 'warning', code: 'POLICY_CONFLICT', message: `${name} is ${p.state} and has no evidence: it is left out` });
      return;
    }
    const def = set.find(name);
    // Options are checked by buildPolicy as any setting is (a JSON edited by hand gets the same errors).
    const options = p.state === 'enabled' ? (p.options ?? {}) : {};
    const built = buildPolicy(def, { ...options, state: p.state }, { hive, exact: true, target }).ops;
    const unedited = evidence !== undefined && sameOps(built, evidence);
    // `presentation` only shows the options: an edit there would be lost. With the options as read
    // (or no evidence to tell a stale presentation from an edited one), it must still show them.
    if (p.state === 'enabled' && Array.isArray(p.presentation) && (unedited || !evidence)) checkPresentation(def, options, p.presentation, `policies[${i}]`);
    if (unedited) return evidence!.forEach((op, j) => addRead(op, p.evidence![j]));
    if ((p.findings ?? []).some((f) => f.severity === 'warning' || f.severity === 'error') && evidence) return asRead('it was read with warnings (its records are not what the editor writes)');
    const at = (p.evidence ?? []).reduce<number>((m, e) => Math.min(m, indexOf(e) ?? Infinity), Infinity);
    built.forEach((op, j) => add(op, at + j / (built.length + 1)));
  });
  (shown.unexplained ?? []).forEach((u, i) => addRead(inHive(opFromJson(u, `unexplained[${i}]`), from, hive), u));
  ranked.sort((a, b) => (a.rank === b.rank ? 0 : a.rank < b.rank ? -1 : 1));
  // A .pol in the editor's key order; a .reg in the order read (later lines win: a new policy last).
  const ops = ranked.map((r) => r.op);
  return { ops: target === 'pol' ? sortOpsByKey(ops) : ops, diagnostics };
}

/** An operation read from the document, moved from the document's hive to the one the file is rebuilt for (a `.reg` may hold other hives: they stay). */
function inHive(op: RegOp, from: string | undefined, to: HiveName): RegOp {
  const k = splitKey(op.key);
  return k.hive === undefined || k.hive === from ? { ...op, key: joinKey(to, k.path) } : op;
}

/** An operation as text, names folded as Windows compares them. */
function opId(op: RegOp): string {
  return JSON.stringify(opToJson(op)).toUpperCase();
}

/** The same operations, in any order. */
function sameOps(a: readonly RegOp[], b: readonly RegOp[]): boolean {
  const x = a.map(opId).sort();
  const y = b.map(opId).sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/**
 * Refuses a `presentation` that no longer shows the policy's options: it was edited, and an edit
 * there changes nothing. The error names the option to edit instead.
 */
function checkPresentation(def: PolicyDefinition, options: Record<string, unknown>, presentation: readonly unknown[], where: string): void {
  const shown = presentOptions(def, checkSetting(def, { ...options, state: 'enabled' }, { exact: true }).setting.options);
  presentation.forEach((c, j) => {
    if (typeof c !== 'object' || c === null || !('value' in c)) return;
    const { refId, value } = c as { refId?: unknown; value: unknown };
    // A control the file left unset shows null; the editor's default filled in since is no edit.
    if (value === null) return;
    const now = shown.find((x) => x.refId === refId);
    if (now && JSON.stringify(now.value) === JSON.stringify(value)) return;
    const el = def.elements.find((e) => e.id === refId);
    const field = el ? `${where}.options.${el.option}` : `${where}.options`;
    throw new GpregError('JSON_BAD_DOCUMENT', `${where}.presentation[${j}].value was edited, but "presentation" only shows the options and is not read back: edit ${field} instead (docs/json.md)`);
  });
}
