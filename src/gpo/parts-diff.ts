/**
 * What one side of GPO B sets differently from the same side of GPO A in its parts besides
 * `Registry.pol`: security settings by name (account policies, the legacy audit policy, security
 * options, services, event log settings), user rights by member, restricted groups by member,
 * advanced audit settings by subcategory, preference registry items by hive, key and name. Names
 * compare without case; changes come in a stable order (area, then name).
 */

import type { SideParts } from './parts.js';
import type { Member } from './sids.js';

/** Where a setting lives, as `show` groups them. */
export type PartArea = 'account' | 'eventAudit' | 'userRights' | 'securityOptions' | 'services' | 'eventLog' | 'restrictedGroups' | 'registryKeys' | 'files' | 'audit' | 'preferences';

/** One difference: the setting's name in its area, its value before and after (absent: not set there), and for member lists the members added and removed. */
export interface PartChange {
  area: PartArea;
  name: string;
  was?: unknown;
  now?: unknown;
  added?: string[];
  removed?: string[];
}

/** The areas in GPMC's order. */
export const PART_AREAS: readonly PartArea[] = ['account', 'eventAudit', 'userRights', 'securityOptions', 'services', 'eventLog', 'restrictedGroups', 'registryKeys', 'files', 'audit', 'preferences'];

const memberId = (m: Member) => (m.sid ?? m.name).toUpperCase();
const memberShown = (m: Member) => (m.sid && m.sid !== m.name ? `${m.name} (${m.sid})` : m.name);

/** A part's setting: its name for people, the value compared, and for member lists the members. */
export interface PartSetting {
  name: string;
  value: unknown;
  members?: Member[];
}

/** Each area's settings by folded name (the diff and `compare` read the parts through this). */
export function partSettings(p: SideParts): Map<PartArea, Map<string, PartSetting>> {
  const out = new Map<PartArea, Map<string, PartSetting>>(PART_AREAS.map((a) => [a, new Map()]));
  const put = (area: PartArea, name: string, value: unknown, members?: Member[], key = name) => out.get(area)!.set(key.toUpperCase(), { name, value, ...(members ? { members } : {}) });
  const t = p.security?.template;
  if (t) {
    for (const a of t.account) put('account', a.name, a.value);
    for (const a of t.eventAudit) put('eventAudit', a.name, a.value);
    for (const r of t.userRights) put('userRights', r.name, r.members.map(memberShown).join(', '), r.members);
    for (const o of t.securityOptions) put('securityOptions', o.key, o.value);
    for (const s of t.services) put('services', s.name, { startup: s.startup, sddl: s.sddl });
    for (const e of t.eventLog) put('eventLog', `${e.log} log: ${e.name}`, e.value);
    for (const g of t.restrictedGroups) put('restrictedGroups', memberShown(g.group), { members: g.members?.map(memberShown), memberOf: g.memberOf?.map(memberShown) }, g.members);
    for (const k of t.registryKeys) put('registryKeys', k.path, { mode: k.mode, sddl: k.sddl });
    for (const f of t.files) put('files', f.path, { mode: f.mode, sddl: f.sddl });
  }
  // By GUID, named by subcategory for people.
  for (const a of p.audit?.settings ?? []) put('audit', a.subcategory || a.guid, a.setting, undefined, a.guid || a.subcategory);
  for (const i of p.preferences?.registry.items ?? []) {
    const value = { action: i.action, ...(i.type ? { type: i.type } : {}), ...(i.value !== undefined ? { value: typeof i.value === 'bigint' ? String(i.value) : i.value } : {}), ...(i.disabled ? { disabled: true } : {}) };
    put('preferences', `${i.hive}\\${i.key}${i.name !== undefined ? ` ${JSON.stringify(i.name)}` : ''}`, value);
  }
  return out;
}

/** The differences of B's parts from A's (see the module). */
export function diffSideParts(a: SideParts, b: SideParts): PartChange[] {
  const sa = partSettings(a);
  const sb = partSettings(b);
  const out: PartChange[] = [];
  for (const area of PART_AREAS) {
    const ma = sa.get(area)!;
    const mb = sb.get(area)!;
    const ids = [...new Set([...ma.keys(), ...mb.keys()])].sort();
    for (const id of ids) {
      const x = ma.get(id);
      const y = mb.get(id);
      if (x && y && JSON.stringify(x.value) === JSON.stringify(y.value)) continue;
      const change: PartChange = { area, name: (y ?? x)!.name, ...(x ? { was: x.value } : {}), ...(y ? { now: y.value } : {}) };
      if (x?.members && y?.members) {
        const before = new Set(x.members.map(memberId));
        const after = new Set(y.members.map(memberId));
        const added = y.members.filter((m) => !before.has(memberId(m))).map(memberShown);
        const removed = x.members.filter((m) => !after.has(memberId(m))).map(memberShown);
        if (added.length === 0 && removed.length === 0) continue; // the same members, another order
        if (added.length) change.added = added;
        if (removed.length) change.removed = removed;
      }
      out.push(change);
    }
  }
  return out;
}

/** Area headings for people, in GPMC's words. */
export const AREA_LABELS: Record<PartArea, string> = {
  account: 'Account Policies',
  eventAudit: 'Local Policies/Audit Policy',
  userRights: 'Local Policies/User Rights Assignment',
  securityOptions: 'Local Policies/Security Options',
  services: 'System Services',
  eventLog: 'Event Log',
  restrictedGroups: 'Restricted Groups',
  registryKeys: 'Registry',
  files: 'File System',
  audit: 'Advanced Audit Policy Configuration',
  preferences: 'Preferences/Registry',
};
