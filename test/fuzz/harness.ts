/**
 * The fuzz harness: seeded mutations of real-shaped inputs of every format gpreg reads, each run
 * through the readers, the conversions and the editors, with the invariants every input must keep:
 *
 * - **no uncaught error**: anything thrown is a GpregError (a coded refusal), nothing else;
 * - **no pollution**: Object.prototype gains nothing;
 * - **write then read**: whatever a conversion writes reads back without an error, to the same
 *   effect or with a lossy code; an edit's file does what the old file did followed by the edit.
 *
 * Everything is derived from the seed: the same seed and index give the same input, so a failure
 * is replayed with `npm run fuzz -- --seed S --only N`. `npm run fuzz` runs it by count or time;
 * `test/fuzz.test.ts` runs a short fixed-seed slice in `npm test`. Timings are the runner's
 * business (it flags slow inputs), never the tests'.
 */

import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseXml, XmlError } from '../../src/admx/xml.js';
import { compileTemplates } from '../../src/admx/compile.js';
import { editPolOp, editRegOp } from '../../src/edit/values-in-file.js';
import { ownsOp } from '../../src/edit/policy-in-file.js';
import { foldName, joinKey, splitKey } from '../../src/registry/keys.js';
import { bumpGptVersion } from '../../src/gpo/gpt-ini.js';
import { parseLgpo } from '../../src/formats/lgpo/lgpo.js';
import { editInf, parseInf, serializeInf } from '../../src/formats/inf/inf.js';
import { parseCsv, serializeCsv } from '../../src/formats/csv.js';
import { readSecurityTemplate } from '../../src/gpo/security.js';
import { readAuditPolicy } from '../../src/gpo/audit-policy.js';
import { readRegistryPreferences } from '../../src/gpo/preferences.js';
import { effectOf } from '../../src/registry/effect.js';
import { sidePartsJson } from '../../src/render/gpo.js';
import { rebuildPreferences } from '../../src/gpo/parts-write.js';
import { checkSetting } from '../../src/policy/setting.js';
import { buildPolicy } from '../../src/policy/build.js';
import { findPolicy } from '../../src/policy/catalog/index.js';
import { convert, CONVERT_TARGETS, diffOps, isGpregError, loadBytes, readPolicies, setPolicyInPol, setPolicyInReg, type RegOp } from '../../src/index.js';
import { decodePol, polRecords } from '../../src/pol.js';
import { parsePolicyRules, serializePolicyRules } from '../../src/formats/policyrules.js';
import { unitsOfPolicyRules } from '../../src/compare/policyrules.js';
import { readDdf } from '../../src/mdm/ddf.js';
import { parseReg, regStatements, regToOps } from '../../src/reg.js';

/** The kinds of input the harness makes. */
export const FUZZ_FORMATS = ['pol', 'reg', 'lgpo', 'json', 'admx', 'gptini', 'setting', 'metadata', 'inf', 'auditcsv', 'prefs', 'policyrules', 'ddf'] as const;
export type FuzzFormat = (typeof FUZZ_FORMATS)[number];

/** One broken invariant, with what it takes to replay it. */
export interface FuzzFailure {
  format: FuzzFormat;
  seed: number;
  index: number;
  invariant: 'no uncaught error' | 'no pollution' | 'write then read' | 'edit lands';
  message: string;
  input: Uint8Array;
}

/** Options for {@link fuzz}. */
export interface FuzzOptions {
  seed: number;
  /** How many inputs (default 1,000); with `seconds`, whichever ends first. */
  count?: number;
  seconds?: number;
  formats?: readonly FuzzFormat[];
  /** Run only this input (as numbered in a failure). */
  only?: number;
  /** The first input's number (default 0): a run can go on after an input that hung. */
  from?: number;
  /** Called before each input (the runner's watchdog names an input that hangs). */
  onStart?: (format: FuzzFormat, index: number, input: Uint8Array) => void;
  /** Called with each failure as it is found (the runner's child reports them before it may be stopped). */
  onFailure?: (failure: FuzzFailure) => void;
  /** Called after each input with its time, for the runner's slow-input report. */
  onCase?: (format: FuzzFormat, index: number, ms: number, input: Uint8Array) => void;
}

/** What a run did. */
export interface FuzzReport {
  cases: number;
  byFormat: Map<FuzzFormat, number>;
  /** Inputs a reader accepted (not refused with a GpregError at the first step). */
  accepted: number;
  failures: FuzzFailure[];
}

