/**
 * What a GPO's security template (`Machine/Microsoft/Windows NT/SecEdit/GptTmpl.inf`) sets, read
 * from its lossless INF document (src/formats/inf/inf.ts): account policies (password, lockout,
 * Kerberos), the legacy audit policy, user rights, security options, system services, event logs,
 * restricted groups, registry key and file permissions. Every setting keeps its line.
 *
 * `[Registry Values]` lines are registry values the client sets (`MACHINE\Path\Name=Type,Data`):
 * they become registry operations too, so a diff or a search by key finds them whichever part of
 * the GPO sets them.
 */

import type { Diagnostic } from '../errors.js';
import { linesBySection, type InfDocument, type InfLine } from '../formats/inf/inf.js';
import type { RegOp } from '../registry/ops.js';
import { RegType } from '../registry/types.js';
import { encodeDword, encodeMultiString, encodeString } from '../registry/values.js';
import { memberOf, type Member } from './sids.js';

/** A value as the template writes it: a number, a text, or a flag (password complexity and the like). */
export type AccountValue = number | string | boolean;

/** An account policy: `[System Access]` (password, lockout) or `[Kerberos Policy]`. */
export interface AccountSetting {
  name: string;
  value: AccountValue;
  area: 'Password' | 'Account Lockout' | 'Kerberos';
  line: number;
}

/** A setting of `[Event Audit]` (0 none, 1 success, 2 failure, 3 both), `[System Log]`… or others keyed by name. */
export interface NamedSetting {
  name: string;
  value: AccountValue;
  line: number;
}

/** A user right (`SeBackupPrivilege = *S-1-5-32-544,…`) and who holds it. */
export interface UserRight {
  name: string;
  members: Member[];
  line: number;
}

/**
 * A security option: a `[Registry Values]` line (`key` is the `MACHINE\…` path, with its type and
 * data), or one of the `[System Access]` settings GPMC lists among the security options (`key` is
 * its name, such as `LSAAnonymousNameLookup`, without a type).
 */
export interface SecurityOption {
  key: string;
  type?: number;
  /** Numbers as numbers, REG_MULTI_SZ as a list, other data as the text after the type. */
  value: number | string | string[];
  /** The data as written after `Type,` (what GPMC's report shows as SettingString). */
  raw: string;
  line: number;
}

/** A service's start types as a template writes them (2, 3, 4) and as the editor names them. */
const START_TYPES = [[2, 'Automatic'], [3, 'Manual'], [4, 'Disabled']] as const;

/** A start type's name (`4` → `Disabled`), or the number when it has none. */
export function startTypeName(mode: number): ServiceSetting['startup'] {
  return START_TYPES.find(([n]) => n === mode)?.[1] ?? mode;
}

/** A start type as a template writes it (`Disabled` → 4; a number as it is; undefined for another name). */
export function startTypeNumber(startup: unknown): number | undefined {
  return typeof startup === 'number' ? startup : START_TYPES.find(([, name]) => name === startup)?.[0];
}

/** A system service's startup mode and security descriptor (`"Name",4,"SDDL"`). */
export interface ServiceSetting {
  name: string;
  startup: 'Automatic' | 'Manual' | 'Disabled' | number;
  sddl: string;
  line: number;
}

/** Permissions on a registry key or a file (`"Path",Mode,"SDDL"`). */
export interface PathPermission {
  path: string;
  mode: number;
  sddl: string;
  line: number;
}

/** A restricted group (`*SID__Members = …`, `*SID__Memberof = …`). */
export interface RestrictedGroup {
  group: Member;
  members?: Member[];
  memberOf?: Member[];
  line: number;
}

/** Everything a security template sets. */
export interface SecurityTemplate {
  account: AccountSetting[];
  eventAudit: NamedSetting[];
  userRights: UserRight[];
  securityOptions: SecurityOption[];
  services: ServiceSetting[];
  eventLog: Array<NamedSetting & { log: 'System' | 'Security' | 'Application' }>;
  restrictedGroups: RestrictedGroup[];
  registryKeys: PathPermission[];
  files: PathPermission[];
  /** The `[Registry Values]` as registry operations, each with its line (`lines[i]` for `ops[i]`). */
  ops: RegOp[];
  lines: number[];
  /** Sections read as no more than lines (`[Unicode]`, `[Version]` and any gpreg does not know). */
  otherSections: string[];
  diagnostics: Diagnostic[];
}

