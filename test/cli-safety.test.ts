/** Writes never destroy or mislead: overwrite refusal, hive guards, build/set warn as check would. */
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readFileSync, statSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import { makeHostileGpo } from './hostile-gpo.js';
import * as assert from 'uvu/assert';
import { encodePol, polRecord } from '../src/pol.js';
import { fixture, runCli, tempDir } from './helpers.js';

const tmp = () => tempDir('gpreg-safety-');
const regOf = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

test('build -o onto an existing non-empty file is refused (exit 2, file untouched) unless --force', async () => {
  const dir = tmp();
  const file = path.join(dir, 'Registry.pol');
  const baseline = readFileSync(fixture('pol/good/special-names.pol'));
  writeFileSync(file, baseline);
  const r = await runCli(['build', 'offer-remote-assistance', '--state', 'disabled', '-o', file]);
  assert.is(r.code, 2);
  assert.match(r.stderr, 'OUTPUT_EXISTS');
  assert.match(r.stderr, 'gpreg set');
  assert.equal(readFileSync(file), baseline);
  const forced = await runCli(['build', 'offer-remote-assistance', '--state', 'disabled', '-o', file, '--force']);
  assert.is(forced.code, 0);
  assert.not.equal(readFileSync(file), baseline);
  // An empty file is no loss: written without --force.
  writeFileSync(file, '');
  assert.is((await runCli(['build', 'offer-remote-assistance', '--state', 'disabled', '-o', file])).code, 0);
});

test('hive guards: a computer policy into a User folder or with --hive HKCU is refused, nothing written', async () => {
  const dir = tmp();
  mkdirSync(path.join(dir, 'User'));
  const user = path.join(dir, 'User', 'Registry.pol');
  const r = await runCli(['build', 'offer-remote-assistance', '--state', 'disabled', '-o', user]);
  assert.is(r.code, 2);
  assert.match(r.stderr, /HIVE_MISMATCH: .*RA_Unsolicit is a computer policy/);
  assert.throws(() => readFileSync(user));
  const h = await runCli(['build', 'offer-remote-assistance', '--state', 'disabled', '--hive', 'HKCU', '-o', path.join(dir, 'x.reg')]);
  assert.is(h.code, 2);
  assert.match(h.stderr, 'HIVE_MISMATCH');
  // set into a User file: refused, the file untouched.
  const empty = Buffer.from([0x50, 0x52, 0x65, 0x67, 1, 0, 0, 0]);
  writeFileSync(user, empty);
  const s = await runCli(['set', user, 'offer-remote-assistance', '--state', 'disabled']);
  assert.is(s.code, 2);
  assert.equal(readFileSync(user), empty);
});

test('hive guards: an HKCU .reg into Machine/Registry.pol, or HKCR keys into any .pol, are refused', async () => {
  const dir = tmp();
  mkdirSync(path.join(dir, 'Machine'));
  const hkcu = path.join(dir, 'user.reg');
  writeFileSync(hkcu, regOf('Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\Policies\\X]\r\n"a"=dword:00000001\r\n'));
  const r = await runCli(['convert', hkcu, path.join(dir, 'Machine', 'Registry.pol')]);
  assert.is(r.code, 2);
  assert.match(r.stderr, /HIVE_MISMATCH: .*Machine Registry.pol/);
  const hkcr = path.join(dir, 'classes.reg');
  writeFileSync(hkcr, regOf('Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CLASSES_ROOT\\.gpreg]\r\n@="x"\r\n'));
  const c = await runCli(['convert', hkcr, path.join(dir, 'Registry.pol')]);
  assert.is(c.code, 2);
  assert.match(c.stderr, /HIVE_MISMATCH: .*only HKEY_LOCAL_MACHINE \(Machine\) or HKEY_CURRENT_USER \(User\)/);
  assert.is((await runCli(['convert', hkcu, path.join(dir, 'plain.pol')])).code, 0); // no folder: the .reg's own hive
});

test('.pol → .reg says which hive the keys were placed in, and why', async () => {
  const dir = tmp();
  const r = await runCli(['convert', fixture('pol/good/every-type.pol'), path.join(dir, 'out.reg')]);
  assert.is(r.code, 0);
  assert.match(r.stderr, 'keys written under HKEY_LOCAL_MACHINE (the default; give --hive HKCU for a User policy file)');
  const u = await runCli(['convert', '--hive', 'HKCU', fixture('pol/good/every-type.pol'), path.join(dir, 'out2.reg')]);
  assert.match(u.stderr, 'keys written under HKEY_CURRENT_USER (--hive)');
});

