import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { auditTree, buildPolicy, type AuditEntry } from '../src/index.js';
import { renderAuditHtml } from '../src/render.js';
import { sectionFile } from '../src/cli/section-file.js';
import { VERSION } from '../src/cli/version.js';
import { encodePol, opsToPol } from '../src/pol.js';
import { serializeReg } from '../src/reg.js';
import { main } from '../src/cli/main.js';
import { CORPUS, fixture, HEADER_ONLY, readBytes, runCli, tempDir } from './helpers.js';

const root = tempDir('gpreg-audit-');
test.after(() => rmSync(root, { recursive: true, force: true }));
/** Writes files below a folder, making the folders on the way. */
const writerIn = (dir: string) => (rel: string, data: Uint8Array | string) => {
  const p = path.join(dir, ...rel.split('/'));
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, data);
};
const write = writerIn(root);
const pol = (setting: unknown) => encodePol(opsToPol(buildPolicy('offer-remote-assistance', setting).ops));
const G1 = '{11111111-1111-1111-1111-111111111111}';
const G2 = '{22222222-2222-2222-2222-222222222222}';
const G3 = '{33333333-3333-3333-3333-333333333333}';
const G4 = '{44444444-4444-4444-4444-444444444444}';

// GPO backup layout, named by bkupInfo.xml; another by Backup.xml; SYSVOL layout (named by its GUID: gpt.ini's displayName is stale in practice); one without metadata.
write(`backups/${G1}/bkupInfo.xml`, `<BackupInst xmlns="http://www.microsoft.com/GroupPolicy/GPOOperations/Manifest"><GPOGuid><![CDATA[${G1}]]></GPOGuid><GPODisplayName><![CDATA[Help Desk & Tier 2]]></GPODisplayName></BackupInst>`);
write(`backups/${G1}/DomainSysvol/GPO/Machine/registry.pol`, pol({ state: 'enabled', control: 'full', helpers: ['CONTOSO\\HelpDesk'] }));
write(`backups/${G1}/DomainSysvol/GPO/User/registry.pol`, readBytes(fixture('pol/corrupt/missing-rbracket.pol')));
write(`backups/${G2}/Backup.xml`, '\ufeff<?xml version="1.0" encoding="utf-8"?><GroupPolicyBackupScheme><GroupPolicyObject><GroupPolicyCoreSettings><ID><![CDATA[x]]></ID><DisplayName><![CDATA[Workstations]]></DisplayName></GroupPolicyCoreSettings></GroupPolicyObject></GroupPolicyBackupScheme>');
write(`backups/${G2}/DomainSysvol/GPO/Machine/registry.pol`, pol({ state: 'disabled' }));
write(`sysvol/Policies/${G3}/gpt.ini`, '[General]\r\nVersion=65537\r\ndisplayName=Kiosks\r\n');
write(`sysvol/Policies/${G3}/Machine/Registry.pol`, pol({ state: 'enabled', control: 'view', helpers: ['CONTOSO\\Kiosk Admins'] }));
write(`sysvol/Policies/${G3}/User/Registry.pol`, new Uint8Array(0)); // empty: not a PReg file
write(`sysvol/Policies/${G4}/Machine/Registry.pol`, HEADER_ONLY);
write('loose/tweak.reg', serializeReg(buildPolicy('offer-remote-assistance', { state: 'enabled', control: 'view', helpers: ['Administrators'] }, { target: 'reg' }).ops).bytes);
write('loose/notes.txt', 'not a policy file');

