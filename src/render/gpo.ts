/**
 * A side's parts besides `Registry.pol` for people (text, in the order of GPMC's report: Account
 * Policies, Local Policies, Event Log, Restricted Groups, System Services, Registry, File System,
 * Advanced Audit Policy Configuration, then Preferences) and as JSON (docs/json.md).
 */

import { renderDiagnostic } from './diagnostic.js';
import { safeField, shortField } from '../text.js';
import type { SideParts } from '../gpo/parts.js';
import { describeSecurityOption } from '../gpo/security-options.js';
import { AREA_LABELS, type PartChange } from '../gpo/parts-diff.js';
import type { Member } from '../gpo/sids.js';

const member = (m: Member) => (m.sid && m.sid !== m.name ? `${m.name} (${m.sid})` : m.name);
const members = (ms: readonly Member[]) => (ms.length ? ms.map(member).join(', ') : 'No one');
const shown = (v: unknown) => (Array.isArray(v) ? v.join('; ') : typeof v === 'boolean' ? (v ? 'Enabled' : 'Disabled') : String(v));

/** The parts as text lines (none when the side has none), each value safe for a terminal. */
export function renderSideParts(p: SideParts): string[] {
  const out: string[] = [];
  const heading = (h: string) => out.push('', h);
  const row = (name: string, value: string) => out.push(`  ${shortField(name, 300)}: ${shortField(value, 1000)}`);
  const t = p.security?.template;
  if (t) {
    out.push('', `Security settings (${safeField(p.security!.file)})`);
    for (const area of ['Password', 'Account Lockout', 'Kerberos'] as const) {
      const rows = t.account.filter((a) => a.area === area);
      if (!rows.length) continue;
      heading(`Account Policies/${area === 'Kerberos' ? 'Kerberos Policy' : `${area} Policy`}`);
      for (const a of rows) row(a.name, shown(a.value));
    }
    if (t.eventAudit.length) {
      heading('Local Policies/Audit Policy');
      for (const a of t.eventAudit) row(a.name, ['No auditing', 'Success', 'Failure', 'Success, Failure'][Number(a.value)] ?? shown(a.value));
    }
    if (t.userRights.length) {
      heading('Local Policies/User Rights Assignment');
      for (const r of t.userRights) row(r.name, members(r.members));
    }
    if (t.securityOptions.length) {
      heading('Local Policies/Security Options');
      for (const o of t.securityOptions) {
        const d = describeSecurityOption(o);
        row(d?.displayName ?? o.key, d?.display ?? shown(o.value));
      }
    }
    if (t.eventLog.length) {
      heading('Event Log');
      for (const e of t.eventLog) row(`${e.log} log: ${e.name}`, shown(e.value));
    }
    if (t.restrictedGroups.length) {
      heading('Restricted Groups');
      for (const g of t.restrictedGroups) row(member(g.group), [g.members ? `members: ${members(g.members)}` : '', g.memberOf ? `member of: ${members(g.memberOf)}` : ''].filter(Boolean).join('; '));
    }
    if (t.services.length) {
      heading('System Services');
      for (const s of t.services) row(s.name, `${s.startup}${s.sddl ? ' (permissions set)' : ''}`);
    }
    for (const [h, list] of [['Registry', t.registryKeys], ['File System', t.files]] as const) {
      if (!list.length) continue;
      heading(h);
      for (const k of list) row(k.path, `mode ${k.mode}, ${k.sddl}`);
    }
    if (t.otherSections.length) out.push('', `  sections kept, not read: ${t.otherSections.map((s) => `[${safeField(s)}]`).join(', ')}`);
  }
  if (p.audit) {
    heading(`Advanced Audit Policy Configuration (${safeField(p.audit.file)})`);
    for (const a of p.audit.settings) row(a.subcategory || a.target, a.setting);
  }
  if (p.preferences) {
    heading(`Preferences/Registry (${safeField(p.preferences.file)})`);
    for (const i of p.preferences.registry.items) {
      const where = `${i.hive}\\${i.key}${i.name !== undefined ? ` ${JSON.stringify(i.name === '' ? '(Default)' : i.name)}` : ''}`;
      row(`${i.action} ${where}`, `${i.type ? `${i.type} ` : ''}${i.value !== undefined ? shown(typeof i.value === 'bigint' ? String(i.value) : i.value) : ''}${i.disabled ? ' [disabled: does nothing]' : ''}${i.targeted ? ' [item-level targeting]' : ''}`.trim());
    }
  }
  const problems = [p.security, p.audit, p.preferences].flatMap((part) => (part ? part.diagnostics.filter((d) => d.severity !== 'info').map((d) => `  ${safeField(part.file)}: ${safeField(renderDiagnostic(d))}`) : []));
  if (problems.length) out.push('', 'Part diagnostics:', ...problems);
  if (p.unread.length) {
    out.push('', 'Present, not read by gpreg:');
    for (const u of p.unread) out.push(`  ${safeField(u.file)}${u.error ? `: ${safeField(u.error)}` : ''}`);
  }
  return out;
}

