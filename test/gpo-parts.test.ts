/**
 * The whole GPO: preference registry items read with their actions' meaning, and `show` of a GPO
 * folder with a security template, an audit policy, preferences and parts gpreg does not read (a
 * side without Registry.pol is not a side that sets nothing).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseXml, XmlError } from '../src/admx/xml.js';
import { readRegistryPreferences } from '../src/gpo/preferences.js';
import { effectOf } from '../src/registry/effect.js';
import { ROOT, runCli, tempDir } from './helpers.js';

const REG = '{9CD4B2F4-923D-47f5-A062-E897DD1DAD50}';
const item = (props: string, extra = '', attrs = '', inner = '') => `<Registry clsid="${REG}" name="item" ${attrs}><Properties ${props}>${inner}</Properties>${extra}</Registry>`;
const xml = (body: string) => new Uint8Array(Buffer.from(`<?xml version="1.0" encoding="utf-8"?>\n<RegistrySettings clsid="{A3CCFC41-DFDB-43a5-8D26-0FE8B954DA51}">${body}</RegistrySettings>`));
const HKLM = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso';

const PREFS = xml(
  [
    item('action="U" hive="HKEY_LOCAL_MACHINE" key="SOFTWARE\\Contoso" name="Level" type="REG_DWORD" value="0000000a"'),
    item('action="C" hive="HKEY_LOCAL_MACHINE" key="SOFTWARE\\Contoso" name="Only" type="REG_SZ" value="if absent"'),
    item('action="R" hive="HKEY_LOCAL_MACHINE" key="SOFTWARE\\Contoso" default="1" name="" type="REG_EXPAND_SZ" value="%SystemRoot%"'),
    item('action="D" hive="HKEY_LOCAL_MACHINE" key="SOFTWARE\\Contoso" name="Old"'),
    item('action="D" hive="HKEY_LOCAL_MACHINE" key="SOFTWARE\\Contoso\\Gone" name=""'),
    item('action="U" hive="HKEY_LOCAL_MACHINE" key="SOFTWARE\\Contoso" name="Off" type="REG_DWORD" value="1"', '', 'disabled="1"'),
    item('action="U" hive="HKEY_LOCAL_MACHINE" key="SOFTWARE\\Contoso" name="List" type="REG_MULTI_SZ" value="a b"', '', '', '<Values><Value>a</Value><Value>b c</Value></Values>'),
    item('action="U" hive="HKEY_LOCAL_MACHINE" key="SOFTWARE\\Contoso" name="Where" type="REG_SZ" value="x"', '<Filters><FilterComputer bool="AND" not="0" type="NETBIOS" name="PC1"/></Filters>'),
    `<Collection clsid="{53B533F5-224C-47e3-B01B-CA3B3F3FF4BF}" name="Folder" disabled="1">${item('action="U" hive="HKEY_LOCAL_MACHINE" key="SOFTWARE\\Contoso" name="InOff" type="REG_SZ" value="x"')}</Collection>`,
    item('action="U" hive="HKEY_LOCAL_MACHINE" key="SOFTWARE\\Contoso" name="Bad" type="REG_DWORD" value="zz"'),
  ].join(''),
);

test('preference items: Update/Replace set, Create sets only if absent, Delete deletes (a key item its tree); disabled items and collections do nothing; targeting is said', () => {
  const r = readRegistryPreferences(parseXml(PREFS));
  assert.equal(r.items.map((i) => [i.action, i.name, i.disabled]), [
    ['Update', 'Level', false],
    ['Create', 'Only', false],
    ['Replace', '', false],
    ['Delete', 'Old', false],
    ['Delete', undefined, false],
    ['Update', 'Off', true],
    ['Update', 'List', false],
    ['Update', 'Where', false],
    ['Update', 'InOff', true],
  ]);
  assert.equal(r.items[6]!.value, ['a', 'b c']);
  assert.equal(r.items[8]!.collections, ['Folder']);
  const e = effectOf(r.ops).get(HKLM.toUpperCase())!;
  assert.equal([...e.values.values()].map((v) => [v.name, v.effect.kind, v.effect.kind === 'set' ? (v.effect.soft ?? false) : null]), [
    ['Level', 'set', false],
    ['Only', 'set', true],
    ['', 'set', false],
    ['Old', 'deleted', null],
    ['List', 'set', false],
    ['Where', 'set', false],
  ]);
  assert.ok(effectOf(r.ops).get(`${HKLM}\\Gone`.toUpperCase())!.deleted);
  assert.equal(r.diagnostics.map((d) => d.code), ['PREF_TARGETED', 'PREF_BAD_VALUE']);
});

test('hostile preferences: a DOCTYPE is refused by the XML loader; 200,000 nested collections are read without deep recursion', () => {
  assert.throws(() => parseXml(xml('<!DOCTYPE x [<!ENTITY a "aaaa">]>')), (e: unknown) => e instanceof XmlError);
  const depth = 200_000;
  const nested = xml(`${'<Collection name="c">'.repeat(depth)}${item('action="U" hive="HKEY_CURRENT_USER" key="Software\\X" name="v" type="REG_SZ" value="deep"')}${'</Collection>'.repeat(depth)}`);
  const r = readRegistryPreferences(parseXml(nested));
  assert.is(r.items.length, 1);
  assert.is(r.items[0]!.collections.length, depth);
});

/** A SYSVOL GPO whose Machine side has every part but Registry.pol, and a User side with preferences only. */
function makeGpo(): string {
  const gpo = path.join(tempDir('gpreg-parts-'), '{11111111-2222-3333-4444-555555555555}');
  const m = path.join(gpo, 'Machine');
  mkdirSync(path.join(m, 'Microsoft', 'Windows NT', 'SecEdit'), { recursive: true });
  mkdirSync(path.join(m, 'Microsoft', 'Windows NT', 'Audit'), { recursive: true });
  mkdirSync(path.join(m, 'Scripts', 'Startup'), { recursive: true });
  mkdirSync(path.join(gpo, 'User', 'Preferences', 'Registry'), { recursive: true });
  writeFileSync(path.join(gpo, 'gpt.ini'), '[General]\r\nVersion=65537\r\n');
  const inf = '[Unicode]\r\nUnicode=yes\r\n[System Access]\r\nMinimumPasswordLength = 14\r\nPasswordComplexity = 1\r\n[Privilege Rights]\r\nSeDebugPrivilege = *S-1-5-32-544\r\n[Registry Values]\r\nMACHINE\\System\\CurrentControlSet\\Control\\Lsa\\LmCompatibilityLevel=4,5\r\n[Version]\r\nsignature="$CHICAGO$"\r\nRevision=1\r\n';
  writeFileSync(path.join(m, 'Microsoft', 'Windows NT', 'SecEdit', 'GptTmpl.inf'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(inf, 'utf16le')]));
  writeFileSync(path.join(m, 'Microsoft', 'Windows NT', 'Audit', 'audit.csv'), 'Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,Exclusion Setting,Setting Value\r\n,System,Audit Logon,{0cce9215-69ae-11d9-bed3-505054503030},Success and Failure,,3\r\n');
  writeFileSync(path.join(m, 'Scripts', 'Startup', 'run.cmd'), 'echo hi\r\n');
  writeFileSync(path.join(gpo, 'User', 'Preferences', 'Registry', 'Registry.xml'), PREFS);
  return gpo;
}