/** `[System Access]` settings that are account policies, by area; the others GPMC lists as security options. */
const ACCOUNT = new Map<string, AccountSetting['area']>([
  ['minimumpasswordage', 'Password'],
  ['maximumpasswordage', 'Password'],
  ['minimumpasswordlength', 'Password'],
  ['passwordcomplexity', 'Password'],
  ['passwordhistorysize', 'Password'],
  ['cleartextpassword', 'Password'],
  ['requirelogontochangepassword', 'Password'],
  ['relaxminimumpasswordlengthlimits', 'Password'],
  ['minimumpasswordlengthaudit', 'Password'],
  ['lockoutbadcount', 'Account Lockout'],
  ['resetlockoutcount', 'Account Lockout'],
  ['lockoutduration', 'Account Lockout'],
  ['allowadministratorlockout', 'Account Lockout'],
  ['forcelogoffwhenhourexpire', 'Password'],
]);

/** Account settings shown as Enabled/Disabled (GPMC's SettingBoolean). */
const BOOLEAN = new Set(['passwordcomplexity', 'cleartextpassword', 'requirelogontochangepassword', 'allowadministratorlockout', 'ticketvalidateclient', 'relaxminimumpasswordlengthlimits']);

/** `[System Access]` settings GPMC lists among the security options. */
const SYSTEM_ACCESS_OPTIONS = new Set(['lsaanonymousnamelookup', 'enableadminaccount', 'enableguestaccount', 'newadministratorname', 'newguestname', 'forcelogoffwhenhourexpire']);

const LOGS = new Map<string, 'System' | 'Security' | 'Application'>([
  ['system log', 'System'],
  ['security log', 'Security'],
  ['application log', 'Application'],
]);

const KNOWN_SECTIONS = new Set(['unicode', 'version', 'system access', 'kerberos policy', 'event audit', 'privilege rights', 'registry values', 'service general setting', 'registry keys', 'file security', 'group membership', 'system log', 'security log', 'application log']);

/** Splits comma-separated fields, a quoted field keeping its commas (`"a,b",4,""` → `a,b`, `4`, ``). */
export function splitFields(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    while (s[i] === ' ' || s[i] === '\t') i++;
    let field = '';
    if (s[i] === '"') {
      i++;
      for (;;) {
        const q = s.indexOf('"', i);
        if (q < 0) {
          field += s.slice(i);
          i = s.length;
          break;
        }
        field += s.slice(i, q);
        i = q + 1;
        if (s[i] === '"') {
          field += '"'; // "" inside quotes is one quote
          i++;
          continue;
        }
        break;
      }
      const comma = s.indexOf(',', i);
      i = comma < 0 ? s.length : comma;
    } else {
      const comma = s.indexOf(',', i);
      const end = comma < 0 ? s.length : comma;
      field = s.slice(i, end).trim();
      i = end;
    }
    out.push(field);
    if (i >= s.length) return out;
    i++; // the comma
  }
}