test('build and set print the warnings check would give for what they wrote (Offer RA enabled, no helpers)', async () => {
  const dir = tmp();
  const file = path.join(dir, 'Registry.pol');
  const b = await runCli(['build', 'offer-remote-assistance', '--state', 'enabled', '-o', file]);
  assert.is(b.code, 0);
  assert.match(b.stderr, 'POLICY_EMPTY_LIST');
  const check = await runCli(['check', file]);
  assert.is(check.code, 1);
  assert.match(check.stdout, 'POLICY_EMPTY_LIST');
  writeFileSync(file, Buffer.from([0x50, 0x52, 0x65, 0x67, 1, 0, 0, 0]));
  const s = await runCli(['set', file, 'offer-remote-assistance', '--state', 'enabled']);
  assert.match(s.stderr, 'POLICY_EMPTY_LIST');
});

test('I/O errors say what is wrong in words; usage errors name the command\'s own --help', async () => {
  const dir = tmp();
  const missing = await runCli(['dump', path.join(dir, 'nope.pol')]);
  assert.is(missing.code, 2);
  assert.match(missing.stderr, 'IO_READ: cannot read');
  assert.match(missing.stderr, 'no such file (ENOENT)');
  const folder = await runCli(['dump', dir]);
  assert.match(folder.stderr, 'is a folder but not a GPO'); // a folder is read as a GPO when it is one
  const noFolder = await runCli(['build', 'offer-remote-assistance', '--state', 'disabled', '-o', path.join(dir, 'missing', 'Registry.pol')]);
  assert.match(noFolder.stderr, `the folder ${path.join(dir, 'missing')} does not exist`);
  const toFolder = await runCli(['build', 'offer-remote-assistance', '--state', 'disabled', '--to', 'pol', '-o', dir]);
  assert.is(toFolder.code, 2);
  assert.match(toFolder.stderr, 'is a folder: give a file name');
  const usage = await runCli(['build', 'offer-remote-assistance', '-o', path.join(dir, 'x.pol')]);
  assert.is(usage.code, 2);
  assert.match(usage.stderr, 'run `gpreg build --help`');
});

test('replacing a file keeps its mode and owner (and gives them to the .bak); a symlinked output is written through onto a file of its kind', async () => {
  const dir = tmp();
  const file = path.join(dir, 'Registry.pol');
  writeFileSync(file, Buffer.from([0x50, 0x52, 0x65, 0x67, 1, 0, 0, 0]));
  chmodSync(file, 0o600);
  const asRoot = process.getuid?.() === 0; // only root can give a file to another user (CI runs as root)
  if (asRoot) chownSync(file, 4321, 4321);
  const owner = asRoot ? 4321 : statSync(file).uid;
  const group = asRoot ? 4321 : statSync(file).gid;
  const r = await runCli(['set', '--backup', file, 'offer-remote-assistance', '--state', 'disabled']);
  assert.is(r.code, 0, r.stderr);
  for (const f of [file, `${file}.bak`]) {
    const st = statSync(f);
    assert.equal([st.mode & 0o777, st.uid, st.gid], [0o600, owner, group], f);
  }
  const real = path.join(dir, 'real.reg');
  writeFileSync(real, 'REGEDIT4\r\n'); // a .reg: a link is written through only onto a file of the kind written
  chmodSync(real, 0o640);
  symlinkSync(real, path.join(dir, 'link.reg'));
  assert.is((await runCli(['convert', '--force', file, path.join(dir, 'link.reg')])).code, 0);
  assert.ok(lstatSync(path.join(dir, 'link.reg')).isSymbolicLink());
  assert.equal([...readFileSync(real).subarray(0, 2)], [0xff, 0xfe]);
  assert.is(statSync(real).mode & 0o777, 0o640);
});

test('temporaries left by a killed write are removed on the next write to that folder (only gpreg\'s, only of dead processes)', async () => {
  const dir = tmp();
  const stale = path.join(dir, '.Registry.pol.gpreg-999999999-0123abcd.tmp');
  const alive = path.join(dir, `.Registry.pol.gpreg-${process.ppid}-0123abcd.tmp`);
  const other = path.join(dir, '.something.tmp');
  for (const f of [stale, alive, other]) writeFileSync(f, 'x');
  assert.is((await runCli(['build', 'offer-remote-assistance', '--state', 'disabled', '-o', path.join(dir, 'Registry.pol')])).code, 0);
  assert.not.ok(existsSync(stale));
  assert.ok(existsSync(alive));
  assert.ok(existsSync(other));
});

