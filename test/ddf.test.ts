/**
 * Microsoft's Policy CSP definitions (DDF v2), the first step of the GPO → Intune issue (#22): read
 * through gpreg's XML reader (OMA's DOCTYPE read past, never interpreted), each MDM policy with its
 * URI, format, minimum build and what it stands for in Group Policy. The real-data check compares
 * two Microsoft publications: the DDF's ADMX-backed policies and the Windows 11 templates.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GpregError, loadPolicyDefinitions } from '../src/index.js';
import { loadDdf } from '../src/mdm/ddf.js';
import { admxBackedIndex, blockedKey, mapToMdm } from '../src/mdm/intune.js';
import type { PolicyReading } from '../src/policy/read.js';
import { nativeValue } from '../src/mdm/native.js';
import { mapSecurityToMdm } from '../src/mdm/security.js';
import { parseInf } from '../src/formats/inf/inf.js';
import { readSecurityTemplate } from '../src/gpo/security.js';
import { parseXml } from '../src/admx/xml.js';
import type { PolicyDefinition } from '../src/policy/types.js';
import { fixture, ROOT, runCli, tempDir } from './helpers.js';
import { SHARED_ADMX, SHARED_GPOS } from './gpmc.js';

const tmp = tempDir('gpreg-ddf-');
test.after(() => rmSync(tmp, { recursive: true, force: true }));
const SHARED_DDF = path.resolve(ROOT, '..', 'shared', 'ddf', 'policy-ddf-2024-05');

test('a DDF file: each leaf node under Policy/Config is a policy, ADMX-backed or mapped to a Group Policy', async () => {
  const set = await loadDdf(fixture('ddf', 'small'));
  assert.equal(set.diagnostics, []);
  assert.equal(set.policies, [
    { uri: './Device/Vendor/MSFT/Policy/Config/Gpreg/Choice', scope: 'Device', area: 'Gpreg', name: 'Choice', format: 'chr', admx: { file: 'Gpreg.Test.admx', area: 'Gpreg~AT~Test', name: 'Choice' }, minBuild: '10.0.19041', description: 'Backed by the test template' },
    { uri: './Device/Vendor/MSFT/Policy/Config/Gpreg/Lists', scope: 'Device', area: 'Gpreg', name: 'Lists', format: 'chr', admx: { file: 'Gpreg.Test.admx', area: 'Gpreg~AT~Test', name: 'Lists' } },
    { uri: './Device/Vendor/MSFT/Policy/Config/Gpreg/AllowThing', scope: 'Device', area: 'Gpreg', name: 'AllowThing', format: 'int', gp: { englishName: 'Allow the thing', areaPath: 'Gpreg~AT~Test', element: 'Thing_Box' } },
  ]);
});

test('a DOCTYPE is read past, never interpreted: an entity it declares is unknown (the file is said, the others read); no DDF at all is DDF_NOT_FOUND', async () => {
  const dir = path.join(tmp, 'entity');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'Evil.xml'), '<?xml version="1.0"?><!DOCTYPE MgmtTree [<!ENTITY x SYSTEM "file:///etc/passwd">]><MgmtTree><Node><NodeName>&x;</NodeName></Node></MgmtTree>');
  writeFileSync(path.join(dir, 'Good.xml'), '<MgmtTree><Node><NodeName>A</NodeName><Path>./User/Vendor/MSFT/Policy/Config</Path><Node><NodeName>B</NodeName><DFProperties><DFFormat><bool/></DFFormat></DFProperties></Node></Node></MgmtTree>');
  const set = await loadDdf(dir);
  assert.equal(set.policies.map((p) => p.uri), ['./User/Vendor/MSFT/Policy/Config/A/B']);
  assert.equal(set.diagnostics.map((d) => [d.code, d.line]), [['DDF_UNREAD', 1]]);
  assert.match(set.diagnostics[0]!.message, /^Evil\.xml: /);
  const empty = path.join(tmp, 'empty');
  mkdirSync(empty);
  try {
    await loadDdf(empty);
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof GpregError);
    assert.is(e.code, 'DDF_NOT_FOUND');
    assert.match(e.message, 'Configuration service provider DDF files');
  }
});

test('intune: each policy with its MDM twin, URI and payload (data ids and values from the template), or why there is none', async () => {
  const admx = fixture('admx', 'all-elements');
  const pol = path.join(tmp, 'Machine', 'Registry.pol');
  mkdirSync(path.dirname(pol), { recursive: true });
  const built = await runCli(['build', 'Gpreg.Policies.Test:Choice', '--admx', admx, '--state', 'enabled', '--option', 'Mode=High & boosted', '-o', pol]);
  assert.is(built.code, 0, built.stderr);
  await runCli(['build', 'Gpreg.Policies.Test:Lists', '--admx', admx, '--state', 'enabled', '--option', 'Named=alpha', '--option', 'Named=beta', '-o', path.join(tmp, 'lists.pol')]);
  await runCli(['set', pol, 'Gpreg.Policies.Test:Lists', '--admx', admx, '--state', 'enabled', '--option', 'Named=alpha', '--option', 'Named=beta']);
  await runCli(['set', pol, 'Gpreg.Policies.Test:Numbers', '--admx', admx, '--state', 'disabled']);
  const r = await runCli(['intune', '--json', '--admx', admx, '--ddf', fixture('ddf', 'small'), pol]);
  assert.is(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { policies: Array<{ name: string; status: string; uri?: string; payload?: string }> };
  const by = (n: string) => doc.policies.find((p) => p.name === `Gpreg.Policies.Test:${n}`)!;
  // The enum item's value as the template gives it (<string>high</string>), the list's items joined with U+F000.
  assert.equal([by('Choice').status, by('Choice').uri, by('Choice').payload], ['supported', './Device/Vendor/MSFT/Policy/Config/Gpreg/Choice', '<enabled/><data id="Mode" value="high"/>']);
  assert.is(by('Lists').payload, '<enabled/><data id="Named" value="alpha\uf000beta"/>');
  assert.is(by('Numbers').status, 'notSupported', 'a template the Policy CSP backs, a policy it does not');
  // A deprecated twin: still mapped, with its payload, and said (the DDF's OsBuildDeprecated).
  const deprecatedDdf = path.join(tmp, 'deprecated-ddf');
  mkdirSync(deprecatedDdf);
  const ddfText = readFileSync(fixture('ddf', 'small', 'Gpreg_AreaDDF.xml'), 'utf8');
  writeFileSync(path.join(deprecatedDdf, 'Gpreg_AreaDDF.xml'), ddfText.replace('</MSFT:AllowedValues>', '</MSFT:AllowedValues><MSFT:Deprecated OsBuildDeprecated="10.0.22000" />').replace('<DFFormat><int /></DFFormat>', '<DFFormat><int /></DFFormat><DefaultValue>1</DefaultValue><MSFT:AllowedValues ValueType="ENUM"><MSFT:Enum><MSFT:Value>0</MSFT:Value><MSFT:ValueDescription>Blocked</MSFT:ValueDescription></MSFT:Enum><MSFT:Enum><MSFT:Value>1</MSFT:Value></MSFT:Enum></MSFT:AllowedValues>'));
  const read = await loadDdf(deprecatedDdf);
  assert.equal(read.policies.map((p) => [p.name, p.deprecated, p.allowed, p.defaultValue]), [
    ['Choice', { build: '10.0.22000' }, undefined, undefined],
    ['Lists', undefined, undefined, undefined],
    ['AllowThing', undefined, { kind: 'ENUM', values: [{ value: '0', description: 'Blocked' }, { value: '1' }] }, '1'],
  ]);
  const dep = JSON.parse((await runCli(['intune', '--json', '--admx', admx, '--ddf', deprecatedDdf, pol])).stdout) as typeof doc;
  const choice = dep.policies.find((p) => p.name === 'Gpreg.Policies.Test:Choice')! as (typeof doc.policies)[number] & { reason?: string };
  assert.equal([choice.status, choice.payload], ['deprecated', '<enabled/><data id="Mode" value="high"/>']);
  assert.match(choice.reason!, 'deprecated from Windows build 10.0.22000');
  const missing = await runCli(['intune', pol], { env: { GPREG_DDF: '' } });
  assert.equal([missing.code, missing.stdout], [2, '']);
  assert.match(missing.stderr, 'give --ddf');
});

/** A GPO folder made with gpreg: the vendor template's policies on both sides. */
let made = 0;
async function vendorGpo(): Promise<{ dir: string; admx: string[] }> {
  const admx = ['--admx', fixture('admx', 'all-elements'), '--admx', fixture('admx', 'vendor')];
  const dir = path.join(tmp, `vendor-gpo-${made++}`);
  mkdirSync(path.join(dir, 'Machine'), { recursive: true });
  mkdirSync(path.join(dir, 'User'), { recursive: true });
  const machine = path.join(dir, 'Machine', 'Registry.pol');
  for (const argv of [
    ['build', 'Contoso.Policies.App:ProxyServer', ...admx, '--state', 'enabled', '--option', 'ProxyAddress=proxy:8080 & <b> ]]> end', '-o', machine],
    ['set', machine, 'Contoso.Policies.App:Telemetry', ...admx, '--state', 'enabled'],
    ['build', 'Contoso.Policies.App:ProxyServer', ...admx, '--state', 'disabled', '-o', path.join(dir, 'User', 'Registry.pol')],
  ]) {
    const r = await runCli(argv);
    assert.is(r.code, 0, r.stderr);
  }
  return { dir, admx: [...admx, '--ddf', fixture('ddf', 'small')] };
}