/** Changes in a side's other parts for people: one line each, under its area's heading (none when there are none). */
export function renderPartChanges(changes: readonly PartChange[]): string[] {
  if (!changes.length) return [];
  const out = ['Security, audit and preference changes:'];
  let area = '';
  for (const c of changes) {
    if (c.area !== area) {
      area = c.area;
      out.push(`  ${AREA_LABELS[c.area]}`);
    }
    const v = (x: unknown) => (x === undefined ? '(not set)' : typeof x === 'string' ? x : JSON.stringify(x));
    const what = c.added || c.removed ? [...(c.added ?? []).map((m) => `+ ${m}`), ...(c.removed ?? []).map((m) => `- ${m}`)].join(', ') : `${v(c.was)} → ${v(c.now)}`;
    out.push(`    ${shortField(c.name, 300)}: ${shortField(what, 1000)}`);
  }
  return [...out, ''];
}

/** The parts as JSON (docs/json.md): `security`, `audit`, `preferences`, `unread`, each only when present. */
export function sidePartsJson(p: SideParts): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const diag = (ds: readonly { code: string; severity: string; message: string; line?: number }[]) => ds.map((d) => ({ severity: d.severity, code: d.code, message: d.message, ...(d.line !== undefined ? { line: d.line } : {}) }));
  const t = p.security?.template;
  if (t) {
    const m = (x: Member) => ({ ...(x.sid ? { sid: x.sid } : {}), name: x.name });
    out['security'] = {
      file: p.security!.file,
      account: t.account.map((a) => ({ name: a.name, area: a.area, value: a.value, line: a.line })),
      eventAudit: t.eventAudit.map((a) => ({ name: a.name, value: a.value, line: a.line })),
      userRights: t.userRights.map((r) => ({ name: r.name, members: r.members.map(m), line: r.line })),
      securityOptions: t.securityOptions.map((o) => ({ key: o.key, ...(o.type !== undefined ? { type: o.type } : {}), value: o.value, ...describeSecurityOption(o), line: o.line })),
      services: t.services.map((s) => ({ name: s.name, startup: s.startup, ...(s.sddl ? { sddl: s.sddl } : {}), line: s.line })),
      eventLog: t.eventLog.map((e) => ({ log: e.log, name: e.name, value: e.value, line: e.line })),
      restrictedGroups: t.restrictedGroups.map((g) => ({ group: m(g.group), ...(g.members ? { members: g.members.map(m) } : {}), ...(g.memberOf ? { memberOf: g.memberOf.map(m) } : {}), line: g.line })),
      registryKeys: t.registryKeys,
      files: t.files,
      ...(t.otherSections.length ? { otherSections: t.otherSections } : {}),
      diagnostics: diag(p.security!.diagnostics),
    };
  }
  if (p.audit) out['audit'] = { file: p.audit.file, settings: p.audit.settings.map((a) => ({ guid: a.guid, subcategory: a.subcategory, target: a.target, value: a.value, setting: a.setting, line: a.line })), diagnostics: diag(p.audit.diagnostics) };
  if (p.preferences) {
    out['preferences'] = {
      file: p.preferences.file,
      registry: p.preferences.registry.items.map((i) => ({ action: i.action, hive: i.hive, key: i.key, ...(i.name !== undefined ? { name: i.name } : {}), ...(i.type ? { type: i.type } : {}), ...(i.value !== undefined ? { value: typeof i.value === 'bigint' ? String(i.value) : i.value } : {}), disabled: i.disabled, ...(i.targeted ? { targeted: true } : {}), ...(i.collections.length ? { collections: i.collections } : {}), ...(i.uid ? { uid: i.uid } : {}), line: i.line })),
      diagnostics: diag(p.preferences.diagnostics),
    };
  }
  if (p.unread.length) out['unread'] = p.unread;
  return out;
}
