/** The policy commands with templates: --admx, --lang, GPREG_ADMX, options by id or label. */
import { existsSync, mkdirSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodePol, encodePol, polRecord, polToOps } from '../src/pol.js';
import { fixture, runCli, tempDir } from './helpers.js';

const ADMX = fixture('admx/all-elements');
const tmp = () => tempDir('gpreg-admx-');

test('policies --admx lists every template policy; --search and --category filter; one policy in full', async () => {
  const all = await runCli(['policies', '--admx', ADMX]);
  assert.is(all.code, 0);
  assert.match(all.stdout, 'Gpreg.Policies.Test:Choice: Choice');
  assert.match(all.stdout, /8 policies/); // 6 templates + the 2 built-in overlays the set lacks
  const found = await runCli(['policies', '--admx', ADMX, '--search', 'lists\\named']);
  assert.match(found.stdout, /Gpreg.Policies.Test:Lists: Lists[\s\S]*1 policy of 8/);
  const cat = await runCli(['policies', '--admx', ADMX, '--category', 'gpreg root', '--json']);
  assert.is(JSON.parse(cat.stdout).length, 6);
  const one = await runCli(['policies', '--admx', ADMX, 'Choice']);
  assert.match(one.stdout, 'Mode "Mode" (required): "Low" (Mode_Low: 1) | "High & boosted" (Mode_High: "high"); default High & boosted');
  assert.match(one.stdout, 'Enabled (with the defaults) writes:\n  set HKEY_LOCAL_MACHINE\\Software\\Policies\\Gpreg\\Choice "Choice" = REG_DWORD 1');
  assert.match(one.stdout, 'A dropdown list.');
  const json = JSON.parse((await runCli(['policies', '--admx', ADMX, 'Choice', '--json'])).stdout);
  assert.is(json.id, 'Gpreg.Policies.Test:Choice');
  assert.is(json.records.disabled.length, 2);
});

test('policies --diagnostics lists template problems with file and line; exit 1 when there are any', async () => {
  const r = await runCli(['policies', '--admx', fixture('admx/damaged'), '--diagnostics']);
  assert.is(r.code, 1);
  assert.match(r.stdout, /Broken\.admx: error ADMX_XML \(line 8, column \d+\)/);
});

test('build --option by element id or label, dropdown by item name; show reads it back as GPMC would', async () => {
  const dir = tmp();
  const out = path.join(dir, 'Registry.pol');
  const b = await runCli(['build', 'Gpreg.Policies.Test:Lists', '--admx', ADMX, '--state', 'enabled', '--option', 'Named=x', '--option', 'Numbered:=a', '--option', 'Numbered=b', '--option', 'Pairs=n=v', '-o', out]);
  assert.is(b.code, 0, b.stderr);
  const ops = polToOps(decodePol(readFileSync(out))).ops;
  assert.is(ops.filter((o) => o.op === 'set').length, 5);
  const shown = await runCli(['show', '--admx', ADMX, out]);
  assert.match(shown.stdout, 'Lists (Lists): Enabled\n  category: Gpreg Root/Test Policies\n  Named: x\n  Numbered: a; b\n  Prefixed: (none)\n  Pairs: n = v');
  const c = await runCli(['build', 'Choice', '--admx', ADMX, '--state', 'enabled', '--option', 'mode=Low', '-o', path.join(dir, 'c.pol')]);
  assert.is(c.code, 0, c.stderr);
  const json = JSON.parse((await runCli(['show', '--json', '--admx', ADMX, path.join(dir, 'c.pol')])).stdout);
  const p = json.policies[0];
  assert.equal([p.id, p.displayName, p.category, p.class, p.supportedOn, p.state], ['Gpreg.Policies.Test:Choice', 'Choice', 'Gpreg Root/Test Policies', 'Machine', 'At least the test', 'enabled']);
  assert.equal(p.presentation, [{ control: 'dropdownList', refId: 'Mode', label: 'Mode:', value: 'Low' }]);
  const bad = await runCli(['build', 'Choice', '--admx', ADMX, '--state', 'enabled', '--option', 'Mode=medium', '-o', path.join(dir, 'd.pol')]);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, 'POLICY_BAD_ENUM');
});