test('show of a GPO with no Registry.pol: the security template, the audit policy, the preferences and the parts not read, in text and JSON', async () => {
  const gpo = makeGpo();
  const r = await runCli(['show', gpo]);
  assert.is(r.code, 0, r.stderr);
  for (const s of ['== Machine ==', 'Account Policies/Password Policy', 'MinimumPasswordLength: 14', 'PasswordComplexity: Enabled', 'SeDebugPrivilege: BUILTIN\\Administrators (S-1-5-32-544)', 'Network security: LAN Manager authentication level: Send NTLMv2 response only. Refuse LM & NTLM', 'Audit Logon: Success and Failure', 'Present, not read by gpreg:', 'Machine/Scripts/Startup/run.cmd', '== User ==', 'Preferences/Registry', 'Update HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso "Level": REG_DWORD 10']) {
    assert.match(r.stdout, s);
  }
  assert.not.match(r.stdout, 'sets nothing');
  const j = JSON.parse((await runCli(['show', '--json', gpo])).stdout);
  assert.equal(j.sides.Machine.security.account.map((a: { name: string; value: unknown }) => [a.name, a.value]), [['MinimumPasswordLength', 14], ['PasswordComplexity', true]]);
  assert.equal(j.sides.Machine.security.userRights[0].members, [{ sid: 'S-1-5-32-544', name: 'BUILTIN\\Administrators' }]);
  assert.equal(j.sides.Machine.security.securityOptions[0], { key: 'MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\LmCompatibilityLevel', type: 4, value: 5, displayName: 'Network security: LAN Manager authentication level', display: 'Send NTLMv2 response only. Refuse LM & NTLM', line: 9 });
  assert.equal(j.sides.Machine.audit.settings[0].setting, 'Success and Failure');
  assert.equal(j.sides.Machine.unread, [{ file: 'Machine/Scripts/Startup/run.cmd' }]);
  assert.equal(j.sides.User.preferences.registry[6].value, ['a', 'b c']);
  assert.is(j.sides.Machine.policies, undefined, 'no Registry.pol: no policies');
  // build --from of that document writes no Registry.pol for a side that had none.
  const json = path.join(path.dirname(gpo), 'gpo.json');
  writeFileSync(json, JSON.stringify(j));
  const b = await runCli(['build', '--from', json, '-o', gpo, '--force']);
  assert.is(b.code, 0, b.stderr);
  assert.not.match(b.stderr, 'Registry.pol');
});

