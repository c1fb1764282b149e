/**
 * A file (or a GPO's side) rebuilt from what `show --json` says of it: each policy built from its
 * state and options as the Group Policy editor writes it, plus the records no policy explains, in
 * the editor's key order. That makes a GPO reviewable as text and rebuildable from it.
 */

import { GpregError, type Diagnostic } from '../errors.js';
import { buildPolicy, sortOpsByKey } from '../policy/build.js';
import type { PolicySet } from '../policy/set.js';
import type { HiveName } from '../registry/keys.js';
import { opFromJson, opToJson, type RegOp } from '../registry/ops.js';

/** What `show --json` gives for one file (the fields regeneration needs). */
export interface ShownFile {
  hive?: string;
  policies: Array<{ id?: string; policy: string; state: string; options?: Record<string, unknown> }>;
  unexplained?: unknown[];
}

/** The operations of a regenerated file, and what could not be rebuilt. */
export interface Regenerated {
  ops: RegOp[];
  diagnostics: Diagnostic[];
}

/**
 * Rebuilds a file's operations from its `show --json` document: every Enabled or Disabled policy with
 * the options it was read with (and only those: `exact`), then the unexplained records, duplicates
 * of one record (a value two policies own) written once, keys in the editor's order. A policy that is
 * neither Enabled nor Disabled is reported and left out (its records are not in `unexplained`).
 */
export function regenerate(shown: ShownFile, set: PolicySet, hive: HiveName): Regenerated {
  if (!Array.isArray(shown.policies)) throw new GpregError('JSON_BAD_DOCUMENT', 'not a `gpreg show --json` document: no "policies" list (a setting for one policy needs the policy named: `gpreg build <policy> --from …`)');
  const ops: RegOp[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const add = (op: RegOp) => {
    const id = JSON.stringify(opToJson(op)).toUpperCase();
    if (seen.has(id)) return;
    seen.add(id);
    ops.push(op);
  };
  for (const p of shown.policies) {
    if (p.state !== 'enabled' && p.state !== 'disabled') {
      diagnostics.push({ severity: 'warning', code: 'POLICY_CONFLICT', message: `${p.id ?? p.policy} is ${p.state}: it cannot be rebuilt and is left out` });
      continue;
    }
    const def = set.find(p.id ?? p.policy);
    // Options are checked by buildPolicy as any setting is (a JSON edited by hand gets the same errors).
    const options = p.state === 'enabled' ? (p.options ?? {}) : {};
    for (const op of buildPolicy(def, { ...options, state: p.state }, { hive, exact: true }).ops) add(op);
  }
  (shown.unexplained ?? []).forEach((u, i) => add(opFromJson(u, `unexplained[${i}]`)));
  return { ops: sortOpsByKey(ops), diagnostics };
}
