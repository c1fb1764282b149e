/**
 * Microsoft's Policy CSP definitions (DDF v2), the first step of the GPO → Intune issue (#22): read
 * through gpreg's XML reader (OMA's DOCTYPE read past, never interpreted), each MDM policy with its
 * URI, format, minimum build and what it stands for in Group Policy. The real-data check compares
 * two Microsoft publications: the DDF's ADMX-backed policies and the Windows 11 templates.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GpregError, loadPolicyDefinitions } from '../src/index.js';
import { loadDdf } from '../src/mdm/ddf.js';
import { fixture, ROOT, runCli } from './helpers.js';
import { SHARED_ADMX } from './gpmc.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'gpreg-ddf-'));
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
  const missing = await runCli(['intune', pol], { env: { GPREG_DDF: '' } });
  assert.equal([missing.code, missing.stdout], [2, '']);
  assert.match(missing.stderr, 'give --ddf');
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
});

test.run();
