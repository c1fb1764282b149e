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
import type { PolicyCategory } from '../policy/set.js';
import { nativeValue, type NativeInput } from './native.js';
import { xmlText } from '../admx/xml.js';

/** How a policy moves to MDM. */
export type MdmStatus = 'supported' | 'deprecated' | 'native' | 'notSupported' | 'needsIngestion' | 'blocked' | 'noPayload';

/** One policy a file sets, as Intune would carry it. */
export interface MdmMapping {
  /** The policy's id (`namespace:name`). */
  name: string;
  displayName: string;
  category: string;
  class: PolicyDefinition['class'];
  state: PolicyReading['state'];
  status: MdmStatus;
  /** The OMA-URI: of its Policy CSP twin, or (needing ingestion) of the policy once its template is ingested. */
  uri?: string;
  /** The payload, for a state that has one. */
  payload?: string;
  /** The oldest Windows build the DDF lists for it. */
  minBuild?: string;
  /** A native node's value format (`int`, `bool`, `chr`): its payload is that value, not ADMX XML. */
  format?: string;
  /** For a policy of a template Windows does not ship: where its ADMX file is ingested first. */
  ingest?: MdmIngestion;
  /** Why it is not supported, or what to do. */
  reason?: string;
}

/** The ingestion of a template: the ADMX file, the app name its policies' areas start with, and the ADMXInstall URI. */
export interface MdmIngestion {
  /** The template file's path, as loaded. */
  file: string;
  app: string;
  /** `./Device/Vendor/MSFT/Policy/ConfigOperations/ADMXInstall/<App>/Policy/<UniqueId>`. */
  uri: string;
}

/**
 * The Policy CSP's nodes by what they stand for: an ADMX-backed node by template file and policy
 * name (`file|name`, without case), a native node by the Group Policy it maps (`gp|name`, the name
 * as {@link gpName} folds it).
 */
export function admxBackedIndex(policies: readonly MdmPolicy[]): Map<string, MdmPolicy[]> {
  const index = new Map<string, MdmPolicy[]>();
  const add = (k: string, p: MdmPolicy) => index.set(k, [...(index.get(k) ?? []), p]);
  for (const p of policies) {
    if (p.admx) add(`${p.admx.file.toLowerCase()}|${p.admx.name.toLowerCase()}`, p);
    if (p.gp) add(`gp|${gpName(p.gp.englishName)}`, p);
  }
  return index;
}

/**
 * A Group Policy name as the index keys it: lower case, punctuation as spaces, so the DDF's "Audit
 * Other Logon Logoff Events" finds GPMC's "Audit Other Logon/Logoff Events" and "Rule Level" finds
 * "Rule-Level".
 */
export function gpName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
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
 * The registry locations Windows refuses to let an ingested template write (System, Software\Microsoft
 * and Software\Policies\Microsoft), and the exceptions it lists, as Microsoft's "Win32 and Desktop
 * Bridge app ADMX policy ingestion" gives them (lower case, each ending with a backslash).
 */
const BLOCKED = ['system\\', 'software\\microsoft\\', 'software\\policies\\microsoft\\'];
const ALLOWED = [
  'software\\policies\\microsoft\\office\\', 'software\\microsoft\\office\\', 'software\\microsoft\\windows\\currentversion\\explorer\\',
  'software\\microsoft\\internet explorer\\', 'software\\policies\\microsoft\\shared tools\\proofing tools\\', 'software\\policies\\microsoft\\imejp\\',
  'software\\policies\\microsoft\\ime\\shared\\', 'software\\policies\\microsoft\\shared tools\\graphics filters\\',
  'software\\policies\\microsoft\\windows\\currentversion\\explorer\\', 'software\\policies\\microsoft\\softwareprotectionplatform\\',
  'software\\policies\\microsoft\\officesoftwareprotectionplatform\\', 'software\\policies\\microsoft\\windows\\windows search\\preferences\\',
  'software\\policies\\microsoft\\exchange\\', 'software\\microsoft\\shared tools\\proofing tools\\', 'software\\microsoft\\shared tools\\graphics filters\\',
  'software\\microsoft\\windows\\windows search\\preferences\\', 'software\\microsoft\\exchange\\', 'software\\policies\\microsoft\\vba\\security\\',
  'software\\microsoft\\onedrive\\', 'software\\microsoft\\edge\\', 'software\\microsoft\\edgeupdate\\',
];

/** The first key a policy writes that an ingested template may not write to, if any. */
export function blockedKey(def: PolicyDefinition): string | undefined {
  const keys = [def.key, ...def.elements.map((e) => e.key), ...[...(def.enabledList ?? []), ...(def.disabledList ?? [])].map((i) => i.key)];
  for (const key of keys) {
    if (key === undefined) continue;
    const k = `${key.toLowerCase().replace(/\\+$/, '')}\\`;
    if (BLOCKED.some((b) => k.startsWith(b)) && !ALLOWED.some((a) => k.startsWith(a))) return key;
  }
  return undefined;
}

