import * as fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DECODE_STATS } from '../src/formats/pol/decode.js';
import { isGpregError, type RegOp } from '../src/index.js';
import { decodePol, encodePol, opsToPol, polRecord, polToOps } from '../src/pol.js';
import { sameBytes } from './helpers.js';

// Names without NUL (a .pol cannot hold one), lone surrogates allowed.
const name = fc.string({ unit: fc.oneof(fc.constantFrom('a', 'Z', '\\', ';', ']', '[', ' ', 'é', '\ud800', '\udfff', '*'), fc.integer({ min: 1, max: 0xffff }).map((c) => String.fromCharCode(c))), maxLength: 12 });
const data = fc.uint8Array({ maxLength: 40 });
const record = fc.record({ key: name, name, type: fc.nat({ max: 0xffffffff }), data }).map((r) => polRecord(r.key, r.name, r.type, r.data));

test('property: encode → decode → encode is the identity on records', () => {
  fc.assert(
    fc.property(fc.array(record, { maxLength: 20 }), (records) => {
      const bytes = encodePol({ records });
      const doc = decodePol(bytes);
      assert.equal(
        doc.records.map((r) => [r.key, r.name, r.type, [...r.data]]),
        records.map((r) => [r.key, r.name, r.type, [...r.data]]),
      );
      assert.ok(sameBytes(encodePol(doc), bytes));
    }),
    { numRuns: 300 },
  );
});

// Consecutive records mostly share a key, and the decoder compares a key's bytes with the previous
// key's (four at a time, then the rest) before reading it: keys that differ from a neighbour in one
// unit at any position, of every length from 0 to 9, at even and odd offsets, must still decode as
// themselves.
const nearKey = fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }), fc.constantFrom('a', 'b', '\u0161', '\u0100')).map(([n, at, c]) => {
  const base = 'Kkkkkkkkkk'.slice(0, n);
  return at < n ? base.slice(0, at) + c + base.slice(at + 1) : base;
});
const nearRecord = fc.record({ key: nearKey, odd: fc.boolean() }).map((r) => polRecord(r.key, 'v', 3, new Uint8Array(r.odd ? 1 : 2)));

test('property: keys that nearly match the previous record\'s decode as themselves', () => {
  fc.assert(
    fc.property(fc.array(nearRecord, { maxLength: 30 }), (records) => {
      const doc = decodePol(encodePol({ records }));
      assert.equal(
        doc.records.map((r) => r.key),
        records.map((r) => r.key),
      );
    }),
    { numRuns: 500 },
  );
});

test('property: random bytes never raise anything but GpregError (strict), never throw (lenient)', () => {
  const header = new Uint8Array([0x50, 0x52, 0x65, 0x67, 1, 0, 0, 0]);
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (tail, withHeader) => {
      const bytes = withHeader ? new Uint8Array([...header, ...tail]) : tail;
      try {
        decodePol(bytes);
      } catch (e) {
        assert.ok(isGpregError(e), String(e));
      }
      const lenient = decodePol(bytes, { lenient: true });
      assert.ok(Array.isArray(lenient.records));
    }),
    { numRuns: 2000 },
  );
});

test('property: mutating a valid file never raises anything but GpregError', () => {
  fc.assert(
    fc.property(fc.array(record, { minLength: 1, maxLength: 5 }), fc.nat(), fc.integer({ min: 0, max: 255 }), (records, at, value) => {
      const bytes = new Uint8Array(encodePol({ records }));
      bytes[at % bytes.length] = value;
      try {
        decodePol(bytes);
      } catch (e) {
        assert.ok(isGpregError(e), String(e));
      }
      decodePol(bytes, { lenient: true });
    }),
    { numRuns: 1000 },
  );
});

test('hostile: many "[" with no NUL anywhere is linear in lenient mode (one error built, not one per candidate)', () => {
  // 2 MB of 5b 00 after the header: every position looks like a record start and no string ends.
  const bytes = new Uint8Array(8 + 2_000_000);
  bytes.set([0x50, 0x52, 0x65, 0x67, 1, 0, 0, 0]);
  for (let i = 8; i < bytes.length; i += 2) bytes[i] = 0x5b;
  const built = DECODE_STATS.errorsBuilt;
  const doc = decodePol(bytes, { lenient: true });
  assert.is(doc.records.length, 0);
  assert.ok(doc.diagnostics.length >= 1);
  // The bound: each candidate offset is tried without building an error (it was 1M errors thrown).
  assert.is(DECODE_STATS.errorsBuilt - built, doc.diagnostics.filter((d) => d.severity === 'error').length);
});

