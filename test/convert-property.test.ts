/**
 * Whatever `convert` writes, gpreg reads back to the same effect, or the conversion said what was
 * lost. Random operations (awkward names and keys, every type, odd data lengths) are written in each
 * format gpreg writes; each such file is converted to every target, the output read back, and:
 * - reading the output gives no error (gpreg never writes what it cannot read);
 * - its effect is the source's, or the conversion reported a lossy code (or refused with a
 *   GpregError, writing nothing).
 */
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { convert, diffOps, GpregError, isGpregError, loadBytes, type RegOp } from '../src/index.js';
import { encodePol, opsToPol, polRecord } from '../src/pol.js';
import { serializeReg } from '../src/reg.js';
import { runCli, tempDir } from './helpers.js';
import { serializeLgpo } from '../src/formats/lgpo/lgpo.js';
import { CONVERT_TARGETS, type ConvertTarget } from '../src/formats/convert.js';

const HKLM = 'HKEY_LOCAL_MACHINE';
/** Names that trip line-based formats: blanks, comment and section starts, LGPO's own words, escapes. */
const awkward = fc.constantFrom('', ' ', '  x', 'x ', ';c', '#c', '[s]', '*', '(Default)', '@', '"q"', 'a\\b', '-', '=', 'é', 'DELETE', 'Computer', 'a;b', '\t', '\u00a0', 'x\u2028y');
const plain = fc.stringMatching(/^[A-Za-z0-9 _.;-]{1,6}$/);
const name = fc.oneof(plain, awkward);
const component = fc.oneof(fc.stringMatching(/^[A-Za-z0-9 _.-]{1,6}$/), fc.constantFrom(' ', ';x', '#x', '[x]', 'é', '*', 'x ', 'Computer'));
const key = fc.array(component, { minLength: 1, maxLength: 3 }).map((p) => `${HKLM}\\${p.join('\\')}`);
const data = fc.oneof(
  fc.uint8Array({ maxLength: 9 }),
  fc.constantFrom(new Uint8Array([0x41, 0, 0, 0]), new Uint8Array([0]), new Uint8Array([0x41, 0, 0x42, 0, 0, 0, 0, 0]), new Uint8Array([1, 0, 0, 0])),
);
const op: fc.Arbitrary<RegOp> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ key, name, type: fc.constantFrom(0, 1, 2, 3, 4, 5, 7, 11, 0x1234), data, soft: fc.boolean() }).map((r): RegOp => ({ op: 'set', key: r.key, name: r.name, type: r.type, data: r.data, ...(r.soft ? { soft: true } : {}) })) },
  fc.record({ key, name }).map((r): RegOp => ({ op: 'deleteValue', ...r })),
  fc.record({ key, names: fc.array(plain, { minLength: 1, maxLength: 3 }) }).map((r): RegOp => ({ op: 'deleteValues', ...r })),
  key.map((k): RegOp => ({ op: 'deleteAllValues', key: k })),
  fc.record({ key, subkeys: fc.array(fc.oneof(plain, fc.constantFrom('', ' ')), { maxLength: 2 }) }).map((r): RegOp => ({ op: 'deleteKeys', ...r })),
  key.map((k): RegOp => ({ op: 'createKey', key: k })),
  fc.record({ key, secure: fc.boolean() }).map((r): RegOp => ({ op: 'secureKey', ...r })),
);

/** Codes by which a conversion says it could not be exact. */
const LOSSY = /^(REG_LOSSY_|LGPO_LOSSY$|POL_LOSSY_CREATE_KEY$|REG_CREATES_KEY$|CONVERT_SKIPPED_HIVE$)/;

/** The ops as a file of each source format (where the writer accepts them). */
function sources(ops: RegOp[]): Array<[string, Uint8Array]> {
  const out: Array<[string, Uint8Array]> = [];
  const tryAdd = (name: string, make: () => Uint8Array) => {
    try {
      out.push([name, make()]);
    } catch (e) {
      if (!isGpregError(e)) throw e; // a writer may refuse (a .pol cannot hold a ';' in a list item): never crash
    }
  };
  tryAdd('pol', () => encodePol(opsToPol(ops)));
  tryAdd('reg', () => serializeReg(ops).bytes);
  tryAdd('reg4', () => serializeReg(ops, { format: 'REGEDIT4' }).bytes);
  tryAdd('lgpo', () => serializeLgpo(ops).bytes);
  tryAdd('json', () => convert(encodePol(opsToPol(ops)), { to: 'json' }).bytes);
  return out;
}

