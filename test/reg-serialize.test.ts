import * as fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GpregError, type RegOp } from '../src/index.js';
import { decodePol, encodePol, opsToPol, polToOps } from '../src/pol.js';
import { parseReg, regToOps, serializeReg } from '../src/reg.js';
import { corpusFiles, fixture, readBytes, sameBytes } from './helpers.js';
import * as path from 'node:path';

const HKCU = 'HKEY_CURRENT_USER\\Software\\Gpreg';
const u16 = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le'));
const text = (bytes: Uint8Array) => Buffer.from(bytes.subarray(2)).toString('utf16le');

test('a file exported by Wine\'s regedit is written back byte for byte', () => {
  const exported = readBytes(fixture('reg/wine-export/exported-by-wine.reg'));
  const doc = parseReg(exported);
  assert.equal(doc.diagnostics, []);
  const out = serializeReg(regToOps(doc));
  assert.equal(out.diagnostics, []);
  assert.ok(sameBytes(out.bytes, exported), `\n${text(out.bytes)}\n---\n${text(exported)}`);
});

test('layout: BOM, header, blank line before each key, final CRLF (hand-checked)', () => {
  const { bytes } = serializeReg([
    { op: 'set', key: HKCU, name: '', type: 1, data: u16('d\0') },
    { op: 'set', key: HKCU, name: 'q"\\', type: 4, data: new Uint8Array([0x2a, 0, 0, 0]) },
    { op: 'deleteValue', key: HKCU, name: 'gone' },
    { op: 'deleteKey', key: `${HKCU}\\Old` },
  ]);
  assert.equal([...bytes.subarray(0, 2)], [0xff, 0xfe]);
  assert.is(
    text(bytes),
    'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\Gpreg]\r\n@="d"\r\n"q\\"\\\\"=dword:0000002a\r\n"gone"=-\r\n\r\n[-HKEY_CURRENT_USER\\Software\\Gpreg\\Old]\r\n\r\n',
  );
});

test('hex wrapping: the count starts at the name, 77 columns, two-blank continuation', () => {
  const data = new Uint8Array(30).map((_, i) => i);
  const t = text(serializeReg([{ op: 'set', key: HKCU, name: 'n', type: 3, data }]).bytes);
  const lines = t.split('\r\n').filter((l) => l.startsWith('"n"') || l.startsWith('  '));
  // "n"=hex: is 8 columns; 23 bytes fill the first line (8 + 23*3 = 77), the rest goes on.
  assert.is(lines[0], '"n"=hex:' + [...data.subarray(0, 23)].map((b) => b.toString(16).padStart(2, '0') + ',').join('') + '\\');
  assert.is(lines[1], '  ' + [...data.subarray(23)].map((b) => b.toString(16).padStart(2, '0')).join(','));
  for (const l of lines) assert.ok(l.length <= 80, l);
});

test('strings regedit cannot read back exactly are written as hex(1)', () => {
  const t = text(serializeReg([
    { op: 'set', key: HKCU, name: 'nl', type: 1, data: u16('a\nb\0') },
    { op: 'set', key: HKCU, name: 'inner-nul', type: 1, data: u16('a\0b\0') },
    { op: 'set', key: HKCU, name: 'no-nul', type: 1, data: u16('ab') },
    { op: 'set', key: HKCU, name: 'empty', type: 1, data: new Uint8Array(0) },
    { op: 'set', key: HKCU, name: 'dword-3', type: 4, data: new Uint8Array([1, 2, 3]) },
  ]).bytes);
  assert.match(t, '"nl"=hex(1):61,00,0a,00,62,00,00,00');
  assert.match(t, '"inner-nul"=hex(1):61,00,00,00,62,00,00,00');
  assert.match(t, '"no-nul"=hex(1):61,00,62,00');
  assert.match(t, '"empty"=hex(1):\r\n');
  assert.match(t, '"dword-3"=hex(4):01,02,03');
});

