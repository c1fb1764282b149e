/**
 * Writes land where they say, or not at all: links out of a GPO folder, links onto files of
 * another kind, gpt.ini in every line-end style, and a GPO rebuild killed between its writes.
 * Reads end: every input is a regular file (or stdin) read up to a cap.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeOutput } from '../src/cli/io.js';
import { bumpGptVersion } from '../src/gpo/gpt-ini.js';
import { ROOT, runCli, tempDir } from './helpers.js';

const tmp = () => tempDir('gpreg-writes-');
const KEY = 'Software\\Policies\\X';
const PREG_EMPTY = Buffer.from([0x50, 0x52, 0x65, 0x67, 1, 0, 0, 0]);

/** A SYSVOL GPO with both sides set, and the `show --json` document of it. */
async function makeGpo(root: string): Promise<{ gpo: string; json: string; doc: { sides: Record<string, { policies: Array<{ state: string }> }> } }> {
  const gpo = path.join(root, 'Policies', '{31B2F340-016D-11D2-945F-00C04FB984F9}');
  mkdirSync(path.join(gpo, 'Machine'), { recursive: true });
  mkdirSync(path.join(gpo, 'User'), { recursive: true });
  writeFileSync(path.join(gpo, 'gpt.ini'), '[General]\r\nVersion=65537\r\n');
  assert.is((await runCli(['build', 'offer-remote-assistance', '--state', 'disabled', '-o', path.join(gpo, 'Machine', 'Registry.pol')])).code, 0);
  assert.is((await runCli(['set-value', '--no-version-bump', path.join(gpo, 'User', 'Registry.pol'), KEY, 'v', '--type', 'REG_DWORD', '--data', '1'])).code, 0);
  const shown = await runCli(['show', '--json', gpo]);
  const json = path.join(root, 'gpo.json');
  writeFileSync(json, shown.stdout);
  return { gpo, json, doc: JSON.parse(shown.stdout) };
}

test('build --from into a GPO whose Machine/Registry.pol or Machine folder links out of it: IO_WRITE, nothing written anywhere', async () => {
  for (const linkWhat of ['file', 'folder'] as const) {
    const root = tmp();
    const { gpo, json, doc } = await makeGpo(root);
    const outside = path.join(root, 'outside');
    mkdirSync(outside);
    const victim = path.join(outside, 'Registry.pol');
    writeFileSync(victim, linkWhat === 'file' ? 'not a policy file\n' : PREG_EMPTY);
    const machine = path.join(gpo, 'Machine');
    if (linkWhat === 'file') {
      rmSync(path.join(machine, 'Registry.pol'));
      symlinkSync(victim, path.join(machine, 'Registry.pol'));
    } else {
      rmSync(machine, { recursive: true });
      symlinkSync(outside, machine);
    }
    doc.sides['Machine']!.policies[0]!.state = 'enabled';
    writeFileSync(json, JSON.stringify(doc));
    const before = readFileSync(victim);
    const r = await runCli(['build', '--from', json, '-o', gpo, '--force']);
    assert.is(r.code, 2, `${linkWhat}: ${r.stderr}`);
    assert.match(r.stderr, 'IO_WRITE');
    assert.match(r.stderr, 'out of the GPO folder');
    assert.equal(readFileSync(victim), before, linkWhat);
    assert.is(readFileSync(path.join(gpo, 'gpt.ini'), 'latin1'), '[General]\r\nVersion=65537\r\n');
  }
});

test('set and set-value on a GPO side file that links to a valid .pol outside the GPO: IO_WRITE, the target untouched', async () => {
  const root = tmp();
  const { gpo } = await makeGpo(root);
  const victim = path.join(root, 'elsewhere.pol');
  writeFileSync(victim, PREG_EMPTY);
  const user = path.join(gpo, 'User', 'Registry.pol');
  rmSync(user);
  symlinkSync(victim, user);
  for (const argv of [['set-value', user, KEY, 'w', '--type', 'REG_DWORD', '--data', '2'], ['set', path.join(gpo, 'Machine', '..', 'User', 'Registry.pol'), 'RA_Unsolicit', '--state', 'disabled', '--hive', 'HKCU']]) {
    const r = await runCli(argv);
    assert.is(r.code, 2, r.stderr);
    assert.match(r.stderr, /IO_WRITE|HIVE_MISMATCH|POLICY_WRONG_HIVE/);
    assert.equal(readFileSync(victim), PREG_EMPTY);
  }
  // A link that stays inside the GPO is followed.
  rmSync(user);
  writeFileSync(path.join(gpo, 'User', 'real.pol'), PREG_EMPTY);
  symlinkSync(path.join(gpo, 'User', 'real.pol'), user);
  const ok = await runCli(['set-value', user, KEY, 'w', '--type', 'REG_DWORD', '--data', '2']);
  assert.is(ok.code, 0, ok.stderr);
  assert.not.equal(readFileSync(path.join(gpo, 'User', 'real.pol')), PREG_EMPTY);
});

