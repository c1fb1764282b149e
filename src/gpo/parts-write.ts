/**
 * A GPO's security template and advanced audit policy written back from what `show --json` said of
 * them (GPO as code). The file the GPO has is the base: a setting whose value is what the base says
 * keeps its line byte for byte, a changed setting gets a new line in the base's place, a setting the
 * document no longer has loses its line, and a new one joins its section. So an unedited document
 * gives back the file it came from, and a review shows one line per change. A GPO without the part
 * gets a new file in secedit's layout (UTF-16LE with BOM, CRLF).
 */

import { randomUUID } from 'node:crypto';
import { GpregError, type Diagnostic } from '../errors.js';
import { decodeXmlBytes, parseXml, XmlError, xmlText } from '../admx/xml.js';
import { readRegistryPreferences } from './preferences.js';
import { csvField, parseCsv, serializeCsv, type CsvDocument, type CsvRecord } from '../formats/csv.js';
import { editInf, parseInf, serializeInf, type InfLine, type InfSectionEdit } from '../formats/inf/inf.js';
import { AUDIT_CSV_HEADER, readAuditPolicy } from './audit-policy.js';
import { readSecurityTemplate, splitFields, startTypeNumber } from './security.js';
import type { GpoSide } from './gpt-ini.js';
import { readRegularFile } from './identity.js';
import { PART_EXTENSIONS, PART_PATHS, partTarget } from './parts.js';

/** A new template's start, as secedit writes one. */
const NEW_TEMPLATE = '[Unicode]\r\nUnicode=yes\r\n[Version]\r\nsignature="$CHICAGO$"\r\nRevision=1\r\n';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown, where: string): Json[] => {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every(isObject)) throw new GpregError('JSON_BAD_DOCUMENT', `${where} must be an array of objects`);
  return v as Json[];
};
const str = (v: unknown, where: string): string => {
  if (typeof v !== 'string' || v === '' || /[\r\n\0]/.test(v)) throw new GpregError('JSON_BAD_DOCUMENT', `${where} must be a one-line text`);
  return v;
};