test('every format pair: convert writes what gpreg reads back, to the same effect or with a lossy diagnostic', () => {
  let checked = 0;
  let exact = 0;
  fc.assert(
    fc.property(fc.array(op, { maxLength: 8 }), (ops) => {
      for (const [from, bytes] of sources(ops)) {
        const source = loadBytes(bytes);
        // A writer's own output must read without errors too.
        assert.equal(source.diagnostics.filter((d) => d.severity === 'error'), [], `${from} as written reads back without errors`);
        for (const to of CONVERT_TARGETS as readonly ConvertTarget[]) {
          let out: ReturnType<typeof convert>;
          try {
            out = convert(bytes, { to });
          } catch (e) {
            if (e instanceof GpregError || isGpregError(e)) continue; // refused, nothing written
            throw e;
          }
          const back = loadBytes(out.bytes);
          const errors = back.diagnostics.filter((d) => d.severity === 'error');
          assert.equal(errors, [], `${from} → ${to}: the output reads back without errors`);
          const changes = diffOps(source.ops, back.ops);
          const said = out.diagnostics.filter((d) => LOSSY.test(d.code));
          // A .reg gpreg wrote says a .pol's **delvals. as [-KEY] [KEY] under a `; gpreg:` note, and
          // converting it back to .pol restores the **delvals. the note names (docs/reg-format.md):
          // not what regedit does with the .reg, but that .pol written as a .reg again is the same .reg.
          if (changes.length > 0 && said.length === 0 && to === 'pol' && source.reg?.gpregNotes?.length) {
            const again = convert(out.bytes, { to: from === 'reg4' ? 'reg4' : 'reg' });
            assert.equal(diffOps(source.ops, loadBytes(again.bytes).ops), [], `${from} → pol → ${from}: the same .reg`);
            checked++;
            continue;
          }
          if (changes.length > 0 && said.length === 0) {
            assert.unreachable(`${from} → ${to}: the effect changed without a word: ${JSON.stringify(changes.slice(0, 2), (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v))}`);
          }
          checked++;
          if (changes.length === 0) exact++;
        }
      }
    }),
    { seed: 24, numRuns: 300 },
  );
  assert.ok(checked > 3000, `conversions checked: ${checked}`);
  assert.ok(exact > checked / 3, `exact conversions: ${exact} of ${checked}`);
});

test('the issue\'s .pol: a **DeleteKeys naming no subkey is left out of LGPO text, said (LGPO_LOSSY) and refused by --fail-on-lossy', async () => {
  const pol = encodePol({ records: [polRecord('Software\\Policies\\X', '**DeleteKeys', 1, new Uint8Array(2)), polRecord('Software\\Policies\\X', 'v', 4, new Uint8Array([1, 0, 0, 0]))] });
  const out = convert(pol, { to: 'lgpo' });
  assert.equal(out.diagnostics.map((d) => d.code), ['LGPO_LOSSY']);
  const back = loadBytes(out.bytes);
  assert.equal(back.diagnostics, []);
  assert.equal(back.ops.map((o) => o.op), ['set']);
  const dir = tempDir('gpreg-cp-');
  writeFileSync(path.join(dir, 'in.pol'), pol);
  const r = await runCli(['convert', '--fail-on-lossy', path.join(dir, 'in.pol'), path.join(dir, 'out.txt'), '--to', 'lgpo']);
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, 'CONVERT_LOSSY');
  assert.not.ok(existsSync(path.join(dir, 'out.txt')));
});

test('one byte of string data into a .reg: written as one character (regedit cannot import one byte: Wine\'s crashes and stops), said, and read back without error', () => {
  for (const [b, written] of [[0x00, '00,00'], [0x41, '41,00']] as const) {
    const out = serializeReg([{ op: 'set', key: `${HKLM}\\Software\\X`, name: 'v', type: 2, data: new Uint8Array([b]) }]);
    assert.match(Buffer.from(out.bytes).toString('utf16le'), `"v"=hex(2):${written}\r\n`);
    assert.equal(out.diagnostics.filter((d) => d.code === 'REG_LOSSY_NUL').length, 1);
    const back = loadBytes(out.bytes);
    assert.equal(back.diagnostics.filter((d) => d.severity === 'error'), []);
  }
  // And a .reg that has one is read as Wine imports it: nothing from that line on.
  const file = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\A]\r\n"a"=dword:1\r\n"one"=hex(1):41\r\n"b"=dword:2\r\n', 'utf16le')]));
  const read = loadBytes(file);
  assert.equal(read.ops.filter((o) => o.op === 'set').map((o) => (o.op === 'set' ? o.name : '')), ['a']);
  assert.match(read.diagnostics.find((d) => d.code === 'REG_BAD_HEX')!.message, 'neither this value nor anything after it is imported');
});

test('a JSON dump whose version is not 1 is refused when written as a .pol (POL_BAD_VERSION), not written for gpreg to refuse later', () => {
  const json = JSON.parse(Buffer.from(convert(encodePol({ records: [] }), { to: 'json' }).bytes).toString('utf8'));
  json.version = 2;
  const bytes = new Uint8Array(Buffer.from(JSON.stringify(json)));
  assert.throws(() => convert(bytes, { to: 'pol' }), (e: GpregError) => e.code === 'POL_BAD_VERSION' && /"version" is 2/.test(e.message));
  json.version = 1;
  assert.is(convert(new Uint8Array(Buffer.from(JSON.stringify(json))), { to: 'pol' }).bytes.length, 8);
});

test.run();