test('GPREG_ADMX sets the default templates; set edits a template policy in place; check uses them', async () => {
  const dir = tmp();
  const file = path.join(dir, 'Registry.pol');
  const env = { GPREG_ADMX: ADMX };
  assert.is((await runCli(['build', 'Numbers', '--state', 'disabled', '-o', file], { env })).code, 0);
  const s = await runCli(['set', file, 'Choice', '--state', 'enabled'], { env });
  assert.is(s.code, 0, s.stderr);
  const shown = JSON.parse((await runCli(['show', '--json', file], { env })).stdout);
  assert.equal(shown.policies.map((p: { policy: string; state: string }) => `${p.policy}=${p.state}`), ['Numbers=disabled', 'Choice=enabled']);
  assert.equal(shown.unexplained, []);
  // Without templates the same file is records no policy explains.
  const bare = JSON.parse((await runCli(['show', '--json', file])).stdout);
  assert.is(bare.policies.length, 0);
  assert.is((await runCli(['check', file], { env })).code, 0);
});

test('audit finds a SYSVOL copy\'s central store (PolicyDefinitions) by itself', async () => {
  const root = tmp();
  const gpo = path.join(root, 'contoso.com', 'Policies', '{31B2F340-016D-11D2-945F-00C04FB984F9}', 'Machine');
  mkdirSync(gpo, { recursive: true });
  cpSync(ADMX, path.join(root, 'contoso.com', 'Policies', 'PolicyDefinitions'), { recursive: true });
  const b = await runCli(['build', 'Choice', '--admx', ADMX, '--state', 'disabled', '-o', path.join(gpo, 'Registry.pol')]);
  assert.is(b.code, 0);
  const r = await runCli(['audit', '--json', root]);
  const files = JSON.parse(r.stdout).files;
  assert.is(files.length, 1);
  assert.equal(files[0].policies.map((p: { policy: string; state: string }) => `${p.policy}=${p.state}`), ['Choice=disabled']);
});


