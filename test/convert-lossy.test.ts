/** Lossy conversions: reported once per key and kind with a position, refusable, and undone on the way back. */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { convert, loadBytes, type RegOp } from '../src/index.js';
import { decodePol, encodePol, polRecord } from '../src/pol.js';
import { parseReg } from '../src/reg.js';
import { corpusFiles, fixture, readBytes, runCli, sameBytes, tempDir } from './helpers.js';

const sz = (s: string) => new Uint8Array(Buffer.from(s + '\0', 'utf16le'));
const many = () => {
  // 200 keys, each cleared 3 times (**delvals.): one warning per key, at the first record's offset.
  const records = [];
  for (let k = 0; k < 200; k++) for (let i = 0; i < 3; i++) records.push(polRecord(`Software\\Policies\\K${k}`, '**delvals.', 1, sz(' ')));
  return encodePol({ records });
};

test('each lossy place is reported once per key and kind, with the .pol byte offset', () => {
  const r = convert(many(), { to: 'reg' });
  const delvals = r.diagnostics.filter((d) => d.code === 'REG_LOSSY_DELVALS');
  assert.is(delvals.length, 200);
  assert.is(delvals[0]!.offset, 8);
  assert.not.match(delvals[0]!.message, 'operation ');
});

test('--fail-on-lossy: exit 2 and nothing written; --quiet silences info', async () => {
  const dir = tempDir('gpreg-lossy-');
  const input = path.join(dir, 'in.pol');
  writeFileSync(input, many());
  const out = path.join(dir, 'out.reg');
  const r = await runCli(['convert', '--fail-on-lossy', input, out]);
  assert.is(r.code, 2);
  assert.match(r.stderr, 'CONVERT_LOSSY');
  assert.not.ok(existsSync(out));
  assert.throws(() => convert(many(), { to: 'reg', failOnLossy: true }), (e: { code: string }) => e.code === 'CONVERT_LOSSY');
  const loud = await runCli(['convert', fixture('pol/good/every-type.pol'), path.join(dir, 'a.reg')]);
  const quiet = await runCli(['convert', '--quiet', fixture('pol/good/every-type.pol'), path.join(dir, 'b.reg')]);
  assert.match(loud.stderr, 'keys written under');
  assert.not.match(quiet.stderr, 'keys written under');
  assert.not.match(quiet.stderr, /\binfo\b/);
});

test('.pol → .reg → .pol restores **delvals. from gpreg\'s own comments (and only from them)', () => {
  const pol = readBytes(fixture('pol/good/special-names.pol'));
  const reg = convert(pol, { to: 'reg', hive: 'HKEY_LOCAL_MACHINE' }).bytes;
  const back = decodePol(convert(reg, { to: 'pol' }).bytes).records.map((r) => r.name.toLowerCase());
  assert.ok(back.includes('**delvals.'));
  // The same [-KEY][KEY] written by hand (no gpreg comment) stays what regedit does: a key deletion.
  const hand = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Windows Registry Editor Version 5.00\r\n\r\n[-HKEY_LOCAL_MACHINE\\Software\\A\\B]\r\n\r\n[HKEY_LOCAL_MACHINE\\Software\\A\\B]\r\n', 'utf16le')]));
  assert.equal(decodePol(convert(hand, { to: 'pol' }).bytes).records.map((r) => r.name), ['**DeleteKeys', '']);
});

const corpus = corpusFiles('pol', '.pol');
if (corpus.length) {
  test('corpus: every .pol whose only lossy place is **delvals. survives .pol → .reg → .pol byte-identical', () => {
    let exact = 0;
    for (const file of corpus) {
      const bytes = readFileSync(file);
      const reg = convert(bytes, { to: 'reg' });
      // A [KEY] section of deletions only also creates the key in regedit (REG_CREATES_KEY): not exact by nature.
      if (reg.diagnostics.some((d) => (d.code.startsWith('REG_LOSSY_') && d.code !== 'REG_LOSSY_DELVALS') || d.code === 'REG_CREATES_KEY')) continue;
      const back = convert(reg.bytes, { to: 'pol' }).bytes;
      if (sameBytes(back, bytes)) exact++;
      else assert.ok(false, `${path.basename(file)} did not round-trip`);
    }
    assert.ok(exact >= 50, `${exact} exact`);
  });
}

// A name that holds a line break, written as is, would put lines of its own into the file: here
// a key, a value name and a subkey that each smuggle in "set HKLM\Evil\x".
const SMUGGLED = '\r\n[HKEY_LOCAL_MACHINE\\Evil]\r\n"x"=dword:00000001\r\nComputer\r\nSoftware\\Evil\r\nx\r\nDWORD:1\r\n';
const smuggling = () =>
  encodePol({
    records: [
      polRecord('Software\\Policies\\Good', 'kept', 4, new Uint8Array([1, 0, 0, 0])),
      polRecord(`Software\\A${SMUGGLED}`, 'v', 4, new Uint8Array(4)),
      polRecord('Software\\B', `n${SMUGGLED}`, 4, new Uint8Array(4)),
      polRecord('Software\\C', '**DeleteKeys', 1, sz(`s${SMUGGLED};t;u`)),
    ],
  });

test('a key, value name or subkey holding a line break cannot smuggle lines into a .reg or LGPO text: it is left out, said, and refusable', () => {
  const keysOf = (ops: readonly RegOp[]) => ops.map((o) => o.key.toUpperCase());
  const reg = convert(smuggling(), { to: 'reg', hive: 'HKEY_LOCAL_MACHINE' });
  const doc = parseReg(reg.bytes);
  assert.equal(doc.diagnostics.filter((d) => d.severity !== 'info'), []);
  assert.not.ok(keysOf(doc.statements.map((s) => s.op)).some((k) => k.includes('EVIL')), 'no statement on HKLM\\Evil');
  assert.ok(doc.statements.some((s) => s.op.op === 'set' && s.op.name === 'kept'));
  assert.is(reg.diagnostics.filter((d) => d.code === 'REG_LOSSY_LINE_BREAK').length, 3);
  const lgpo = convert(smuggling(), { to: 'lgpo', hive: 'HKEY_LOCAL_MACHINE' });
  const back = loadBytes(lgpo.bytes);
  assert.is(back.format, 'lgpo');
  assert.not.ok(keysOf(back.ops).some((k) => k.includes('EVIL')), 'no LGPO entry on HKLM\\Evil');
  assert.ok(back.ops.some((o) => o.op === 'set' && o.name === 'kept'));
  assert.ok(lgpo.diagnostics.filter((d) => d.code === 'LGPO_LOSSY').length >= 3);
  for (const to of ['reg', 'lgpo'] as const) assert.throws(() => convert(smuggling(), { to, failOnLossy: true }), (e: { code: string }) => e.code === 'CONVERT_LOSSY');
});

test('set-value into a .reg refuses a value name with a line break (REG_UNREPRESENTABLE): an edit writes what it is asked or nothing', async () => {
  const dir = tempDir('gpreg-lossy-');
  const file = path.join(dir, 'x.reg');
  writeFileSync(file, Buffer.from('\ufeffWindows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\A]\r\n"a"=dword:00000001\r\n', 'utf16le'));
  const before = readFileSync(file);
  const r = await runCli(['set-value', file, 'HKCU\\Software\\A', 'n\r\n[HKEY_LOCAL_MACHINE\\Evil]', '--type', 'REG_DWORD', '--data', '1']);
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, 'REG_UNREPRESENTABLE');
  assert.equal(readFileSync(file), before);
});

test.run();
