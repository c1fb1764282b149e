/** LGPO.exe text both ways: the manual's grammar, conversions in every direction, corpus round trips. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { convert } from '../src/index.js';
import { decodePol, encodePol, opsToPol, polToOps } from '../src/pol.js';
import { detectFormat } from '../src/formats/detect.js';
import { parseLgpo, serializeLgpo } from '../src/formats/lgpo/lgpo.js';
import { corpusFiles, fixture, readBytes, sameBytes } from './helpers.js';

const grammar = readBytes(fixture('lgpo/manual-grammar.txt'));
const show = (ops: ReturnType<typeof parseLgpo>['ops']) =>
  ops.map((o) => `${o.op} ${o.key.replace('HKEY_LOCAL_MACHINE\\Software\\Policies\\Gpreg', '~')}${'name' in o ? ` ${JSON.stringify(o.name)}` : ''}${o.op === 'set' ? ` ${o.type} ${Buffer.from(o.data).toString('hex')}` : ''}${o.op === 'deleteKeys' ? ` ${o.subkeys.join('|')}` : ''}`);

test('every action of the manual reads as the records it stands for (expected values worked out by hand)', () => {
  const doc = parseLgpo(grammar);
  assert.equal(doc.diagnostics, []);
  assert.equal(show(doc.ops), [
    'set ~ "Level" 4 01000000',
    'set ~ "Big" 11 0000000001000000',
    `set ~ "" 1 ${Buffer.from('line one\nline two \\ backslash\0', 'utf16le').toString('hex')}`,
    `set ~ "Path" 2 ${Buffer.from('%SystemRoot%\\gpreg\0', 'utf16le').toString('hex')}`,
    `set ~ "Servers" 7 ${Buffer.from('a.contoso.com\0b.contoso.com\0\0', 'utf16le').toString('hex')}`,
    'set ~ "Blob" 3 00ff10',
    'deleteValue ~ "Old"',
    'deleteAllValues ~\\List',
    'deleteKeys ~ Gone|Also Gone',
    'createKey ~\\Empty',
  ]);
  assert.equal(doc.positions[0], { line: 10 });
  assert.is(detectFormat(grammar), 'lgpo');
});

test('written LGPO text reads back to the same operations, in /parse layout, UTF-16LE with BOM', () => {
  const doc = parseLgpo(grammar);
  const out = serializeLgpo(doc.ops);
  assert.equal(out.diagnostics, []);
  assert.ok(out.text.startsWith('; ----------------------------------------------------------------------\r\n; PARSING Computer POLICY\r\n'));
  assert.equal([...out.bytes.subarray(0, 2)], [0xff, 0xfe]);
  assert.equal(show(parseLgpo(out.bytes).ops), show(doc.ops));
});

test('what LGPO text cannot say is reported (once per key and kind) and left out', () => {
  const ops = [
    { op: 'set' as const, key: 'HKEY_LOCAL_MACHINE\\Software\\A', name: 'n', type: 0, data: new Uint8Array([1]) },
    { op: 'set' as const, key: 'HKEY_LOCAL_MACHINE\\Software\\A', name: 'm', type: 7, data: new Uint8Array(Buffer.from('a\\0b\0\0', 'utf16le')) },
    { op: 'secureKey' as const, key: 'HKEY_LOCAL_MACHINE\\Software\\A', secure: true },
    { op: 'set' as const, key: 'HKEY_CLASSES_ROOT\\.x', name: '', type: 1, data: new Uint8Array(Buffer.from('x\0', 'utf16le')) },
  ];
  const out = serializeLgpo(ops);
  assert.is(out.diagnostics.length, 3); // the two types of one key (once per key and kind), **SecureKey, the hive
  assert.ok(out.diagnostics.every((d) => d.code === 'LGPO_LOSSY'));
  assert.equal(parseLgpo(out.bytes).ops, []);
  assert.throws(() => convert(encodePol(opsToPol(ops.slice(0, 1))), { to: 'lgpo', failOnLossy: true }), (e: { code: string }) => e.code === 'CONVERT_LOSSY');
});

test('a damaged entry is a diagnostic with its line; the others are read', () => {
  const doc = parseLgpo('Computer\r\nSoftware\\A\r\nx\r\nDWORD:nope\r\n\r\nUser\r\nSoftware\\B\r\ny\r\nSZ:ok\r\n\r\nNobody\r\nK\r\nz\r\nDELETE\r\n');
  assert.equal(doc.diagnostics.map((d) => [d.code, d.line]), [['LGPO_BAD_ENTRY', 4], ['LGPO_BAD_ENTRY', 11]]);
  assert.equal(doc.ops.map((o) => o.key), ['HKEY_CURRENT_USER\\Software\\B']);
});

test('convert: .pol → lgpo → .pol, and LGPO text → .reg and .json', () => {
  const pol = encodePol(opsToPol(parseLgpo(grammar).ops));
  const lgpo = convert(pol, { to: 'lgpo' });
  assert.is(convert(lgpo.bytes, { to: 'pol' }).from, 'lgpo');
  assert.ok(sameBytes(convert(lgpo.bytes, { to: 'pol' }).bytes, pol));
  assert.match(Buffer.from(convert(grammar, { to: 'reg' }).bytes).toString('utf16le'), '"Level"=dword:00000001');
  assert.is(JSON.parse(Buffer.from(convert(grammar, { to: 'json' }).bytes).toString('utf8')).records.length, 10);
});

const corpus = corpusFiles('pol', '.pol');
if (corpus.length) {
  test('corpus: every .pol LGPO text can express survives .pol → lgpo → .pol byte-identical', () => {
    let exact = 0;
    for (const file of corpus) {
      const bytes = readFileSync(file);
      const doc = decodePol(bytes);
      // Records whose own form the ops do not keep (e.g. **del. written as a DWORD) are not LGPO's to keep either.
      if (!sameBytes(encodePol(opsToPol(polToOps(doc).ops)), bytes)) continue;
      const lgpo = convert(bytes, { to: 'lgpo' });
      if (lgpo.diagnostics.some((d) => d.code === 'LGPO_LOSSY')) continue;
      assert.ok(sameBytes(convert(lgpo.bytes, { to: 'pol' }).bytes, bytes), path.basename(file));
      exact++;
    }
    assert.ok(exact >= 58, `${exact} files`); // all 60 when written
  });
}

test.run();