test('a single output that is a link is written through only onto a file of the kind written: never a text file made into a Registry.pol', async () => {
  const dir = tmp();
  const text = path.join(dir, 'notes.txt');
  writeFileSync(text, 'my notes\n');
  symlinkSync(text, path.join(dir, 'out.pol'));
  const r = await runCli(['build', 'offer-remote-assistance', '--state', 'disabled', '-o', path.join(dir, 'out.pol'), '--force']);
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /IO_WRITE: .*not a Registry\.pol \(PReg\) file/);
  assert.is(readFileSync(text, 'utf8'), 'my notes\n');
  // A .reg link onto a PReg file is refused too; onto a .reg, written through.
  const pol = path.join(dir, 'real.pol');
  writeFileSync(pol, PREG_EMPTY);
  symlinkSync(pol, path.join(dir, 'out.reg'));
  assert.is((await runCli(['build', 'offer-remote-assistance', '--state', 'disabled', '-o', path.join(dir, 'out.reg'), '--force'])).code, 2);
  assert.equal(readFileSync(pol), PREG_EMPTY);
  symlinkSync(pol, path.join(dir, 'through.pol'));
  assert.is((await runCli(['build', 'offer-remote-assistance', '--state', 'disabled', '-o', path.join(dir, 'through.pol'), '--force'])).code, 0);
  assert.ok(readFileSync(pol).length > PREG_EMPTY.length);
});

test('gpt.ini with a lone CR, LF, CR LF, or no final line end: the version is found and raised in place, the style kept, never a second block', () => {
  const cases: Array<[string, string]> = [
    ['[General]', '[General]\r\nVersion=1\r\n'],
    ['[General]\rVersion=5\r', '[General]\rVersion=6\r'],
    ['[General]\rVersion=5', '[General]\rVersion=6'],
    ['[General]\nVersion=5\n', '[General]\nVersion=6\n'],
    ['[General]\r\ndisplayName=New GPO\r\nVersion=65541', '[General]\r\ndisplayName=New GPO\r\nVersion=65542'],
    ['[General]\n', '[General]\nVersion=1\n'],
    ['displayName=x', '[General]\r\nVersion=1\r\ndisplayName=x\r\n'],
  ];
  for (const [before, after] of cases) {
    const once = bumpGptVersion(new Uint8Array(Buffer.from(before, 'latin1')), 'Machine');
    assert.is(Buffer.from(once.bytes).toString('latin1'), after, JSON.stringify(before));
    const twice = bumpGptVersion(once.bytes, 'Machine');
    assert.ok(twice.after > once.after, `${JSON.stringify(before)}: the second bump raises it again`);
    assert.is(Buffer.from(twice.bytes).toString('latin1').match(/\[General\]/g)?.length, 1);
  }
});

