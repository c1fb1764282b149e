/**
 * A GPO side's security settings as Intune would carry them: account policies, user rights and
 * security options of its security template and the subcategories of its advanced audit policy,
 * each matched by the name the Group Policy editor gives it to the native Policy CSP node the DDF
 * maps to that name (`GpMapping GpEnglishName`, such as "Minimum password length" →
 * `DeviceLock/MinimumPasswordLength`, "Audit Logon" → `Audit/AccountLogonLogoff_AuditLogon`), the
 * value converted to the node's format ({@link nativeValue}). User rights go as Microsoft's UserRights
 * CSP takes them: `*SID` (or the name the template gives) joined with U+F000; a system service by
 * its display name (the template names it by service name), its start type as the node's value.
 */

import type { SideParts } from '../gpo/parts.js';
import { startTypeNumber } from '../gpo/security.js';
import { securitySettingName, serviceDisplayName } from '../gpo/security-names.js';
import { describeSecurityOption } from '../gpo/security-options.js';
import type { MdmPolicy } from './ddf.js';
import { gpName, type MdmMapping } from './intune.js';
import { nativeValue, type NativeInput } from './native.js';

const AREA = 'Windows Settings/Security Settings';

/**
 * Settings the DDF names otherwise than the editor (May 2024 edition): a misspelling, and an audit
 * subcategory without its leading "Audit". Keys and values as {@link gpName} folds them.
 */
const DDF_NAMES: ReadonlyMap<string, string> = new Map([
  ['access credential manager as a trusted caller', 'access credential manager ase a trusted caller'],
  ['audit audit policy change', 'audit policy change'],
]);

/** One security setting before it is matched: its id, the editor's name, its category and value. */
interface SecuritySetting {
  id: string;
  englishName: string;
  category: string;
  value: NativeInput;
  /** The value in words, for the reason when nothing carries it. */
  words: string;
  /** What the node does not carry of the setting, said beside its payload. */
  note?: string;
  /** Why no node carries it, when that is known without looking (not mapped by gpreg). */
  none?: string;
}