test('audit lists a GPO with no Registry.pol by its other parts, counts their settings in text, CSV, JSON and HTML, and a part that cannot be read is an entry with its error', async () => {
  const gpo = makeGpo();
  const root = path.dirname(gpo);
  // A second GPO whose preferences are not XML.
  const broken = path.join(root, '{99999999-2222-3333-4444-555555555555}', 'User', 'Preferences', 'Registry');
  mkdirSync(broken, { recursive: true });
  writeFileSync(path.join(broken, 'Registry.xml'), '<RegistrySettings><Registry>');
  const text = await runCli(['audit', root]);
  assert.match(text.stdout, 'Machine/Microsoft/Windows NT/SecEdit/GptTmpl.inf (inf, 4 security settings)');
  assert.match(text.stdout, 'Machine/Microsoft/Windows NT/Audit/audit.csv (csv, 1 audit settings)');
  assert.match(text.stdout, 'User/Preferences/Registry/Registry.xml (xml, 9 preference items)');
  assert.match(text.stdout, 'error GPO_PART_UNREAD');
  assert.match(text.stdout, 'Besides Registry.pol: 4 security setting(s), 1 audit subcategory setting(s), 9 preference registry item(s)');
  assert.match(text.stdout, '4 file(s) in 2 GPO(s)');
  const j = JSON.parse((await runCli(['audit', '--json', root])).stdout);
  assert.equal(j.files.map((f: { part?: string; settings?: number }) => [f.part, f.settings]), [['audit', 1], ['security', 4], ['preferences', 9], ['preferences', 0]]);
  const csv = (await runCli(['audit', '--csv', root])).stdout.split('\r\n');
  assert.ok(csv.some((l) => l.endsWith(',security,4')), csv.join('\n'));
  const html = path.join(root, 'audit.html');
  assert.ok([0, 1].includes((await runCli(['audit', '--html', '-o', html, root])).code));
  assert.match(readFileSync(html, 'utf8'), 'Security, audit and preference settings');
});