/** A value as a template writes it after `=`: flags as 1/0, numbers as decimals, text quoted when the base would. */
function valueText(v: unknown, where: string): string {
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  if (typeof v === 'string' && !/[\r\n\0"]/.test(v)) return /^-?\d+$/.test(v) ? v : `"${v}"`;
  throw new GpregError('JSON_BAD_DOCUMENT', `${where}: ${JSON.stringify(v)} is not a value a template holds (a number, true/false, or a one-line text without quotes)`);
}

/** A member as a template writes it: `*SID`, or its name as written. */
function memberText(m: unknown, where: string): string {
  if (!isObject(m)) throw new GpregError('JSON_BAD_DOCUMENT', `${where} must be {sid, name}`);
  if (typeof m['sid'] === 'string') {
    if (!/^S-\d+(-\d+)+$/i.test(m['sid'])) throw new GpregError('JSON_BAD_DOCUMENT', `${where}.sid ${JSON.stringify(m['sid'])} is not a SID`);
    return `*${m['sid']}`;
  }
  const name = str(m['name'], `${where}.name`);
  if (name.includes(',')) throw new GpregError('JSON_BAD_DOCUMENT', `${where}.name ${JSON.stringify(name)} holds a comma, which a template cannot list`);
  return name;
}

/** `[Registry Values]` data after `Type,`, for a value of that type. */
function registryData(type: number, v: unknown, where: string): string {
  if (type === 4 && typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff) return String(v);
  if ((type === 1 || type === 2) && typeof v === 'string' && !/[\r\n\0"]/.test(v)) return `"${v}"`;
  if (type === 7 && Array.isArray(v) && v.every((x) => typeof x === 'string' && x !== '' && !/[\r\n\0,"]/.test(x))) return (v as string[]).join(',');
  if (type === 3 && typeof v === 'string' && /^([0-9a-f]{1,2})(,[0-9a-f]{1,2})*$|^$/i.test(v)) return v;
  throw new GpregError('JSON_BAD_DOCUMENT', `${where}: ${JSON.stringify(v)} is not a value of registry type ${type} (4 a number, 1 and 2 a text, 7 a list of texts without commas, 3 hex bytes)`);
}

/** A record line's key: its first field (`"Spooler",2,"…"` → `Spooler`). */
const firstField = (l: InfLine) => splitFields(l.text.trim())[0];

/** The template's sections as edits: each setting's line text by key, and which keys the document holds. */
function templateEdits(security: Json): InfSectionEdit[] {
  const sections = new Map<string, { set: Map<string, string>; record?: boolean }>();
  const put = (section: string, key: string, line: string, record = false) => {
    let s = sections.get(section);
    if (!s) sections.set(section, (s = { set: new Map(), ...(record ? { record } : {}) }));
    s.set.set(key, line);
  };
  list(security['account'], 'security.account').forEach((a, i) => {
    const name = str(a['name'], `security.account[${i}].name`);
    put(a['area'] === 'Kerberos' ? 'Kerberos Policy' : 'System Access', name, `${name} = ${valueText(a['value'], `security.account[${i}]`)}`);
  });
  list(security['eventAudit'], 'security.eventAudit').forEach((a, i) => {
    const name = str(a['name'], `security.eventAudit[${i}].name`);
    put('Event Audit', name, `${name} = ${valueText(a['value'], `security.eventAudit[${i}]`)}`);
  });
  list(security['userRights'], 'security.userRights').forEach((r, i) => {
    const name = str(r['name'], `security.userRights[${i}].name`);
    const members = Array.isArray(r['members']) ? r['members'].map((m, j) => memberText(m, `security.userRights[${i}].members[${j}]`)) : [];
    put('Privilege Rights', name, `${name} = ${members.join(',')}`);
  });
  list(security['securityOptions'], 'security.securityOptions').forEach((o, i) => {
    const key = str(o['key'], `security.securityOptions[${i}].key`);
    if (o['type'] === undefined) put('System Access', key, `${key} = ${valueText(o['value'], `security.securityOptions[${i}]`)}`);
    else put('Registry Values', key, `${key}=${o['type']},${registryData(Number(o['type']), o['value'], `security.securityOptions[${i}]`)}`);
  });
  list(security['services'], 'security.services').forEach((s, i) => {
    const name = str(s['name'], `security.services[${i}].name`);
    const mode = startTypeNumber(s['startup']);
    if (mode === undefined || !Number.isInteger(mode)) throw new GpregError('JSON_BAD_DOCUMENT', `security.services[${i}].startup must be Automatic, Manual, Disabled or a number`);
    put('Service General Setting', name, `"${name}",${mode},"${typeof s['sddl'] === 'string' ? s['sddl'] : ''}"`, true);
  });
  list(security['eventLog'], 'security.eventLog').forEach((e, i) => {
    const name = str(e['name'], `security.eventLog[${i}].name`);
    put(`${str(e['log'], `security.eventLog[${i}].log`)} Log`, name, `${name} = ${valueText(e['value'], `security.eventLog[${i}]`)}`);
  });
  list(security['restrictedGroups'], 'security.restrictedGroups').forEach((g, i) => {
    const group = memberText(g['group'], `security.restrictedGroups[${i}].group`);
    for (const [field, suffix] of [['members', 'Members'], ['memberOf', 'Memberof']] as const) {
      if (!Array.isArray(g[field])) continue;
      put('Group Membership', `${group}__${suffix}`, `${group}__${suffix} = ${(g[field] as unknown[]).map((m, j) => memberText(m, `security.restrictedGroups[${i}].${field}[${j}]`)).join(',')}`);
    }
  });
  for (const [area, section] of [['registryKeys', 'Registry Keys'], ['files', 'File Security']] as const) {
    list(security[area], `security.${area}`).forEach((k, i) => {
      const p = str(k['path'], `security.${area}[${i}].path`);
      put(section, p, `"${p}",${Number(k['mode'])},"${typeof k['sddl'] === 'string' ? k['sddl'] : ''}"`, true);
    });
  }
  return [...sections].map(([section, s]) => ({ section, set: s.set, ...(s.record ? { keyOf: firstField } : {}) }));
}

/** The sections a template's settings live in (the others — [Unicode], [Version], unknown ones — are left as they are). */
const SETTING_SECTIONS: ReadonlyArray<[string, boolean]> = [
  ['System Access', false],
  ['Kerberos Policy', false],
  ['Event Audit', false],
  ['Privilege Rights', false],
  ['Registry Values', false],
  ['Service General Setting', true],
  ['System Log', false],
  ['Security Log', false],
  ['Application Log', false],
  ['Group Membership', false],
  ['Registry Keys', true],
  ['File Security', true],
];

/**
 * The security template a `show --json` `security` object stands for, written over `base` (the
 * GPO's own file, if any): lines whose setting has the same value stay byte for byte.
 */
export function rebuildSecurityTemplate(security: unknown, base: Uint8Array | undefined): { bytes: Uint8Array; diagnostics: Diagnostic[] } {
  if (!isObject(security)) throw new GpregError('JSON_BAD_DOCUMENT', 'security must be an object');
  const doc = parseInf(base ?? new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(NEW_TEMPLATE, 'utf16le')])));
  const wanted = templateEdits(security);
  // A line whose setting reads the same in the base stays as it is: compare what each would mean.
  const meaning = (lines: string) => JSON.stringify(readSecurityTemplate(parseInf(new Uint8Array(Buffer.from(`\ufeff${lines}`, 'utf16le')))), (k, v) => (k === 'line' || k === 'lines' || k === 'diagnostics' ? undefined : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));
  const edits: InfSectionEdit[] = [];
  for (const [section, record] of SETTING_SECTIONS) {
    const want = wanted.find((w) => w.section.toLowerCase() === section.toLowerCase());
    const keyOf = record ? firstField : (l: InfLine) => (l.kind === 'entry' ? l.key : undefined);
    const baseLines = new Map<string, InfLine>();
    for (const l of doc.lines) if (l.section?.toLowerCase() === section.toLowerCase() && (l.kind === 'entry' || l.kind === 'other')) {
      const k = keyOf(l)?.toLowerCase();
      if (k !== undefined && !baseLines.has(k)) baseLines.set(k, l);
    }
    const set = new Map<string, string>();
    for (const [key, text] of want?.set ?? []) {
      const old = baseLines.get(key.toLowerCase());
      if (old && meaning(`[${section}]\r\n${old.text}\r\n`) === meaning(`[${section}]\r\n${text}\r\n`)) continue;
      set.set(key, text);
    }
    const remove = [...baseLines.keys()].filter((k) => !(want?.set && [...want.set.keys()].some((w) => w.toLowerCase() === k)));
    if (set.size || remove.length) edits.push({ section, set, remove, ...(record ? { keyOf: firstField } : {}) });
  }
  const out = edits.length ? editInf(doc, edits) : doc;
  return { bytes: serializeInf(out), diagnostics: [] };
}

/**
 * The `audit.csv` a `show --json` `audit` object stands for, written over `base`: a row whose
 * subcategory has the same setting stays byte for byte; a changed one gets its Setting Value (and
 * Inclusion Setting) in its place; a removed one goes; a new one is added at the end.
 */
export function rebuildAuditCsv(audit: unknown, base: Uint8Array | undefined): { bytes: Uint8Array; diagnostics: Diagnostic[] } {
  if (!isObject(audit)) throw new GpregError('JSON_BAD_DOCUMENT', 'audit must be an object');
  const doc: CsvDocument = parseCsv(base ?? new Uint8Array(Buffer.from(`${AUDIT_CSV_HEADER.join(',')}\r\n`, 'utf8')));
  const eol = doc.records.find((r) => r.eol !== '')?.eol ?? '\r\n';
  const current = readAuditPolicy(doc).settings;
  const WORDS = ['No Auditing', 'Success', 'Failure', 'Success and Failure'];
  const wanted = new Map<string, { subcategory: string; target: string; value: number; i: number }>();
  list(audit['settings'], 'audit.settings').forEach((s, i) => {
    const guid = str(s['guid'], `audit.settings[${i}].guid`).toLowerCase();
    const value = typeof s['value'] === 'number' ? s['value'] : WORDS.indexOf(String(s['setting']));
    if (!Number.isInteger(value) || value < 0 || value > 3) throw new GpregError('JSON_BAD_DOCUMENT', `audit.settings[${i}]: value must be 0 to 3 (or setting one of ${WORDS.join(', ')})`);
    wanted.set(guid, { subcategory: typeof s['subcategory'] === 'string' ? s['subcategory'] : '', target: typeof s['target'] === 'string' ? s['target'] : 'System', value, i });
  });
  const byLine = new Map(current.map((s) => [s.line, s]));
  const records: CsvRecord[] = [];
  const done = new Set<string>();
  for (const r of doc.records) {
    const s = byLine.get(r.line);
    if (!s || !s.guid) {
      records.push(r); // the header, blank lines, rows gpreg does not read
      continue;
    }
    const w = wanted.get(s.guid);
    if (!w || done.has(s.guid)) continue; // removed
    done.add(s.guid);
    if (w.value === s.value) records.push(r);
    else {
      const f = [...r.fields];
      f[4] = WORDS[w.value]!;
      f[6] = String(w.value);
      records.push({ ...r, fields: f, text: f.map(csvField).join(',') });
    }
  }
  for (const [guid, w] of [...wanted].sort((a, b) => a[1].i - b[1].i)) {
    if (done.has(guid)) continue;
    const f = ['', w.target, w.subcategory, guid, WORDS[w.value]!, '', String(w.value)];
    const last = records[records.length - 1];
    if (last && last.eol === '') records[records.length - 1] = { ...last, eol };
    records.push({ line: 0, fields: f, text: f.map(csvField).join(','), eol });
  }
  return { bytes: serializeCsv({ ...doc, records }), diagnostics: [] };
}

/** A part of a side as rebuilt: its file, and its new bytes, or why it is left as it is. */
export interface RebuiltPart {
  kind: 'security' | 'audit' | 'preferences';
  file: string;
  bytes?: Uint8Array;
  diagnostics: Diagnostic[];
  /** Set when the file is left as it is (the document has no such part). */
  note?: string;
}

const PART_WORDS = { security: 'security template', audit: 'advanced audit policy', preferences: 'preference registry items' } as const;

/**
 * The security template, the advanced audit policy and the preference registry items of the side folder `sideDir` as the side's
 * `show --json` document (`shown`) says them, each written over the file the side has. A part the
 * document lacks is left as it is (with a note); one the side lacks is new, with a warning that the
 * GPO's extension list must name the part's client-side extension for clients to apply it.
 */
export async function rebuildSideParts(sideDir: string, side: GpoSide, shown: Record<string, unknown> | null): Promise<RebuiltPart[]> {
  const out: RebuiltPart[] = [];
  for (const kind of ['security', 'audit', 'preferences'] as const) {
    const part = shown ? shown[kind] : undefined;
    const t = await partTarget(sideDir, kind);
    if (part === undefined) {
      if (t.exists) out.push({ kind, file: t.file, diagnostics: [], note: `the document has no ${PART_WORDS[kind]}; this file is left as it is` });
      continue;
    }
    if (side !== 'Machine' && kind !== 'preferences') throw new GpregError('JSON_BAD_DOCUMENT', `sides.${side}.${kind}: a ${PART_WORDS[kind]} is a Machine part`);
    const base = t.exists ? readRegularFile(t.file, PART_PATHS[kind].cap) : undefined;
    if (t.exists && !base) throw new GpregError('IO_WRITE', `${t.file}: not a regular file of at most ${PART_PATHS[kind].cap >> 20} MB: nothing is written`);
    const bytes = base && new Uint8Array(base.buffer, base.byteOffset, base.byteLength);
    const r = kind === 'security' ? rebuildSecurityTemplate(part, bytes) : kind === 'audit' ? rebuildAuditCsv(part, bytes) : rebuildPreferences(part, bytes);
    const x = PART_EXTENSIONS[kind];
    const cse: Diagnostic[] = t.exists ? [] : [{ severity: 'warning', code: 'GPO_PART_UNREAD', message: `a new ${PART_WORDS[kind]}: the GPO's ${side} extension list (gPC${side}ExtensionNames in Active Directory, or Backup.xml in a backup) must name the ${x.name} extension [${x.cse}${x.tool}] for clients to apply it` }];
    out.push({ kind, file: t.file, bytes: r.bytes, diagnostics: [...r.diagnostics, ...cse] });
  }
  return out;
}

/**
 * XML attribute text: `&`, `<`, `>`, `"`, line breaks and tabs as references (GPMC writes line
 * breaks so). A character XML 1.0 cannot hold is refused, never replaced: nothing is written.
 */
function xmlAttr(s: string): string {
  const bad = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.exec(s);
  if (bad) throw new GpregError('JSON_BAD_DOCUMENT', `${JSON.stringify(s.slice(0, 60))} holds U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}, which no Registry.xml can hold: nothing is written`);
  return xmlText(s, true);
}

const CLSID_ITEM = '{9CD4B2F4-923D-47f5-A062-E897DD1DAD50}';
const CLSID_SETTINGS = '{A3CCFC41-DFDB-43a5-8D26-0FE8B954DA51}';
const ACTION_LETTER: Record<string, string> = { Create: 'C', Replace: 'R', Update: 'U', Delete: 'D' };

/** A wanted item from the document, checked. */
interface WantedItem {
  uid?: string;
  action: string;
  hive: string;
  key: string;
  name?: string;
  type?: string;
  value?: unknown;
  disabled: boolean;
}

function wantedItems(prefs: Json): WantedItem[] {
  return list(prefs['registry'], 'preferences.registry').map((r, i) => {
    const where = `preferences.registry[${i}]`;
    const action = str(r['action'], `${where}.action`);
    if (!ACTION_LETTER[action]) throw new GpregError('JSON_BAD_DOCUMENT', `${where}.action must be Create, Replace, Update or Delete`);
    const hive = str(r['hive'], `${where}.hive`).toUpperCase();
    if (!/^HKEY_(LOCAL_MACHINE|CURRENT_USER|USERS|CLASSES_ROOT|CURRENT_CONFIG)$/.test(hive)) throw new GpregError('JSON_BAD_DOCUMENT', `${where}.hive must be a full hive name`);
    const key = typeof r['key'] === 'string' && !/[\r\n\0]/.test(r['key']) ? r['key'] : str(r['key'], `${where}.key`);
    const name = r['name'] === undefined ? undefined : typeof r['name'] === 'string' && !/[\0]/.test(r['name']) ? r['name'] : str(r['name'], `${where}.name`);
    return { ...(typeof r['uid'] === 'string' ? { uid: r['uid'] } : {}), action, hive, key, ...(name !== undefined ? { name } : {}), ...(typeof r['type'] === 'string' ? { type: r['type'] } : {}), ...(r['value'] !== undefined ? { value: r['value'] } : {}), disabled: r['disabled'] === true };
  });
}

/** The Properties attributes an item's fields stand for (the editor's names), its value as the editor writes it. */
function propertyAttrs(w: WantedItem, where: string): Array<[string, string]> {
  const out: Array<[string, string]> = [['action', ACTION_LETTER[w.action]!], ['hive', w.hive], ['key', w.key], ['default', w.name === '' ? '1' : '0'], ['name', w.name ?? '']];
  if (w.action === 'Delete' || w.name === undefined) return out;
  const type = w.type ?? 'REG_SZ';
  const v = w.value;
  let text: string;
  if (type === 'REG_DWORD' || type === 'REG_QWORD') {
    const n = typeof v === 'number' ? BigInt(v) : typeof v === 'string' && /^\d+$/.test(v) ? BigInt(v) : undefined;
    if (n === undefined || n < 0n || n > (type === 'REG_DWORD' ? 0xffffffffn : 0xffffffffffffffffn)) throw new GpregError('JSON_BAD_DOCUMENT', `${where}.value must be a whole number for ${type}`);
    text = n.toString(16).padStart(type === 'REG_DWORD' ? 8 : 16, '0');
  } else if (type === 'REG_MULTI_SZ') {
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x !== '')) throw new GpregError('JSON_BAD_DOCUMENT', `${where}.value must be a list of texts for REG_MULTI_SZ`);
    text = (v as string[]).join(' ');
  } else if (type === 'REG_BINARY') {
    if (typeof v !== 'string' || !/^([0-9a-f]{2})*$/i.test(v)) throw new GpregError('JSON_BAD_DOCUMENT', `${where}.value must be hex bytes for REG_BINARY`);
    text = v;
  } else if (type === 'REG_SZ' || type === 'REG_EXPAND_SZ') {
    if (typeof v !== 'string') throw new GpregError('JSON_BAD_DOCUMENT', `${where}.value must be a text for ${type}`);
    text = v;
  } else throw new GpregError('JSON_BAD_DOCUMENT', `${where}.type ${JSON.stringify(type)} is not one a registry item has`);
  return [...out, ['type', type], ['value', text]];
}

/** An element's start tag with attributes set (kept in their order, new ones at the end). */
function setAttrs(tag: string, attrs: ReadonlyArray<[string, string]>): string {
  let out = tag;
  for (const [name, value] of attrs) {
    const re = new RegExp(`(\\s${name}\\s*=\\s*)(["'])[^"']*\\2`);
    out = re.test(out) ? out.replace(re, (_, lead: string) => `${lead}"${xmlAttr(value)}"`) : out.replace(/\s*(\/?>)$/, ` ${name}="${xmlAttr(value)}"$1`);
  }
  return out;
}

/**
 * The preferences `Registry.xml` a `show --json` `preferences` object stands for, written over
 * `base`: an item whose fields are unchanged keeps its bytes; a changed one has its `<Registry>`
 * and `<Properties>` attributes set (others kept); an item the document lacks is removed; a new one
 * (no `uid` the file has) is added before `</RegistrySettings>`, with a new `uid`. Items are matched
 * by `uid`, else (an item the file gives none) by hive, key and name.
 */
export function rebuildPreferences(preferences: unknown, base: Uint8Array | undefined, now: Date = new Date()): { bytes: Uint8Array; diagnostics: Diagnostic[] } {
  if (!isObject(preferences)) throw new GpregError('JSON_BAD_DOCUMENT', 'preferences must be an object');
  const wanted = wantedItems(preferences);
  const source = base ?? new Uint8Array(Buffer.from(`<?xml version="1.0" encoding="utf-8"?>\r\n<RegistrySettings clsid="${CLSID_SETTINGS}"></RegistrySettings>`, 'utf8'));
  const utf16 = source[0] === 0xff && source[1] === 0xfe;
  const bom = utf16 || (source[0] === 0xef && source[1] === 0xbb && source[2] === 0xbf);
  const text = decodeXmlBytes(source);
  let root;
  try {
    root = parseXml(source, { spans: true });
  } catch (e) {
    if (e instanceof XmlError) throw new GpregError('GPO_PART_UNREAD', `Registry.xml is not well-formed XML (${e.message}): nothing is written`, { line: e.line, column: e.column });
    throw e;
  }
  const have = readRegistryPreferences(root);
  const byUid = new Map(have.items.flatMap((it, i) => (it.uid ? [[it.uid.toUpperCase(), i] as const] : [])));
  const edits: Array<{ span: [number, number]; text: string }> = [];
  const used = new Set<number>();
  const added: string[] = [];
  wanted.forEach((w, wi) => {
    const where = `preferences.registry[${wi}]`;
    // By uid; an item without one (hand-written files) by its hive, key and name, the first not yet taken.
    const sameValue = (h: (typeof have.items)[number]) => h.hive === w.hive && h.key.toUpperCase() === w.key.toUpperCase() && (h.name ?? '\0').toUpperCase() === (w.name ?? '\0').toUpperCase();
    const i = w.uid !== undefined ? byUid.get(w.uid.toUpperCase()) : have.items.findIndex((h, k) => !used.has(k) && h.uid === undefined && sameValue(h));
    const props = propertyAttrs(w, where);
    if (i === undefined || i < 0 || used.has(i)) {
      const uid = w.uid ?? `{${randomUUID().toUpperCase()}}`;
      const label = w.name === undefined ? w.key.split('\\').pop()! : w.name === '' ? '(Default)' : w.name;
      const changed = now.toISOString().replace('T', ' ').slice(0, 19);
      added.push(`<Registry clsid="${CLSID_ITEM}" name="${xmlAttr(label)}" status="${xmlAttr(label)}" image="7" changed="${changed}" uid="${xmlAttr(uid)}"${w.disabled ? ' disabled="1"' : ''}>${setAttrs('<Properties/>', props)}</Registry>`);
      return;
    }
    used.add(i);
    const h = have.items[i]!;
    const same = h.action === w.action && h.hive === w.hive && h.key === w.key && h.name === w.name && h.disabled === w.disabled && (w.action === 'Delete' || w.name === undefined || ((h.type ?? 'REG_SZ') === (w.type ?? 'REG_SZ') && JSON.stringify(typeof h.value === 'bigint' ? String(h.value) : h.value) === JSON.stringify(w.value)));
    if (same) return;
    const el = have.elements[i]!;
    const p = el.children.find((c) => c.name === 'Properties')!;
    // The item's start tag (up to its first child) and its Properties element, rewritten.
    if (w.disabled !== h.disabled) {
      const itemTagEnd = text.indexOf('>', el.span![0]) + 1;
      edits.push({ span: [el.span![0], itemTagEnd], text: setAttrs(text.slice(el.span![0], itemTagEnd), [['disabled', w.disabled ? '1' : '0']]) });
    }
    const propTagEnd = text.indexOf('>', p.span![0]) + 1;
    const selfClosing = text[propTagEnd - 2] === '/';
    const values = w.type === 'REG_MULTI_SZ' && Array.isArray(w.value) ? `<Values>${(w.value as string[]).map((v) => `<Value>${xmlAttr(v)}</Value>`).join('')}</Values>` : '';
    const startTag = setAttrs(text.slice(p.span![0], propTagEnd), props);
    edits.push({ span: [p.span![0], p.span![1]], text: values ? `${startTag.replace(/\/>$/, '>')}${values}</Properties>` : selfClosing ? startTag : `${startTag.replace(/>$/, '/>')}` });
  });
  // Items the document no longer has go.
  have.elements.forEach((el, i) => {
    if (!used.has(i)) edits.push({ span: el.span!, text: '' });
  });
  if (added.length) {
    const close = text.lastIndexOf('</RegistrySettings>');
    edits.push({ span: [close, close], text: added.join('') });
  }
  if (!edits.length) return { bytes: source, diagnostics: [] };
  edits.sort((a, b) => b.span[0] - a.span[0]);
  let out = text;
  for (const e of edits) out = out.slice(0, e.span[0]) + e.text + out.slice(e.span[1]);
  const body = utf16 ? Buffer.from(out, 'utf16le') : Buffer.from(out, 'utf8');
  const bytes = Buffer.concat([bom ? Buffer.from(utf16 ? [0xff, 0xfe] : [0xef, 0xbb, 0xbf]) : Buffer.alloc(0), body]);
  return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), diagnostics: [] };
}