/** A number as the template writes it (decimal, maybe negative), or the text itself. */
function numberOrText(v: string): number | string {
  const t = v.trim();
  return /^-?\d{1,15}$/.test(t) ? Number(t) : t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

/**
 * Reads what a security template sets. Problems are diagnostics with their line: a right or
 * setting without `=`, a `[Registry Values]` line whose type or data cannot be read, a service line
 * without three fields. Unknown sections and names are kept (as `otherSections`, or read as text).
 */
export function readSecurityTemplate(doc: InfDocument): SecurityTemplate {
  const t: SecurityTemplate = { account: [], eventAudit: [], userRights: [], securityOptions: [], services: [], eventLog: [], restrictedGroups: [], registryKeys: [], files: [], ops: [], lines: [], otherSections: [], diagnostics: [] };
  const problem = (l: InfLine, code: Diagnostic['code'], message: string, severity: Diagnostic['severity'] = 'warning') => t.diagnostics.push({ severity, code, message, line: l.line, column: 1 });
  const sections = linesBySection(doc);
  const sectionLines = (section: string): InfLine[] => sections.get(section.toLowerCase()) ?? [];
  const entries = (section: string, read: (l: InfLine, key: string, value: string) => void) => {
    for (const l of sectionLines(section)) {
      if (l.kind === 'entry') read(l, l.key!, l.value!);
      else if (l.kind === 'other') problem(l, 'SEC_BAD_LINE', `[${section}] wants Name = Value lines; this one has no '=' and is not read`);
    }
  };
  const records = (section: string, read: (l: InfLine, fields: string[]) => void) => {
    for (const l of sectionLines(section)) if (l.kind === 'entry' || l.kind === 'other') read(l, splitFields(l.text.trim()));
  };
  for (const l of doc.lines) {
    if (l.kind === 'section' && !KNOWN_SECTIONS.has(l.section!.toLowerCase())) {
      t.otherSections.push(l.section!);
      problem(l, 'SEC_UNKNOWN_SECTION', `[${l.section}] is not a section gpreg reads: its lines are kept as they are`, 'info');
    }
  }
  entries('System Access', (l, key, value) => {
    const k = key.toLowerCase();
    const v = numberOrText(value);
    if (SYSTEM_ACCESS_OPTIONS.has(k)) t.securityOptions.push({ key, value: v, raw: value, line: l.line });
    else {
      if (!ACCOUNT.has(k)) problem(l, 'SEC_UNKNOWN_SETTING', `[System Access] ${key} is not a setting gpreg knows: shown as written`, 'info');
      t.account.push({ name: key, value: BOOLEAN.has(k) && typeof v === 'number' ? v !== 0 : v, area: ACCOUNT.get(k) ?? 'Password', line: l.line });
    }
  });
  entries('Kerberos Policy', (l, key, value) => {
    const v = numberOrText(value);
    t.account.push({ name: key, value: BOOLEAN.has(key.toLowerCase()) && typeof v === 'number' ? v !== 0 : v, area: 'Kerberos', line: l.line });
  });
  entries('Event Audit', (l, key, value) => t.eventAudit.push({ name: key, value: numberOrText(value), line: l.line }));
  entries('Privilege Rights', (l, key, value) => {
    const members = value === '' ? [] : splitFields(value).filter((m) => m !== '').map(memberOf);
    t.userRights.push({ name: key, members, line: l.line });
  });
  for (const [section, log] of LOGS) entries(section, (l, key, value) => t.eventLog.push({ log, name: key, value: numberOrText(value), line: l.line }));
  entries('Group Membership', (l, key, value) => {
    const m = /^(.*)__(members|memberof)$/i.exec(key);
    if (!m) return problem(l, 'SEC_BAD_LINE', `[Group Membership] ${JSON.stringify(key.slice(0, 80))} is neither GROUP__Members nor GROUP__Memberof: not read`);
    const group = memberOf(m[1]!);
    const list = value === '' ? [] : splitFields(value).filter((x) => x !== '').map(memberOf);
    const existing = t.restrictedGroups.find((g) => (g.group.sid ?? g.group.name).toLowerCase() === (group.sid ?? group.name).toLowerCase());
    const entry = existing ?? { group, line: l.line };
    if (m[2]!.toLowerCase() === 'members') entry.members = list;
    else entry.memberOf = list;
    if (!existing) t.restrictedGroups.push(entry);
  });
  records('Service General Setting', (l, f) => {
    const mode = Number(f[1]);
    if (f.length < 3 || !Number.isInteger(mode)) return problem(l, 'SEC_BAD_LINE', '[Service General Setting] wants "Name",StartupMode,"SDDL": not read');
    t.services.push({ name: f[0]!, startup: startTypeName(mode), sddl: f.slice(2).join(','), line: l.line });
  });
  for (const [section, into] of [['Registry Keys', t.registryKeys], ['File Security', t.files]] as const) {
    records(section, (l, f) => {
      const mode = Number(f[1]);
      if (f.length < 3 || !Number.isInteger(mode)) return problem(l, 'SEC_BAD_LINE', `[${section}] wants "Path",Mode,"SDDL": not read`);
      into.push({ path: f[0]!, mode, sddl: f.slice(2).join(','), line: l.line });
    });
  }
  entries('Registry Values', (l, key, value) => readRegistryValue(t, l, key, value, problem));
  return t;
}

/** The hives a `[Registry Values]` path may start with, as the security client names them. */
const ROOTS = new Map<string, string>([
  ['machine', 'HKEY_LOCAL_MACHINE'],
  ['users', 'HKEY_USERS'],
  ['classes_root', 'HKEY_CLASSES_ROOT'],
  ['current_user', 'HKEY_CURRENT_USER'],
]);

/** One `[Registry Values]` line: a security option, and the registry value the client sets. */
function readRegistryValue(t: SecurityTemplate, l: InfLine, key: string, value: string, problem: (l: InfLine, code: Diagnostic['code'], message: string) => void): void {
  const comma = value.indexOf(',');
  const typeText = comma < 0 ? value : value.slice(0, comma);
  const raw = comma < 0 ? '' : value.slice(comma + 1);
  const type = /^\d{1,2}$/.test(typeText.trim()) ? Number(typeText) : NaN;
  const slash = key.indexOf('\\');
  const last = key.lastIndexOf('\\');
  const root = ROOTS.get(key.slice(0, slash).toLowerCase());
  if (!Number.isInteger(type) || slash < 0 || last <= slash || !root) {
    problem(l, 'SEC_BAD_REGISTRY_VALUE', `[Registry Values] wants MACHINE\\Path\\Name=Type,Data; ${JSON.stringify(`${key}=${value}`.slice(0, 100))} is not read`);
    return;
  }
  let data: Uint8Array;
  let shown: number | string | string[];
  switch (type) {
    case RegType.REG_DWORD: {
      const n = Number(raw.trim());
      if (!/^-?\d+$/.test(raw.trim()) || n < -0x80000000 || n > 0xffffffff) {
        problem(l, 'SEC_BAD_REGISTRY_VALUE', `${key}: REG_DWORD data ${JSON.stringify(raw.slice(0, 40))} is not a 32-bit number; not read`);
        return;
      }
      data = encodeDword(n >>> 0);
      shown = n >>> 0;
      break;
    }
    case RegType.REG_SZ:
    case RegType.REG_EXPAND_SZ: {
      const s = numberOrText(raw);
      shown = typeof s === 'number' ? raw.trim() : s;
      data = encodeString(shown);
      break;
    }
    case RegType.REG_MULTI_SZ: {
      const items = raw === '' ? [] : splitFields(raw);
      if (items.some((s) => s === '' || s.includes('\0'))) {
        problem(l, 'SEC_BAD_REGISTRY_VALUE', `${key}: REG_MULTI_SZ data ${JSON.stringify(raw.slice(0, 40))} has an empty item, which would end the list; not read`);
        return;
      }
      shown = items;
      data = items.length ? encodeMultiString(items) : new Uint8Array(2);
      break;
    }
    case RegType.REG_BINARY: {
      const bytes = raw.trim() === '' ? [] : raw.split(',').map((b) => b.trim());
      if (!bytes.every((b) => /^[0-9a-f]{1,2}$/i.test(b))) {
        problem(l, 'SEC_BAD_REGISTRY_VALUE', `${key}: REG_BINARY data ${JSON.stringify(raw.slice(0, 40))} is not comma-separated hex bytes; not read`);
        return;
      }
      data = Uint8Array.from(bytes.map((b) => parseInt(b, 16)));
      shown = raw;
      break;
    }
    default:
      problem(l, 'SEC_BAD_REGISTRY_VALUE', `${key}: type ${type} is not one the security client writes (1, 2, 3, 4, 7); not read`);
      return;
  }
  t.securityOptions.push({ key, type, value: shown, raw, line: l.line });
  t.ops.push({ op: 'set', key: `${root}${key.slice(slash, last)}`, name: key.slice(last + 1), type, data });
  t.lines.push(l.line);
}