/** mulberry32: a small, fast, seedable PRNG (the same numbers on every machine). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const utf16 = (s: string) => new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]));
const text = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

/** The seed inputs: the project's own fixtures and a few made here, per format. */
function seeds(): Map<FuzzFormat, Uint8Array[]> {
  const dir = (sub: string, ext: RegExp) => {
    const d = path.join(ROOT, 'fixtures', sub);
    return readdirSync(d).filter((f) => ext.test(f)).sort().map((f) => new Uint8Array(readFileSync(path.join(d, f))));
  };
  const pol = [...dir('pol/good', /\.pol$/), ...dir('pol/corrupt', /\.pol$/)];
  const reg = dir('reg/edge', /\.reg$/);
  const lgpo = [
    utf16('; ----\r\n; PARSING Computer POLICY\r\n\r\nComputer\r\nSoftware\\Policies\\X\r\nv\r\nDWORD:1\r\n\r\nComputer\r\nSoftware\\Policies\\X\r\n*\r\nDELETEALLVALUES\r\n\r\nUser\r\nSoftware\\Y\r\nm\r\nMULTISZ:a\\0b\r\n\r\nComputer\r\nSoftware\\Z\r\na;b\r\nDELETEKEYS\r\n'),
    text('Computer\nSoftware\\A\n(Default)\nSZ:x\\ny\n\nUser\nSoftware\\B\nb\nBINARY:00,ff\n'),
  ];
  const json = pol.slice(0, 3).flatMap((p) => {
    try {
      return [convert(p, { to: 'json' }).bytes];
    } catch {
      return [];
    }
  });
  json.push(text('{"ops":[{"op":"set","key":"HKEY_LOCAL_MACHINE\\\\Software\\\\X","name":"v","type":4,"data":"01000000"},{"op":"deleteKeys","key":"HKEY_LOCAL_MACHINE\\\\Software","subkeys":["a"]}]}'));
  const admxDir = path.join(ROOT, 'fixtures', 'admx', 'all-elements');
  const admx = readdirSync(admxDir).filter((f) => f.endsWith('.admx')).sort().flatMap((f) => [new Uint8Array(readFileSync(path.join(admxDir, f))), new Uint8Array(readFileSync(path.join(admxDir, 'en-US', f.replace(/\.admx$/, '.adml'))))]);
  const gptini = [text('[General]\r\nVersion=65537\r\ndisplayName=New Group Policy Object\r\n'), text('[General]\nVersion=5'), utf16('[General]\r\nVersion=3\r\n'), text('[general]\rversion = 7\r')];
  const setting = [text('{"state":"enabled","control":"view","helpers":["CONTOSO\\\\HelpDesk","CONTOSO\\\\Tier2"]}'), text('{"state":"disabled"}'), text('{"state":"notConfigured"}')];
  const metadata = [text('<?xml version="1.0"?><BackupInst xmlns="http://www.microsoft.com/GroupPolicy/GPOOperations/Manifest"><GPOGuid><![CDATA[{6AC1786C-016F-11D2-945F-00C04fB984F9}]]></GPOGuid><GPODomain><![CDATA[contoso.com]]></GPODomain><GPODisplayName><![CDATA[Default Domain Controllers Policy]]></GPODisplayName></BackupInst>')];
  const inf = [utf16('[Unicode]\r\nUnicode=yes\r\n[System Access]\r\nMinimumPasswordLength = 14\r\nPasswordComplexity = 1\r\nNewGuestName = "Visitor"\r\n[Event Audit]\r\nAuditLogonEvents = 3\r\n[Privilege Rights]\r\nSeDebugPrivilege = *S-1-5-32-544,CONTOSO\\Ops\r\n[Service General Setting]\r\n"XboxGipSvc",4,""\r\n[Registry Values]\r\nMACHINE\\System\\CurrentControlSet\\Control\\Lsa\\LmCompatibilityLevel=4,5\r\nMACHINE\\Software\\X\\Multi=7,a,b\r\nMACHINE\\Software\\X\\Text=1,"t"\r\n[Group Membership]\r\n*S-1-5-32-544__Members = *S-1-5-21-1-2-3-512\r\n[Version]\r\nsignature="$CHICAGO$"\r\nRevision=1\r\n')];
  const auditcsv = [text('\ufeffMachine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,Exclusion Setting,Setting Value\r\n,System,Audit Logon,{0cce9215-69ae-11d9-bed3-505054503030},Success and Failure,,3\r\nPC,System,"Audit, quoted ""x""",{0cce9216-69ae-11d9-bed3-505054503030},Success,,1\r\n')];
  const prefs = [text('<?xml version="1.0" encoding="utf-8"?><RegistrySettings clsid="{A3CCFC41-DFDB-43a5-8D26-0FE8B954DA51}"><Registry clsid="{9CD4B2F4-923D-47f5-A062-E897DD1DAD50}" name="v" disabled="0"><Properties action="U" hive="HKEY_LOCAL_MACHINE" key="SOFTWARE\\X" name="v" type="REG_DWORD" value="0000000a"/></Registry><Collection clsid="{53B533F5-224C-47e3-B01B-CA3B3F3FF4BF}" name="c"><Registry clsid="{9CD4B2F4-923D-47f5-A062-E897DD1DAD50}" name="m"><Properties action="C" hive="HKEY_CURRENT_USER" key="Software\\Y" name="m" type="REG_MULTI_SZ" value="a"><Values><Value>a</Value></Values></Properties><Filters><FilterComputer name="PC"/></Filters></Registry></Collection></RegistrySettings>')];
  const policyrules = [new Uint8Array(readFileSync(path.join(ROOT, 'fixtures', 'policyrules', 'small.PolicyRules')))];
  const ddf = [new Uint8Array(readFileSync(path.join(ROOT, 'fixtures', 'ddf', 'small', 'Gpreg_AreaDDF.xml')))];
  return new Map<FuzzFormat, Uint8Array[]>([
    ['policyrules', policyrules],
    ['ddf', ddf],
    ['inf', inf],
    ['auditcsv', auditcsv],
    ['prefs', prefs],
    ['pol', pol],
    ['reg', reg],
    ['lgpo', lgpo],
    ['json', json],
    ['admx', admx],
    ['gptini', gptini],
    ['setting', setting],
    ['metadata', metadata],
  ]);
}

