/** Any value, PolicyFileEditor parity: set-value, delete-value, delete-all-values, delete-keys, create-key. */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodePol, encodePol, polRecord } from '../src/pol.js';
import { parseReg, regToOps } from '../src/reg.js';
import { parseValueData } from '../src/registry/values.js';
import { runCli, tempDir } from './helpers.js';

const dir = () => tempDir('gpreg-values-');
const sz = (s: string) => new Uint8Array(Buffer.from(s + '\0', 'utf16le'));
const names = (file: string) => decodePol(readFileSync(file)).records.map((r) => `${r.key}:${r.name}`);

test('data as the type is written: numbers, texts, several strings, hex bytes', () => {
  assert.equal([...parseValueData(4, ['0x10'])], [16, 0, 0, 0]);
  assert.equal([...parseValueData(11, ['4294967296'])], [0, 0, 0, 0, 1, 0, 0, 0]);
  assert.equal(Buffer.from(parseValueData(7, ['a', 'b'])).toString('utf16le'), 'a\0b\0\0');
  assert.equal([...parseValueData(3, ['00 ff,01'])], [0, 255, 1]);
  assert.throws(() => parseValueData(4, ['4294967296']), (e: { code: string }) => e.code === 'VALUE_BAD_DWORD');
  assert.throws(() => parseValueData(3, ['zz']), (e: { code: string }) => e.code === 'VALUE_TYPE_MISMATCH');
});

test('.pol: set-value replaces the value in place or joins its key; other records stay byte-identical', async () => {
  const d = dir();
  const file = path.join(d, 'Registry.pol');
  const original = encodePol({ records: [polRecord('Software\\A', 'x', 1, sz('1')), polRecord('Software\\A', 'y', 1, sz('2')), polRecord('Software\\C', 'z', 1, sz('3'))] });
  writeFileSync(file, original);
  assert.is((await runCli(['set-value', file, 'Software\\A', 'X', '--type', 'REG_DWORD', '--data', '7'])).code, 0);
  assert.equal(names(file), ['Software\\A:X', 'Software\\A:y', 'Software\\C:z']);
  assert.is(decodePol(readFileSync(file)).records[0]!.type, 4);
  const after = readFileSync(file);
  // The records after the edited one are byte-identical.
  assert.is(Buffer.compare(after.subarray(decodePol(after).records[1]!.offset), Buffer.from(original).subarray(decodePol(original).records[1]!.offset)), 0);
  await runCli(['set-value', file, 'Software\\B', 'n', '--type', 'REG_SZ', '--data', 'hello']);
  await runCli(['delete-value', file, 'Software\\A', 'y']);
  await runCli(['delete-all-values', file, 'Software\\C']);
  await runCli(['delete-keys', file, 'Software\\C', 'Old', 'Older']);
  await runCli(['create-key', file, 'Software\\D']);
  assert.equal(names(file), ['Software\\A:X', 'Software\\A:**del.y', 'Software\\B:n', 'Software\\C:z', 'Software\\C:**delvals.', 'Software\\C:**DeleteKeys', 'Software\\D:']);
});

test('.reg: set-value and delete-value edit the file in its own encoding; a key needs its hive', async () => {
  const d = dir();
  const file = path.join(d, 't.reg');
  writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\T]\r\n"a"="1"\r\n"b"="2"\r\n', 'utf16le')]));
  const r = await runCli(['set-value', file, 'HKEY_CURRENT_USER\\Software\\T', 'a', '--type', 'REG_MULTI_SZ', '--data', 'x', '--data', 'y']);
  assert.is(r.code, 0, r.stderr);
  await runCli(['delete-value', file, 'HKCU\\Software\\T', 'b']);
  const ops = regToOps(parseReg(readFileSync(file)));
  // A [KEY] section of deletions only also creates its key in regedit: that createKey is real.
  assert.equal(ops.map((o) => `${o.op}:${'name' in o ? o.name : ''}`), ['set:a', 'createKey:', 'deleteValue:b']);
  assert.equal(Buffer.from((ops[0] as { data: Uint8Array }).data).toString('utf16le'), 'x\0y\0\0');
  const bad = await runCli(['set-value', file, 'HKEY_LOCAL_MACHINE\\Software\\T', 'c', '--type', 'REG_SZ', '--data', 'x', '--hive', 'HKCU']);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, 'HIVE_MISMATCH');
});


test('a missing .pol or .reg is created, as Set-PolicyFileEntry does; a missing file of another name, or folder, is an error', async () => {
  const d = dir();
  const pol = await runCli(['set-value', path.join(d, 'new.pol'), 'Software\\A', 'x', '--type', 'REG_DWORD', '--data', '1']);
  assert.is(pol.code, 0, pol.stderr);
  assert.match(pol.stderr, 'new.pol: created; "x" set to REG_DWORD');
  // The bytes worked out by hand from the PReg layout: header, then [key;name;type;size;data].
  const rec = Buffer.concat([Buffer.from('[', 'utf16le'), Buffer.from('Software\\A\0;x\0;', 'utf16le'), Buffer.from([4, 0, 0, 0]), Buffer.from(';', 'utf16le'), Buffer.from([4, 0, 0, 0]), Buffer.from(';', 'utf16le'), Buffer.from([1, 0, 0, 0]), Buffer.from(']', 'utf16le')]);
  assert.equal(readFileSync(path.join(d, 'new.pol')), Buffer.concat([Buffer.from('PReg'), Buffer.from([1, 0, 0, 0]), rec]));
  assert.is((await runCli(['set-value', path.join(d, 'new.reg'), 'HKEY_CURRENT_USER\\Software\\A', 'x', '--type', 'REG_SZ', '--data', 'hi'])).code, 0);
  assert.is(readFileSync(path.join(d, 'new.reg')).toString('utf16le'), '\ufeffWindows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\A]\r\n"x"="hi"\r\n\r\n');
  const txt = await runCli(['set-value', path.join(d, 'new.txt'), 'Software\\A', 'x', '--type', 'REG_DWORD', '--data', '1']);
  assert.is(txt.code, 2);
  assert.match(txt.stderr, 'IO_READ');
  const folder = await runCli(['set-value', path.join(d, 'no', 'new.pol'), 'Software\\A', 'x', '--type', 'REG_DWORD', '--data', '1']);
  assert.is(folder.code, 2);
  assert.match(folder.stderr, 'IO_WRITE');
});

test.run();