test('intune: a vendor template is ingested first (ADMXInstall), its policies set under <App>~Policy~<its own categories>; one writing where Windows refuses ingested templates is blocked', async () => {
  const { dir, admx } = await vendorGpo();
  const r = await runCli(['intune', '--json', ...admx, dir]);
  assert.is(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { policies: Array<{ name: string; side: string; status: string; uri?: string; payload?: string; ingest?: { app: string; uri: string; file: string }; reason?: string }> };
  const [machine, telemetry, user] = doc.policies;
  // Microsoft's rule: {AppName}~{SettingType}~{CategoryPathFromAdmx}, the path from the template's own
  // root category (ContosoApp; its parent Root is another file's, as Chrome's googlechrome is below Google's Cat_Google).
  assert.equal([machine!.status, machine!.uri, machine!.ingest?.uri, machine!.ingest?.app], ['needsIngestion', './Device/Vendor/MSFT/Policy/Config/Contoso_App~Policy~ContosoApp~Network/ProxyServer', './Device/Vendor/MSFT/Policy/ConfigOperations/ADMXInstall/Contoso_App/Policy/Contoso_App', 'Contoso_App']);
  assert.is(machine!.payload, '<enabled/><data id="ProxyAddress" value="proxy:8080 &amp; &lt;b&gt; ]]&gt; end"/>');
  assert.equal([user!.side, user!.uri, user!.payload], ['User', './User/Vendor/MSFT/Policy/Config/Contoso_App~Policy~ContosoApp~Network/ProxyServer', '<disabled/>']);
  assert.equal([telemetry!.status, telemetry!.uri], ['blocked', undefined]);
  assert.match(telemetry!.reason!, 'it writes to Software\\Policies\\Microsoft\\Contoso, where Windows refuses ingested templates');
  // The exceptions Microsoft lists are not blocked (Office's keys); anything else under the three roots is.
  const def = (key: string) => ({ key, elements: [] }) as unknown as PolicyDefinition;
  assert.is(blockedKey(def('Software\\Policies\\Microsoft\\Office\\16.0\\Excel')), undefined);
  assert.is(blockedKey(def('SOFTWARE\\Policies\\Microsoft\\Edge')), 'SOFTWARE\\Policies\\Microsoft\\Edge');
  assert.is(blockedKey(def('System\\CurrentControlSet')), 'System\\CurrentControlSet');
  assert.is(blockedKey(def('Software\\Policies\\Google\\Chrome')), undefined);
  assert.is(blockedKey(def('Software\\Policies\\Microsoft')), 'Software\\Policies\\Microsoft', 'the root itself');
});

test('intune: a tree of GPOs is one report per GPO below it; a folder with none is IO_READ', async () => {
  const tree = path.join(tmp, 'intune-tree');
  for (const guid of ['{11111111-0000-4000-8000-000000000001}', '{11111111-0000-4000-8000-000000000002}']) cpSync(fixture('gpo', '{00000000-1111-2222-3333-444444444444}'), path.join(tree, 'Policies', guid), { recursive: true });
  const r = await runCli(['intune', '--json', '--ddf', fixture('ddf', 'small'), tree]);
  assert.is(r.code, 0, r.stderr);
  const docs = JSON.parse(r.stdout) as Array<{ gpo: string; policies: unknown[] }>;
  assert.equal(docs.map((d) => path.basename(d.gpo)), ['{11111111-0000-4000-8000-000000000001}', '{11111111-0000-4000-8000-000000000002}']);
  assert.ok(docs.every((d) => d.policies.length > 0), 'each GPO\'s security settings');
  const none = await runCli(['intune', '--ddf', fixture('ddf', 'small'), fixture('admx')]);
  assert.equal([none.code, none.stdout], [2, '']);
  assert.match(none.stderr, 'a folder with no GPO in it');
});

test('intune outputs: --graph-json a custom configuration profile (the template ingested first), --syncml Replace commands that read back as the payloads, --csv a row per policy, --html a safe page', async () => {
  const { dir, admx } = await vendorGpo();
  const template = readFileSync(fixture('admx', 'vendor', 'Contoso.App.admx'), 'utf8');
  const profile = JSON.parse((await runCli(['intune', '--graph-json', ...admx, dir])).stdout) as Record<string, unknown> & { omaSettings: Array<Record<string, string>> };
  assert.is(profile['@odata.type'], '#microsoft.graph.windows10CustomConfiguration');
  assert.equal(profile.omaSettings.map((s) => [s['@odata.type'], s['omaUri']]), [
    ['#microsoft.graph.omaSettingString', './Device/Vendor/MSFT/Policy/ConfigOperations/ADMXInstall/Contoso_App/Policy/Contoso_App'],
    ['#microsoft.graph.omaSettingString', './Device/Vendor/MSFT/Policy/Config/Contoso_App~Policy~ContosoApp~Network/ProxyServer'],
    ['#microsoft.graph.omaSettingString', './User/Vendor/MSFT/Policy/Config/Contoso_App~Policy~ContosoApp~Network/ProxyServer'],
  ]);
  assert.is(profile.omaSettings[0]!['value'], template, 'the ADMX file as it is');
  // The SyncML message is XML whose Data are the payloads exactly (a "]]>" in one does not end its CDATA).
  const syncml = (await runCli(['intune', '--syncml', ...admx, dir])).stdout;
  const root = parseXml(new Uint8Array(Buffer.from(syncml)));
  const commands = root.children.find((c) => c.name === 'SyncBody')!.children.filter((c) => c.name === 'Replace');
  const item = (c: (typeof commands)[number]) => c.children.find((x) => x.name === 'Item')!;
  const data = commands.map((c) => item(c).children.find((x) => x.name === 'Data')!.text);
  assert.equal(data, profile.omaSettings.map((s) => s['value']));
  assert.equal(commands.map((c) => c.children.find((x) => x.name === 'CmdID')!.text), ['1', '2', '3']);
  const csv = (await runCli(['intune', '--csv', ...admx, dir])).stdout;
  assert.ok(csv.startsWith('\ufeffgpo,side,status,name,displayName,category,class,state,uri,payload,minBuild,ingestFile,ingestUri,reason\r\n'));
  assert.is(csv.trim().split('\r\n').length, 4);
  const page = path.join(tmp, 'intune.html');
  const html = await runCli(['intune', '--html', '-o', page, ...admx, dir]);
  assert.is(html.code, 0, html.stderr);
  const text = readFileSync(page, 'utf8');
  assert.match(text, /<strong>0%<\/strong> of 3 settings have an MDM twin/);
  assert.match(text, '<span class="badge error">blocked</span>');
  assert.match(text, 'proxy:8080 &amp;amp; &amp;lt;b&amp;gt;', 'the payload shown as text');
  assert.ok(!/<script/i.test(text));
  const usage = await runCli(['intune', '--html', ...admx, dir]);
  assert.equal([usage.code, usage.stdout], [2, '']);
  assert.is((await runCli(['intune', '--html', '-o', page, ...admx, dir])).code, 2, 'an existing page is not replaced without --force');
  const out = path.join(tmp, 'profile.json');
  assert.is((await runCli(['intune', '--graph-json', '-o', out, ...admx, dir])).code, 0);
  assert.equal(JSON.parse(readFileSync(out, 'utf8')), profile);
});

/** A DDF file of native nodes, in the DDF's layout: each `[path, name, format, allowed XML, GpMapping attributes]`. */
function nativeDdf(nodes: Array<[string, string, string, string, string]>): string {
  const dir = path.join(tmp, `native-ddf-${made++}`);
  mkdirSync(dir);
  const body = nodes.map(([area, name, format, allowed, gp]) => `<Node><NodeName>${area}</NodeName><Path>./Device/Vendor/MSFT/Policy/Config</Path><Node><NodeName>${name}</NodeName><DFProperties><DFFormat><${format} /></DFFormat>${allowed}<MSFT:GpMapping ${gp} /></DFProperties></Node></Node>`);
  writeFileSync(path.join(dir, 'Native_AreaDDF.xml'), `<?xml version="1.0"?><MgmtTree xmlns:MSFT="http://schemas.microsoft.com/MobileDevice/DM">${body.join('')}</MgmtTree>`);
  return dir;
}

const ENUM = (...values: number[]) => `<MSFT:AllowedValues ValueType="ENUM">${values.map((v) => `<MSFT:Enum><MSFT:Value>${v}</MSFT:Value></MSFT:Enum>`).join('')}</MSFT:AllowedValues>`;
const RANGE = (r: string) => `<MSFT:AllowedValues ValueType="Range"><MSFT:Value>${r}</MSFT:Value></MSFT:AllowedValues>`;

test('intune: security settings and native policies get their node by name and the value in its format, checked against its allowed values; what does not fit is said, never sent', async () => {
  const SEC = 'GpAreaPath="Windows Settings~Security Settings~Account Policies~Password Policy"';
  const ddf = nativeDdf([
    ['DeviceLock', 'MinimumPasswordLength', 'int', RANGE('[0-128]'), `GpEnglishName="Minimum password length" ${SEC}`],
    ['DeviceLock', 'PasswordHistorySize', 'int', RANGE('[0-20]'), `GpEnglishName="Enforce password history" ${SEC}`],
    ['DeviceLock', 'PasswordComplexity', 'int', ENUM(0, 1), `GpEnglishName="Password must meet complexity requirements" ${SEC}`],
    ['UserRights', 'AllowRemoteDesktopServicesLogOn', 'chr', '', 'GpEnglishName="Allow log on through Remote Desktop Services" GpAreaPath="Windows Settings~Security Settings~Local Policies~User Rights Assignment"'],
    ['LocalPoliciesSecurityOptions', 'NetworkSecurity_LANManagerAuthenticationLevel', 'int', ENUM(0, 1, 2, 3, 4, 5), 'GpEnglishName="Network security: LAN Manager authentication level" GpAreaPath="Windows Settings~Security Settings~Local Policies~Security Options"'],
    // Spacing and punctuation folded alike (the DDF's "Logon Logoff" is the editor's "Logon/Logoff").
    ['Audit', 'AccountLogonLogoff_AuditLogon', 'int', ENUM(0, 1, 2, 3), 'GpEnglishName="Audit  Logon" GpAreaPath="Windows Settings~Security Settings~Advanced Audit Policy Configuration~System Audit Policies~Logon/Logoff"'],
    ['Gpreg2', 'Texts', 'chr', '', 'GpEnglishName="Texts" GpAreaPath="Gpreg~AT~Test" GpElement="Name"'],
    ['Gpreg2', 'Numbers', 'int', RANGE('[5-20]'), 'GpEnglishName="Numbers" GpAreaPath="Gpreg~AT~Test" GpElement="Dec"'],
  ]);
  const admx = fixture('admx', 'all-elements');
  const gpo = fixture('gpo', '{00000000-1111-2222-3333-444444444444}');
  const pol = path.join(tmp, 'native.pol');
  for (const argv of [
    ['build', 'Gpreg.Policies.Test:Texts', '--admx', admx, '--state', 'enabled', '--option', 'Name=abc', '-o', pol],
    ['set', pol, 'Gpreg.Policies.Test:Numbers', '--admx', admx, '--state', 'enabled', '--option', 'Dec=30', '--hive', 'HKLM'],
  ]) {
    const r = await runCli(argv);
    assert.is(r.code, 0, r.stderr);
  }
  const r = await runCli(['intune', '--json', '--admx', admx, '--ddf', ddf, gpo, pol]);
  assert.is(r.code, 0, r.stderr);
  type Doc = { policies: Array<{ name: string; displayName: string; status: string; uri?: string; payload?: string; format?: string; reason?: string }> };
  const [g, f] = JSON.parse(r.stdout) as [Doc, Doc];
  const by = (d: Doc, name: string) => d.policies.find((p) => p.displayName === name)!;
  // The template's values as the nodes take them (GptTmpl.inf: 14, 1, 24; two SIDs; LmCompatibilityLevel 5; audit.csv: 3).
  assert.equal([by(g, 'Minimum password length').status, by(g, 'Minimum password length').uri, by(g, 'Minimum password length').payload, by(g, 'Minimum password length').format], ['native', './Device/Vendor/MSFT/Policy/Config/DeviceLock/MinimumPasswordLength', '14', 'int']);
  assert.is(by(g, 'Password must meet complexity requirements').payload, '1');
  assert.equal([by(g, 'Enforce password history').status, by(g, 'Enforce password history').payload], ['noPayload', undefined]);
  assert.match(by(g, 'Enforce password history').reason!, "24 is outside the node's range [0-20]");
  assert.is(by(g, 'Allow log on through Remote Desktop Services').payload, '*S-1-5-32-544\uf000*S-1-5-32-555');
  assert.is(by(g, 'Network security: LAN Manager authentication level').payload, '5');
  assert.equal([by(g, 'Audit Logon').status, by(g, 'Audit Logon').payload], ['native', '3']);
  assert.equal([by(g, 'Audit Credential Validation').status, by(g, 'Account lockout threshold').status], ['notSupported', 'notSupported']);
  assert.equal([by(f, 'Texts').status, by(f, 'Texts').payload, by(f, 'Texts').format], ['native', 'abc', 'chr']);
  assert.equal([by(f, 'Numbers').status, by(f, 'Numbers').payload], ['native', undefined]);
  assert.match(by(f, 'Numbers').reason!, "30 is outside the node's range [5-20]");
  // Deployed in the node's type: an integer node as omaSettingInteger, in SyncML as Format int.
  const profile = JSON.parse((await runCli(['intune', '--graph-json', '--admx', admx, '--ddf', ddf, gpo])).stdout) as { omaSettings: Array<{ '@odata.type': string; omaUri: string; value: unknown }> };
  const minimum = profile.omaSettings.find((s) => s.omaUri.endsWith('/MinimumPasswordLength'))!;
  assert.equal([minimum['@odata.type'], minimum.value], ['#microsoft.graph.omaSettingInteger', 14]);
  assert.ok(!profile.omaSettings.some((s) => s.omaUri.endsWith('/PasswordHistorySize')), 'a value that does not fit is not sent');
  const syncml = (await runCli(['intune', '--syncml', '--admx', admx, '--ddf', ddf, gpo])).stdout;
  assert.match(syncml, /<Format xmlns="syncml:metinf">int<\/Format><Type xmlns="syncml:metinf">text\/plain<\/Type><\/Meta>\s*<Target><LocURI>\.\/Device\/Vendor\/MSFT\/Policy\/Config\/DeviceLock\/MinimumPasswordLength<\/LocURI><\/Target>\s*<Data><!\[CDATA\[14\]\]><\/Data>/);
});

test('intune: a system service goes by its display name to its SystemServices node, its start type the value; permissions the node cannot carry are said', () => {
  const text = '[Unicode]\r\nUnicode=yes\r\n[Service General Setting]\r\n"XblGameSave",4,""\r\n"SSDPSRV",3,"D:AR(A;;RP;;;AU)"\r\n"UnknownSvc",4,""\r\n[System Log]\r\nMaximumLogSize = 32768\r\n[Group Membership]\r\n*S-1-5-32-544__Members = *S-1-5-21-1-2-3-500\r\n';
  const doc = parseInf(new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])));
  const parts = { unread: [], security: { file: 'GptTmpl.inf', doc, template: readSecurityTemplate(doc), diagnostics: [] } };
  const node = (name: string, gp: string) => ({ uri: `./Device/Vendor/MSFT/Policy/Config/SystemServices/${name}`, scope: 'Device' as const, area: 'SystemServices', name, format: 'int', gp: { englishName: gp, areaPath: 'Windows Settings~Security Settings~System Services' }, allowed: { kind: 'ENUM', values: [{ value: '2' }, { value: '3' }, { value: '4' }] } });
  const index = admxBackedIndex([node('ConfigureXboxLiveGameSaveServiceStartupMode', 'Xbox Live Game Save'), node('ConfigureSSDPDiscoveryServiceStartupMode', 'SSDP Discovery')]);
  const m = mapSecurityToMdm(parts, index);
  // Nothing of the template is left out silently: an event log setting and a restricted group are said, with why.
  assert.equal(m.map((x) => [x.displayName, x.status, x.payload]), [
    ['System log: MaximumLogSize', 'notSupported', undefined],
    ['Restricted group BUILTIN\\Administrators', 'notSupported', undefined],
    ['Xbox Live Game Save', 'native', '4'],
    ['SSDP Discovery', 'native', '3'],
    ['UnknownSvc', 'notSupported', undefined],
  ]);
  assert.match(m[1]!.reason!, 'RestrictedGroups/ConfigureGroupMembership');
  assert.match(m[3]!.reason!, "the service's permissions (D:AR(A;;RP;;;AU)) are not carried");
  assert.is(m[2]!.reason, undefined);
});

