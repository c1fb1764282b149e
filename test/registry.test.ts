import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { foldName, splitKey, opFromJson, opToJson, GpregError, type RegOp } from '../src/index.js';
import { hiveFromPolPath } from '../src/pol.js';
import { decodeValue, encodeValue, decodeMultiString, encodeMultiString, encodeDword, sameName, hiveFromName, parseRegType, regTypeName, renderRegType, type TypedValue } from '../src/registry.js';

const hex = (s: string) => new Uint8Array(Buffer.from(s.replace(/\s/g, ''), 'hex'));

// [type, raw hex, expected view]
const VIEWS: Array<[number, string, TypedValue]> = [
  [1, '610062000000', { kind: 'string', value: 'ab' }],
  [1, '6100620000006300', { kind: 'string', value: 'ab' }], // stops at the first NUL
  [1, '61006200', { kind: 'string', value: 'ab' }], // no NUL at all
  [1, '6100620000', { kind: 'string', value: 'ab' }], // odd trailing byte ignored
  [2, '25004100250000 00', { kind: 'string', value: '%A%' }],
  [7, '6100000062000000 0000', { kind: 'strings', value: ['a', 'b'] }],
  [7, '0000', { kind: 'strings', value: [] }],
  [7, '00000000', { kind: 'strings', value: [] }],
  [7, '610000000000620000000000', { kind: 'strings', value: ['a'] }], // the list ends at the first empty string
  [4, '78563412', { kind: 'number', value: 0x12345678 }],
  [5, '12345678', { kind: 'number', value: 0x12345678 }],
  [4, '010203', { kind: 'bytes', value: hex('010203') }], // wrong size: no number view
  [11, '0100000000000080', { kind: 'bigint', value: 0x8000000000000001n }],
  [3, 'deadbe', { kind: 'bytes', value: hex('deadbe') }],
  [0x1234, '09', { kind: 'bytes', value: hex('09') }],
];

for (const [type, raw, view] of VIEWS) {
  test(`typed view of ${renderRegType(type)} ${raw}`, () => {
    assert.equal(decodeValue(type, hex(raw)), view);
  });
}

test('typed values encode to canonical raw bytes', () => {
  assert.equal(encodeValue(1, { kind: 'string', value: 'ab' }), hex('610062000000'));
  assert.equal(encodeValue(7, { kind: 'strings', value: ['a', 'b'] }), hex('61000000620000000000'));
  assert.equal(encodeMultiString([]), hex('00000000'));
  assert.equal(encodeValue(4, { kind: 'number', value: 1 }), hex('01000000'));
  assert.equal(encodeValue(5, { kind: 'number', value: 1 }), hex('00000001'));
  assert.equal(encodeValue(11, { kind: 'bigint', value: 2n }), hex('0200000000000000'));
  assert.equal(encodeValue(3, { kind: 'bytes', value: hex('ff') }), hex('ff'));
});

test('typed values that do not fit are rejected with codes', () => {
  const codeOf = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      assert.instance(e, GpregError);
      return (e as GpregError).code;
    }
    return 'no error';
  };
  assert.is(codeOf(() => encodeDword(-1)), 'VALUE_BAD_DWORD');
  assert.is(codeOf(() => encodeDword(2 ** 32)), 'VALUE_BAD_DWORD');
  assert.is(codeOf(() => encodeMultiString(['a', ''])), 'VALUE_BAD_MULTI_SZ');
  assert.is(codeOf(() => encodeValue(4, { kind: 'string', value: 'x' })), 'VALUE_TYPE_MISMATCH');
});

test('multi-string round trip keeps lone surrogates', () => {
  const items = ['\ud800x', 'y\udfff'];
  assert.equal(decodeMultiString(encodeMultiString(items)), items);
});

test('type names and parsing', () => {
  assert.is(regTypeName(4), 'REG_DWORD');
  assert.is(regTypeName(11), 'REG_QWORD');
  assert.is(regTypeName(12), undefined);
  assert.is(renderRegType(0x1234), '0x1234');
  assert.is(parseRegType('reg_multi_sz'), 7);
  assert.is(parseRegType('dword'), 4);
  assert.is(parseRegType('0x10'), 16);
  assert.is(parseRegType('4294967296'), undefined);
  assert.is(parseRegType('__proto__'), undefined);
  assert.is(parseRegType('constructor'), undefined);
});

