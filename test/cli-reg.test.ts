import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodePol } from '../src/pol.js';
import { parseReg } from '../src/reg.js';
import { fixture, readBytes, runCli, sameBytes, tempDir } from './helpers.js';

const tmp = tempDir('gpreg-cli-reg-');
test.after(() => rmSync(tmp, { recursive: true, force: true }));
const reg = (...lines: string[]) => new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf16le')]));

test('dump of a .reg: header, encoding, statements with lines, ops, diagnostics; exit 1 when regedit ignores lines', async () => {
  const r = await runCli(['dump', fixture('reg/edge/root-abbreviated.reg')]);
  assert.is(r.code, 1);
  const json = JSON.parse(r.stdout);
  assert.equal(Object.keys(json), ['format', 'header', 'accepted', 'encoding', 'statements', 'ops', 'diagnostics']);
  assert.equal([json.format, json.header, json.accepted, json.encoding], ['reg', '5.00', true, 'utf-16le']);
  assert.equal(json.statements[1], { line: 4, op: 'set', key: 'HKEY_CURRENT_USER\\Software\\GpregTest\\root-abbreviated', name: 'a', type: 1, typeName: 'REG_SZ', data: '31000000' });
  assert.equal(json.diagnostics[0], {
    severity: 'error',
    code: 'REG_BAD_ROOT',
    message: json.diagnostics[0].message,
    line: 5,
    column: 2,
  });
  assert.match(json.diagnostics[0].message, 'HKEY_LOCAL_MACHINE, not HKLM');
  const clean = await runCli(['dump', fixture('reg/edge/all-types.reg')]);
  assert.is(clean.code, 0);
});

test('dump --strict fails at the first line regedit would reject', async () => {
  const r = await runCli(['dump', '--strict', fixture('reg/edge/dword-forms.reg')]);
  assert.is(r.code, 2);
  assert.match(r.stderr, 'gpreg: REG_BAD_DWORD: line 6, column');
});

test('a file that is no .reg gets a clear error and exit 2', async () => {
  const utf8 = path.join(tmp, 'utf8.reg');
  writeFileSync(utf8, '\ufeffWindows Registry Editor Version 5.00\r\n');
  const r = await runCli(['dump', utf8]);
  assert.is(r.code, 2);
  assert.match(r.stderr, 'REG_UTF8_BOM');
  const ok = await runCli(['dump', '--encoding', 'utf-8', utf8]);
  assert.is(ok.code, 0, ok.stderr);
});

test('convert .pol → .reg: hive from the Machine folder, the exact layout, lossy conversions on stderr', async () => {
  const dir = path.join(tmp, 'GPO', 'Machine');
  mkdirSync(dir, { recursive: true });
  const pol = path.join(dir, 'Registry.pol');
  writeFileSync(pol, readBytes(fixture('pol/good/special-names.pol')));
  const out = path.join(tmp, 'special.reg');
  const r = await runCli(['convert', pol, out]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, 'warning REG_LOSSY_DELVALS');
  assert.match(r.stderr, 'warning REG_LOSSY_SECUREKEY');
  const doc = parseReg(readBytes(out));
  assert.equal(doc.diagnostics, []);
  assert.ok(doc.statements.every((s) => s.op.key.startsWith('HKEY_LOCAL_MACHINE\\')));
  const user = await runCli(['convert', '--hive', 'HKCU', pol, '-', '--to', 'reg']);
  assert.ok(parseReg(new Uint8Array(user.stdoutBytes)).statements.every((s) => s.op.key.startsWith('HKEY_CURRENT_USER\\')));
});