test('terminal escapes, C1 controls and bidi overrides from a file are shown escaped in every text output', async () => {
  const dir = tmp();
  mkdirSync(path.join(dir, 'Machine'));
  const hostile = 'x\x1b[31mred\x1b]0;owned\x07\u202eevil\u0085\nnext';
  const file = path.join(dir, 'Machine', 'Registry.pol');
  writeFileSync(file, encodePol({ records: [polRecord(`Software\\${hostile}`, hostile, 1, new Uint8Array(Buffer.from(hostile + '\0', 'utf16le')))] }));
  const other = path.join(dir, 'other.pol');
  writeFileSync(other, encodePol({ records: [] }));
  const outputs = [
    (await runCli(['show', file])).stdout,
    (await runCli(['diff', other, file])).stdout,
    (await runCli(['check', file])).stdout,
    (await runCli(['audit', dir])).stdout,
    (await runCli(['audit', '--csv', dir])).stdout,
    (await runCli(['diff', '--unified', other, file])).stdout,
    // JSON: the same value, with what a terminal acts on as \u escapes.
    (await runCli(['show', '--json', file])).stdout,
    (await runCli(['dump', file])).stdout,
    (await runCli(['diff', '--json', other, file])).stdout,
    (await runCli(['audit', '--json', dir])).stdout,
  ];
  assert.ok(JSON.stringify(JSON.parse(outputs[7]!)).includes(JSON.stringify(hostile).slice(1, -1)), 'the JSON still holds the name exactly');
  for (const out of outputs) assert.not.match(out, /[\x1b\x07\u0085\u202e]/, out);
  // show and diff print the key: escaped, visibly.
  for (const out of outputs.slice(0, 2)) assert.match(out, 'x\\x1b[31mred\\x1b]0;owned\\x07\\u202eevil\\x85\\x0anext');
  // A value name holding a line feed does not start a new line of output.
  assert.not.match(outputs[0]!, /^next/m);
  // Template text (a display name with a right-to-left override) in `policies`' listing and detail.
  const { admx } = makeHostileGpo();
  for (const args of [['policies', '--admx', admx], ['policies', '--admx', admx, 'Gpreg.Policies.Test:Values']]) {
    const r = await runCli(args);
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stdout, 'invoice\\u202etxt.exe');
    assert.not.match(r.stdout, /\u202e/);
  }
  // An error message quoting a file name (here one the user typed) is escaped too.
  const missing = await runCli(['show', path.join(dir, 'x\x1b[31mred\u202e.pol')]);
  assert.is(missing.code, 2);
  assert.match(missing.stderr, 'IO_READ');
  assert.not.match(missing.stderr, /[\x1b\u202e]/, missing.stderr);
});

test('a value too large to write as text: dump and convert to JSON say OUTPUT_TOO_LARGE (exit 2, nothing written), show cuts it and says so', async () => {
  // 270,000,000 bytes take 540,000,000 hex digits, past the longest string JavaScript can hold.
  const dir = tmp();
  const file = path.join(dir, 'huge.pol');
  writeFileSync(file, encodePol({ records: [polRecord('Software\\Big', 'blob', 3, new Uint8Array(270_000_000).fill(0xab))] }));
  const dump = await runCli(['dump', file]);
  assert.is(dump.code, 2);
  assert.match(dump.stderr, 'gpreg: OUTPUT_TOO_LARGE: ');
  assert.not.match(dump.stderr, 'internal error');
  const out = path.join(dir, 'huge.json');
  const conv = await runCli(['convert', file, out]);
  assert.is(conv.code, 2);
  assert.match(conv.stderr, 'OUTPUT_TOO_LARGE');
  assert.not.ok(existsSync(out));
  const show = await runCli(['show', file]);
  assert.is(show.code, 0, show.stderr);
  assert.match(show.stdout, '… (cut: 270,000,000 bytes in all; --records shows it whole)');
  assert.ok(show.stdout.length < 10_000);
  rmSync(file);
});

test('set on a missing .pol or .reg creates it (as set-value does); a missing file of another name is IO_READ, nothing written', async () => {
  const dir = tempDir('gpreg-set-missing-');
  for (const name of ['Registry.pol', 'offer.reg']) {
    const file = path.join(dir, name);
    const r = await runCli(['set', file, 'offer-remote-assistance', '--state', 'disabled']);
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stderr, 'created; offer-remote-assistance set to disabled');
    const shown = await runCli(['show', '--json', file]);
    assert.is(JSON.parse(shown.stdout).policies[0].state, 'disabled');
  }
  const typo = path.join(dir, 'Registry.txt');
  const r = await runCli(['set', typo, 'offer-remote-assistance', '--state', 'disabled']);
  assert.is(r.code, 2);
  assert.match(r.stderr, 'IO_READ');
  assert.not.ok(existsSync(typo));
});

test('build --from with bad JSON is JSON_INVALID with the line and column, as every JSON input', async () => {
  const file = path.join(tempDir('gpreg-from-'), 'setting.json');
  writeFileSync(file, '{\n  "state": "enabled",\n  "helpers": [\n}\n');
  const r = await runCli(['build', 'offer-remote-assistance', '--from', file, '-o', '-', '--to', 'reg']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /JSON_INVALID: .*setting\.json: not valid JSON/);
  assert.match(r.stderr, /line 4/);
});

test.run();
