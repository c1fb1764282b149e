/** gpt.ini's Version: Machine in the low 16 bits, User in the high 16 ([MS-GPOL] 2.2.4). */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bumpGptVersion, nextSideVersion } from '../src/gpo/gpt-ini.js';
import { HEADER_ONLY, ROOT, runCli, tempDir } from './helpers.js';

const ini = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');

test('each side counts in its own 16 bits; the other lines stay as they were', () => {
  const m = bumpGptVersion(ini('[General]\r\nVersion=65537\r\ndisplayName=Kiosks\r\n'), 'Machine');
  assert.equal([m.before, m.after], [65537, 65538]);
  assert.is(text(m.bytes), '[General]\r\nVersion=65538\r\ndisplayName=Kiosks\r\n');
  const u = bumpGptVersion(ini('[General]\nVersion=65537\n'), 'User');
  assert.is(u.after, 2 * 65536 + 1);
  assert.is(text(u.bytes), '[General]\nVersion=131073\n');
});

test('wrap-around: after 65535 a side goes to 1 (0 would read as never edited), the other side untouched', () => {
  assert.equal([nextSideVersion(0), nextSideVersion(41), nextSideVersion(65535)], [1, 42, 1]);
  assert.is(bumpGptVersion(ini('[General]\r\nVersion=131071\r\n'), 'Machine').after, 65536 + 1); // user 1, machine 65535 → 1
  assert.is(bumpGptVersion(ini('[General]\r\nVersion=4294901765\r\n'), 'User').after, 65536 + 5); // user 65535 → 1
});

test('a gpt.ini without a Version gets one; a damaged Version is an error, not a guess', () => {
  assert.is(text(bumpGptVersion(ini('[General]\r\ndisplayName=x\r\n'), 'User').bytes), '[General]\r\nVersion=65536\r\ndisplayName=x\r\n');
  assert.is(text(bumpGptVersion(ini(''), 'Machine').bytes), '[General]\r\nVersion=1\r\n');
  assert.throws(() => bumpGptVersion(ini('[General]\r\nVersion=abc\r\n'), 'Machine'), (e: { code: string }) => e.code === 'GPT_BAD_VERSION');
});

test('set and set-value in a SYSVOL GPO folder raise the side\'s version and say so; --no-version-bump and backups leave it', async () => {
  const root = tempDir('gpreg-gpt-');
  const gpo = path.join(root, 'Policies', '{31B2F340-016D-11D2-945F-00C04FB984F9}');
  mkdirSync(path.join(gpo, 'Machine'), { recursive: true });
  mkdirSync(path.join(gpo, 'User'), { recursive: true });
  writeFileSync(path.join(gpo, 'GPT.INI'), '[General]\r\nVersion=65537\r\n');
  writeFileSync(path.join(gpo, 'Machine', 'Registry.pol'), HEADER_ONLY);
  writeFileSync(path.join(gpo, 'User', 'Registry.pol'), HEADER_ONLY);
  const r = await runCli(['set', path.join(gpo, 'Machine', 'Registry.pol'), 'offer-remote-assistance', '--state', 'disabled']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, 'Version 65537 → 65538 (Machine 1 → 2)');
  await runCli(['set-value', path.join(gpo, 'User', 'Registry.pol'), 'Software\\Policies\\X', 'v', '--type', 'REG_DWORD', '--data', '1']);
  assert.is(readFileSync(path.join(gpo, 'GPT.INI'), 'latin1'), '[General]\r\nVersion=131074\r\n');
  const off = await runCli(['set-value', '--no-version-bump', path.join(gpo, 'User', 'Registry.pol'), 'Software\\Policies\\X', 'v', '--type', 'REG_DWORD', '--data', '2']);
  assert.match(off.stderr, 'not raised');
  assert.is(readFileSync(path.join(gpo, 'GPT.INI'), 'latin1'), '[General]\r\nVersion=131074\r\n');
  // A GPO backup: the registry.pol is edited, nothing else.
  const backup = path.join(root, 'backup', '{aaaaaaaa-0000-0000-0000-000000000001}', 'DomainSysvol', 'GPO');
  mkdirSync(path.join(backup, 'Machine'), { recursive: true });
  writeFileSync(path.join(backup, 'gpt.ini'), '[General]\r\nVersion=7\r\n');
  writeFileSync(path.join(backup, 'Machine', 'registry.pol'), HEADER_ONLY);
  const b = await runCli(['set', path.join(backup, 'Machine', 'registry.pol'), 'offer-remote-assistance', '--state', 'disabled']);
  assert.is(b.code, 0);
  assert.is(readFileSync(path.join(backup, 'gpt.ini'), 'latin1'), '[General]\r\nVersion=7\r\n');
});