test('finds every .pol and .reg in both layouts, names each GPO from its metadata, takes the hive from the folder', async () => {
  const r = await auditTree(root);
  assert.is(r.scanned, 7); // notes.txt is not a policy file
  const by = new Map(r.entries.map((e) => [e.file, e]));
  const m1 = by.get(`backups/${G1}/DomainSysvol/GPO/Machine/registry.pol`)!;
  assert.equal([m1.gpo.name, m1.gpo.guid, m1.gpo.source, m1.scope, m1.hive], ['Help Desk & Tier 2', G1, 'bkupInfo.xml', 'Machine', 'HKEY_LOCAL_MACHINE']);
  assert.equal([m1.policies[0]!.state, m1.policies[0]!.options.get('control')], ['enabled', 'full']);
  assert.equal(m1.findings.map((f) => f.code), ['POLICY_FULL_CONTROL']);
  assert.equal([by.get(`backups/${G2}/DomainSysvol/GPO/Machine/registry.pol`)!.gpo.name, by.get(`backups/${G2}/DomainSysvol/GPO/Machine/registry.pol`)!.gpo.source], ['Workstations', 'Backup.xml']);
  assert.equal([by.get(`sysvol/Policies/${G3}/Machine/Registry.pol`)!.gpo.name, by.get(`sysvol/Policies/${G3}/Machine/Registry.pol`)!.gpo.source], [G3, 'folder']);
  assert.equal(by.get(`sysvol/Policies/${G4}/Machine/Registry.pol`)!.gpo, { name: G4, guid: G4, source: 'folder', folder: `sysvol/Policies/${G4}` });
  assert.is(by.get('loose/tweak.reg')!.policies[0]!.state, 'enabled');
});

test('a broken or empty file is reported with its code and offset, and the run goes on', async () => {
  const r = await auditTree(root);
  const broken = r.entries.find((e) => e.file.endsWith(`${G1}/DomainSysvol/GPO/User/registry.pol`))!;
  assert.equal([broken.error!.code, broken.error!.offset], ['POL_MISSING_DELIMITER', 0x5a]);
  assert.is(broken.scope, 'User');
  const empty = r.entries.find((e) => e.file.endsWith(`${G3}/User/Registry.pol`))!;
  assert.is(empty.error!.code, 'POL_EMPTY');
  assert.is(r.entries.length, 7);
});

test('--policy narrows to the files that set it', async () => {
  const r = await auditTree(root, { policy: 'solicited-remote-assistance' });
  assert.equal(r.entries.map((e) => e.file).sort(), [`backups/${G1}/DomainSysvol/GPO/User/registry.pol`, `sysvol/Policies/${G3}/User/Registry.pol`]); // only unreadable ones remain
  const ra = await auditTree(root, { policy: 'RA_Unsolicit' });
  // The header-only GPO sets nothing and is left out; the loose .reg's GPO is its folder.
  assert.equal(ra.entries.filter((e) => !e.error).map((e) => e.gpo.name), ['Help Desk & Tier 2', 'Workstations', 'loose', G3]);
  const csv = (await runCli(['audit', '--csv', '--policy', 'offer-remote-assistance', root])).stdout.split('\r\n');
  assert.is(csv[0], 'gpo,guid,domain,backup,backup_time,scope,file,format,policy,state,options,findings,finding_codes,unexplained,error,part,settings');
  // Options as the dialog shows them (issue #23: labels for people, ids only in JSON); was `control view; helpers CONTOSO\\Kiosk Admins`.
  assert.ok(csv.some((l) => l.startsWith(`${G3},`) && l.includes(',RA_Unsolicit,enabled,Permit remote control of this computer: Allow helpers to only view the computer; Helpers (<Domain>\\<User> or <Domain>\\<Group>): CONTOSO\\Kiosk Admins,')));
});