test('convert .reg → .pol → .reg: the same file back', async () => {
  const src = path.join(tmp, 'src.reg');
  writeFileSync(src, reg('Windows Registry Editor Version 5.00', '', '[HKEY_CURRENT_USER\\Software\\Gpreg]', '"a"=dword:00000001', '"b"="x"', '', '[-HKEY_CURRENT_USER\\Software\\Gpreg\\Old]', ''));
  const pol = path.join(tmp, 'src.pol');
  const back = path.join(tmp, 'back.reg');
  assert.is((await runCli(['convert', src, pol])).code, 0);
  assert.equal(decodePol(readBytes(pol)).records.map((r) => [r.key, r.name]), [['Software\\Gpreg', 'a'], ['Software\\Gpreg', 'b'], ['Software\\Gpreg', '**DeleteKeys']]);
  assert.is((await runCli(['convert', '--hive', 'HKCU', pol, back])).code, 0);
  assert.ok(sameBytes(readBytes(back), readBytes(src)));
});

test('convert .reg with two hives → .pol: error naming the first key of the other hive, nothing written; --hive keeps one', async () => {
  const src = path.join(tmp, 'mixed.reg');
  writeFileSync(src, reg('Windows Registry Editor Version 5.00', '', '[HKEY_LOCAL_MACHINE\\Software\\A]', '"a"=dword:1', '', '[HKEY_CURRENT_USER\\Software\\B]', '"b"=dword:2', ''));
  const out = path.join(tmp, 'mixed.pol');
  const r = await runCli(['convert', src, out]);
  assert.is(r.code, 2);
  assert.match(r.stderr, 'POL_MIXED_HIVES');
  assert.match(r.stderr, 'HKEY_CURRENT_USER\\\\Software\\\\B');
  assert.not.ok(existsSync(out));
  const kept = await runCli(['convert', '--hive', 'HKLM', src, out]);
  assert.is(kept.code, 0, kept.stderr);
  assert.match(kept.stderr, 'CONVERT_SKIPPED_HIVE');
  assert.equal(decodePol(readBytes(out)).records.map((x) => x.key), ['Software\\A']);
});

test('convert --to reg4 writes REGEDIT4 ANSI; an unmappable character is an error and nothing is written', async () => {
  const src = path.join(tmp, 'uni.reg');
  writeFileSync(src, reg('Windows Registry Editor Version 5.00', '', '[HKEY_CURRENT_USER\\Software\\Gpreg]', '"café"="é"', ''));
  const out = path.join(tmp, 'ansi.reg');
  assert.is((await runCli(['convert', src, out, '--to', 'reg4'])).code, 0);
  assert.ok(Buffer.from(readBytes(out)).toString('latin1').startsWith('REGEDIT4\r\n'));
  const kanji = path.join(tmp, 'kanji.reg');
  writeFileSync(kanji, reg('Windows Registry Editor Version 5.00', '', '[HKEY_CURRENT_USER\\Software\\Gpreg]', '"漢"="x"', ''));
  const out2 = path.join(tmp, 'kanji4.reg');
  const before = readdirSync(tmp).length;
  const r = await runCli(['convert', kanji, out2, '--to', 'reg4']);
  assert.is(r.code, 2);
  assert.match(r.stderr, 'REG_UNMAPPABLE');
  assert.not.ok(existsSync(out2));
  assert.is(readdirSync(tmp).length, before);
});

test('convert refuses a .reg whose header regedit rejects', async () => {
  const r = await runCli(['convert', fixture('reg/edge/header-trailing-blank.reg'), path.join(tmp, 'x.pol')]);
  assert.is(r.code, 2);
  assert.match(r.stderr, 'REG_BAD_HEADER');
  assert.match(r.stderr, 'imports nothing');
});

test('convert .reg → .json → .reg', async () => {
  const json = path.join(tmp, 'all.json');
  assert.is((await runCli(['convert', fixture('reg/wine-export/exported-by-wine.reg'), json])).code, 0);
  assert.is(JSON.parse(readFileSync(json, 'utf8')).format, 'reg');
  const back = path.join(tmp, 'all.reg');
  const r = await runCli(['convert', json, back]);
  assert.is(r.code, 0, r.stderr);
  assert.ok(sameBytes(readBytes(back), readBytes(fixture('reg/wine-export/exported-by-wine.reg'))));
});

test.run();