/**
 * The app name an ingested template's policies are set under, and its file's id in the ADMXInstall
 * URI: the file's name without `.admx`, letters, digits, `-` and `_` kept (anything else, a dot
 * too, becomes `_`), as Microsoft's examples name them (`ContosoCompanyApp`, `Chrome`).
 */
export function ingestionApp(file: string): string {
  return path.basename(file).replace(/\.admx$/i, '').replace(/[^A-Za-z0-9_-]/g, '_') || 'App';
}

/**
 * An ingested policy's area: `<App>~Policy~<categories>`, the names of its category and its parents
 * from the root down, as far as they are the template's own (a parent in another file, such as
 * Google's `Cat_Google` above Chrome's `googlechrome`, is not in the path, as Microsoft's Chrome
 * example shows). Undefined when the policy names no category the templates define.
 */
export function ingestionArea(def: PolicyDefinition, app: string, categories: ReadonlyMap<string, PolicyCategory>): string | undefined {
  if (!def.categoryId) return undefined;
  const names: string[] = [];
  const own = def.namespace.toLowerCase();
  const seen = new Set<string>();
  for (let c = categories.get(def.categoryId); c && !seen.has(c.id); c = c.parent ? categories.get(c.parent) : undefined) {
    seen.add(c.id);
    const at = c.id.lastIndexOf(':');
    if (c.id.slice(0, at).toLowerCase() !== own) break;
    names.unshift(c.id.slice(at + 1));
  }
  return names.length ? `${app}~Policy~${names.join('~')}` : undefined;
}

/**
 * Each policy of `readings` as an MDM mapping. `windowsFiles` are the template files the Policy CSP
 * backs (lower case; the DDF's `AdmxBacked` files): a policy of another template
 * has no built-in twin: it is set after ingesting its ADMX file (its URIs built from `categories`),
 * unless it writes where Windows refuses ingested templates.
 */
