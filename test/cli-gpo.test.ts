/** GPO folders as inputs: show, check, dump and diff take a backup or a SYSVOL GPO, side by side. */
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildPolicy } from '../src/index.js';
import { encodePol, opsToPol } from '../src/pol.js';
import { ROOT, runCli, tempDir } from './helpers.js';

const sysvol = (state: 'enabled' | 'disabled') => {
  const gpo = path.join(tempDir('gpreg-gpo-'), 'Policies', '{31B2F340-016D-11D2-945F-00C04FB984F9}');
  mkdirSync(path.join(gpo, 'Machine'), { recursive: true });
  mkdirSync(path.join(gpo, 'User'), { recursive: true });
  const setting = state === 'enabled' ? { state, control: 'view', helpers: ['CONTOSO\\HelpDesk'] } : { state };
  writeFileSync(path.join(gpo, 'Machine', 'Registry.pol'), encodePol(opsToPol(buildPolicy('offer-remote-assistance', setting).ops)));
  return gpo;
};

test('show, check and dump of a SYSVOL GPO folder read both sides', async () => {
  const gpo = sysvol('enabled');
  const shown = await runCli(['show', gpo]);
  assert.is(shown.code, 0);
  assert.match(shown.stdout, '== Machine ==');
  assert.match(shown.stdout, 'Configure Offer Remote Assistance (RA_Unsolicit): Enabled');
  assert.match(shown.stdout, 'User: no Registry.pol and no other part (this side sets nothing)');
  const json = JSON.parse((await runCli(['show', '--json', gpo])).stdout);
  assert.is(json.sides.Machine.policies[0].state, 'enabled');
  assert.is(json.sides.User, null);
  const check = await runCli(['check', gpo]);
  assert.is(check.code, 0, check.stdout);
  const dump = JSON.parse((await runCli(['dump', gpo])).stdout);
  assert.is(dump.sides.Machine.hive, 'HKEY_LOCAL_MACHINE');
  assert.ok(dump.sides.Machine.records.length >= 4);
  const notGpo = await runCli(['show', path.dirname(gpo)]);
  assert.is(notGpo.code, 2);
  assert.match(notGpo.stderr, 'not a GPO');
});

test('diff of two GPOs compares Machine with Machine and User with User', async () => {
  const a = sysvol('enabled');
  const b = sysvol('disabled');
  const r = await runCli(['diff', a, b]);
  assert.is(r.code, 1);
  assert.match(r.stdout, '== Machine ==');
  assert.match(r.stdout, 'Configure Offer Remote Assistance (RA_Unsolicit): Enabled → Disabled');
  assert.match(r.stdout, '== User ==\nThe two files do the same.');
  assert.is((await runCli(['diff', a, a])).code, 0);
  const mixed = await runCli(['diff', a, path.join(a, 'Machine', 'Registry.pol')]);
  assert.is(mixed.code, 2);
});

const BACKUP = path.resolve(ROOT, '..', 'shared', 'gpo-backups', 'ms-security-baseline', 'Win11_24H2', '{DD32F334-CB07-4579-96E3-06F27B6B5FAB}');
if (existsSync(BACKUP)) {
  test('a real GPMC backup folder is shown with its GPO name, from its manifest', async () => {
    const r = await runCli(['show', BACKUP]);
    assert.is(r.code, 0);
    assert.match(r.stdout, /^GPO "MSFT Windows 11 24H2 - Defender Antivirus" \{/);
  });
}

test('a GPO folder\'s Registry.pol that is a FIFO or a link to a device is refused (IO_READ, exit 2), not read forever', () => {
  for (const make of [(f: string) => execFileSync('mkfifo', [f]), (f: string) => symlinkSync('/dev/zero', f)]) {
    const gpo = sysvol('disabled');
    make(path.join(gpo, 'User', 'Registry.pol'));
    // A child process with a time limit: a regression would block, not fail.
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'gpreg.js'), 'show', gpo], { encoding: 'utf8', timeout: 30_000 });
    assert.is(r.status, 2, r.stderr);
    assert.match(r.stderr, 'IO_READ');
    assert.match(r.stderr, 'not a regular file');
  }
});

test.run();
