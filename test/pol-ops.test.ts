import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GpregError, type RegOp } from '../src/index.js';
import { decodePol, encodePol, opsToPol, polToOps } from '../src/pol.js';
import { fixture, HEADER_ONLY, readBytes } from './helpers.js';

const HKLM = 'HKEY_LOCAL_MACHINE';
const TS = `${HKLM}\\Software\\Policies\\Microsoft\\Windows NT\\Terminal Services`;
const G = `${HKLM}\\Software\\Policies\\Gpreg`;

test('special names map to operations, case-insensitively; unknown ones are kept and reported', () => {
  const { ops, diagnostics } = polToOps(decodePol(readBytes(fixture('pol/good/special-names.pol'))));
  const strip = (o: RegOp) => (o.op === 'set' ? { ...o, data: Buffer.from(o.data).toString('hex') } : o);
  assert.equal(ops.map(strip), [
    { op: 'deleteAllValues', key: TS },
    { op: 'deleteAllValues', key: TS }, // **DelVals. written as REG_DWORD 32 (PolicyPlus style)
    { op: 'deleteValue', key: TS, name: 'fAllowUnsolicitedFullControl' },
    { op: 'deleteValues', key: TS, names: ['a', 'b', 'c'] },
    { op: 'deleteKeys', key: G, subkeys: ['Old', 'Older'] },
    { op: 'secureKey', key: G, secure: true },
    { op: 'set', key: G, name: 'Preferred', type: 4, data: '07000000', soft: true },
    { op: 'set', key: G, name: '**Frobnicate', type: 1, data: '78000000' },
    { op: 'set', key: G, name: '__proto__', type: 1, data: Buffer.from('not a prototype\0', 'utf16le').toString('hex') },
    { op: 'set', key: G, name: 'constructor', type: 4, data: '01000000' },
  ]);
  assert.equal(diagnostics.map((d) => [d.code, d.offset]), [['POL_UNKNOWN_SPECIAL', decodePol(readBytes(fixture('pol/good/special-names.pol'))).records[7]!.offset]]);
});

test('key-only records become createKey; an empty name with data is the default value', () => {
  const { ops } = polToOps(decodePol(readBytes(fixture('pol/good/every-type.pol'))));
  assert.equal(ops.at(-1), { op: 'createKey', key: `${HKLM}\\Software\\Policies\\Gpreg\\KeyOnly` });
  const def = ops.at(-2)!;
  assert.is(def.op, 'set');
  assert.is(def.op === 'set' && def.name, '');
});

test('the hive option places the keys', () => {
  const { ops } = polToOps(decodePol(HEADER_ONLY), { hive: 'HKEY_CURRENT_USER' });
  assert.equal(ops, []);
  const { ops: user } = polToOps(decodePol(readBytes(fixture('pol/good/special-names.pol'))), { hive: 'HKEY_CURRENT_USER' });
  assert.ok(user.every((o) => o.key.startsWith('HKEY_CURRENT_USER\\')));
});

test('opsToPol writes what the Group Policy editor writes', () => {
  const doc = opsToPol([
    { op: 'deleteAllValues', key: `${TS}\\RAUnsolicit` },
    { op: 'deleteValue', key: TS, name: 'fAllowUnsolicitedFullControl' },
    { op: 'deleteValues', key: TS, names: ['a', 'b'] },
    { op: 'deleteKey', key: `${G}\\Old` },
    { op: 'deleteKeys', key: G, subkeys: ['x', 'y'] },
    { op: 'createKey', key: G },
    { op: 'secureKey', key: G, secure: false },
    { op: 'set', key: G, name: 'p', type: 4, data: new Uint8Array([1, 0, 0, 0]), soft: true },
  ]);
  const rows = doc.records.map((r) => [r.key, r.name, r.type, Buffer.from(r.data).toString('hex')]);
  const sz = (s: string) => Buffer.from(s + '\0', 'utf16le').toString('hex');
  assert.equal(rows, [
    ['Software\\Policies\\Microsoft\\Windows NT\\Terminal Services\\RAUnsolicit', '**delvals.', 1, sz(' ')],
    ['Software\\Policies\\Microsoft\\Windows NT\\Terminal Services', '**del.fAllowUnsolicitedFullControl', 1, sz(' ')],
    ['Software\\Policies\\Microsoft\\Windows NT\\Terminal Services', '**DeleteValues', 1, sz('a;b')],
    ['Software\\Policies\\Gpreg', '**DeleteKeys', 1, sz('Old')],
    ['Software\\Policies\\Gpreg', '**DeleteKeys', 1, sz('x;y')],
    ['Software\\Policies\\Gpreg', '', 0, ''],
    ['Software\\Policies\\Gpreg', '**SecureKey', 4, '00000000'],
    ['Software\\Policies\\Gpreg', '**soft.p', 4, '01000000'],
  ]);
});

test('opsToPol rejects mixed hives, naming the first key of the other hive', () => {
  try {
    opsToPol([
      { op: 'createKey', key: `${HKLM}\\A` },
      { op: 'createKey', key: 'HKEY_CURRENT_USER\\B' },
    ]);
    assert.unreachable();
  } catch (e) {
    assert.is((e as GpregError).code, 'POL_MIXED_HIVES');
    assert.match((e as GpregError).message, 'HKEY_CURRENT_USER\\\\B');
  }
  assert.throws(() => opsToPol([{ op: 'createKey', key: `${HKLM}\\A` }], { hive: 'HKEY_USERS' }), /this \.pol is for HKEY_USERS/);
});

test('opsToPol rejects what a .pol cannot hold', () => {
  const code = (ops: RegOp[]) => {
    try {
      opsToPol(ops);
      return 'none';
    } catch (e) {
      return (e as GpregError).code;
    }
  };
  assert.is(code([{ op: 'deleteKey', key: `${HKLM}\\Software` }]), 'POL_UNREPRESENTABLE');
  assert.is(code([{ op: 'deleteValues', key: G, names: ['a;b'] }]), 'POL_UNREPRESENTABLE');
  assert.is(code([{ op: 'deleteKeys', key: G, subkeys: [''] }]), 'POL_UNREPRESENTABLE');
});

test('ops → pol → ops gives the same ops (deleteKey comes back as deleteKeys on the parent)', () => {
  const ops: RegOp[] = [
    { op: 'set', key: G, name: 'a', type: 1, data: new Uint8Array(Buffer.from('x\0', 'utf16le')) },
    { op: 'deleteValue', key: G, name: 'b' },
    { op: 'deleteAllValues', key: G },
    { op: 'secureKey', key: G, secure: true },
    { op: 'createKey', key: G },
  ];
  const back = polToOps(decodePol(encodePol(opsToPol(ops)))).ops;
  assert.equal(back, ops);
  const del = polToOps(decodePol(encodePol(opsToPol([{ op: 'deleteKey', key: `${G}\\Old` }])))).ops;
  assert.equal(del, [{ op: 'deleteKeys', key: G, subkeys: ['Old'] }]);
});

test.run();