/** The settings of a side's security template and audit policy that have a name the editor gives. */
function securitySettings(parts: SideParts): SecuritySetting[] {
  const out: SecuritySetting[] = [];
  const t = parts.security?.template;
  for (const a of t?.account ?? []) {
    const name = securitySettingName(a.name) ?? a.name;
    out.push({ id: `security:account:${a.name}`, englishName: name, category: `${AREA}/Account Policies/${a.area === 'Password' ? 'Password Policy' : a.area === 'Account Lockout' ? 'Account Lockout Policy' : 'Kerberos Policy'}`, value: a.value, words: String(a.value) });
  }
  for (const r of t?.userRights ?? []) {
    const name = securitySettingName(r.name) ?? r.name;
    const members = r.members.map((m) => (m.sid ? `*${m.sid}` : m.name));
    out.push({ id: `security:right:${r.name}`, englishName: name, category: `${AREA}/Local Policies/User Rights Assignment`, value: members, words: r.members.map((m) => m.name).join(', ') || '(no one)' });
  }
  for (const o of t?.securityOptions ?? []) {
    const described = describeSecurityOption(o);
    out.push({ id: `security:option:${o.key}`, englishName: described?.displayName ?? o.key, category: `${AREA}/Local Policies/Security Options`, value: o.value, words: described?.display ?? o.raw });
  }
  // The rest of a template: said, each with why it does not move (nothing of a GPO is left out silently).
  for (const e of t?.eventAudit ?? []) out.push({ id: `security:eventAudit:${e.name}`, englishName: securitySettingName(e.name) ?? e.name, category: `${AREA}/Local Policies/Audit Policy`, value: e.value as NativeInput, words: String(e.value) });
  for (const e of t?.eventLog ?? []) out.push({ id: `security:eventLog:${e.log}:${e.name}`, englishName: `${e.log} log: ${e.name}`, category: `${AREA}/Event Log`, value: e.value as NativeInput, words: String(e.value), none: 'event log settings of a security template have no Policy CSP node (the EventLogService area sets log sizes through Administrative Templates policies)' });
  for (const g of t?.restrictedGroups ?? []) out.push({ id: `security:restrictedGroup:${g.group.sid ?? g.group.name}`, englishName: `Restricted group ${g.group.name}`, category: `${AREA}/Restricted Groups`, value: '', words: 'members', none: "not mapped by gpreg: the Policy CSP's RestrictedGroups/ConfigureGroupMembership takes the groups as one XML document (or use Intune's account protection policies)" });
  for (const k of t?.registryKeys ?? []) out.push({ id: `security:registryPermission:${k.path}`, englishName: `Permissions on ${k.path}`, category: `${AREA}/Registry`, value: '', words: k.sddl, none: 'permissions on registry keys have no Policy CSP node' });
  for (const f of t?.files ?? []) out.push({ id: `security:filePermission:${f.path}`, englishName: `Permissions on ${f.path}`, category: `${AREA}/File System`, value: '', words: f.sddl, none: 'permissions on files and folders have no Policy CSP node' });
  for (const v of t?.services ?? []) {
    // The node takes the start type as the template writes it: 2 automatic, 3 manual, 4 disabled.
    const startup = startTypeNumber(v.startup)!;
    const name = serviceDisplayName(v.name);
    out.push({ id: `security:service:${v.name}`, englishName: name ?? v.name, category: `${AREA}/System Services`, value: startup, words: typeof v.startup === 'number' ? `start type ${v.startup}` : v.startup, ...(v.sddl ? { note: `the node sets the start type only: the service's permissions (${v.sddl.length > 60 ? `${v.sddl.slice(0, 60)}…` : v.sddl}) are not carried` } : {}) });
  }
  for (const a of parts.audit?.settings ?? []) {
    if (!a.guid || Number.isNaN(a.value)) continue;
    out.push({ id: `audit:${a.guid}`, englishName: a.subcategory, category: `${AREA}/Advanced Audit Policy Configuration`, value: a.value, words: a.setting });
  }
  return out;
}

/**
 * Each security setting of a Machine side as an MDM mapping: `native` with the node's URI and the
 * value as it takes it (the payload), or `notSupported` (no node maps the setting's name, or the
 * value has no equivalent there, said). `index` is the DDF's nodes by what they stand for
 * (`gp|<english name>`, lower case).
 */
export function mapSecurityToMdm(parts: SideParts, index: ReadonlyMap<string, MdmPolicy[]>): MdmMapping[] {
  return securitySettings(parts).map((s): MdmMapping => {
    const base = { name: s.id, displayName: s.englishName, category: s.category, class: 'Machine' as const, state: 'enabled' as const };
    if (s.none) return { ...base, status: 'notSupported', reason: s.none };
    const key = gpName(s.englishName);
    const node = (index.get(`gp|${key}`) ?? index.get(`gp|${DDF_NAMES.get(key)}`) ?? []).find((n) => n.scope === 'Device');
    if (!node) return { ...base, status: 'notSupported', reason: `no Policy CSP node maps "${s.englishName}" (set to ${s.words})` };
    const build = node.minBuild ? { minBuild: node.minBuild } : {};
    const converted = nativeValue(node, s.value);
    if ('reason' in converted) return { ...base, status: 'noPayload', uri: node.uri, format: node.format, ...build, reason: `${converted.reason} (set to ${s.words})` };
    if (node.deprecated) return { ...base, status: 'deprecated', uri: node.uri, format: node.format, payload: converted.value, ...build, reason: `the MDM policy is deprecated${node.deprecated.build ? ` from Windows build ${node.deprecated.build}` : ''}` };
    return { ...base, status: 'native', uri: node.uri, format: node.format, payload: converted.value, ...build, ...(s.note ? { reason: s.note } : {}) };
  });
}