test('intune: a native node named as the registry value a policy writes takes what its state writes there; another name gets no guessed value', async () => {
  const admx = fixture('admx', 'all-elements');
  const run = async (nodeName: string, state: string) => {
    const ddf = nativeDdf([['Gpreg3', nodeName, 'chr', '', 'GpEnglishName="Values" GpAreaPath="Gpreg~AT~Test"']]);
    const pol = path.join(tmp, `values-${made++}.pol`);
    assert.is((await runCli(['build', 'Gpreg.Policies.Test:Values', '--admx', admx, '--state', state, '-o', pol])).code, 0);
    const doc = JSON.parse((await runCli(['intune', '--json', '--admx', admx, '--ddf', ddf, pol])).stdout) as { policies: Array<{ status: string; payload?: string; reason?: string }> };
    return doc.policies[0]!;
  };
  // The Values policy writes its value On = "yes" when enabled, and deletes it when disabled.
  const on = await run('On', 'enabled');
  assert.equal([on.status, on.payload], ['native', 'yes']);
  assert.match(on.reason!, 'the node has the name of the value the policy writes (On)');
  const off = await run('On', 'disabled');
  assert.equal([off.status, off.payload], ['native', undefined]);
  const other = await run('AllowValues', 'enabled');
  assert.equal([other.status, other.payload], ['native', undefined]);
  assert.match(other.reason!, 'not named as the value the policy writes');
});

