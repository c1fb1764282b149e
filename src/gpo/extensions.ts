/**
 * The values other editors write into `Registry.pol`, in the words GPMC's report uses for them:
 * Windows Firewall with Advanced Security (profile settings and rules, [MS-GPFAS] 2.2.2), AppLocker
 * (enforcement and rules, one rule's XML per value) and the Name Resolution Policy Table (NRPT).
 * A value without known words gets none: it is shown as a registry record, never guessed at.
 */

import { extensionArea } from '../registry/areas.js';
import { foldName, splitKey, trimKeyPath } from '../registry/keys.js';
import type { RegOp } from '../registry/ops.js';
import { decodeValue } from '../registry/values.js';
import { child, parseXml, type XmlElement } from '../admx/xml.js';
import { WELL_KNOWN_SIDS } from './sids.js';

/** A value's words: what it is (`Domain profile: Firewall state`) and what it says (`On`). */
export interface ExtensionWords {
  setting: string;
  value: string;
}

/**
 * A set in the firewall's, AppLocker's or NRPT's key, in GPMC's words; undefined for any other
 * operation, and for a value whose meaning is not known (a newer field, damaged data).
 */
export function describeExtensionValue(op: RegOp): ExtensionWords | undefined {
  if (op.op !== 'set') return undefined;
  const area = extensionArea(op.key);
  if (!area) return undefined;
  const parts = trimKeyPath(splitKey(op.key).path).split('\\');
  const v = decodeValue(op.type, op.data);
  const text = v.kind === 'string' ? v.value.replace(/\r?\n$/, '') : undefined;
  const num = v.kind === 'number' ? Number(v.value) : undefined;
  switch (area) {
    case 'Windows Firewall with Advanced Security':
      return firewall(parts.slice(4), op.name, text, num);
    case 'AppLocker':
      return appLocker(parts.slice(5), op.name, text, num);
    case 'Name Resolution Policy':
      return nrpt(parts.slice(6), op.name, v.kind === 'strings' ? v.value : text !== undefined ? [text] : undefined);
  }
}

/** A value in one line of words (`Domain profile: Firewall state = On`), or undefined as {@link describeExtensionValue}. */
export function extensionText(op: RegOp): string | undefined {
  const w = describeExtensionValue(op);
  return w ? `${w.setting} = ${w.value}` : undefined;
}

// --- Windows Firewall ---------------------------------------------------------------------------

const PROFILES = folded([
  ['DomainProfile', 'Domain profile'],
  ['PrivateProfile', 'Private profile'],
  ['PublicProfile', 'Public profile'],
  ['StandardProfile', 'Standard profile'],
]);

/** A table by registry name, its keys folded as {@link foldName} folds what is looked up. */
function folded<T>(rows: ReadonlyArray<readonly [string, T]>): Map<string, T> {
  return new Map(rows.map(([k, v]) => [foldName(k), v]));
}

const yesNo = (n: number) => (n ? 'Yes' : 'No');

/** A profile's values as GPMC's "Settings" and "Logging" rows word them, by value name. */
const PROFILE_VALUES = folded<[string, (n: number) => string]>([
  ['EnableFirewall', ['Firewall state', (n) => (n ? 'On' : 'Off')]],
  ['DefaultInboundAction', ['Inbound connections', (n) => (n ? 'Block' : 'Allow')]],
  ['DefaultOutboundAction', ['Outbound connections', (n) => (n ? 'Block' : 'Allow')]],
  ['DisableNotifications', ['Display a notification', (n) => (n ? 'No' : 'Yes')]],
  ['AllowLocalPolicyMerge', ['Apply local firewall rules', yesNo]],
  ['AllowLocalIPsecPolicyMerge', ['Apply local connection security rules', yesNo]],
  ['DisableUnicastResponsesToMulticastBroadcast', ['Allow unicast response', (n) => (n ? 'No' : 'Yes')]],
]);