export function mapToMdm(readings: readonly PolicyReading[], index: ReadonlyMap<string, MdmPolicy[]>, side: 'Machine' | 'User', windowsFiles: ReadonlySet<string>, categories: ReadonlyMap<string, PolicyCategory> = new Map()): MdmMapping[] {
  return readings.map((p): MdmMapping => {
    const def = p.definition;
    const file = path.basename(def.source?.file ?? '').toLowerCase();
    const base = { name: p.id, displayName: p.displayName, category: def.category, class: def.class, state: p.state };
    const scope = side === 'User' ? 'User' : 'Device';
    const twins = index.get(`${file}|${def.name.toLowerCase()}`) ?? [];
    const twin = twins.find((t) => t.scope === scope) ?? twins[0];
    const payload = mdmPayload(p);
    const noPayload = `the state ${p.state} has no payload (${p.reason ?? 'not set'})`;
    if (!twin) {
      // A native MDM policy standing for this Group Policy: its value has its own format.
      const natives = index.get(`gp|${gpName(def.name)}`) ?? [];
      const native = natives.find((t) => t.scope === scope) ?? natives[0];
      if (native) return nativeMapping(p, native, base);
      // Windows' own templates (the files the Policy CSP backs) and the built-in catalog: no twin is no twin.
      if (windowsFiles.has(file) || !file) return { ...base, status: 'notSupported', reason: 'no ADMX-backed Policy CSP node for this policy (no MDM twin)' };
      // Any other template could be ingested, unless it writes where Windows refuses ingested ones.
      const blocked = blockedKey(def);
      if (blocked) return { ...base, status: 'blocked', reason: `no MDM twin, and its template cannot be ingested for it: it writes to ${blocked}, where Windows refuses ingested templates (System, Software\\Microsoft and Software\\Policies\\Microsoft, but for the exceptions Microsoft lists); set the value another way (a script, or a CSP that writes it)` };
      const app = ingestionApp(def.source!.file);
      const ingest = { file: def.source!.file, app, uri: `./Device/Vendor/MSFT/Policy/ConfigOperations/ADMXInstall/${app}/Policy/${app}` };
      const area = ingestionArea(def, app, categories);
      if (!area) return { ...base, status: 'needsIngestion', ingest, reason: `ingest ${path.basename(def.source!.file)} first; the policy names no category the templates define, so its area cannot be told` };
      const uri = `./${scope}/Vendor/MSFT/Policy/Config/${area}/${def.name}`;
      return { ...base, status: 'needsIngestion', uri, ingest, ...(payload ? { payload, reason: `ingest ${path.basename(def.source!.file)} first (ADMXInstall), then set the policy` } : { reason: noPayload }) };
    }
    const uri = twin.scope === scope ? twin.uri : twin.uri.replace(/^\.\/(Device|User)\//, `./${scope}/`);
    const build = twin.minBuild ? { minBuild: twin.minBuild } : {};
    if (!payload) return { ...base, status: 'noPayload', uri, ...build, reason: noPayload };
    if (twin.deprecated) return { ...base, status: 'deprecated', uri, payload, ...build, reason: `the MDM policy is deprecated${twin.deprecated.build ? ` from Windows build ${twin.deprecated.build}` : ''}: it may have no effect on newer Windows` };
    return { ...base, status: 'supported', uri, payload, ...build };
  });
}

/**
 * A policy a native node stands for: its value is the option of the element the DDF names
 * (`GpElement`), converted to the node's format and checked against its allowed values. Without
 * such an element the policy's state alone does not say the node's value (an "Allow" node may stand
 * for a "Turn off" policy), so none is sent: the reason says so.
 */
function nativeMapping(p: PolicyReading, node: MdmPolicy, base: Pick<MdmMapping, 'name' | 'displayName' | 'category' | 'class' | 'state'>): MdmMapping {
  const head = { ...base, status: 'native' as const, uri: node.uri, format: node.format, ...(node.minBuild ? { minBuild: node.minBuild } : {}) };
  const def = p.definition;
  const element = node.gp?.element?.toLowerCase();
  const el = element ? def.elements.find((e) => e.id.toLowerCase() === element) : undefined;
  // Without an element: a node named as the registry value the policy itself writes (the CSP sets
  // that value) takes what the policy's state writes there. Any other name may mean the opposite
  // (an "Allow…" node for a "Turn off…" policy): no value is guessed.
  const own = !element && def.valueName !== undefined && gpName(def.valueName) === gpName(node.name) ? (p.state === 'enabled' ? def.enabledValue : p.state === 'disabled' ? def.disabledValue : undefined) : undefined;
  if (own && own.kind !== 'delete') {
    const converted = nativeValue(node, own.value);
    const via = `the node has the name of the value the policy writes (${def.valueName}), which the policy sets to ${String(own.value)} when ${p.state}`;
    if ('reason' in converted) return { ...head, reason: `a native MDM policy: ${via}, but ${converted.reason}` };
    return { ...head, payload: converted.value, reason: via, ...(node.deprecated ? { status: 'deprecated' as const, reason: `${via}; the MDM policy is deprecated${node.deprecated.build ? ` from Windows build ${node.deprecated.build}` : ''}` } : {}) };
  }
  const raw = el && p.state === 'enabled' ? p.options.get(el.option) : undefined;
  if (raw === undefined || (Array.isArray(raw) && raw.some((i) => typeof i !== 'string'))) {
    const why = p.state !== 'enabled' ? `the state ${p.state}${el ? '' : ' and no element the DDF names'}` : el ? `the element ${el.id} the DDF names is not set` : `the DDF names no element of the policy for the value, and the node is not named as the value the policy writes`;
    return { ...head, reason: `a native MDM policy (${node.format || 'value'}): ${why}, so gpreg cannot tell the node's value; set it by hand from its allowed values` };
  }
  // A drop-down list's option is an item: the node takes the item's value, as the registry does.
  const item = el!.type === 'enum' ? el!.items.find((i) => i.id === raw || i.label === raw) : undefined;
  const converted = nativeValue(node, item ? (item.value.kind === 'delete' ? '' : item.value.value) : (raw as NativeInput));
  if ('reason' in converted) return { ...head, reason: `a native MDM policy: ${converted.reason}` };
  return { ...head, payload: converted.value, ...(node.deprecated ? { status: 'deprecated' as const, reason: `the MDM policy is deprecated${node.deprecated.build ? ` from Windows build ${node.deprecated.build}` : ''}` } : {}) };
}

/** One GPO (or file) as `gpreg intune` reports it: each policy's mapping with its side, and the values no policy explains. */
export interface IntuneReport {
  gpo: string;
  policies: Array<MdmMapping & { side: string }>;
  unmapped: Array<{ side: string; record: string; reason: string }>;
}

/** The statuses that have an MDM policy standing for the Group Policy one (a twin). */
const TWIN: ReadonlySet<MdmStatus> = new Set(['supported', 'deprecated', 'native']);

/** A report's counts: how many policies have each status, and the share with an MDM twin (per cent, one decimal). */
export function intuneSummary(r: IntuneReport): { counts: Record<MdmStatus, number>; twinPercent: number } {
  const counts: Record<MdmStatus, number> = { supported: 0, deprecated: 0, native: 0, notSupported: 0, needsIngestion: 0, blocked: 0, noPayload: 0 };
  for (const p of r.policies) counts[p.status]++;
  const twins = r.policies.filter((p) => TWIN.has(p.status)).length;
  return { counts, twinPercent: r.policies.length ? Math.round((twins / r.policies.length) * 1000) / 10 : 0 };
}
