/** The library's entry points beside the codecs: convert, reading records one at a time, loading. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { convert, GpregError, loadBytes, type Diagnostic } from '../src/index.js';
import { decodePol, encodePol, polRecord, polRecords } from '../src/pol.js';
import { regStatements } from '../src/reg.js';
import { fixture, readBytes } from './helpers.js';

const u16 = (s: string) => new Uint8Array(Buffer.from(s + '\0', 'utf16le'));

test('convert: .pol → .reg → .pol in the library, with the lossy places as diagnostics', () => {
  const pol = readBytes(fixture('pol/good/special-names.pol'));
  const reg = convert(pol, { to: 'reg', hive: 'HKEY_LOCAL_MACHINE' });
  assert.is(reg.from, 'pol');
  assert.equal([...reg.bytes.subarray(0, 2)], [0xff, 0xfe]);
  assert.ok(reg.diagnostics.some((d) => d.code === 'REG_LOSSY_DELVALS'));
  const back = convert(reg.bytes, { to: 'pol' });
  assert.is(back.from, 'reg');
  assert.ok(decodePol(back.bytes).records.length > 0);
  const json = convert(pol, { to: 'json' });
  assert.is(JSON.parse(Buffer.from(json.bytes).toString('utf8')).records.length, decodePol(pol).records.length);
  assert.equal(convert(json.bytes, { to: 'pol' }).bytes, pol); // a dump with records is lossless
  const reg4 = convert(pol, { to: 'reg4' });
  assert.match(Buffer.from(reg4.bytes).toString('latin1'), /^REGEDIT4\r\n/);
});

test('convert: a .reg regedit would import nothing from is refused; an unknown target is an error', () => {
  const bad = new Uint8Array(Buffer.from('Windows Registry Editor Version 5.00 \r\n', 'latin1'));
  assert.throws(() => convert(bad, { to: 'pol' }), (e: GpregError) => e.code === 'REG_BAD_HEADER');
  assert.throws(() => convert(readBytes(fixture('pol/good/special-names.pol')), { to: 'xml' as never }), (e: GpregError) => e.code === 'CONVERT_BAD_TARGET');
});

test('polRecords yields the records one at a time and returns the version; strict stops at a bad record', () => {
  const records = [polRecord('Software\\A', 'x', 4, new Uint8Array(4)), polRecord('Software\\B', 'y', 1, u16('z'))];
  const bytes = encodePol({ records });
  const it = polRecords(bytes);
  const first = it.next();
  assert.is(!first.done && first.value.name, 'x');
  assert.is([...it].length, 1);
  const broken = new Uint8Array([...bytes, 0x5b, 0x00, 0x41]);
  const seen: string[] = [];
  assert.throws(() => {
    for (const r of polRecords(broken)) seen.push(r.name);
  }, (e: GpregError) => e.code === 'POL_TRUNCATED' || e.code === 'POL_TRAILING_BYTE');
  assert.equal(seen, ['x', 'y']);
  const diagnostics: { code: string }[] = [];
  assert.is([...polRecords(broken, { lenient: true, diagnostics: diagnostics as never })].length, 2);
  assert.ok(diagnostics.length > 0);
});

test('regStatements reads a .reg one statement at a time: lines are read as they are asked for, diagnostics come with them', () => {
  const reg = new Uint8Array(Buffer.from('\ufeffWindows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\A]\r\n"x"=dword:1\r\n"bad"=dword:zz\r\n"y"="s"\r\n[-HKEY_CURRENT_USER\\A]\r\n', 'utf16le'));
  const diagnostics: Diagnostic[] = [];
  const it = regStatements(reg, { diagnostics });
  const first = it.next();
  assert.is(!first.done && first.value.op.op, 'createKey');
  assert.is(diagnostics.length, 0); // line 5 not read yet
  const seen = [first, it.next(), it.next()].map((r) => !r.done && `${r.value.line} ${r.value.op.op}`);
  assert.equal(seen, ['3 createKey', '4 set', '6 set']);
  assert.equal(diagnostics.map((d) => [d.code, d.line]), [['REG_BAD_DWORD', 5]]);
  const rest = [...it].map((s) => s.op.op);
  assert.equal(rest, ['deleteKey']);
  // The return value: the document but its statements.
  const all = regStatements(reg);
  let r = all.next();
  while (!r.done) r = all.next();
  assert.equal(Object.keys(r.value).sort(), ['accepted', 'diagnostics', 'encoding', 'header']);
  assert.is(r.value.header, '5.00');
  assert.throws(() => regStatements(new Uint8Array(Buffer.from('not a reg\r\n'))).next(), (e: GpregError) => e.code === 'REG_BAD_HEADER');
});

test('a .json dump with records gives the same diagnostics as the .pol (a **bogus record warns)', () => {
  const pol = encodePol({ records: [polRecord('Software\\A', '**bogus', 1, u16(' '))] });
  const fromPol = loadBytes(pol);
  const fromJson = loadBytes(convert(pol, { to: 'json' }).bytes);
  assert.ok(fromPol.diagnostics.some((d) => d.code === 'POL_UNKNOWN_SPECIAL'));
  assert.equal(fromJson.diagnostics.map((d) => d.code), fromPol.diagnostics.map((d) => d.code));
});

test('one strictness option: strict, with the format\'s default (a .pol strict, a .reg as regedit); lenient is its older name', () => {
  const bad = new Uint8Array([...encodePol({ records: [polRecord('Software\\A', 'x', 4, new Uint8Array(4))] }), 0x5b, 0x00]);
  assert.throws(() => decodePol(bad), (e: GpregError) => e.code === 'POL_TRUNCATED');
  assert.equal(decodePol(bad, { strict: false }), decodePol(bad, { lenient: true }));
  assert.throws(() => decodePol(bad, { strict: true, lenient: true }), (e: GpregError) => e.code === 'POL_TRUNCATED');
  assert.throws(() => loadBytes(bad), (e: GpregError) => e.code === 'POL_TRUNCATED');
  assert.is(loadBytes(bad, { strict: false }).ops.length, 1);
  const reg = new Uint8Array(Buffer.from('Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\A]\r\n"x"=dword:zz\r\n', 'latin1'));
  assert.ok(loadBytes(reg).diagnostics.some((d) => d.severity === 'error'));
  assert.throws(() => loadBytes(reg, { strict: true }), (e: GpregError) => e.line === 4);
});

// Each case: an error as a reader throws it, what its reason says (no position), and the whole
// message with the position placed once. The pol and reg texts are those of fixtures whose offsets
// and lines docs/pol-format.md and the Wine-derived reg tests give.
const PLACED: [string, () => unknown, RegExp, RegExp][] = [
  ['a .pol record without its ]', () => decodePol(readBytes(fixture('pol/corrupt/missing-rbracket.pol'))), /^record at 0x8: no '\]' closing the record$/, /: expected '\]' \(5d 00\) at offset 0x5a, found 29 00$/],
  ['a .reg line, strict', () => loadBytes(new Uint8Array(Buffer.from('Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\A]\r\n"x"=dword:zz\r\n', 'latin1')), { strict: true }), /^(?!line)[^]*$/, /^line 4, column \d+: /],
  ['a .reg with a NUL byte', () => loadBytes(new Uint8Array(Buffer.from('REGEDIT4\r\n\0x', 'latin1'))), /^binary data: a NUL byte; /, / \(offset 0xa\)$/],
];

for (const [name, read, reason, message] of PLACED) {
  test(`messages hold no position; it is added once where shown: ${name}`, () => {
    let e: GpregError | undefined;
    try {
      read();
    } catch (x) {
      e = x as GpregError;
    }
    assert.ok(e instanceof GpregError, 'the read throws a GpregError');
    assert.match(e.reason, reason);
    assert.not.match(e.reason, /offset 0x|line \d/);
    assert.match(e.message, message);
    const where = e.line !== undefined ? `line ${e.line}` : `offset 0x${e.offset!.toString(16)}`;
    assert.is(e.message.split(where).length, 2, `the position is said once: ${e.message}`);
    const d = e.toDiagnostic();
    assert.not.match(d.message, /offset 0x|line \d/);
    assert.equal([d.offset, d.line], [e.offset, e.line]);
  });
}

test.run();