/** Bytes that mean something in one of the formats: delimiters, line ends, escapes, markup. */
const TOKENS = ['[', ']', ';', '\\', '"', ',', '\\\r\n', '\r', '\n', '\r\n', '\0', '=', '-', '@', 'hex(7):', 'hex:', 'dword:', '**del.', '**delvals.', '**DeleteKeys', '**SecureKey', '**soft.', '__proto__', 'constructor', '<', '>', '&', '&#10;', ']]>', '<!DOCTYPE x [<!ENTITY a "aa">]>', '{', '}', '"__proto__":', '\ufeff', '\u202e', '\ud800', 'Computer', 'DELETEKEYS', 'Version=', '[General]', 'ffffffff'];

/** One mutation of `input`, drawn from `r`; `other` is another seed of the same format to splice with. */
function mutate(input: Uint8Array, r: () => number, other: Uint8Array): Uint8Array {
  const n = (max: number) => Math.floor(r() * max);
  let b = Buffer.from(input);
  const rounds = 1 + n(4);
  for (let k = 0; k < rounds; k++) {
    const at = n(b.length + 1);
    switch (n(10)) {
      case 0: // flip a bit
        if (b.length) b[n(b.length)]! ^= 1 << n(8);
        break;
      case 1: // an interesting byte
        if (b.length) b[n(b.length)] = [0x00, 0xff, 0x5b, 0x5d, 0x3b, 0x0a, 0x0d, 0x5c, 0x22, 0x2c, 0x3c, 0x26, 0x7f, 0x80][n(14)]!;
        break;
      case 2: {
        // a token, in UTF-16 when the input is
        const t = TOKENS[n(TOKENS.length)]!;
        const enc = input[0] === 0xff && input[1] === 0xfe ? Buffer.from(t, 'utf16le') : Buffer.from(t, 'utf8');
        b = Buffer.concat([b.subarray(0, at), enc, b.subarray(at)]);
        break;
      }
      case 3: // delete a range
        b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + n(16)))]);
        break;
      case 4: {
        // repeat a range (long runs find quadratic corners)
        const len = 1 + n(32);
        const piece = b.subarray(at, at + len);
        b = Buffer.concat([b.subarray(0, at), ...Array.from({ length: 1 + n(64) }, () => piece), b.subarray(at)]);
        break;
      }
      case 5: // cut the tail
        b = b.subarray(0, at);
        break;
      case 6: {
        // splice with another seed
        const from = n(other.length + 1);
        b = Buffer.concat([b.subarray(0, at), Buffer.from(other.subarray(from, from + 1 + n(64)))]);
        break;
      }
      case 8:
        // Now and then a long run of one delimiter (finds readers quadratic in a run's length).
        if (n(8) === 0) {
          const c = [' ', '\\', ':', '\r\n', '[', ';', ',', '"', '\t', '\u3000'][n(10)]!;
          const enc = input[0] === 0xff && input[1] === 0xfe ? Buffer.from(c, 'utf16le') : Buffer.from(c, 'utf8');
          b = Buffer.concat([b.subarray(0, at), Buffer.alloc(enc.length * (20_000 + n(30_000)), enc), b.subarray(at)]);
        }
        break;
      case 7: // a 32-bit field made huge or zero (PReg sizes and types)
        if (b.length >= 4) b.writeUInt32LE([0xffffffff, 0x7fffffff, 0, 1, 0x10000][n(5)]!, n(b.length - 3));
        break;
      default: // random bytes
        b = Buffer.concat([b.subarray(0, at), Buffer.from(Array.from({ length: 1 + n(8) }, () => n(256))), b.subarray(at)]);
    }
  }
  return new Uint8Array(b);
}

