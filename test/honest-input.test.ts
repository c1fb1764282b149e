/** Reading as Windows does: trailing backslashes in keys, comment lines, UTF-8 saved without BOM. */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { convert, loadBytes } from '../src/index.js';
import { decodePol, encodePol, polRecord } from '../src/pol.js';
import { parseReg, regToOps } from '../src/reg.js';
import { runCli, tempDir } from './helpers.js';

const reg = (body: string) => new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Windows Registry Editor Version 5.00\r\n\r\n' + body, 'utf16le')]));

test('[…\\Slash\\], […\\Slash\\\\] and […\\Slash\\\\\\\\] all open …\\Slash, with an info diagnostic (as Windows)', () => {
  for (const tail of ['\\', '\\\\', '\\\\\\\\']) {
    const doc = parseReg(reg(`[HKEY_CURRENT_USER\\Software\\T\\Slash${tail}]\r\n"v"="x"\r\n`));
    assert.equal([...new Set(regToOps(doc).map((o) => o.key))], ['HKEY_CURRENT_USER\\Software\\T\\Slash']);
    assert.equal(doc.diagnostics.map((d) => [d.code, d.severity]), [['KEY_TRAILING_BACKSLASH', 'info']]);
  }
  // Converted to .pol, the record's key has no backslash left.
  const pol = convert(reg('[HKEY_LOCAL_MACHINE\\Software\\T\\Slash\\]\r\n"v"="x"\r\n'), { to: 'pol' }).bytes;
  assert.equal([...new Set(decodePol(pol).records.map((r) => r.key))], ['Software\\T\\Slash']);
});

test('a .pol key with trailing backslashes is read as Windows opens it, with an info diagnostic', () => {
  const bytes = encodePol({ records: [polRecord('Software\\T\\', 'v', 4, new Uint8Array(4))] });
  const loaded = loadBytes(bytes);
  assert.is(loaded.ops[0]!.key, 'HKEY_LOCAL_MACHINE\\Software\\T');
  assert.equal(loaded.diagnostics.map((d) => d.code), ['KEY_TRAILING_BACKSLASH']);
  assert.equal(loaded.diagnostics[0]!.offset, 8);
});

test('check: # and ; comment lines are info, not findings', async () => {
  const dir = tempDir('gpreg-honest-');
  const file = path.join(dir, 'c.reg');
  writeFileSync(file, reg('; a comment\r\n# another\r\n[HKEY_CURRENT_USER\\Software\\T]\r\n"v"="x"\r\n'));
  const r = await runCli(['check', file]);
  assert.is(r.code, 0, r.stdout);
  assert.match(r.stdout, 'clean');
});

test('a .reg without BOM whose text is UTF-8 gets a warning that regedit reads it as ANSI', () => {
  const bytes = new Uint8Array(Buffer.from('Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\Café]\r\n"v"="x"\r\n', 'utf8'));
  const doc = parseReg(bytes);
  const w = doc.diagnostics.find((d) => d.code === 'REG_UTF8_AS_ANSI')!;
  assert.ok(w);
  assert.equal([w.severity, w.line, w.column], ['warning', 3, 32]);
  assert.match(regToOps(doc)[0]!.key, 'CafÃ©'); // what regedit will create
  const ansi = new Uint8Array(Buffer.from('Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\Caf\xe9]\r\n', 'latin1'));
  assert.not.ok(parseReg(ansi).diagnostics.some((d) => d.code === 'REG_UTF8_AS_ANSI'));
});

test.run();