const LOGGING_VALUES = folded<[string, (n: number) => string]>([
  ['LogFileSize', ['Logging: Size limit (KB)', String]],
  ['LogDroppedPackets', ['Logging: Log dropped packets', yesNo]],
  ['LogSuccessfulConnections', ['Logging: Log successful connections', yesNo]],
]);

function firewall(below: string[], name: string, text: string | undefined, num: number | undefined): ExtensionWords | undefined {
  const [first, second] = below.map(foldName);
  if (first === foldName('FirewallRules') && below.length === 1 && text !== undefined) return firewallRule(name, text);
  const profile = first ? PROFILES.get(first) : undefined;
  if (!profile) return undefined;
  const n = foldName(name);
  if (below.length === 1 && num !== undefined) {
    const row = PROFILE_VALUES.get(n);
    return row ? { setting: `${profile}: ${row[0]}`, value: row[1](num) } : undefined;
  }
  if (below.length === 2 && second === foldName('Logging')) {
    if (n === foldName('LogFilePath') && text !== undefined) return { setting: `${profile}: Logging: Name`, value: text };
    const row = num !== undefined ? LOGGING_VALUES.get(n) : undefined;
    return row ? { setting: `${profile}: ${row[0]}`, value: row[1](num!) } : undefined;
  }
  return undefined;
}

const PROTOCOLS = new Map([
  ['1', 'ICMPv4'],
  ['6', 'TCP'],
  ['17', 'UDP'],
  ['58', 'ICMPv6'],
  ['47', 'GRE'],
  ['41', 'IPv6'],
  ['2', 'IGMP'],
]);

/** The fields of a rule worth a glance, in the order GPMC's rule table has them, by field name. */
const RULE_FIELDS: ReadonlyArray<[string, string]> = [
  ['App', 'program'],
  ['Svc', 'service'],
  ['LPort', 'local port'],
  ['LPort2_10', 'local port'],
  ['RPort', 'remote port'],
  ['RPort2_10', 'remote port'],
  ['LA4', 'local address'],
  ['LA6', 'local address'],
  ['RA4', 'remote address'],
  ['RA6', 'remote address'],
  ['Profile', 'profile'],
];

/**
 * A rule ([MS-GPFAS] 2.2.2.19: `v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=3389|Name=…|`)
 * as `Inbound rule "Name"`: `Allow; TCP; local port 3389; …`. Fields may repeat (several
 * addresses); a string that is not a rule gets no words.
 */
function firewallRule(id: string, text: string): ExtensionWords | undefined {
  const fields = text.split('|');
  if (!/^v\d+\.\d+$/.test(fields[0] ?? '')) return undefined;
  const values = new Map<string, string[]>();
  for (const f of fields.slice(1)) {
    const eq = f.indexOf('=');
    if (eq <= 0) continue;
    const k = f.slice(0, eq);
    const list = values.get(k);
    if (list) list.push(f.slice(eq + 1));
    else values.set(k, [f.slice(eq + 1)]);
  }
  const one = (k: string) => values.get(k)?.[0];
  const dir = one('Dir') === 'Out' ? 'Outbound' : 'Inbound';
  const action = one('Action');
  const words = [action === 'Block' ? 'Block' : action === 'ByPass' ? 'Allow if secure (bypass)' : action === 'Allow' ? 'Allow' : `Action ${action ?? '(none)'}`];
  const protocol = one('Protocol');
  words.push(protocol === undefined ? 'any protocol' : (PROTOCOLS.get(protocol) ?? `protocol ${protocol}`));
  const seen = new Set<string>();
  for (const [field, label] of RULE_FIELDS) {
    const list = values.get(field);
    if (!list || seen.has(label)) continue;
    seen.add(label);
    words.push(`${list.length > 1 ? label.replace(/s?$/, (e) => (e ? 'ses' : 's')) : label} ${list.join(', ')}`);
  }
  if (one('Active') === 'FALSE') words.push('disabled');
  return { setting: `${dir} rule "${one('Name') ?? id}"`, value: words.join('; ') };
}

// --- AppLocker ------------------------------------------------------------------------------------