test('lenient decoding of long runs of candidate records is linear: bytes scanned and strings made are bounded by the input', () => {
  // Every 5b 00 is a candidate record whose key runs to the one NUL far ahead. Reading each
  // candidate's key as a string (or scanning to that NUL again) before its record fails made these
  // quadratic: 80 KB took a second, 1 MB minutes.
  const head = [0x50, 0x52, 0x65, 0x67, 1, 0, 0, 0];
  const u16 = (s: string) => [...Buffer.from(s, 'utf16le')];
  const n = 50_000;
  const run = Array.from({ length: n }, () => [0x5b, 0]).flat();
  const shapes: Array<[string, number[], string]> = [
    ['a run of [ then a NUL', [...head, ...run, 0, 0], 'POL_TRUNCATED'],
    ['keys that reach one NUL, then a name without its ;', [...head, ...run, 0, 0, 0x3b, 0, ...u16('A'.repeat(n)), 0, 0, 0x41, 0], 'POL_MISSING_DELIMITER'],
    ['keys full of ; (the unterminated-string check)', [...head, ...run, ...u16(';'.repeat(n)), 0, 0, 0x5d, 0], 'POL_UNTERMINATED_STRING'],
  ];
  for (const [what, bytes, code] of shapes) {
    const scanned = DECODE_STATS.bytesScanned;
    const made = DECODE_STATS.stringsMade;
    const doc = decodePol(new Uint8Array(bytes), { lenient: true });
    assert.is(doc.diagnostics[0]?.code, code, what);
    assert.ok(DECODE_STATS.bytesScanned - scanned <= 4 * bytes.length, `${what}: ${DECODE_STATS.bytesScanned - scanned} bytes scanned for ${bytes.length}`);
    assert.ok(DECODE_STATS.stringsMade - made <= 2 * doc.records.length, `${what}: ${DECODE_STATS.stringsMade - made} strings for ${doc.records.length} records`);
  }
});

// ops that a .pol expresses exactly (deleteKey is rewritten as deleteKeys, so it is left out here)
const hive = 'HKEY_LOCAL_MACHINE';
const keyPath = fc.array(fc.stringMatching(/^[A-Za-z0-9 _.-]{1,8}$/), { minLength: 1, maxLength: 3 }).map((p) => `${hive}\\${p.join('\\')}`);
const plainName = fc.stringMatching(/^[A-Za-z0-9 _.-]{1,8}$/);
const op: fc.Arbitrary<RegOp> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), key: keyPath, name: plainName, type: fc.nat({ max: 0xffffffff }), data }).filter((o) => !(o.name === '' && o.type === 0 && o.data.length === 0)),
  fc.record({ op: fc.constant('deleteValue' as const), key: keyPath, name: plainName }),
  fc.record({ op: fc.constant('deleteAllValues' as const), key: keyPath }),
  fc.record({ op: fc.constant('deleteValues' as const), key: keyPath, names: fc.array(plainName, { minLength: 1, maxLength: 3 }) }),
  fc.record({ op: fc.constant('deleteKeys' as const), key: keyPath, subkeys: fc.array(plainName, { minLength: 1, maxLength: 3 }) }),
  fc.record({ op: fc.constant('createKey' as const), key: keyPath }),
  fc.record({ op: fc.constant('secureKey' as const), key: keyPath, secure: fc.boolean() }),
);

test('property: ops → pol → ops is the identity for ops a .pol expresses', () => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 15 }), (ops) => {
      const back = polToOps(decodePol(encodePol(opsToPol(ops)))).ops;
      assert.equal(back.map(norm), ops.map(norm));
    }),
    { numRuns: 300 },
  );
});

/** Plain objects (fast-check builds null-prototype records) with data as arrays. */
function norm(o: RegOp): unknown {
  return o.op === 'set' ? { ...o, data: [...o.data] } : { ...o };
}

test.run();