/** Thrown when an invariant other than "no uncaught error" breaks. */
class Broken extends Error {
  constructor(
    readonly invariant: FuzzFailure['invariant'],
    message: string,
  ) {
    super(message);
  }
}

/**
 * Runs `f`; a coded refusal (a GpregError, or the XML reader's XmlError with its line and column,
 * which the template loader turns into ADMX_XML) is undefined, anything else propagates.
 */
function refusing<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (isGpregError(e) || e instanceof XmlError) return undefined;
    throw e;
  }
}

const LOSSY = /^(REG_LOSSY_|LGPO_LOSSY$|POL_LOSSY_CREATE_KEY$|REG_CREATES_KEY$|CONVERT_SKIPPED_HIVE$)/;
const EDIT_OP: RegOp = { op: 'set', key: 'HKEY_LOCAL_MACHINE\\Software\\Policies\\Fuzz', name: 'V', type: 4, data: new Uint8Array([1, 0, 0, 0]) };
const RA = findPolicy('offer-remote-assistance');

/** Every conversion of a readable input reads back without an error, to the same effect or said lossy. */
function checkConversions(bytes: Uint8Array): void {
  const source = refusing(() => loadBytes(bytes));
  if (!source || (source.reg && !source.reg.accepted)) return;
  for (const to of CONVERT_TARGETS) {
    const out = refusing(() => convert(bytes, { to }));
    if (!out) continue;
    // A .pol carries no hive: read it back in the hive its keys came from (one per .pol).
    const hive = to === 'pol' ? (source.ops.map((o) => splitKey(o.key).hive).find((h) => h !== undefined) ?? 'HKEY_LOCAL_MACHINE') : undefined;
    const back = loadBytes(out.bytes, hive ? { hive } : {});
    const errors = back.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) throw new Broken('write then read', `${source.format} → ${to}: the output reads back with ${errors[0]!.code}: ${errors[0]!.message}`);
    // A key without a hive is relative: a .pol or a dump (which holds records) places it in its hive.
    const placedIn = hive ?? (to === 'json' ? source.hive : undefined);
    const meant = placedIn ? source.ops.map((o) => (splitKey(o.key).hive ? o : { ...o, key: joinKey(placedIn, o.key) })) : source.ops;
    const changes = diffOps(meant, back.ops);
    const restored = to === 'pol' && source.reg?.gpregNotes?.length; // **delvals. restored from gpreg's own notes (docs/reg-format.md)
    if (changes.length && !restored && !out.diagnostics.some((d) => LOSSY.test(d.code))) {
      throw new Broken('write then read', `${source.format} → ${to}: the effect changed without a lossy diagnostic (${changes[0]!.kind} ${changes[0]!.key})`);
    }
  }
}

