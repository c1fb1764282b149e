import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fixture, headerOnlyFile, readBytes, ROOT, runCli, sameBytes, tempDir } from './helpers.js';

const tmp = tempDir('gpreg-cli-');
test.after(() => rmSync(tmp, { recursive: true, force: true }));

test('dump prints the documented JSON contract', async () => {
  const r = await runCli(['dump', fixture('pol/good/special-names.pol')]);
  assert.is(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout);
  assert.equal(Object.keys(json), ['format', 'version', 'hive', 'records', 'ops', 'diagnostics']);
  assert.is(json.format, 'pol');
  assert.is(json.version, 1);
  assert.is(json.hive, 'HKEY_LOCAL_MACHINE');
  assert.equal(Object.keys(json.records[0]), ['offset', 'key', 'name', 'type', 'size', 'data']);
  assert.is(json.records[0].offset, 8);
  assert.is(json.records[0].data, '20000000');
  assert.equal(json.ops[0], { op: 'deleteAllValues', key: 'HKEY_LOCAL_MACHINE\\Software\\Policies\\Microsoft\\Windows NT\\Terminal Services' });
  const soft = json.ops.find((o: { soft?: boolean }) => o.soft);
  assert.equal(soft, { op: 'set', key: 'HKEY_LOCAL_MACHINE\\Software\\Policies\\Gpreg', name: 'Preferred', type: 4, typeName: 'REG_DWORD', data: '07000000', soft: true });
  assert.equal(json.diagnostics.map((d: { code: string }) => d.code), ['POL_UNKNOWN_SPECIAL']);
});

test('dump --hive and the User folder place keys in HKCU', async () => {
  const a = JSON.parse((await runCli(['dump', '--hive', 'hkcu', fixture('pol/good/special-names.pol')])).stdout);
  assert.is(a.hive, 'HKEY_CURRENT_USER');
  assert.ok(a.ops.every((o: { key: string }) => o.key.startsWith('HKEY_CURRENT_USER\\')));
  const dir = path.join(tmp, '{GUID}', 'User');
  execFileSync('mkdir', ['-p', dir]);
  writeFileSync(path.join(dir, 'Registry.pol'), readBytes(fixture('pol/good/special-names.pol')));
  const b = JSON.parse((await runCli(['dump', path.join(dir, 'Registry.pol')])).stdout);
  assert.is(b.hive, 'HKEY_CURRENT_USER');
});

test('dump reads stdin as bytes', async () => {
  const bytes = readBytes(fixture('pol/good/every-type.pol'));
  const r = await runCli(['dump', '-'], { stdin: bytes });
  assert.is(r.code, 0, r.stderr);
  assert.is(JSON.parse(r.stdout).records.length, 16);
});

test('dump of a corrupt file: exit 2, code and offset on stderr, nothing on stdout', async () => {
  const r = await runCli(['dump', fixture('pol/corrupt/missing-rbracket.pol')]);
  assert.is(r.code, 2);
  assert.is(r.stdout, '');
  assert.match(r.stderr, "gpreg: POL_MISSING_DELIMITER: record at 0x8: no ']' closing the record: expected ']' (5d 00) at offset 0x5a, found 29 00");
});

test('dump --lenient recovers, lists the problems, exits 1', async () => {
  const r = await runCli(['dump', '--lenient', fixture('pol/corrupt/size-past-end.pol')]);
  assert.is(r.code, 1);
  const json = JSON.parse(r.stdout);
  assert.equal(json.diagnostics.map((d: { code: string; offset: number }) => [d.code, d.offset]), [['POL_SIZE_PAST_END', 80]]);
});

test('usage errors exit 2: unknown command, missing file, bad hive, unknown option', async () => {
  for (const argv of [['frobnicate'], ['dump'], ['dump', '--hive', 'HKXX', headerOnlyFile()], ['dump', '--bogus', 'x'], []]) {
    const r = await runCli(argv);
    assert.is(r.code, 2, argv.join(' '));
    assert.match(r.stderr, /^gpreg: /);
  }
  const missing = await runCli(['dump', path.join(tmp, 'nope.pol')]);
  assert.is(missing.code, 2);
  assert.match(missing.stderr, 'IO_READ');
});

test('--help lists the commands; every command help has an example', async () => {
  const top = await runCli(['--help']);
  assert.is(top.code, 0);
  for (const c of ['dump', 'convert']) {
    assert.match(top.stdout, `gpreg ${c}`);
    const h = await runCli([c, '--help']);
    assert.is(h.code, 0);
    assert.match(h.stdout, 'Examples:');
  }
  assert.match((await runCli(['--version'])).stdout, /^\d+\.\d+\.\d+/);
});