test('lossy conversions are warned and commented, never silent', () => {
  const out = serializeReg([
    { op: 'deleteAllValues', key: `${HKCU}\\List` },
    { op: 'set', key: `${HKCU}\\List`, name: 'a', type: 1, data: u16('a\0') },
    { op: 'set', key: HKCU, name: 's', type: 4, data: new Uint8Array(4), soft: true },
    { op: 'secureKey', key: HKCU, secure: true },
    { op: 'set', key: HKCU, name: 'no-nul', type: 2, data: u16('x') },
  ]);
  assert.equal(out.diagnostics.map((d) => d.code), ['REG_LOSSY_DELVALS', 'REG_LOSSY_SOFT', 'REG_LOSSY_SECUREKEY', 'REG_LOSSY_NUL']);
  const t = text(out.bytes);
  assert.match(t, '; gpreg: the .pol clears the values of HKEY_CURRENT_USER\\Software\\Gpreg\\List');
  assert.match(t, '[-HKEY_CURRENT_USER\\Software\\Gpreg\\List]\r\n\r\n[HKEY_CURRENT_USER\\Software\\Gpreg\\List]\r\n"a"="a"');
  // the comment lines are ignored by regedit: the file still parses without diagnostics
  assert.equal(parseReg(out.bytes).diagnostics, []);
});

test('REGEDIT4 writes ANSI in the code page; hex(2)/hex(7) data too; unmappable characters are errors', () => {
  const out = serializeReg([
    { op: 'set', key: HKCU, name: 'café', type: 1, data: u16('€\0') },
    { op: 'set', key: HKCU, name: 'x', type: 2, data: u16('é\0') },
  ], { format: 'REGEDIT4' });
  const latin = Buffer.from(out.bytes).toString('latin1');
  assert.ok(latin.startsWith('REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\Software\\Gpreg]\r\n"caf\u00e9"="\u0080"\r\n"x"=hex(2):e9,00\r\n'));
  const back = parseReg(out.bytes);
  assert.is(back.header, 'REGEDIT4');
  assert.equal(regToOps(back).map((o) => o.op === 'set' && Buffer.from(o.data).toString('hex')), ['ac200000', 'e9000000']);
  assert.throws(() => serializeReg([{ op: 'set', key: HKCU, name: '漢', type: 4, data: new Uint8Array(4) }], { format: 'REGEDIT4' }), (e: GpregError) => e.code === 'REG_UNMAPPABLE' && e.line === 4);
  const cyr = serializeReg([{ op: 'set', key: HKCU, name: 'ж', type: 4, data: new Uint8Array(4) }], { format: 'REGEDIT4', codePage: 'windows-1251' });
  assert.ok(Buffer.from(cyr.bytes).includes(0xe6));
});

test('a section with deletions only creates its key in regedit: reported, and kept as createKey on reading', () => {
  const out = serializeReg([{ op: 'deleteValue', key: HKCU, name: 'x' }]);
  assert.equal(out.diagnostics.map((d) => [d.severity, d.code]), [['info', 'REG_CREATES_KEY']]);
  assert.equal(regToOps(parseReg(out.bytes)).map((o) => o.op), ['createKey', 'deleteValue']);
  const withSet = serializeReg([{ op: 'set', key: HKCU, name: 'a', type: 4, data: new Uint8Array(4) }, { op: 'deleteValue', key: HKCU, name: 'x' }]);
  assert.equal(withSet.diagnostics, []);
  assert.equal(regToOps(parseReg(withSet.bytes)).map((o) => o.op), ['set', 'deleteValue']);
});

test('keys need a root; abbreviations are written in full', () => {
  assert.throws(() => serializeReg([{ op: 'createKey', key: 'Software\\X' }]), (e: GpregError) => e.code === 'REG_NO_ROOT');
  assert.match(text(serializeReg([{ op: 'createKey', key: 'HKLM\\Software\\X' }]).bytes), '[HKEY_LOCAL_MACHINE\\Software\\X]');
});

// Ops a .reg expresses exactly.
const seg = fc.stringMatching(/^[A-Za-z0-9 _.\-é漢]{1,6}$/);
const keyArb = fc.array(seg, { minLength: 1, maxLength: 3 }).map((p) => `HKEY_CURRENT_USER\\${p.join('\\')}`);
const nameArb = fc.oneof(fc.constant(''), fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '"', '\\', ']', '[', '=', ';', 'é', '漢', '@', '-'), minLength: 1, maxLength: 8 }));
const stringData = fc.string({ unit: fc.constantFrom('a', ' ', '"', '\\', 'é', '漢', '%'), maxLength: 10 }).map((s) => u16(s + '\0'));
const setArb = fc.oneof(
  fc.record({ key: keyArb, name: nameArb, data: stringData }).map((r) => ({ op: 'set' as const, ...r, type: 1 })),
  fc.record({ key: keyArb, name: nameArb, type: fc.constantFrom(2, 7), data: fc.oneof(stringData, fc.constant(new Uint8Array(0))) }).map((r) => ({ op: 'set' as const, ...r })),
  fc.record({ key: keyArb, name: nameArb, type: fc.nat({ max: 0xffffffff }).filter((t) => t !== 1 && t !== 2 && t !== 7), data: fc.uint8Array({ maxLength: 60 }) }).map((r) => ({ op: 'set' as const, ...r })),
);
// A deletion comes after a set on its key: a [key] section with deletions only also creates the
// key in regedit (REG_CREATES_KEY), which is tested on its own below.
const setThenDelete = (name: fc.Arbitrary<string>) =>
  fc.tuple(setArb, name).map(([set, n]): RegOp[] => [set, { op: 'deleteValue', key: set.key, name: n }]);