/** Each edit of a readable .pol or .reg is refused, or does what the old file did then the edit. */
function checkEdits(bytes: Uint8Array, format: 'pol' | 'reg'): void {
  const before = refusing(() => loadBytes(bytes, { format }));
  if (!before || before.diagnostics.some((d) => d.severity === 'error')) return;
  const edits: Array<[() => Uint8Array, RegOp[]]> = [
    [() => (format === 'pol' ? editPolOp(bytes, EDIT_OP) : editRegOp(bytes, EDIT_OP)).bytes, [EDIT_OP]],
    [() => (format === 'pol' ? setPolicyInPol(bytes, RA, { state: 'disabled' }) : setPolicyInReg(bytes, RA, { state: 'disabled' })).bytes, buildPolicy(RA, { state: 'disabled' }, { target: format }).ops],
  ];
  // What each edit replaces: the value it sets (set-value), the policy's own values and list key (set).
  const sameValue = (op: RegOp) => (op.op === 'set' || op.op === 'deleteValue') && foldName(op.key) === foldName(EDIT_OP.key) && foldName(op.name) === 'v';
  const replaced = [sameValue, (op: RegOp) => ownsOp(RA, op)];
  edits.forEach(([edit, ops], i) => {
    const after = refusing(edit);
    if (!after) return;
    // The old file without what the edit replaces, then the edit: what the new file must do.
    const kept = before.ops.filter((op) => !replaced[i]!(op));
    const changes = diffOps([...kept, ...ops], loadBytes(after, { format }).ops);
    if (changes.length) throw new Broken('edit lands', `${format} edit ${i}: ${changes[0]!.kind} ${changes[0]!.key} differs from the old file then the edit`);
  });
}

/** The targets for one input of a format; returns whether the first reader accepted it. */
function runTargets(format: FuzzFormat, bytes: Uint8Array): boolean {
  switch (format) {
    case 'pol': {
      refusing(() => decodePol(bytes, { strict: false }));
      refusing(() => {
        for (const _ of polRecords(bytes, { strict: false }));
      });
      const ok = refusing(() => decodePol(bytes)) !== undefined;
      if (ok) {
        readPolicies(loadBytes(bytes).ops);
        checkConversions(bytes);
        checkEdits(bytes, 'pol');
      }
      return ok;
    }
    case 'reg': {
      refusing(() => parseReg(bytes, { strict: true }));
      refusing(() => {
        for (const _ of regStatements(bytes));
      });
      const doc = refusing(() => parseReg(bytes));
      if (doc) {
        readPolicies(regToOps(doc));
        checkConversions(bytes);
        checkEdits(bytes, 'reg');
      }
      return doc !== undefined;
    }
    case 'lgpo':
    case 'json': {
      if (format === 'lgpo') parseLgpo(bytes);
      const ok = refusing(() => loadBytes(bytes, { format })) !== undefined;
      if (ok) checkConversions(bytes);
      return ok;
    }
    case 'admx': {
      const el = refusing(() => parseXml(bytes));
      if (!el) return false;
      // The element as an ADMX and as an ADML, each beside the other fixture half.
      const compiled = compileTemplates([{ admxPath: 'f.admx', admx: el, admlPath: 'f.adml', adml: el }]);
      for (const def of compiled.policies.slice(0, 20)) {
        for (const state of ['enabled', 'disabled', 'notConfigured']) {
          const built = refusing(() => buildPolicy(def, { state }));
          if (built) readPolicies(built.ops, { catalog: compiled.policies });
        }
      }
      return true;
    }
    case 'gptini': {
      const bump = refusing(() => bumpGptVersion(bytes, 'Machine'));
      if (!bump) return false;
      const again = bumpGptVersion(bump.bytes, 'User');
      if (again.before !== bump.after) throw new Broken('write then read', `gpt.ini: the version written (${bump.after}) reads back as ${again.before}`);
      return true;
    }
    case 'setting': {
      let value: unknown;
      try {
        value = JSON.parse(Buffer.from(bytes).toString('utf8'));
      } catch {
        return false;
      }
      const checked = refusing(() => checkSetting(RA, value));
      if (checked) refusing(() => buildPolicy(RA, value));
      return checked !== undefined;
    }
    case 'metadata':
      return refusing(() => parseXml(bytes)) !== undefined;
    case 'inf': {
      // The document is lossless: every input comes back byte for byte, and an edit reads back.
      const doc = parseInf(bytes);
      readSecurityTemplate(doc);
      if (!Buffer.from(serializeInf(doc)).equals(Buffer.from(bytes))) throw new Broken('write then read', 'GptTmpl.inf: the unedited document is not written back byte for byte');
      const edited = editInf(doc, [{ section: 'System Access', set: new Map([['MinimumPasswordLength', 'MinimumPasswordLength = 15']]), remove: ['PasswordComplexity'] }]);
      const again = readSecurityTemplate(parseInf(serializeInf(edited)));
      const lengths = again.account.filter((a) => a.name.toLowerCase() === 'minimumpasswordlength');
      if (doc.diagnostics.length === 0 && (lengths.length !== 1 || lengths[0]!.value !== 15)) throw new Broken('edit lands', `GptTmpl.inf: after the edit MinimumPasswordLength reads ${JSON.stringify(lengths.map((l) => l.value))}`);
      return true;
    }
    case 'auditcsv': {
      const doc = parseCsv(bytes);
      readAuditPolicy(doc);
      if (!Buffer.from(serializeCsv(doc)).equals(Buffer.from(bytes))) throw new Broken('write then read', 'audit.csv: the unedited document is not written back byte for byte');
      return true;
    }
    case 'policyrules': {
      const doc = refusing(() => parsePolicyRules(bytes));
      if (!doc) return false;
      unitsOfPolicyRules(doc.rules);
      // Read then written, every entry is kept.
      const again = parsePolicyRules(new Uint8Array(Buffer.from(serializePolicyRules(doc.rules))));
      if (JSON.stringify(again.rules) !== JSON.stringify(doc.rules)) throw new Broken('write then read', '.PolicyRules: an entry changed when written and read back');
      return true;
    }
    case 'ddf': {
      const root = refusing(() => parseXml(bytes, { skipDoctype: true }));
      if (!root) return false;
      readDdf(root);
      return true;
    }
    case 'prefs': {
      const root = refusing(() => parseXml(bytes));
      if (!root) return false;
      const r = readRegistryPreferences(root);
      effectOf(r.ops);
      // The document show --json gives, written back over the file, changes nothing.
      const shown = sidePartsJson({ preferences: { file: '', registry: r, diagnostics: [] }, unread: [] })['preferences'];
      const back = refusing(() => rebuildPreferences(shown, bytes));
      if (back && !Buffer.from(back.bytes).equals(Buffer.from(bytes))) throw new Broken('write then read', 'Registry.xml: the unedited document is not written back byte for byte');
      return true;
    }
  }
}