test('native values: a node\'s format and allowed values decide', () => {
  assert.equal(nativeValue({ format: 'int' }, true), { value: '1' });
  assert.equal(nativeValue({ format: 'int' }, ' 7 '), { value: '7' });
  assert.ok('reason' in nativeValue({ format: 'int' }, 'seven'));
  assert.equal(nativeValue({ format: 'bool' }, 1), { value: 'true' });
  assert.equal(nativeValue({ format: 'chr' }, ['a', 'b']), { value: 'a\uf000b' });
  assert.equal(nativeValue({ format: 'int', allowed: { kind: 'Range', range: '[(-1)-4294967295]' } }, -1), { value: '-1' });
  assert.ok('reason' in nativeValue({ format: 'int', allowed: { kind: 'Range', range: '[(-1)-4294967295]' } }, -2));
  assert.ok('reason' in nativeValue({ format: 'int', allowed: { kind: 'ENUM', values: [{ value: '0' }, { value: '2' }] } }, 1));
  assert.ok('reason' in nativeValue({ format: 'node' }, 1));
});

// Needs ../shared (the DDF files and the templates): skipped, and counted so, without it.
(SHARED_ADMX && existsSync(SHARED_DDF) ? test : test.skip)("Microsoft's DDF files: every file read; their ADMX-backed policies are the Windows 11 templates' policies", async () => {
  const set = await loadDdf(SHARED_DDF);
  assert.equal([set.files, set.diagnostics], [308, []]);
  const backed = set.policies.filter((p) => p.admx);
  assert.ok(backed.length > 2400 && set.policies.filter((p) => p.gp).length > 750, `${backed.length} ADMX-backed`);
  // The other publication: a policy of that name in that template file.
  const defs = await loadPolicyDefinitions([path.join(SHARED_ADMX!, 'windows-11-25h2')], { cacheDir: path.join(tmp, 'cache') });
  const names = new Set(defs.policies.map((p) => `${path.basename(p.source?.file ?? '').toLowerCase()}|${p.name.toLowerCase()}`));
  const files = new Set(defs.policies.map((p) => path.basename(p.source?.file ?? '').toLowerCase()));
  const inTemplates = backed.filter((p) => files.has(p.admx!.file.toLowerCase()));
  const missing = inTemplates.filter((p) => !names.has(`${p.admx!.file.toLowerCase()}|${p.admx!.name.toLowerCase()}`)).map((p) => `${p.admx!.file}:${p.admx!.name}`);
  assert.ok(inTemplates.length > 2400, `${inTemplates.length} in the Windows 11 template files`);
  // The May 2024 DDF against the 25H2 templates: three policies the newer templates no longer have.
  assert.equal(missing, ['EAIME.admx:L_TurnOnLexiconUpdate', 'EAIME.admx:L_TurnOnLiveStickers', 'WindowsDefender.admx:UX_Configuration_CustomDefaultActionToastString']);
  // The reverse: each template policy a node backs finds that node again, by its own file and name
  // (as `gpreg intune` looks it up), and its side's URI is the node's.
  const index = admxBackedIndex(set.policies);
  const byName = new Map(defs.policies.map((d) => [`${path.basename(d.source?.file ?? '').toLowerCase()}|${d.name.toLowerCase()}`, d]));
  let found = 0;
  for (const node of inTemplates) {
    const def = byName.get(`${node.admx!.file.toLowerCase()}|${node.admx!.name.toLowerCase()}`);
    if (!def) continue;
    const reading = { id: `${def.namespace}:${def.name}`, displayName: def.displayName, definition: def, state: 'disabled', options: new Map(), evidence: [], findings: [] } as unknown as PolicyReading;
    const [m] = mapToMdm([reading], index, node.scope === 'User' ? 'User' : 'Machine', new Set([node.admx!.file.toLowerCase()]));
    assert.ok(m!.uri === node.uri || (m!.status === 'supported' && index.get(`${node.admx!.file.toLowerCase()}|${node.admx!.name.toLowerCase()}`)!.some((n) => n.uri === m!.uri)), `${node.uri}: ${m!.status} ${m!.uri}`);
    found++;
  }
  assert.is(found, inTemplates.length - missing.length);
});