test('build --from rebuilds a SYSVOL GPO in place: sides that come out the same are not rewritten, each changed side\'s version goes up once; a damaged gpt.ini stops it before anything is written', async () => {
  const root = tempDir('gpreg-gpt-');
  const gpo = path.join(root, 'Policies', '{31B2F340-016D-11D2-945F-00C04FB984F9}');
  const machine = path.join(gpo, 'Machine', 'Registry.pol');
  const user = path.join(gpo, 'User', 'Registry.pol');
  mkdirSync(path.dirname(machine), { recursive: true });
  mkdirSync(path.dirname(user), { recursive: true });
  writeFileSync(path.join(gpo, 'GPT.INI'), '[General]\r\nVersion=65537\r\n');
  assert.is((await runCli(['build', 'offer-remote-assistance', '--state', 'disabled', '-o', machine])).code, 0);
  assert.is((await runCli(['set-value', '--no-version-bump', user, 'Software\\Policies\\X', 'v', '--type', 'REG_DWORD', '--data', '1'])).code, 0);
  const shown = await runCli(['show', '--json', gpo]);
  const json = path.join(root, 'gpo.json');
  writeFileSync(json, shown.stdout);
  const machineBefore = readFileSync(machine);
  const ini = () => readFileSync(path.join(gpo, 'GPT.INI'), 'latin1');

  // Without --force an existing GPO is not replaced.
  const refused = await runCli(['build', '--from', json, '-o', gpo]);
  assert.is(refused.code, 2);
  assert.match(refused.stderr, 'OUTPUT_EXISTS');

  // Unedited: nothing to write, so nothing to bump.
  const same = await runCli(['build', '--from', json, '-o', gpo, '--force']);
  assert.is(same.code, 0, same.stderr);
  assert.match(same.stderr, 'unchanged, not rewritten');
  assert.is(ini(), '[General]\r\nVersion=65537\r\n');

  // The Machine side edited (disabled → enabled): only its file and its half of the version change.
  const doc = JSON.parse(shown.stdout);
  doc.sides.Machine.policies[0].state = 'enabled';
  writeFileSync(json, JSON.stringify(doc));
  const userBefore = readFileSync(user);
  const edited = await runCli(['build', '--from', json, '-o', gpo, '--force']);
  assert.is(edited.code, 0, edited.stderr);
  assert.match(edited.stderr, 'Version 65537 → 65538 (Machine 1 → 2)');
  assert.is(ini(), '[General]\r\nVersion=65538\r\n');
  assert.not.equal(readFileSync(machine), machineBefore);
  assert.equal(readFileSync(user), userBefore);

  // A damaged Version: an error before anything is written.
  doc.sides.Machine.policies[0].state = 'disabled';
  writeFileSync(json, JSON.stringify(doc));
  writeFileSync(path.join(gpo, 'GPT.INI'), '[General]\r\nVersion=abc\r\n');
  const enabledBytes = readFileSync(machine);
  const bad = await runCli(['build', '--from', json, '-o', gpo, '--force']);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, 'GPT_BAD_VERSION');
  assert.equal(readFileSync(machine), enabledBytes);

  // --no-version-bump writes the side and says the version stays.
  const off = await runCli(['build', '--from', json, '-o', gpo, '--force', '--no-version-bump']);
  assert.is(off.code, 0, off.stderr);
  assert.match(off.stderr, 'not raised');
  assert.equal(readFileSync(machine), machineBefore);
});

test('build --from into a GPO backup writes its DomainSysvol/GPO side files (GPMC\'s names), leaves gpt.ini, and keeps a side the document does not have', async () => {
  const root = tempDir('gpreg-gpt-');
  const sysvol = path.join(root, 'sysvol');
  mkdirSync(path.join(sysvol, 'Machine'), { recursive: true });
  assert.is((await runCli(['build', 'offer-remote-assistance', '--state', 'disabled', '-o', path.join(sysvol, 'Machine', 'Registry.pol')])).code, 0);
  const json = path.join(root, 'gpo.json');
  writeFileSync(json, (await runCli(['show', '--json', sysvol])).stdout);
  const backup = path.join(root, '{aaaaaaaa-0000-0000-0000-000000000001}');
  const side = path.join(backup, 'DomainSysvol', 'GPO', 'Machine');
  mkdirSync(side, { recursive: true });
  mkdirSync(path.join(backup, 'DomainSysvol', 'GPO', 'User'), { recursive: true });
  writeFileSync(path.join(backup, 'DomainSysvol', 'GPO', 'User', 'registry.pol'), HEADER_ONLY);
  writeFileSync(path.join(backup, 'DomainSysvol', 'GPO', 'gpt.ini'), '[General]\r\nVersion=7\r\n');
  const r = await runCli(['build', '--from', json, '-o', backup]);
  assert.is(r.code, 0, r.stderr);
  assert.equal(readFileSync(path.join(side, 'registry.pol')), readFileSync(path.join(sysvol, 'Machine', 'Registry.pol')));
  assert.not.ok(existsSync(path.join(backup, 'Machine')));
  assert.is(readFileSync(path.join(backup, 'DomainSysvol', 'GPO', 'gpt.ini'), 'latin1'), '[General]\r\nVersion=7\r\n');
  assert.match(r.stderr, 'the document has no User side; this file is left as it is');
  assert.equal(readFileSync(path.join(backup, 'DomainSysvol', 'GPO', 'User', 'registry.pol')), Buffer.from(HEADER_ONLY));
});

test('build --from into a GPO folder whose side file is a FIFO stops before writing anything (IO_WRITE), not blocked reading it', async () => {
  const root = tempDir('gpreg-gpt-');
  const gpo = path.join(root, 'GPO');
  mkdirSync(path.join(gpo, 'Machine'), { recursive: true });
  mkdirSync(path.join(gpo, 'User'), { recursive: true });
  assert.is((await runCli(['set-value', path.join(gpo, 'User', 'Registry.pol'), 'Software\\Policies\\X', 'v', '--type', 'REG_DWORD', '--data', '1'])).code, 0);
  const json = path.join(root, 'gpo.json');
  writeFileSync(json, (await runCli(['show', '--json', gpo])).stdout);
  execFileSync('mkfifo', [path.join(gpo, 'Machine', 'Registry.pol')]);
  const doc = JSON.parse(readFileSync(json, 'utf8'));
  doc.sides.Machine = { ...doc.sides.User, hive: 'HKEY_LOCAL_MACHINE' };
  writeFileSync(json, JSON.stringify(doc));
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'gpreg.js'), 'build', '--from', json, '-o', gpo, '--force'], { encoding: 'utf8', timeout: 30_000 });
  assert.is(r.status, 2, r.stderr);
  assert.match(r.stderr, 'IO_WRITE');
});

test.run();
