/** The policy-level diff: how the policies two files set differ, from `readPolicies` on both. */

import { bigintReplacer } from '../formats/json-text.js';
import type { Diagnostic } from '../errors.js';
import { foldName } from '../registry/keys.js';
import type { PolicyReading, PolicyReport } from '../policy/read.js';
import type { OptionValue } from '../policy/setting.js';

/** How one policy differs between A and B. */
export interface PolicyChange {
  /** The ADMX name (`RA_Unsolicit`). */
  policy: string;
  /** `namespace:name`. */
  id: string;
  displayName: string;
  /** States; `undefined` where a file does not touch the policy (shown as Not Configured). */
  was: PolicyReading['state'] | undefined;
  now: PolicyReading['state'] | undefined;
  /** The policy's category path, to tell apart two policies of one display name. */
  category: string;
  /** Options whose value changed (lists have `added`/`removed` instead). */
  options: OptionChange[];
  findingsAdded: Diagnostic[];
  findingsRemoved: Diagnostic[];
}

/** One option's change, by option name (ids: renderers word it with the policy's dialog labels). */
export interface OptionChange {
  option: string;
  was?: OptionValue;
  now?: OptionValue;
  /** A list's items that came and went. */
  added?: string[];
  removed?: string[];
  /** A numbered list (names 1, 2, … or a prefix) whose items are the same in another order: the order is what changed. */
  reordered?: boolean;
}

const show = (v: OptionValue | undefined) => JSON.stringify(v, bigintReplacer);
const findingId = (d: Diagnostic) => `${d.code}\u0000${d.message}`;

/** The policies whose state, options or findings (warnings and errors) differ between two reports. */
export function diffPolicies(a: PolicyReport, b: PolicyReport): PolicyChange[] {
  const byName = (r: PolicyReport) => new Map(r.policies.map((p) => [p.id, p]));
  const pa = byName(a);
  const pb = byName(b);
  const out: PolicyChange[] = [];
  for (const name of [...new Set([...pa.keys(), ...pb.keys()])]) {
    const x = pa.get(name);
    const y = pb.get(name);
    const was = x?.state;
    const now = y?.state;
    const def = (y ?? x)!.definition;
    const options: OptionChange[] = [];
    for (const opt of new Set([...(x?.options.keys() ?? []), ...(y?.options.keys() ?? [])])) {
      const ov = x?.options.get(opt);
      const nv = y?.options.get(opt);
      const el = def.elements.find((e) => e.option === opt);
      const change = (extra: Omit<OptionChange, 'option'>): OptionChange => ({ option: opt, ...extra });
      if (Array.isArray(ov) || Array.isArray(nv)) {
        const items = (v: OptionValue | undefined) => (Array.isArray(v) ? v.map((i) => (typeof i === 'string' ? i : `${i.name}=${i.value}`)) : []);
        const oi = items(ov);
        const ni = items(nv);
        const oset = new Set(oi.map(foldName));
        const nset = new Set(ni.map(foldName));
        const added = ni.filter((i) => !oset.has(foldName(i)));
        const removed = oi.filter((i) => !nset.has(foldName(i)));
        // Order is meaning only in a numbered list (values 1, 2, … or a prefix): values named by
        // their data or given as name=value pairs are a set, whatever order a file lists them in.
        const numbered = el?.type === 'list' && el.valuePrefix !== undefined && !el.explicitValue;
        if (added.length || removed.length) options.push(change({ added, removed }));
        else if (numbered && oi.join('\u0000') !== ni.join('\u0000') && ov !== undefined && nv !== undefined) options.push(change({ was: ov, now: nv, reordered: true }));
      } else if (show(ov) !== show(nv)) {
        options.push(change({ ...(ov !== undefined ? { was: ov } : {}), ...(nv !== undefined ? { now: nv } : {}) }));
      }
    }
    // Info notes (such as the firewall reminder) come and go with the state; only warnings and errors count.
    const counted = (r: PolicyReading | undefined) => (r?.findings ?? []).filter((d) => d.severity !== 'info');
    const fa = new Map(counted(x).map((d) => [findingId(d), d]));
    const fb = new Map(counted(y).map((d) => [findingId(d), d]));
    const findingsAdded = [...fb.entries()].filter(([k]) => !fa.has(k)).map(([, d]) => d);
    const findingsRemoved = [...fa.entries()].filter(([k]) => !fb.has(k)).map(([, d]) => d);
    const normal = (s: PolicyReading['state'] | undefined) => s ?? 'notConfigured';
    if (normal(was) !== normal(now) || options.length || findingsAdded.length || findingsRemoved.length) {
      out.push({ policy: (y ?? x)!.policy, id: name, displayName: (y ?? x)!.displayName, category: def.category, was, now, options, findingsAdded, findingsRemoved });
    }
  }
  return out;
}