test('convert pol → json → pol gives the same bytes', async () => {
  const src = fixture('pol/good/every-type.pol');
  const json = path.join(tmp, 'every.json');
  const back = path.join(tmp, 'every.pol');
  assert.is((await runCli(['convert', src, json])).code, 0);
  assert.is(JSON.parse(readFileSync(json, 'utf8')).format, 'pol');
  assert.is((await runCli(['convert', json, back])).code, 0);
  assert.ok(sameBytes(readBytes(back), readBytes(src)));
});

test('convert json with only ops writes the records opsToPol makes', async () => {
  const json = path.join(tmp, 'ops.json');
  writeFileSync(json, JSON.stringify({ ops: [{ op: 'set', key: 'HKEY_LOCAL_MACHINE\\Software\\Policies\\X', name: 'v', type: 4, data: '01000000' }] }));
  const r = await runCli(['convert', json, '-', '--to', 'pol']);
  assert.is(r.code, 0, r.stderr);
  const dumped = JSON.parse((await runCli(['dump', '-'], { stdin: r.stdoutBytes })).stdout);
  assert.equal(dumped.records.map((x: { key: string; name: string }) => [x.key, x.name]), [['Software\\Policies\\X', 'v']]);
});

test('convert to stdout writes bytes, not text', async () => {
  const src = fixture('pol/good/every-type.pol');
  const r = await runCli(['convert', src, '-', '--to', 'pol']);
  assert.is(r.code, 0);
  assert.ok(sameBytes(r.stdoutBytes, readBytes(src)));
});

test('convert failure: exit 2, the existing output is untouched, no temporary file is left', async () => {
  const out = path.join(tmp, 'keep.pol');
  writeFileSync(out, 'original');
  const before = readdirSync(tmp).sort();
  const r = await runCli(['convert', '--force', fixture('pol/corrupt/size-ffffffff.pol'), out]);
  assert.is(r.code, 2);
  assert.match(r.stderr, 'POL_SIZE_INVALID');
  assert.is(readFileSync(out, 'utf8'), 'original');
  assert.equal(readdirSync(tmp).sort(), before);
  const bad = path.join(tmp, 'bad.json');
  writeFileSync(bad, '{"records": [ {"key": "k", "name": "n", "type": 1, "data": "zz"} ]}');
  const j = await runCli(['convert', '--force', bad, out]);
  assert.is(j.code, 2);
  assert.match(j.stderr, 'JSON_BAD_HEX');
  assert.is(readFileSync(out, 'utf8'), 'original');
});

test('convert refuses to replace an existing file unless --force (a GPO\'s Registry.pol given as the output by mistake)', async () => {
  const out = path.join(tmp, 'existing.pol');
  writeFileSync(out, 'original');
  const r = await runCli(['convert', fixture('pol/good/every-type.pol'), out]);
  assert.is(r.code, 2);
  assert.match(r.stderr, 'OUTPUT_EXISTS');
  assert.is(readFileSync(out, 'utf8'), 'original');
  assert.is((await runCli(['convert', '--force', fixture('pol/good/every-type.pol'), out])).code, 0);
  assert.equal(readFileSync(out), readFileSync(fixture('pol/good/every-type.pol')));
});

test('convert needs a format it can tell', async () => {
  const r = await runCli(['convert', headerOnlyFile(), path.join(tmp, 'out.txt')]);
  assert.is(r.code, 2);
  assert.match(r.stderr, 'USAGE_NO_FORMAT');
  assert.not.ok(existsSync(path.join(tmp, 'out.txt')));
});

test('invalid JSON input gives line and column', async () => {
  const bad = path.join(tmp, 'broken.json');
  writeFileSync(bad, '{\n  "ops": [\n    {"op": "set",,}\n  ]\n}\n');
  const r = await runCli(['dump', bad]);
  assert.is(r.code, 2);
  assert.match(r.stderr, /JSON_INVALID.*line 3/);
});

test('the installed bin runs (built dist)', () => {
  const bin = path.join(ROOT, 'bin', 'gpreg.js');
  const ok = spawnSync(process.execPath, [bin, 'dump', headerOnlyFile()], { encoding: 'utf8' });
  assert.is(ok.status, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).records, []);
  const bad = spawnSync(process.execPath, [bin, 'dump', fixture('pol/corrupt/empty.pol')], { encoding: 'utf8' });
  assert.is(bad.status, 2);
  assert.match(bad.stderr, 'POL_EMPTY');
});

test.run();