test('build --from a show --json document rebuilds the file: policies, lists, unexplained records, keys in the editor\'s order', async () => {
  const dir = tmp();
  const file = path.join(dir, 'Machine', 'Registry.pol');
  mkdirSync(path.dirname(file));
  const env = { GPREG_ADMX: ADMX };
  const steps = [
    ['build', 'Lists', '--state', 'enabled', '--option', 'Named=x', '--option', 'Numbered:=a', '--option', 'Numbered=b', '--option', 'Pairs=n=v', '-o', file],
    ['set', file, 'Numbers', '--state', 'disabled'],
    ['set', file, 'Choice', '--state', 'enabled', '--option', 'Mode=Low'],
    ['set-value', file, 'Software\\Other', 'Kept', '--type', 'REG_SZ', '--data', 'by no policy'],
  ];
  for (const s of steps) assert.is((await runCli(s, { env })).code, 0, s.join(' '));
  const shown = await runCli(['show', '--json', file], { env });
  writeFileSync(path.join(dir, 'file.json'), shown.stdout);
  const again = path.join(dir, 'again.pol');
  const r = await runCli(['build', '--from', path.join(dir, 'file.json'), '-o', again], { env });
  assert.is(r.code, 0, r.stderr);
  // The same records, keys as the editor sorts them; `set` placed Choice there too, so the bytes are equal.
  const records = (f: string) => decodePol(readFileSync(f)).records.map((x) => `${x.key}|${x.name}|${x.type}|${Buffer.from(x.data).toString('hex')}`);
  assert.equal(readFileSync(again), readFileSync(file));
  assert.equal([...new Set(records(again).map((x) => x.split('|')[0]))], ['Software\\Other', 'Software\\Policies\\Gpreg\\Choice', 'Software\\Policies\\Gpreg\\Lists', 'Software\\Policies\\Gpreg\\Lists\\Named', 'Software\\Policies\\Gpreg\\Lists\\Numbered', 'Software\\Policies\\Gpreg\\Lists\\Pairs', 'Software\\Policies\\Gpreg\\Numbers', 'Software\\Policies\\Gpreg\\Numbers\\Soft']);
  // Rebuilding what was rebuilt changes nothing.
  writeFileSync(path.join(dir, 'again.json'), (await runCli(['show', '--json', again], { env })).stdout);
  assert.is((await runCli(['build', '--from', path.join(dir, 'again.json'), '-o', path.join(dir, 'third.pol')], { env })).code, 0);
  assert.equal(readFileSync(path.join(dir, 'third.pol')), readFileSync(again));
  // The same document as .reg: what the .pol says, in regedit's words.
  const reg = await runCli(['build', '--from', path.join(dir, 'file.json'), '-o', path.join(dir, 'again.reg')], { env });
  assert.is(reg.code, 0, reg.stderr);
  assert.match(readFileSync(path.join(dir, 'again.reg')).toString('utf16le'), '"Kept"="by no policy"');
  // A whole GPO: its two sides into <folder>/{Machine,User}/Registry.pol; an existing output is kept.
  const gpo = await runCli(['show', '--json', dir], { env });
  writeFileSync(path.join(dir, 'gpo.json'), gpo.stdout);
  const out = path.join(dir, 'GPO');
  assert.is((await runCli(['build', '--from', path.join(dir, 'gpo.json'), '-o', out], { env })).code, 0);
  assert.equal(readFileSync(path.join(out, 'Machine', 'Registry.pol')), readFileSync(again));
  assert.not.ok(existsSync(path.join(out, 'User')));
  const twice = await runCli(['build', '--from', path.join(dir, 'gpo.json'), '-o', out], { env });
  assert.is(twice.code, 2);
  assert.match(twice.stderr, 'OUTPUT_EXISTS');
  // An option edited in the JSON is built; a partial policy (options without the policy value) is kept as read.
  const edited = JSON.parse(shown.stdout);
  const choice = edited.policies.find((p: { policy: string }) => p.policy === 'Choice');
  choice.options.Mode = 'High & boosted';
  edited.unexplained.push({ op: 'set', key: 'HKEY_LOCAL_MACHINE\\Software\\Policies\\Gpreg\\Values', name: 'Other', type: 'REG_DWORD', value: 3 });
  writeFileSync(path.join(dir, 'edited.json'), JSON.stringify(edited));
  const e = await runCli(['build', '--from', path.join(dir, 'edited.json'), '-o', path.join(dir, 'edited.pol')], { env });
  assert.is(e.code, 0, e.stderr);
  assert.not.match(e.stderr, 'POLICY_KEPT_AS_READ');
  const eshown = JSON.parse((await runCli(['show', '--json', path.join(dir, 'edited.pol')], { env })).stdout);
  assert.equal(eshown.policies.find((p: { policy: string }) => p.policy === 'Choice').options, { Mode: 'Mode_High' });
  const partial = path.join(dir, 'partial.pol');
  writeFileSync(path.join(dir, 'partial-ops.json'), JSON.stringify({ ops: [{ op: 'set', key: 'HKEY_LOCAL_MACHINE\\Software\\Policies\\Gpreg\\Choice', name: 'Mode', type: 'REG_DWORD', value: 1 }] }));
  assert.is((await runCli(['convert', path.join(dir, 'partial-ops.json'), partial], { env })).code, 0);
  writeFileSync(path.join(dir, 'partial.json'), (await runCli(['show', '--json', partial], { env })).stdout);
  const pr = await runCli(['build', '--from', path.join(dir, 'partial.json'), '-o', path.join(dir, 'partial-again.pol')], { env });
  assert.is(pr.code, 0, pr.stderr);
  assert.match(pr.stderr, /POLICY_KEPT_AS_READ.*notConfigured cannot be built/);
  assert.equal(readFileSync(path.join(dir, 'partial-again.pol')), readFileSync(partial));
  // The same record twice in a file (Windows applies both): both stay.
  const twiceRec = polRecord('Software\\Other', 'k', 4, new Uint8Array([1, 0, 0, 0]));
  writeFileSync(path.join(dir, 'dup.pol'), encodePol({ records: [twiceRec, twiceRec] }));
  writeFileSync(path.join(dir, 'dup.json'), (await runCli(['show', '--json', path.join(dir, 'dup.pol')], { env })).stdout);
  assert.is((await runCli(['build', '--from', path.join(dir, 'dup.json'), '-o', path.join(dir, 'dup-again.pol')], { env })).code, 0);
  assert.equal(readFileSync(path.join(dir, 'dup-again.pol')), readFileSync(path.join(dir, 'dup.pol')));
  // A policy the templates lack, on the User side: an error, and the Machine side is not written either.
  const doc = JSON.parse(gpo.stdout);
  doc.sides.User = { hive: 'HKEY_CURRENT_USER', policies: [{ policy: 'Nope', state: 'enabled' }], unexplained: [] };
  writeFileSync(path.join(dir, 'bad.json'), JSON.stringify(doc));
  const bad = await runCli(['build', '--from', path.join(dir, 'bad.json'), '-o', path.join(dir, 'BAD')], { env });
  assert.is(bad.code, 2);
  assert.not.ok(existsSync(path.join(dir, 'BAD')));
  // A setting document is not a show document: said in words, nothing written.
  writeFileSync(path.join(dir, 'setting.json'), '{"state":"enabled"}');
  const wrong = await runCli(['build', '--from', path.join(dir, 'setting.json'), '-o', path.join(dir, 'x.pol')], { env });
  assert.is(wrong.code, 2);
  assert.match(wrong.stderr, /JSON_BAD_DOCUMENT.*gpreg build <policy> --from/);
  assert.not.ok(existsSync(path.join(dir, 'x.pol')));
});
test('build --from into a .reg: a .reg rebuilds byte for byte; a .pol\'s policies come out in their .reg form, as build writes them', async () => {
  const dir = tmp();
  const f = (n: string) => path.join(dir, n);
  const ra = ['offer-remote-assistance', '--state', 'enabled', '--control', 'view', '--helper', 'CONTOSO\\HelpDesk'];
  assert.is((await runCli(['build', ...ra, '-o', f('a.reg')])).code, 0);
  assert.is((await runCli(['set-value', f('a.reg'), 'HKEY_CURRENT_USER\\Software\\X', 'v', '--type', 'REG_SZ', '--data', 'hi'])).code, 0);
  writeFileSync(f('a.json'), (await runCli(['show', '--json', f('a.reg')])).stdout);
  const r = await runCli(['build', '--from', f('a.json'), '-o', f('b.reg')]);
  assert.is(r.code, 0, r.stderr);
  assert.equal(readFileSync(f('b.reg')), readFileSync(f('a.reg')));
  // From a .pol: the list key deleted and created (.reg has no **delvals.), no lossy note: what build -o x.reg writes.
  assert.is((await runCli(['build', ...ra, '-o', f('p.pol')])).code, 0);
  writeFileSync(f('p.json'), (await runCli(['show', '--json', f('p.pol')])).stdout);
  const p = await runCli(['build', '--from', f('p.json'), '-o', f('p.reg')]);
  assert.is(p.code, 0, p.stderr);
  assert.not.match(p.stderr, 'LOSSY');
  assert.is((await runCli(['build', ...ra, '-o', f('direct.reg')])).code, 0);
  assert.equal(readFileSync(f('p.reg')), readFileSync(f('direct.reg')));
});

test.run();