test('CLI: exit 1 with findings or errors; JSON and CSV; a progress line only on a terminal, never with --json/--csv', async () => {
  const text = await runCli(['audit', root]);
  assert.is(text.code, 1);
  assert.match(text.stdout, 'GPO "Help Desk & Tier 2"');
  assert.match(text.stdout, '7 file(s) in 5 GPO(s): 2 unreadable');
  const json = JSON.parse((await runCli(['audit', '--json', root])).stdout);
  assert.is(json.files.length, 7);
  assert.ok(json.files.some((f: { error?: { code: string } }) => f.error?.code === 'POL_EMPTY'));
  const csv = (await runCli(['audit', '--csv', root])).stdout;
  assert.ok(csv.split('\r\n').length >= 8);
  const clean = path.join(root, 'sysvol', 'Policies', G4);
  assert.is((await runCli(['audit', clean])).code, 0);
  const tty = async (argv: string[]) => {
    let err = '';
    await main(argv, { stdout: { write: () => true }, stderr: { write: (s: string | Uint8Array) => ((err += String(s)), true), isTTY: true }, cwd: root, env: {}, stdin: (async function* () {})() });
    return err;
  };
  assert.match(await tty(['audit', root]), '[1/7]');
  assert.is(await tty(['audit', '--json', root]), '');
  assert.is(await tty(['audit', '--csv', root]), '');
  assert.is((await runCli(['audit', path.join(root, 'nope')])).code, 2);
});

test('CSV neutralises cells a spreadsheet would run', async () => {
  write('evil/=cmd.reg', serializeReg([{ op: 'createKey', key: 'HKEY_CURRENT_USER\\X' }]).bytes);
  const csv = (await runCli(['audit', '--csv', path.join(root, 'evil')])).stdout;
  assert.match(csv, ",'=cmd.reg,");
});

const corpus = CORPUS;
if (corpus) {
  test('the shared corpus audits: every file reported, only the Wine hive unreadable', async () => {
    const r = await auditTree(corpus);
    assert.ok(r.scanned >= 250);
    assert.equal(r.entries.filter((e) => e.error).map((e) => e.error!.code), ['REG_WINE_HIVE']);
    assert.ok(r.entries.some((e) => e.policies.some((p) => p.policy === 'RA_Solicit')));
  });
} else console.log('  (corpus not found: corpus audit skipped)');

test('one walk finds the policy files and the central store (the shallowest PolicyDefinitions within four levels), handed to a definitions function', async () => {
  const tree = path.join(root, 'one-walk');
  const pol = encodePol(opsToPol(buildPolicy('offer-remote-assistance', { state: 'disabled' }).ops));
  for (const [dir, store] of [['a/b/c/d/e', 'a/b/c/d/PolicyDefinitions'], ['z/{11111111-1111-1111-1111-111111111111}/Machine', 'y/Policies/PolicyDefinitions']] as const) {
    mkdirSync(path.join(tree, dir), { recursive: true });
    writeFileSync(path.join(tree, dir, 'Registry.pol'), pol);
    mkdirSync(path.join(tree, store), { recursive: true });
  }
  const told: Array<string | undefined> = [];
  const report = await auditTree(tree, { definitions: (store) => (told.push(store), undefined as never) });
  assert.equal(told, [path.join(tree, 'y', 'Policies', 'PolicyDefinitions')], 'three levels down is found, five is too deep');
  assert.is(report.entries.length, 2);
  assert.equal(report.entries.map((e) => e.policies.map((p) => p.state)), [['disabled'], ['disabled']]);
});

