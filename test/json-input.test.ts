/** JSON as input: typed values beside hex, and a dump whose ops were edited while its records remain. */
import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { convert, loadBytes } from '../src/index.js';
import { encodePol, opsToPol, polRecord } from '../src/pol.js';
import { runCli, tempDir } from './helpers.js';
import { firstJsonError, parseJsonText } from '../src/formats/json.js';

const json = (v: unknown) => new Uint8Array(Buffer.from(JSON.stringify(v)));
const utf16z = (...s: string[]) => Buffer.from(s.map((x) => x + '\0').join(''), 'utf16le');

// Each typed value, and the hex a .pol holds for it (written out by hand from the type's layout:
// UTF-16LE with a NUL, little-endian integers, MULTI_SZ's extra NUL).
const TYPED: Array<[string, Record<string, unknown>, Buffer]> = [
  ['REG_SZ by name', { type: 'REG_SZ', value: 'hello' }, utf16z('hello')],
  ['REG_EXPAND_SZ by short name', { type: 'expand_sz', value: '%TEMP%' }, utf16z('%TEMP%')],
  ['REG_DWORD as a number', { type: 'REG_DWORD', value: 4294967295 }, Buffer.from('ffffffff', 'hex')],
  ['REG_DWORD as hex text', { type: 4, value: '0x10' }, Buffer.from('10000000', 'hex')],
  ['REG_QWORD past 2^53 as text', { type: 'REG_QWORD', value: '18446744073709551615' }, Buffer.from('ffffffffffffffff', 'hex')],
  ['REG_MULTI_SZ as strings', { type: 'REG_MULTI_SZ', value: ['a', 'b'] }, Buffer.concat([utf16z('a', 'b'), Buffer.from([0, 0])])],
  ['REG_BINARY as hex text', { type: 'REG_BINARY', value: '00 ff,01' }, Buffer.from('00ff01', 'hex')],
];

for (const [what, typed, bytes] of TYPED) {
  test(`typed value in ops and in records: ${what}`, () => {
    const op = loadBytes(json({ ops: [{ op: 'set', key: 'HKEY_LOCAL_MACHINE\\Software\\A', name: 'v', ...typed }] })).ops[0]!;
    assert.ok(op.op === 'set' && Buffer.from(op.data).equals(bytes), what);
    const rec = loadBytes(json({ records: [{ key: 'Software\\A', name: 'v', ...typed }] })).pol!.records[0]!;
    assert.ok(Buffer.from(rec.data).equals(bytes), what);
  });
}

const BAD: Array<[string, Record<string, unknown>, RegExp]> = [
  ['data and value both', { type: 'REG_SZ', value: 'x', data: '00' }, /JSON_BAD_OP: ops\[0\]: give "data" \(hex\) or "value" \(typed\), not both/],
  ['an unknown type name', { type: 'REG_NUMBER', value: 1 }, /JSON_BAD_OP: ops\[0\]: "type" must be/],
  ['a DWORD too large', { type: 'REG_DWORD', value: 4294967296 }, /JSON_BAD_OP: ops\[0\]: "value": "4294967296" is not a whole number from 0 to 4294967295/],
  ['strings for a REG_SZ', { type: 'REG_SZ', value: ['a', 'b'] }, /JSON_BAD_OP: ops\[0\]: "value" is an array of strings only for REG_MULTI_SZ/],
  ['a fraction', { type: 'REG_DWORD', value: 1.5 }, /JSON_BAD_OP: ops\[0\]: "value" must be a string, a whole number or an array of strings/],
  ['no data at all', { type: 'REG_SZ' }, /JSON_BAD_OP: ops\[0\]: "data" must be a hex string/],
];

for (const [what, typed, message] of BAD) {
  test(`typed value refused: ${what}`, () => {
    try {
      loadBytes(json({ ops: [{ op: 'set', key: 'HKEY_LOCAL_MACHINE\\Software\\A', name: 'v', ...typed }] }));
      assert.unreachable();
    } catch (e) {
      const err = e as { code: string; message: string };
      assert.match(`${err.code}: ${err.message}`, message);
    }
  });
}