test('names fold case like Windows, one code unit at a time', () => {
  assert.ok(sameName('Software\\Policies', 'SOFTWARE\\policies'));
  assert.ok(sameName('Ärger', 'äRGER'));
  assert.is(foldName('straße'), 'STRAßE'); // ß has no one-unit upper case
  assert.not.ok(sameName('a', 'b'));
});

test('hives: full names and abbreviations, any case', () => {
  assert.is(hiveFromName('hklm'), 'HKEY_LOCAL_MACHINE');
  assert.is(hiveFromName('Hkey_Current_User'), 'HKEY_CURRENT_USER');
  assert.is(hiveFromName('HKCC'), 'HKEY_CURRENT_CONFIG');
  assert.is(hiveFromName('HKEY_PERFORMANCE_DATA'), undefined);
  assert.is(hiveFromName('__proto__'), undefined);
  assert.equal(splitKey('HKLM\\Software\\X'), { hive: 'HKEY_LOCAL_MACHINE', root: 'HKLM', path: 'Software\\X' });
  assert.equal(splitKey('Software\\X'), { hive: undefined, root: '', path: 'Software\\X' });
  assert.equal(splitKey('HKEY_USERS'), { hive: 'HKEY_USERS', root: 'HKEY_USERS', path: '' });
});

test('hive of a GPO file from its Machine/User folder', () => {
  assert.is(hiveFromPolPath('{GUID}/DomainSysvol/GPO/Machine/registry.pol'), 'HKEY_LOCAL_MACHINE');
  assert.is(hiveFromPolPath('C:\\GPO\\{GUID}\\User\\Registry.pol'), 'HKEY_CURRENT_USER');
  assert.is(hiveFromPolPath('/tmp/x/Registry.pol'), undefined);
  assert.is(hiveFromPolPath('/home/user/Machine/User/Registry.pol'), 'HKEY_CURRENT_USER'); // nearest folder wins
  assert.is(hiveFromPolPath('Machine.pol'), undefined); // a file name is no folder
});

test('ops JSON round trip, with every field checked', () => {
  const ops: RegOp[] = [
    { op: 'set', key: 'HKEY_LOCAL_MACHINE\\S', name: 'v', type: 4, data: hex('01000000') },
    { op: 'set', key: 'HKEY_LOCAL_MACHINE\\S', name: 'v', type: 0x99, data: hex(''), soft: true },
    { op: 'deleteValue', key: 'K', name: 'n' },
    { op: 'deleteAllValues', key: 'K' },
    { op: 'deleteValues', key: 'K', names: ['a', 'b'] },
    { op: 'deleteKey', key: 'K' },
    { op: 'deleteKeys', key: 'K', subkeys: ['x'] },
    { op: 'createKey', key: 'K' },
    { op: 'secureKey', key: 'K', secure: false },
  ];
  const json = JSON.parse(JSON.stringify(ops.map(opToJson)));
  assert.is(json[0].typeName, 'REG_DWORD');
  assert.is(json[0].data, '01000000');
  assert.is(json[1].typeName, undefined);
  assert.equal(json.map((o: unknown, i: number) => opFromJson(o, `ops[${i}]`)), ops);
});

test('ops JSON errors name the entry and field', () => {
  const bad: Array<[unknown, RegExp]> = [
    [{ op: 'set', key: 'K', name: 'n', type: -1, data: '' }, /ops\[0\]: "type"/],
    [{ op: 'set', key: 'K', name: 'n', type: 1, data: 'abc' }, /ops\[0\]\.data: expected an even number/],
    [{ op: 'explode', key: 'K' }, /"op" must be one of/],
    [{ op: '__proto__', key: 'K' }, /"op" must be one of/],
    [{ op: 'deleteValues', key: 'K', names: 'a' }, /"names" must be an array/],
    [{ op: 'secureKey', key: 'K', secure: 1 }, /"secure" must be true or false/],
    [null, /expected an object/],
  ];
  for (const [value, re] of bad) {
    assert.throws(() => opFromJson(value, 'ops[0]'), re);
  }
});

test.run();