// Two backups of one GPO with another between them (the page groups them), names outside ASCII
// (the sections file keeps bytes, so offsets must be in bytes), a part and a damaged file.
const paged = tempDir('gpreg-audit-page-');
test.after(() => rmSync(paged, { recursive: true, force: true }));
const pageWrite = writerIn(paged);
const bkup = (guid: string, name: string, time: string) => `<BackupInst><GPOGuid><![CDATA[${guid}]]></GPOGuid><GPODisplayName><![CDATA[${name}]]></GPODisplayName><BackupTime><![CDATA[${time}]]></BackupTime></BackupInst>`;
pageWrite(`{a0000000-0000-4000-8000-000000000000}/bkupInfo.xml`, bkup(G1, 'Kiosks – Zürich 東京', '2026-01-01T00:00:00'));
pageWrite(`{a0000000-0000-4000-8000-000000000000}/DomainSysvol/GPO/Machine/registry.pol`, pol({ state: 'enabled', control: 'view', helpers: ['CONTOSO\\Ärzte'] }));
pageWrite(`{b0000000-0000-4000-8000-000000000000}/bkupInfo.xml`, bkup(G2, 'Other', '2026-02-01T00:00:00'));
pageWrite(`{b0000000-0000-4000-8000-000000000000}/DomainSysvol/GPO/Machine/registry.pol`, readBytes(fixture('pol/corrupt/missing-rbracket.pol')));
pageWrite(`{b0000000-0000-4000-8000-000000000000}/DomainSysvol/GPO/Machine/microsoft/windows nt/SecEdit/GptTmpl.inf`, '[Unicode]\r\nUnicode=yes\r\n[System Access]\r\nMinimumPasswordLength = 14\r\n');
pageWrite(`{c0000000-0000-4000-8000-000000000000}/bkupInfo.xml`, bkup(G1, 'Kiosks – Zürich 東京', '2026-03-01T00:00:00'));
pageWrite(`{c0000000-0000-4000-8000-000000000000}/DomainSysvol/GPO/Machine/registry.pol`, pol({ state: 'disabled' }));

test('--html writes its page as the audit goes, and it is the page of the whole report', async () => {
  const report = await auditTree(paged);
  assert.is(report.entries.length, 4);
  const seen: AuditEntry[] = [];
  const streamed = await auditTree(paged, { onEntry: (e) => seen.push(e) });
  // The entries go to the caller, not into the report.
  assert.equal(streamed.entries, []);
  assert.equal(seen, report.entries);
  const file = path.join(root, 'paged.html');
  const run = await runCli(['audit', '--html', '-o', file, paged]);
  assert.is(run.code, 1); // the damaged file
  const page = readFileSync(file, 'utf8');
  const templates = /<dt>Templates<\/dt><dd>([^<]*)<\/dd>/.exec(page)![1]!.replace(/&#39;/g, "'");
  report.root = paged;
  assert.is(page, renderAuditHtml(report, { generator: `gpreg ${VERSION}`, templates }));
  // One section for the GPO's two backups, which the walk met apart.
  assert.match(page, /Kiosks – Zürich 東京<\/a> <span class="muted">\(2 backups\)/);
  assert.is((await runCli(['audit', '--html', '-o', '-', paged])).stdout, page);
});

test('the sections file gives back what it was given, in any order, across its megabyte windows', () => {
  const store = sectionFile();
  try {
    const kept = Array.from({ length: 3000 }, (_, i) => `<p>${i} ${'é東'.repeat((i * 7919) % 400)}</p>`);
    const ids = kept.map((h) => store.put(h));
    // Backwards, then every 7th: each read outside the window reads a new one.
    for (const i of [...ids].reverse()) assert.is(store.get(i), kept[i]);
    for (let i = 0; i < ids.length; i += 7) assert.is(store.get(ids[i]!), kept[i]);
    assert.ok(kept.reduce((n, h) => n + Buffer.byteLength(h), 0) > 2 << 20);
  } finally {
    store.close();
  }
});

test('without a temporary folder to write to, the page is kept in memory and is the same page', async () => {
  const file = path.join(root, 'in-memory.html');
  const saved = process.env['TMPDIR'];
  process.env['TMPDIR'] = path.join(root, 'no-such-folder');
  try {
    const store = sectionFile();
    assert.is(store.get(store.put('<p>kept</p>')), '<p>kept</p>');
    store.close();
    assert.is((await runCli(['audit', '--html', '-o', file, paged])).code, 1);
  } finally {
    if (saved === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = saved;
  }
  assert.is(readFileSync(file, 'utf8'), (await runCli(['audit', '--html', '-o', '-', paged])).stdout);
});

test.run();
