import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GpregError } from '../src/index.js';
import { decodePol, encodePol, polRecord } from '../src/pol.js';
import { corpusFiles, fixture, HEADER_ONLY, readBytes, sameBytes } from './helpers.js';

const u16 = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le'));

test('header-only file: version 1, no records', () => {
  const doc = decodePol(HEADER_ONLY);
  assert.is(doc.version, 1);
  assert.equal(doc.records, []);
  assert.ok(sameBytes(encodePol(doc), HEADER_ONLY));
});

test('every type, odd-length binary, empty MULTI_SZ of size 2, key-only record', () => {
  const bytes = readBytes(fixture('pol/good/every-type.pol'));
  const doc = decodePol(bytes);
  const byName = new Map(doc.records.map((r) => [r.name, r]));
  assert.is(doc.records.length, 16);
  assert.equal([...byName.get('binary-odd')!.data], [0xde, 0xad, 0xbe]);
  assert.is(byName.get('multi-empty')!.size, 2);
  assert.is(byName.get('unknown-type')!.type, 0x1234);
  // the record after an odd-length binary sits at an odd offset
  const after = doc.records[doc.records.indexOf(byName.get('binary-odd')!) + 1]!;
  assert.is(after.offset % 2, 1);
  const keyOnly = doc.records.at(-1)!;
  assert.equal([keyOnly.key, keyOnly.name, keyOnly.type, keyOnly.size], ['Software\\Policies\\Gpreg\\KeyOnly', '', 0, 0]);
  assert.ok(sameBytes(encodePol(doc), bytes));
});

test('records carry their byte offsets', () => {
  const doc = decodePol(readBytes(fixture('pol/good/special-names.pol')));
  assert.is(doc.records[0]!.offset, 8);
  for (let i = 1; i < doc.records.length; i++) assert.ok(doc.records[i]!.offset > doc.records[i - 1]!.offset);
});

test('__proto__ and constructor as value names are plain data', () => {
  const doc = decodePol(readBytes(fixture('pol/good/special-names.pol')));
  assert.ok(doc.records.some((r) => r.name === '__proto__'));
  assert.is(({} as Record<string, unknown>)['polluted'], undefined);
  assert.is(Object.getPrototypeOf(doc.records[0]), Object.prototype);
});

test('a key that starts with a hive name decodes, with a warning', () => {
  const doc = decodePol(readBytes(fixture('pol/good/key-with-hive.pol')));
  assert.is(doc.records.length, 1);
  assert.equal(doc.diagnostics.map((d) => [d.severity, d.code, d.offset]), [['warning', 'POL_KEY_HAS_HIVE', 8]]);
});

const expected = JSON.parse(readFileSync(fixture('pol/corrupt/expected.json'), 'utf8')) as Record<string, { code: string; offset: number }>;
for (const [file, want] of Object.entries(expected)) {
  test(`strict: ${file} → ${want.code} at ${want.offset}`, () => {
    try {
      decodePol(readBytes(fixture('pol/corrupt', file)));
      assert.unreachable('decoded without error');
    } catch (e) {
      assert.instance(e, GpregError);
      const err = e as GpregError;
      assert.is(err.code, want.code);
      assert.is(err.offset, want.offset);
      assert.match(err.message, `offset 0x${want.offset.toString(16)}`);
      assert.match(err.message, /expected .* found/);
    }
  });
  test(`lenient: ${file} → diagnostic ${want.code}, no throw`, () => {
    const doc = decodePol(readBytes(fixture('pol/corrupt', file)), { lenient: true });
    const d = doc.diagnostics.find((x) => x.code === want.code);
    assert.ok(d, `diagnostics: ${JSON.stringify(doc.diagnostics)}`);
    assert.is(d!.severity, 'error');
    assert.is(d!.offset, want.offset);
  });
}

test('lenient: a bad record in the middle is skipped, the records around it are kept', () => {
  const good = readBytes(fixture('pol/good/special-names.pol'));
  const doc = decodePol(good);
  // corrupt the ']' of the third record
  const third = doc.records[2]!;
  const end = third.offset + 2 + 2 * (third.key.length + 1) + 2 + 2 * (third.name.length + 1) + 2 + 4 + 2 + 4 + 2 + third.size;
  const bad = new Uint8Array(good);
  bad[end] = 0x29;
  assert.throws(() => decodePol(bad), (e: GpregError) => e.code === 'POL_MISSING_DELIMITER' && e.offset === end);
  const lenient = decodePol(bad, { lenient: true });
  assert.equal(lenient.records.map((r) => r.name), doc.records.filter((_, i) => i !== 2).map((r) => r.name));
  assert.equal(lenient.diagnostics.map((d) => d.code), ['POL_MISSING_DELIMITER', 'POL_SKIPPED_BYTES']);
});

test('lenient: a bad signature still yields the records after the header', () => {
  const doc = decodePol(readBytes(fixture('pol/corrupt/bad-signature.pol')), { lenient: true });
  assert.is(doc.records.length, 1);
  assert.is(doc.records[0]!.name, 'Value');
});

test('maxDataSize limits one record', () => {
  const bytes = encodePol({ records: [polRecord('K', 'v', 3, new Uint8Array(100))] });
  assert.throws(() => decodePol(bytes, { maxDataSize: 99 }), (e: GpregError) => e.code === 'POL_SIZE_INVALID');
  assert.is(decodePol(bytes, { maxDataSize: 100 }).records.length, 1);
});

test('lone surrogates and NUL-free names round-trip byte for byte', () => {
  const rec = polRecord('Software\\\ud800', 'n\udfff', 1, u16('x\0'));
  const bytes = encodePol({ records: [rec] });
  const back = decodePol(bytes);
  assert.is(back.records[0]!.key, 'Software\\\ud800');
  assert.ok(sameBytes(encodePol(back), bytes));
});

test('encodePol refuses records no file can hold', () => {
  const code = (r: ReturnType<typeof polRecord>) => {
    try {
      encodePol({ records: [r] });
      return 'none';
    } catch (e) {
      return (e as GpregError).code;
    }
  };
  assert.is(code(polRecord('a\0b', 'n', 1, new Uint8Array())), 'POL_NUL_IN_NAME');
  assert.is(code(polRecord('a', 'n', -1, new Uint8Array())), 'POL_BAD_TYPE');
  assert.is(code({ ...polRecord('a', 'n', 1, new Uint8Array(2)), size: 3 }), 'POL_SIZE_MISMATCH');
});

test('encodePol writes the documented layout (hand-checked bytes)', () => {
  const bytes = encodePol({ records: [polRecord('K', 'v', 4, new Uint8Array([1, 0, 0, 0]))] });
  const want = '50526567 01000000 5b00 4b000000 3b00 76000000 3b00 04000000 3b00 04000000 3b00 01000000 5d00';
  assert.is(Buffer.from(bytes).toString('hex'), want.replace(/ /g, ''));
});

const corpus = corpusFiles('pol', '.pol');
if (corpus.length === 0) console.log('  (corpus not found: set GPREG_CORPUS or place ../shared/corpus; corpus round trips skipped)');
for (const file of corpus) {
  test(`corpus ${path.basename(file)}: decodes strictly and re-encodes byte-identical`, () => {
    const bytes = readBytes(file);
    const doc = decodePol(bytes);
    assert.ok(sameBytes(encodePol(doc), bytes));
  });
}

test.run();
