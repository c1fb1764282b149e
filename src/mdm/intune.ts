/**
 * A GPO's policies as Intune (MDM) settings: for each policy a file sets, its Policy CSP twin (the
 * ADMX-backed node of the same template file and policy name), the OMA-URI for the policy's side,
 * and the payload the Policy CSP expects — `<enabled/>` or `<disabled/>`, then one
 * `<data id="ELEMENT_ID" value="…"/>` per option, the value by element type (text as it is,
 * numbers in decimal, `true`/`false`, an enum item's value, list items joined with U+F000), as
 * Microsoft's "Understanding ADMX-backed policies" describes. Or why there is none: no MDM twin, a
 * third-party template that needs ADMX ingestion, a state with no payload.
 */

import * as path from 'node:path';
import type { PolicyReading } from '../policy/read.js';
import type { AdmxValue, OptionValue, PolicyDefinition } from '../policy/types.js';
import type { MdmPolicy } from './ddf.js';
import { xmlText } from '../admx/xml.js';

/** How a policy moves to MDM. */
export type MdmStatus = 'supported' | 'native' | 'notSupported' | 'needsIngestion' | 'noPayload';

/** One policy a file sets, as Intune would carry it. */
export interface MdmMapping {
  /** The policy's id (`namespace:name`). */
  name: string;
  displayName: string;
  category: string;
  class: PolicyDefinition['class'];
  state: PolicyReading['state'];
  status: MdmStatus;
  /** The OMA-URI, for a supported policy. */
  uri?: string;
  /** The payload, for a supported policy in a state that has one. */
  payload?: string;
  /** The oldest Windows build the DDF lists for it. */
  minBuild?: string;
  /** Why it is not supported, or what to do. */
  reason?: string;
}

/**
 * The Policy CSP's nodes by what they stand for: an ADMX-backed node by template file and policy
 * name (`file|name`), a native node by the Group Policy it maps (`gp|name`), both without case.
 */
export function admxBackedIndex(policies: readonly MdmPolicy[]): Map<string, MdmPolicy[]> {
  const index = new Map<string, MdmPolicy[]>();
  const add = (k: string, p: MdmPolicy) => index.set(k, [...(index.get(k) ?? []), p]);
  for (const p of policies) {
    if (p.admx) add(`${p.admx.file.toLowerCase()}|${p.admx.name.toLowerCase()}`, p);
    if (p.gp) add(`gp|${p.gp.englishName.toLowerCase()}`, p);
  }
  return index;
}


/** An ADMX value as the payload says it: its number or text (`delete` has none). */
const admxValueText = (v: AdmxValue) => (v.kind === 'delete' ? '' : String(v.value));

/** One option's value for a `<data>` element, by the element's type (undefined: not sent). */
function dataValue(def: PolicyDefinition, option: string, value: OptionValue): { id: string; value: string } | undefined {
  const el = def.elements.find((e) => e.option === option);
  if (!el) return undefined;
  const SEP = '\uf000';
  switch (el.type) {
    case 'boolean':
      return { id: el.id, value: value === true ? 'true' : 'false' };
    case 'enum': {
      const item = el.items.find((i) => i.id === value || i.label === value);
      return item ? { id: el.id, value: admxValueText(item.value) } : undefined;
    }
    case 'list':
    case 'multiText': {
      const items = Array.isArray(value) ? (value as Array<string | { name: string; value: string }>).flatMap((i) => (typeof i === 'string' ? [i] : [i.name, i.value])) : [String(value)];
      // An empty list is not sent (the element is left as the policy's default: no items).
      return items.length ? { id: el.id, value: items.join(SEP) } : undefined;
    }
    default:
      return { id: el.id, value: typeof value === 'bigint' ? value.toString() : String(value) };
  }
}

/** The payload of a policy in its state: `<enabled/>` with its options' data, or `<disabled/>`. */
export function mdmPayload(p: PolicyReading): string | undefined {
  if (p.state === 'disabled') return '<disabled/>';
  if (p.state !== 'enabled') return undefined;
  const data = [...p.options].flatMap(([option, value]) => {
    const d = dataValue(p.definition, option, value);
    return d ? [`<data id="${xmlText(d.id, true)}" value="${xmlText(d.value, true)}"/>`] : [];
  });
  return `<enabled/>${data.join('')}`;
}

/**
 * Each policy of `readings` as an MDM mapping. `windowsFiles` are template files Windows ships
 * (lower case; a `Microsoft.Policies.*` namespace is Windows' too): a policy of another template
 * has no built-in twin and needs ADMX ingestion.
 */
export function mapToMdm(readings: readonly PolicyReading[], index: ReadonlyMap<string, MdmPolicy[]>, side: 'Machine' | 'User', windowsFiles: ReadonlySet<string>): MdmMapping[] {
  return readings.map((p): MdmMapping => {
    const def = p.definition;
    const file = path.basename(def.source?.file ?? '').toLowerCase();
    const base = { name: p.id, displayName: p.displayName, category: def.category, class: def.class, state: p.state };
    const scope = side === 'User' ? 'User' : 'Device';
    const twins = index.get(`${file}|${def.name.toLowerCase()}`) ?? [];
    const twin = twins.find((t) => t.scope === scope) ?? twins[0];
    if (!twin) {
      // A native MDM policy standing for this Group Policy: its value has its own format.
      const natives = index.get(`gp|${def.name.toLowerCase()}`) ?? [];
      const native = natives.find((t) => t.scope === scope) ?? natives[0];
      if (native) return { ...base, status: 'native', uri: native.uri, ...(native.minBuild ? { minBuild: native.minBuild } : {}), reason: `a native MDM policy (${native.format || 'value'}, its allowed values in the DDF): gpreg does not convert its value yet` };
      // Windows' own templates: the files the Policy CSP backs, and every Microsoft.Policies.* namespace.
      return windowsFiles.has(file) || !file || /^Microsoft\.Policies\./i.test(def.namespace)
        ? { ...base, status: 'notSupported', reason: 'no ADMX-backed Policy CSP node for this policy (no MDM twin)' }
        : { ...base, status: 'needsIngestion', reason: `${path.basename(def.source?.file ?? '')} is not one of Windows' templates: ingest it (ADMXInstall) before its policies can be set` };
    }
    const payload = mdmPayload(p);
    const uri = twin.scope === scope ? twin.uri : twin.uri.replace(/^\.\/(Device|User)\//, `./${scope}/`);
    if (!payload) return { ...base, status: 'noPayload', uri, ...(twin.minBuild ? { minBuild: twin.minBuild } : {}), reason: `the state ${p.state} has no payload (${p.reason ?? 'not set'})` };
    return { ...base, status: 'supported', uri, payload, ...(twin.minBuild ? { minBuild: twin.minBuild } : {}) };
  });
}