/** The rule collections as the AppLocker editor names them, by key. */
const COLLECTIONS = folded([
  ['Exe', 'Executable Rules'],
  ['Msi', 'Windows Installer Rules'],
  ['Script', 'Script Rules'],
  ['Dll', 'DLL Rules'],
  ['Appx', 'Packaged app Rules'],
]);

/** The largest rule text read as XML: a rule is a few KB; more is not parsed. */
const MAX_RULE_CHARS = 1 << 20;

function appLocker(below: string[], name: string, text: string | undefined, num: number | undefined): ExtensionWords | undefined {
  const collection = below[0] ? COLLECTIONS.get(foldName(below[0])) : undefined;
  if (!collection) return undefined;
  const n = foldName(name);
  // EnforcementMode: 0 is "Audit only", 1 "Enforce rules" (the NSA's Audit and Enforced AppLocker
  // GPOs differ in exactly these values).
  if (below.length === 1 && n === foldName('EnforcementMode') && num !== undefined) {
    return { setting: `${collection}: Enforcement`, value: num === 1 ? 'Enforce rules' : num === 0 ? 'Audit only' : `(unknown mode ${num})` };
  }
  if (below.length === 2 && n === foldName('Value') && text !== undefined && text.length <= MAX_RULE_CHARS) return appLockerRule(collection, text);
  return undefined;
}

/** A rule's XML (`<FilePublisherRule Name=… UserOrGroupSid=… Action=…>`) as `Deny BUILTIN\Administrators: publisher …`. */
function appLockerRule(collection: string, text: string): ExtensionWords | undefined {
  let rule: XmlElement;
  try {
    rule = parseXml(Buffer.from(text, 'utf8'));
  } catch {
    return undefined;
  }
  const a = (el: XmlElement | undefined, k: string) => el?.attrs.get(k);
  const sid = a(rule, 'UserOrGroupSid');
  const who = sid ? (WELL_KNOWN_SIDS.get(sid.toUpperCase()) ?? sid) : '(no user or group)';
  const conditions = child(rule, 'Conditions')?.children ?? [];
  const exceptions = child(rule, 'Exceptions')?.children.length ?? 0;
  const words = [`${a(rule, 'Action') ?? '(no action)'} ${who}`, ...conditions.map(condition)];
  if (exceptions) words.push(`${exceptions} exception(s)`);
  return { setting: `${collection}: "${a(rule, 'Name') ?? a(rule, 'Id') ?? rule.name}"`, value: words.join('; ') };
}

/** One rule condition: a path, a publisher (with product, file and versions), or file hashes. */
function condition(c: XmlElement): string {
  const a = (k: string) => c.attrs.get(k);
  if (c.name === 'FilePathCondition') return `path ${a('Path') ?? '?'}`;
  if (c.name === 'FilePublisherCondition') {
    const range = child(c, 'BinaryVersionRange');
    const versions = range ? `, versions ${range.attrs.get('LowSection') ?? '*'} to ${range.attrs.get('HighSection') ?? '*'}` : '';
    return `publisher ${a('PublisherName') ?? '?'}, product ${a('ProductName') ?? '?'}, file ${a('BinaryName') ?? '?'}${versions}`;
  }
  if (c.name === 'FileHashCondition') {
    const files = c.children.map((h) => h.attrs.get('SourceFileName') ?? '?');
    return `hash of ${files.join(', ') || '(no file)'}`;
  }
  return c.name;
}

// --- NRPT -----------------------------------------------------------------------------------------

function nrpt(below: string[], name: string, list: readonly string[] | undefined): ExtensionWords | undefined {
  if (below.length !== 1 || !list) return undefined;
  const n = foldName(name);
  const rule = `NRPT rule ${below[0]}`;
  if (n === foldName('Name')) return { setting: `${rule}: Namespace`, value: list.join(', ') };
  if (n === foldName('GenericDNSServers')) return { setting: `${rule}: DNS servers`, value: list.join(', ') };
  return undefined;
}