test('diff of two GPOs compares their other parts: a setting by name, a right by member, audit by subcategory, a preference by key and name (text, JSON, HTML; exit 1)', async () => {
  const a = makeGpo();
  const b = makeGpo();
  const same = await runCli(['diff', a, b]);
  assert.is(same.code, 0, same.stdout);
  const inf = '[Unicode]\r\nUnicode=yes\r\n[System Access]\r\nMinimumPasswordLength = 15\r\nPasswordComplexity = 1\r\n[Privilege Rights]\r\nSeDebugPrivilege = *S-1-5-32-544,*S-1-5-19\r\n[Registry Values]\r\nMACHINE\\System\\CurrentControlSet\\Control\\Lsa\\LmCompatibilityLevel=4,3\r\n[Version]\r\nsignature="$CHICAGO$"\r\nRevision=1\r\n';
  writeFileSync(path.join(b, 'Machine', 'Microsoft', 'Windows NT', 'SecEdit', 'GptTmpl.inf'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(inf, 'utf16le')]));
  writeFileSync(path.join(b, 'Machine', 'Microsoft', 'Windows NT', 'Audit', 'audit.csv'), 'Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,Exclusion Setting,Setting Value\r\n,System,Audit Logon,{0cce9215-69ae-11d9-bed3-505054503030},Success,,1\r\n');
  const r = await runCli(['diff', a, b]);
  assert.is(r.code, 1);
  for (const s of ['Administrative Templates (Registry.pol): no change.', 'Account Policies', 'MinimumPasswordLength: 14 → 15', 'SeDebugPrivilege: + NT AUTHORITY\\LOCAL SERVICE (S-1-5-19)', 'LmCompatibilityLevel: 5 → 3', 'Audit Logon: Success and Failure → Success']) assert.match(r.stdout, s);
  const j = JSON.parse((await runCli(['diff', '--json', a, b])).stdout);
  assert.is(j.sides.Machine.same, false);
  assert.equal(j.sides.Machine.parts.map((c: { area: string; name: string }) => `${c.area} ${c.name}`), ['account MinimumPasswordLength', 'userRights SeDebugPrivilege', 'securityOptions MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\LmCompatibilityLevel', 'audit Audit Logon']);
  assert.is(j.sides.User.same, true);
  const html = path.join(path.dirname(b), 'd.html');
  assert.is((await runCli(['diff', '--html', '-o', html, a, b])).code, 1);
  assert.match(readFileSync(html, 'utf8'), 'Security, audit and preference changes (4)');
});

test('GPO as code for the security template and the audit policy: unedited, nothing rewritten; an edit changes only its lines, and the version goes up once', async () => {
  const gpo = makeGpo();
  const inf = path.join(gpo, 'Machine', 'Microsoft', 'Windows NT', 'SecEdit', 'GptTmpl.inf');
  const csv = path.join(gpo, 'Machine', 'Microsoft', 'Windows NT', 'Audit', 'audit.csv');
  const json = path.join(path.dirname(gpo), 'gpo.json');
  const shown = JSON.parse((await runCli(['show', '--json', gpo])).stdout);
  writeFileSync(json, JSON.stringify(shown));
  const infBefore = readFileSync(inf);
  const same = await runCli(['build', '--from', json, '-o', gpo, '--force']);
  assert.is(same.code, 0, same.stderr);
  assert.match(same.stderr, 'GptTmpl.inf: unchanged, not rewritten');
  assert.match(same.stderr, 'audit.csv: unchanged, not rewritten');
  assert.is(readFileSync(path.join(gpo, 'gpt.ini'), 'latin1'), '[General]\r\nVersion=65537\r\n');
  // Edit: a longer password, no more debug right, a new option, Logon audited for success only, a new subcategory.
  const sec = shown.sides.Machine.security;
  sec.account[0].value = 15;
  sec.userRights = [];
  sec.securityOptions.push({ key: 'MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\NoLMHash', type: 4, value: 1 });
  shown.sides.Machine.audit.settings[0].value = 1;
  shown.sides.Machine.audit.settings.push({ guid: '{0cce9216-69ae-11d9-bed3-505054503030}', subcategory: 'Audit Logoff', setting: 'Success' });
  writeFileSync(json, JSON.stringify(shown));
  const edited = await runCli(['build', '--from', json, '-o', gpo, '--force']);
  assert.is(edited.code, 0, edited.stderr);
  const before = Buffer.from(infBefore).subarray(2).toString('utf16le').split('\r\n');
  const after = readFileSync(inf).subarray(2).toString('utf16le').split('\r\n');
  assert.equal(after, before.map((l) => (l === 'MinimumPasswordLength = 14' ? 'MinimumPasswordLength = 15' : l)).filter((l) => l !== 'SeDebugPrivilege = *S-1-5-32-544').flatMap((l) => (l.startsWith('MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\LmCompatibilityLevel') ? [l, 'MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\NoLMHash=4,1'] : [l])));
  assert.equal(readFileSync(csv, 'utf8').split('\r\n'), ['Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,Exclusion Setting,Setting Value', ',System,Audit Logon,{0cce9215-69ae-11d9-bed3-505054503030},Success,,1', ',System,Audit Logoff,{0cce9216-69ae-11d9-bed3-505054503030},Success,,1', '']);
  assert.is(readFileSync(path.join(gpo, 'gpt.ini'), 'latin1'), '[General]\r\nVersion=65538\r\n', 'the Machine side once, for two changed parts');
  // Read back, the GPO says what the document said.
  const again = JSON.parse((await runCli(['show', '--json', gpo])).stdout);
  assert.is(again.sides.Machine.security.account[0].value, 15);
  assert.equal(again.sides.Machine.security.userRights, []);
  // A GPO that had no template gets one, with the extension it needs named.
  const fresh = path.join(path.dirname(gpo), 'fresh', '{22222222-2222-3333-4444-555555555555}');
  mkdirSync(path.join(fresh, 'Machine'), { recursive: true });
  mkdirSync(path.join(fresh, 'User'), { recursive: true });
  writeFileSync(path.join(fresh, 'gpt.ini'), '[General]\r\nVersion=0\r\n');
  const made = await runCli(['build', '--from', json, '-o', fresh, '--force']);
  assert.is(made.code, 0, made.stderr);
  assert.match(made.stderr, '{827D319E-6EAC-11D2-A4EA-00C04F79F83A}');
  assert.is(JSON.parse((await runCli(['show', '--json', fresh])).stdout).sides.Machine.security.account[0].value, 15);
});