test('build --from killed (kill -9) before any of its renames: no side is ever newer than its version, and the next run finishes the job and removes the temporaries', async () => {
  for (let killAt = 1; killAt <= 2; killAt++) {
    const root = tmp();
    const { gpo, json, doc } = await makeGpo(root);
    // The Machine side changes: two renames (gpt.ini's and the side's), in that order.
    doc.sides['Machine']!.policies[0]!.state = 'enabled';
    writeFileSync(json, JSON.stringify(doc));
    const sideBytes = (side: string) => readFileSync(path.join(gpo, side, 'Registry.pol'));
    const machineBefore = sideBytes('Machine');
    const version = () => Number(/Version=(\d+)/.exec(readFileSync(path.join(gpo, 'gpt.ini'), 'latin1'))![1]);
    const v0 = version();
    const killed = spawnSync(process.execPath, ['--import', path.join(ROOT, 'test', 'hooks', 'kill-at-rename.mjs'), path.join(ROOT, 'bin', 'gpreg.js'), 'build', '--from', json, '-o', gpo, '--force'], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, GPREG_KILL_AT_RENAME: String(killAt) },
    });
    assert.is(killed.signal, 'SIGKILL', `kill at rename ${killAt}: ${killed.stderr}`);
    // Whatever moment it died at: a Machine side already new has its version raised.
    if (!sideBytes('Machine').equals(machineBefore)) assert.ok((version() & 0xffff) > (v0 & 0xffff), `kill at ${killAt}: the new Machine side is under a raised version`);
    const again = await runCli(['build', '--from', json, '-o', gpo, '--force']);
    assert.is(again.code, 0, again.stderr);
    assert.ok((version() & 0xffff) > (v0 & 0xffff), `kill at ${killAt}: the version is raised after the rerun`);
    const shown = JSON.parse((await runCli(['show', '--json', gpo])).stdout);
    assert.is(shown.sides.Machine.policies[0].state, 'enabled');
    for (const dir of [gpo, path.join(gpo, 'Machine'), path.join(gpo, 'User')]) {
      assert.equal(readdirSync(dir).filter((n) => n.endsWith('.tmp')), [], `kill at ${killAt}: temporaries left in ${dir}`);
    }
    assert.ok(existsSync(path.join(gpo, 'gpt.ini')));
  }
});

test('a single-file command on a FIFO or a link to /dev/zero is IO_READ at once (not blocked, not read without end); an input over --max-input is IO_READ', async () => {
  const dir = tmp();
  execFileSync('mkfifo', [path.join(dir, 'fifo.pol')]);
  symlinkSync('/dev/zero', path.join(dir, 'zero.pol'));
  for (const [command, name] of [['dump', 'fifo.pol'], ['show', 'zero.pol'], ['check', 'fifo.pol'], ['convert', 'zero.pol']] as const) {
    const args = command === 'convert' ? [command, name, 'out.reg'] : [command, name];
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'gpreg.js'), ...args], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    assert.is(r.status, 2, `${command} ${name}: ${r.stderr}`);
    assert.match(r.stderr, /IO_READ: cannot read .*: not a regular file/);
  }
  writeFileSync(path.join(dir, 'h.pol'), PREG_EMPTY);
  const capped = await runCli(['dump', path.join(dir, 'h.pol'), '--max-input', '0.000001']);
  assert.is(capped.code, 2);
  assert.match(capped.stderr, 'larger than the --max-input cap');
  const stdin = await runCli(['dump', '-', '--max-input', '0.000001'], { stdin: new Uint8Array(PREG_EMPTY) });
  assert.is(stdin.code, 2);
  assert.match(stdin.stderr, 'standard input is larger than the --max-input cap');
  assert.is((await runCli(['dump', path.join(dir, 'h.pol'), '--max-input', '1'])).code, 0);
});

test('a page in pieces to a full stdout waits for it to drain before the next megabyte: a slow reader never has the whole page queued', async () => {
  const written: number[] = [];
  let waiting = false;
  // A sink like a pipe whose reader is slow: every write fills it, and it drains a moment later.
  const stdout = Object.assign(new EventEmitter(), {
    write(chunk: string | Uint8Array) {
      assert.not.ok(waiting, 'written to while full');
      written.push(chunk.length);
      waiting = true;
      setTimeout(() => {
        waiting = false;
        stdout.emit('drain');
      }, 5);
      return false;
    },
  });
  const piece = 'x'.repeat(256 * 1024);
  const pieces = Array.from({ length: 12 }, () => piece); // 3 MB: three megabyte writes
  await writeOutput('-', pieces, { stdout, stderr: stdout, stdin: [], cwd: ROOT, env: {} } as never);
  assert.equal(written, [1 << 20, 1 << 20, 1 << 20]);
  assert.is(stdout.listenerCount('drain') + stdout.listenerCount('close') + stdout.listenerCount('error'), 0); // no listener left behind
  // A closed stdout (the reader went away) never drains: the writer goes on instead of waiting for ever.
  const closed = Object.assign(new EventEmitter(), { destroyed: true, write: () => false });
  await writeOutput('-', pieces, { stdout: closed, stderr: closed, stdin: [], cwd: ROOT, env: {} } as never);
});

test.run();