const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).length;
let SEEDS: Map<FuzzFormat, Uint8Array[]> | undefined;

/** Input `index` of a run with `seed`: its format and bytes, from (seed, index) alone (so a runner can name an input that hung). */
export function fuzzInput(seed: number, index: number, formats: readonly FuzzFormat[] = FUZZ_FORMATS, pool: Map<FuzzFormat, Uint8Array[]> = (SEEDS ??= seeds())): { format: FuzzFormat; input: Uint8Array } {
  // Each input from its own stream.
  const r = rng((seed * 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b));
  const format = formats[Math.floor(r() * formats.length)]!;
  const list = pool.get(format)!;
  return { format, input: mutate(list[Math.floor(r() * list.length)]!, r, list[Math.floor(r() * list.length)]!) };
}

/** Runs the harness (see the module's comment). */
export function fuzz(options: FuzzOptions): FuzzReport {
  const formats = options.formats ?? FUZZ_FORMATS;
  const count = options.count ?? (options.seconds ? Infinity : 1000);
  const deadline = options.seconds ? Date.now() + options.seconds * 1000 : Infinity;
  const pool = (SEEDS ??= seeds());
  const report: FuzzReport = { cases: 0, byFormat: new Map(), accepted: 0, failures: [] };
  for (let index = options.from ?? 0; index < count && Date.now() < deadline; index++) {
    if (options.only !== undefined && index !== options.only) continue;
    const { format, input } = fuzzInput(options.seed, index, formats, pool);
    options.onStart?.(format, index, input);
    const started = performance.now();
    const fail = (invariant: FuzzFailure['invariant'], message: string) => {
      const f: FuzzFailure = { format, seed: options.seed, index, invariant, message, input };
      report.failures.push(f);
      options.onFailure?.(f);
    };
    try {
      if (runTargets(format, input)) report.accepted++;
    } catch (e) {
      if (e instanceof Broken) fail(e.invariant, e.message);
      else fail('no uncaught error', e instanceof Error ? `${e.name}: ${e.message}\n${e.stack?.split('\n').slice(1, 4).join('\n')}` : String(e));
    }
    if (Object.getOwnPropertyNames(Object.prototype).length !== PROTO_KEYS || ({} as Record<string, unknown>)['polluted'] !== undefined) {
      fail('no pollution', 'Object.prototype changed');
    }
    options.onCase?.(format, index, performance.now() - started, input);
    report.cases++;
    report.byFormat.set(format, (report.byFormat.get(format) ?? 0) + 1);
  }
  return report;
}