// The Windows 11 baseline's Domain Security GPO: each account policy GPMC's report gives a number or
// a flag for, mapped by name to its DeviceLock node, carries GPMC's value (a flag as 1 or 0) when
// the node takes it; every advanced audit subcategory of the baseline finds its Audit node.
(SHARED_ADMX && SHARED_GPOS && existsSync(SHARED_DDF) ? test : test.skip)('the Windows 11 baseline to Intune: account policies carry the values GPMC reports, every audit subcategory has its node', async () => {
  const set = path.join(SHARED_GPOS!, 'Win11_24H2');
  const domain = path.join(set, '{04602802-38C4-4900-87CD-B126DA8875ED}');
  const report = new TextDecoder('utf-16le').decode(readFileSync(path.join(domain, 'gpreport.xml')));
  const gpmc = new Map([...report.matchAll(/<q\d+:Account>\s*<q\d+:Name>(\w+)<\/q\d+:Name>\s*<q\d+:Setting(?:Number|Boolean)>(\w+)</g)].map((m) => [m[1]!, m[2] === 'true' ? '1' : m[2] === 'false' ? '0' : m[2]!]));
  assert.ok(gpmc.size >= 8, `${gpmc.size} account policies in GPMC's report`);
  const r = await runCli(['intune', '--json', '--admx', path.join(SHARED_ADMX!, 'windows-11-25h2'), '--ddf', SHARED_DDF, domain, ...readdirSync(set).filter((d) => d.startsWith('{')).map((d) => path.join(set, d))]);
  assert.is(r.code, 0, r.stderr);
  const docs = JSON.parse(r.stdout) as Array<{ policies: Array<{ name: string; status: string; uri?: string; payload?: string }> }>;
  let carried = 0;
  for (const p of docs[0]!.policies.filter((x) => x.name.startsWith('security:account:'))) {
    const key = p.name.slice('security:account:'.length);
    if (p.status !== 'native') continue;
    assert.ok(p.uri!.startsWith('./Device/Vendor/MSFT/Policy/Config/DeviceLock/'), p.uri);
    assert.is(p.payload, gpmc.get(key), key);
    carried++;
  }
  assert.ok(carried >= 5, `${carried} account policies carried`);
  const audit = docs.slice(1).flatMap((d) => d.policies.filter((p) => p.name.startsWith('audit:')));
  assert.ok(audit.length >= 20, `${audit.length} audit subcategories`);
  assert.equal(audit.filter((p) => p.status !== 'native').map((p) => p.name), []);
});

test.run();