test('report of a GPO: its security settings, audit policy, preferences and unread parts as sections of the page, named as GPMC names them', async () => {
  const gpo = makeGpo();
  const out = path.join(path.dirname(gpo), 'report.html');
  const r = await runCli(['report', gpo, '-o', out]);
  assert.is(r.code, 0, r.stderr);
  const page = readFileSync(out, 'utf8');
  for (const s of ['Computer Configuration: security, audit and preferences', 'Security Settings/Account Policies/Password Policy', 'Security Settings/Local Policies/User Rights Assignment', 'BUILTIN\\Administrators (S-1-5-32-544)', 'Network security: LAN Manager authentication level', 'Send NTLMv2 response only. Refuse LM &amp; NTLM', 'Advanced Audit Policy Configuration', 'User Configuration: security, audit and preferences', 'Preferences/Windows Settings/Registry', 'Present, not read by gpreg', 'Machine/Scripts/Startup/run.cmd', '<dt>Machine</dt><dd class="muted">no Registry.pol</dd>']) {
    assert.match(page, s);
  }
});

test('values another editor writes into Registry.pol go under its heading, as GPMC shows them: Windows Firewall, Name Resolution Policy, AppLocker (text, JSON, HTML)', async () => {
  const dir = tempDir('gpreg-areas-');
  const file = path.join(dir, 'Registry.pol');
  assert.is((await runCli(['set-value', file, 'Software\\Policies\\Microsoft\\WindowsFirewall\\DomainProfile', 'EnableFirewall', '--type', 'REG_DWORD', '--data', '1'])).code, 0);
  assert.is((await runCli(['set-value', file, 'Software\\Policies\\Microsoft\\Windows\\SrpV2\\Exe', 'EnforcementMode', '--type', 'REG_DWORD', '--data', '1'])).code, 0);
  assert.is((await runCli(['set-value', file, 'Software\\Contoso', 'Other', '--type', 'REG_DWORD', '--data', '1'])).code, 0);
  const text = (await runCli(['show', file])).stdout;
  assert.match(text, 'Windows Firewall with Advanced Security (1 record(s)):');
  assert.match(text, 'AppLocker (1 record(s)):');
  assert.match(text, 'Records no policy explains (1):');
  const j = JSON.parse((await runCli(['show', '--json', file])).stdout);
  assert.equal(j.unexplained.map((u: { area?: string }) => u.area ?? null).sort(), ['AppLocker', 'Windows Firewall with Advanced Security', null].sort());
  const out = path.join(dir, 'r.html');
  assert.is((await runCli(['report', file, '-o', out])).code, 0);
  const page = readFileSync(out, 'utf8');
  assert.match(page, '<h3>Windows Firewall with Advanced Security <span class="muted">(1 record)</span></h3>');
  assert.match(page, 'Extra Registry Settings <span class="muted">(1 record no policy explains)</span>');
});