test('a dump whose ops were edited while its records remain is refused, naming the op and what to delete', async () => {
  const pol = encodePol(opsToPol([
    { op: 'set', key: 'Software\\A', name: 'x', type: 4, data: new Uint8Array([1, 0, 0, 0]) },
    { op: 'deleteValue', key: 'Software\\A', name: 'y' },
  ]));
  const dump = JSON.parse(Buffer.from(convert(pol, { to: 'json' }).bytes).toString('utf8'));
  // Unedited: read, also with another hive than the dump's own.
  assert.is(loadBytes(json(dump)).ops.length, 2);
  assert.is(loadBytes(json(dump), { hive: 'HKEY_CURRENT_USER' }).ops[0]!.key, 'HKEY_CURRENT_USER\\Software\\A');
  dump.ops[1] = { op: 'set', key: dump.ops[1].key, name: 'y', type: 'REG_SZ', value: 'edited' };
  assert.throws(() => loadBytes(json(dump)), (e: { code: string; message: string }) => e.code === 'JSON_OPS_EDITED' && /^ops\[1\] is not what "records" say.*delete "records".*delete "ops"/.test(e.message));
  // The CLI: exit 2, nothing written. Without "records" the edited ops are what is read.
  const dir = tempDir('gpreg-json-');
  writeFileSync(path.join(dir, 'edited.json'), JSON.stringify(dump));
  const r = await runCli(['convert', path.join(dir, 'edited.json'), path.join(dir, 'out.pol')]);
  assert.is(r.code, 2);
  assert.match(r.stderr, 'JSON_OPS_EDITED');
  assert.not.ok(existsSync(path.join(dir, 'out.pol')));
  delete dump.records;
  const ops = loadBytes(json(dump)).ops;
  assert.equal(ops[1], { op: 'set', key: 'HKEY_LOCAL_MACHINE\\Software\\A', name: 'y', type: 1, data: new Uint8Array(utf16z('edited')) });
});

test('a record given with a typed value encodes as the hex one does', () => {
  const a = loadBytes(json({ records: [{ key: 'Software\\A', name: 'v', type: 'REG_SZ', value: 'hi' }] })).pol!;
  assert.equal(encodePol(a), encodePol({ records: [polRecord('Software\\A', 'v', 1, new Uint8Array(utf16z('hi')))] }));
});

// Where V8's message has no position, the scan finds the offset; checked against JSON.parse: every
// case is rejected by it, and the offset is the first character a JSON grammar cannot take.
const BAD_JSON: Array<[string, number]> = [
  ['{\n  "state": "enabled",\n  "helpers": [\n}\n', 39],
  ['{"a":1,}', 7],
  ['[1,2', 4],
  ['{"a" 1}', 5],
  ['tru', 0],
  ['{"a":"x\ny"}', 5],
  ['[1] x', 4],
  ['01', 1],
  ['"\\x"', 0],
  ['\ufeff{"a":1', 7],
  ['['.repeat(100_000), 100_000],
];

test('firstJsonError: the offset of the first error in JSON that JSON.parse rejects; none in valid JSON; deep nesting is no recursion', () => {
  for (const [text, at] of BAD_JSON) {
    assert.throws(() => JSON.parse(text.replace(/^\ufeff/, '')));
    assert.is(firstJsonError(text), at, JSON.stringify(text.slice(0, 40)));
  }
  for (const ok of ['{"a":[{"b":null},true,false,-1.5e3,"\\u00e9"]}', ' [ ] ', '"x"', '0']) assert.is(firstJsonError(ok), undefined, ok);
  try {
    parseJsonText('{\n  "state": "enabled",\n  "helpers": [\n}\n', 'setting.json');
    assert.unreachable();
  } catch (e) {
    assert.is((e as { code: string }).code, 'JSON_INVALID');
    assert.equal([(e as { line: number }).line, (e as { column: number }).column], [4, 1]);
  }
});

test.run();