const opsArb: fc.Arbitrary<RegOp[]> = fc
  .array(fc.oneof(setArb.map((o): RegOp[] => [o]), setThenDelete(nameArb), keyArb.map((key): RegOp[] => [{ op: 'deleteKey', key }]), keyArb.map((key): RegOp[] => [{ op: 'createKey', key }])), { maxLength: 10 })
  .map((groups) => groups.flat());
const plain = (o: RegOp) => (o.op === 'set' ? { ...o, data: [...o.data] } : { ...o });

test('property: ops → .reg → ops is the identity for ops a .reg expresses (5.00)', () => {
  fc.assert(
    fc.property(opsArb, (ops) => {
      const out = serializeReg(ops);
      assert.equal(out.diagnostics, []);
      const doc = parseReg(out.bytes);
      assert.equal(doc.diagnostics, []);
      assert.equal(regToOps(doc).map(plain), ops.map(plain));
    }),
    { numRuns: 400 },
  );
});

test('property: .pol → .reg → .pol gives identical records when every record has a .reg form', () => {
  const polSet = setArb.filter((o) => !o.name.startsWith('**') && !(o.name === '' && o.type === 0 && o.data.length === 0));
  const polOps = fc
    .array(
      fc.oneof(
        polSet.map((o): RegOp[] => [o]),
        fc.tuple(polSet, nameArb.filter((n) => n !== '')).map(([set, n]): RegOp[] => [set, { op: 'deleteValue', key: set.key, name: n }]),
        keyArb.filter((k) => k.split('\\').length > 2).map((key): RegOp[] => [{ op: 'deleteKey', key }]),
        keyArb.map((key): RegOp[] => [{ op: 'createKey', key }]),
      ),
      { maxLength: 10 },
    )
    .map((g) => g.flat());
  fc.assert(
    fc.property(polOps, (ops) => {
      const pol = encodePol(opsToPol(ops));
      const asReg = serializeReg(polToOps(decodePol(pol), { hive: 'HKEY_CURRENT_USER' }).ops);
      const back = encodePol(opsToPol(regToOps(parseReg(asReg.bytes)), { hive: 'HKEY_CURRENT_USER' }));
      assert.ok(sameBytes(back, pol));
    }),
    { numRuns: 300 },
  );
});

/** Records whose meaning a .reg cannot carry exactly (docs/reg-format.md, conversion table). */
const LOSSY_NAME = /^\*\*(delvals\.?|securekey|soft\..*|deletevalues|deletekeys)$/i;
let exactFiles = 0;
for (const file of corpusFiles('pol', '.pol')) {
  test(`corpus ${path.basename(file)}: .pol → .reg → .pol keeps every record a .reg can express`, () => {
    const bytes = readBytes(file);
    const doc = decodePol(bytes);
    const reg = serializeReg(polToOps(doc).ops);
    const back = encodePol(opsToPol(regToOps(parseReg(reg.bytes)), { hive: 'HKEY_LOCAL_MACHINE' }));
    if (sameBytes(back, bytes)) {
      exactFiles++;
      return;
    }
    // Not identical: a lossy conversion must have been reported, and every record that did not
    // come back must be of a kind the conversion table lists as lossy.
    assert.ok(reg.diagnostics.length > 0, 'changed without a warning');
    const id = (r: { key: string; name: string; type: number; data: Uint8Array }) => `${r.key.toUpperCase()}|${r.name.toUpperCase()}|${r.type}|${Buffer.from(r.data).toString('hex')}`;
    const survived = new Set(decodePol(back).records.map(id));
    for (const r of doc.records) {
      if (survived.has(id(r))) continue;
      assert.ok(LOSSY_NAME.test(r.name) || (r.name === '' && r.type === 0), `lost ${r.key} ${r.name} (type ${r.type})`);
    }
  });
}
test('corpus: most files survive .pol → .reg → .pol byte for byte', () => {
  const n = corpusFiles('pol', '.pol').length;
  if (n > 0) assert.ok(exactFiles >= n / 2, `${exactFiles} of ${n} exact`);
});

test.run();