test('GPO as code for preference items: unedited, nothing rewritten; a changed item changes only its Properties, a removed one goes, a new one is added with a uid', async () => {
  const gpo = makeGpo();
  const xmlFile = path.join(gpo, 'User', 'Preferences', 'Registry', 'Registry.xml');
  const json = path.join(path.dirname(gpo), 'gpo.json');
  const shown = JSON.parse((await runCli(['show', '--json', gpo])).stdout);
  writeFileSync(json, JSON.stringify(shown));
  const same = await runCli(['build', '--from', json, '-o', gpo, '--force']);
  assert.match(same.stderr, 'Registry.xml: unchanged, not rewritten');
  const before = readFileSync(xmlFile, 'utf8');
  const items = shown.sides.User.preferences.registry;
  items[0].value = 11; // Level: 10 → 11
  items.splice(3, 1); // Delete "Old" no more
  items.push({ action: 'Update', hive: 'HKEY_CURRENT_USER', key: 'Software\\New', name: 'v', type: 'REG_SZ', value: 'x & <y>', disabled: false });
  writeFileSync(json, JSON.stringify(shown));
  const r = await runCli(['build', '--from', json, '-o', gpo, '--force']);
  assert.is(r.code, 0, r.stderr);
  const after = readFileSync(xmlFile, 'utf8');
  assert.match(after, 'name="Level" type="REG_DWORD" value="0000000b"');
  assert.not.match(after, 'name="Old"');
  assert.match(after, /<Registry clsid="\{9CD4B2F4-923D-47f5-A062-E897DD1DAD50\}" name="v" status="v" image="7" changed="[0-9: -]+" uid="\{[0-9A-F-]{36}\}"><Properties action="U" hive="HKEY_CURRENT_USER" key="Software\\New" default="0" name="v" type="REG_SZ" value="x &amp; &lt;y&gt;"\/><\/Registry><\/RegistrySettings>/);
  // Every other item is byte for byte as it was.
  const untouched = before.split('<Registry ').filter((x) => !/name="(Level|Old)"/.test(x)).map((x) => x.replace('</RegistrySettings>', ''));
  for (const x of untouched.slice(1)) assert.ok(after.includes(x), x.slice(0, 80));
  const again = JSON.parse((await runCli(['show', '--json', gpo])).stdout).sides.User.preferences.registry;
  assert.equal(again.map((i: { name?: string; value?: unknown }) => [i.name, i.value]).slice(0, 1), [['Level', 11]]);
  assert.equal(again[again.length - 1].value, 'x & <y>');
});

test('a preference value XML cannot hold is refused, never replaced; a tab or line break is written as a reference and read back', async () => {
  const { rebuildPreferences } = await import('../src/gpo/parts-write.js');
  const { sidePartsJson } = await import('../src/render/gpo.js');
  const bytes = readFileSync(path.join(ROOT, 'fixtures', 'gpo', '{00000000-1111-2222-3333-444444444444}', 'User', 'Preferences', 'Registry', 'Registry.xml'));
  const shown = () => sidePartsJson({ preferences: { file: '', registry: readRegistryPreferences(parseXml(bytes)), diagnostics: [] }, unread: [] })['preferences'] as { registry: Array<Record<string, unknown>> };
  const withValue = (v: string) => {
    const doc = shown();
    doc.registry[0]!['value'] = v;
    return doc;
  };
  assert.throws(() => rebuildPreferences(withValue('a\u0001b'), new Uint8Array(bytes)), (e: { code?: string; message: string }) => e.code === 'JSON_BAD_DOCUMENT' && e.message.includes('U+0001'));
  const kept = rebuildPreferences(withValue('a\tb\nc'), new Uint8Array(bytes));
  assert.is(readRegistryPreferences(parseXml(kept.bytes)).items[0]!.value, 'a\tb\nc');
});

test.run();
