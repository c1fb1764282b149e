/**
 * A GPO side's parts besides `Registry.pol` in the settings report, as GPMC's report lays them out:
 * Security Settings (Account Policies, Local Policies, Event Log, Restricted Groups, System
 * Services, Registry, File System), Advanced Audit Policy Configuration, Preferences → Registry, and
 * the parts present that gpreg does not read. Every text goes through `text()` (page.ts).
 */

import { renderDiagnostic } from '../diagnostic.js';
import type { SideParts } from '../../gpo/parts.js';
import { describeSecurityOption } from '../../gpo/security-options.js';
import type { Member } from '../../gpo/sids.js';
import { firstRows, html, MAX_ROWS, table, type Html } from './page.js';

const memberText = (m: Member) => (m.sid && m.sid !== m.name ? `${m.name} (${m.sid})` : m.name);
const members = (ms: readonly Member[] | undefined): Html => (!ms ? html`` : ms.length ? html`<ul class="items">${ms.map((m) => html`<li>${memberText(m)}</li>`)}</ul>` : html`<span class="muted">No one</span>`);
const value = (v: unknown): Html => html`${Array.isArray(v) ? v.join('; ') : typeof v === 'boolean' ? (v ? 'Enabled' : 'Disabled') : String(v)}`;

/** The parts of one side as HTML sections (`id` prefixes their anchors), and their contents entries. */
export function partsSections(label: string, id: string, p: SideParts): { section: Html; toc: Html } | undefined {
  const blocks: Html[] = [];
  const toc: Html[] = [];
  const block = (heading: string, anchor: string, body: Html) => {
    blocks.push(html`<h3 id="${id}-${anchor}">${heading}</h3>${body}`);
    toc.push(html`<li><a href="#${id}-${anchor}">${heading}</a></li>`);
  };
  const cut = (rows: Html[][]) => firstRows(rows, MAX_ROWS, '`gpreg show --json GPO` lists them all');
  const t = p.security?.template;
  if (t) {
    const areas: Array<[string, string, Html[][]]> = [
      ['Account Policies/Password Policy', 'password', t.account.filter((a) => a.area === 'Password').map((a) => [html`${a.name}`, value(a.value)])],
      ['Account Policies/Account Lockout Policy', 'lockout', t.account.filter((a) => a.area === 'Account Lockout').map((a) => [html`${a.name}`, value(a.value)])],
      ['Account Policies/Kerberos Policy', 'kerberos', t.account.filter((a) => a.area === 'Kerberos').map((a) => [html`${a.name}`, value(a.value)])],
      ['Local Policies/Audit Policy', 'audit-policy', t.eventAudit.map((a) => [html`${a.name}`, html`${['No auditing', 'Success', 'Failure', 'Success, Failure'][Number(a.value)] ?? String(a.value)}`])],
      ['Local Policies/User Rights Assignment', 'rights', t.userRights.map((r) => [html`${r.name}`, members(r.members)])],
      [
        'Local Policies/Security Options',
        'options',
        t.securityOptions.map((o) => {
          const d = describeSecurityOption(o);
          return [d ? html`${d.displayName}<br><span class="mono muted">${o.key}</span>` : html`<span class="mono">${o.key}</span>`, d ? html`${d.display}` : value(o.value)];
        }),
      ],
      ['Event Log', 'event-log', t.eventLog.map((e) => [html`${e.log} log: ${e.name}`, value(e.value)])],
      ['Restricted Groups', 'groups', t.restrictedGroups.map((g) => [html`${memberText(g.group)}`, html`${g.members ? html`Members: ${members(g.members)}` : ''}${g.memberOf ? html`Member of: ${members(g.memberOf)}` : ''}`])],
      ['System Services', 'services', t.services.map((s) => [html`${s.name}`, html`${String(s.startup)}${s.sddl ? html`<br><span class="mono muted">${s.sddl}</span>` : ''}`])],
      ['Registry', 'registry-keys', t.registryKeys.map((k) => [html`<span class="mono">${k.path}</span>`, html`mode ${String(k.mode)}<br><span class="mono muted">${k.sddl}</span>`])],
      ['File System', 'files', t.files.map((k) => [html`<span class="mono">${k.path}</span>`, html`mode ${String(k.mode)}<br><span class="mono muted">${k.sddl}</span>`])],
    ];
    for (const [heading, anchor, rows] of areas) {
      if (!rows.length) continue;
      const { shown, note } = cut(rows);
      block(`Security Settings/${heading}`, anchor, html`${table({ head: ['Policy', 'Setting'], rows: shown, rowHeader: true })}${note}`);
    }
  }
  if (p.audit?.settings.length) {
    const { shown, note } = cut(p.audit.settings.map((a) => [html`${a.subcategory || a.target}`, html`${a.setting}`]));
    block('Advanced Audit Policy Configuration', 'advanced-audit', html`${table({ head: ['Subcategory', 'Audit events'], rows: shown, rowHeader: true })}${note}`);
  }
  if (p.preferences?.registry.items.length) {
    const rows = p.preferences.registry.items.map((i) => [
      html`${i.action}`,
      html`<span class="mono">${i.hive}\\${i.key}</span>`,
      html`${i.name === undefined ? html`<span class="muted">(the key)</span>` : i.name === '' ? html`<span class="muted">(Default)</span>` : i.name}`,
      html`${i.type ?? ''} ${i.value !== undefined ? value(typeof i.value === 'bigint' ? String(i.value) : i.value) : ''}`,
      html`${i.disabled ? 'disabled: does nothing' : ''}${i.targeted ? ' item-level targeting' : ''}`,
    ]);
    const { shown, note } = cut(rows);
    block('Preferences/Windows Settings/Registry', 'preferences', html`${table({ head: ['Action', 'Key', 'Name', 'Value', 'Notes'], rows: shown })}${note}`);
  }
  const problems = [p.security, p.audit, p.preferences].flatMap((part) => (part ? part.diagnostics.filter((d) => d.severity !== 'info').map((d) => [html`<span class="mono">${part.file}</span>`, html`<span class="mono">${d.code}</span>`, html`${renderDiagnostic(d)}`]) : []));
  if (problems.length) block('Part diagnostics', 'part-diagnostics', table({ head: ['File', 'Code', 'Diagnostic'], rows: cut(problems).shown }));
  if (p.unread.length) block('Present, not read by gpreg', 'unread', html`<ul class="items">${p.unread.map((u) => html`<li><span class="mono">${u.file}</span>${u.error ? html`: ${u.error}` : ''}</li>`)}</ul>`);
  if (!blocks.length) return undefined;
  return {
    section: html`<section id="${id}"><h2>${label}: security, audit and preferences</h2>${blocks}</section>`,
    toc: html`<li><a href="#${id}">${label}: security, audit and preferences</a><ul>${toc}</ul></li>`,
  };
}
