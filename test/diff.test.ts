import * as fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildPolicy, diffOps, diffPolicies, effectOf, loadBytes, readPolicies, type RegChange, type RegOp } from '../src/index.js';
import { encodePol, opsToPol } from '../src/pol.js';
import { serializeReg } from '../src/reg.js';
import { applyChanges, applyOps, effectToOps, stateToJson } from '../src/registry.js';
import { runCli, tempDir } from './helpers.js';
import { applyPatch, createTwoFilesPatch } from 'diff';
import { renderEffect, unifiedDiff } from '../src/render.js';
import { rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const K = 'HKEY_LOCAL_MACHINE\\Software\\Gpreg';
const u16 = (s: string) => new Uint8Array(Buffer.from(s + '\0', 'utf16le'));
const dw = (n: number) => new Uint8Array([n, 0, 0, 0]);
const set = (name: string, data: Uint8Array, type = 4, key = K): RegOp => ({ op: 'set', key, name, type, data });

// Every kind of change, as [what, ops of A, ops of B, expected changes (kind, key, name?)].
const KINDS: Array<[string, RegOp[], RegOp[], Array<[string, string, string?]>]> = [
  ['value added', [set('a', dw(1))], [set('a', dw(1)), set('b', dw(2))], [['value', K, 'b']]],
  ['value removed', [set('a', dw(1)), set('b', dw(2))], [set('a', dw(1))], [['value', K, 'b']]],
  ['value data changed', [set('a', dw(1))], [set('a', dw(2))], [['value', K, 'a']]],
  ['value type changed', [set('a', u16('1'), 1)], [set('a', dw(1))], [['value', K, 'a']]],
  ['value deletion added', [set('a', dw(1))], [set('a', dw(1)), { op: 'deleteValue', key: K, name: 'gone' }], [['value', K, 'gone']]],
  ['value set becomes a deletion', [set('a', dw(1)), set('b', dw(1))], [set('a', dw(1)), { op: 'deleteValue', key: K, name: 'b' }], [['value', K, 'b']]],
  ['key deleted', [set('a', dw(1))], [set('a', dw(1)), { op: 'deleteKey', key: `${K}\\Old` }], [['key', `${K}\\Old`]]],
  ['key created', [set('a', dw(1))], [set('a', dw(1)), { op: 'createKey', key: `${K}\\New` }], [['key', `${K}\\New`]]],
  ['names compare without case', [set('Value', dw(1))], [set('VALUE', dw(1))], []],
  ['order matters only through its effect', [set('a', dw(1)), set('b', dw(2))], [set('b', dw(2)), set('a', dw(1))], []],
  ['a later record overrides an earlier one', [set('a', dw(1)), set('a', dw(2))], [set('a', dw(2))], []],
];
// Kinds only a .pol (or .json) can express.
const POL_ONLY: typeof KINDS = [
  ['key cleared', [set('a', dw(1))], [{ op: 'deleteAllValues', key: K }, set('a', dw(1))], [['key', K]]],
  ['soft set', [set('a', dw(1))], [{ ...set('a', dw(1)), soft: true } as RegOp], [['value', K, 'a']]],
  ['secured', [set('a', dw(1))], [set('a', dw(1)), { op: 'secureKey', key: K, secure: true }], [['key', K]]],
];

/** Writes ops in a format and reads them back, as a user's file would be. */
function viaFormat(ops: RegOp[], format: 'pol' | 'reg' | 'json'): RegOp[] {
  const bytes = format === 'pol' ? encodePol(opsToPol(ops)) : format === 'reg' ? serializeReg(ops).bytes : new Uint8Array(Buffer.from(JSON.stringify({ ops: ops.map((o) => (o.op === 'set' ? { ...o, data: Buffer.from(o.data).toString('hex') } : o)) })));
  return loadBytes(bytes, { format }).ops;
}
const shape = (changes: RegChange[]) => changes.map((c) => (c.kind === 'key' ? [c.kind, c.key] : [c.kind, c.key, c.name]));

const PAIRS = [['pol', 'pol'], ['reg', 'reg'], ['pol', 'reg'], ['reg', 'pol'], ['json', 'pol'], ['reg', 'json']] as const;
for (const [fa, fb] of PAIRS) {
  for (const [what, a, b, want] of [...KINDS, ...(fa !== 'reg' && fb !== 'reg' ? POL_ONLY : [])]) {
    test(`${fa} → ${fb}: ${what}`, () => {
      assert.equal(shape(diffOps(viaFormat(a, fa), viaFormat(b, fb))), want);
    });
  }
}

test('what changed is told with old and new type and data', () => {
  const [c] = diffOps([set('a', dw(1))], [set('a', u16('x'), 1)]);
  assert.equal(c, { kind: 'value', key: K, name: 'a', was: { kind: 'set', type: 4, data: dw(1) }, now: { kind: 'set', type: 1, data: u16('x') } });
});

test('a .pol and the .reg of the same meaning show no difference; a lossy place is named with why', () => {
  const ops = buildPolicy('RA_Solicit', { state: 'enabled', control: 'view', expiry: 3, units: 'days', method: 'mailto' }).ops;
  assert.equal(diffOps(viaFormat(ops, 'pol'), viaFormat(ops, 'reg'), { formats: ['pol', 'reg'] }), []);
  const ra = buildPolicy('offer-remote-assistance', { state: 'enabled', control: 'view', helpers: ['C\\A'] }).ops;
  const changes = diffOps(viaFormat(ra, 'pol'), viaFormat(ra, 'reg'), { formats: ['pol', 'reg'] });
  assert.equal(shape(changes), [['key', `${ra[2]!.key}`]]);
  assert.match(changes[0]!.why!, '**delvals.');
  const del = diffOps([{ op: 'deleteValue', key: K, name: 'x' }], viaFormat([{ op: 'deleteValue', key: K, name: 'x' }], 'reg'), { formats: ['pol', 'reg'] });
  assert.match(del[0]!.why!, 'creates the key');
});

test('policy-level diff: state, options, helpers added and removed, findings', () => {
  const a = readPolicies(buildPolicy('offer-remote-assistance', { state: 'enabled', control: 'full', helpers: ['C\\A', 'C\\B'] }).ops);
  const b = readPolicies(buildPolicy('offer-remote-assistance', { state: 'enabled', control: 'view', helpers: ['C\\b', 'C\\New'] }).ops);
  const [p] = diffPolicies(a, b);
  assert.equal(p!.options, [{ option: 'control', was: 'full', now: 'view' }, { option: 'helpers', added: ['C\\New'], removed: ['C\\A'] }]);
  assert.equal(p!.findingsRemoved.map((f) => f.code), ['POLICY_FULL_CONTROL']);
  const off = diffPolicies(a, readPolicies(buildPolicy('offer-remote-assistance', { state: 'disabled' }).ops));
  assert.equal([off[0]!.was, off[0]!.now], ['enabled', 'disabled']);
  assert.equal(diffPolicies(a, a), []);
});

// Properties over random operation lists.
const keyArb = fc.constantFrom(K, `${K}\\A`, `${K}\\A\\B`, `${K}\\C`);
const nameArb = fc.constantFrom('a', 'A', 'b', 'c', '');
const opArb: fc.Arbitrary<RegOp> = fc.oneof(
  fc.record({ key: keyArb, name: nameArb, type: fc.constantFrom(1, 3, 4), data: fc.uint8Array({ maxLength: 4 }), soft: fc.boolean() }).map((r) => ({ op: 'set' as const, key: r.key, name: r.name, type: r.type, data: r.data, ...(r.soft ? { soft: true } : {}) })),
  fc.record({ key: keyArb, name: nameArb }).map((r) => ({ op: 'deleteValue' as const, ...r })),
  keyArb.map((key) => ({ op: 'deleteAllValues' as const, key })),
  keyArb.map((key) => ({ op: 'deleteKey' as const, key })),
  keyArb.map((key) => ({ op: 'createKey' as const, key })),
  fc.record({ key: keyArb, secure: fc.boolean() }).map((r) => ({ op: 'secureKey' as const, ...r })),
);
const opsArb = fc.array(opArb, { maxLength: 12 });
const mirror = (changes: RegChange[]) => changes.map((c) => {
  if (c.kind === 'key') return { kind: c.kind, key: c.key, was: c.now, now: c.was };
  const m: RegChange = { kind: 'value', key: c.key, name: c.name };
  if (c.now) m.was = c.now;
  if (c.was) m.now = c.was;
  return m;
});
const noNames = (changes: RegChange[]) => changes.map((c) => (c.kind === 'value' ? { ...c, name: c.name.toUpperCase(), key: c.key.toUpperCase() } : { ...c, key: c.key.toUpperCase() }));

test('property: diff(x, x) is empty', () => {
  fc.assert(fc.property(opsArb, (x) => assert.equal(diffOps(x, x), [])), { numRuns: 400 });
});

test('property: diff(a, b) mirrors diff(b, a)', () => {
  fc.assert(fc.property(opsArb, opsArb, (a, b) => assert.equal(noNames(diffOps(b, a)), noNames(mirror(diffOps(a, b))))), { numRuns: 400 });
});

test('property: applying diff(a, b) to a gives b\'s effect, and on an empty registry b\'s effective state', () => {
  fc.assert(
    fc.property(opsArb, opsArb, (a, b) => {
      const patched = applyChanges(effectOf(a), diffOps(a, b));
      assert.equal(diffOps(effectToOps(patched), b), []);
      const norm = (ops: RegOp[]) => JSON.stringify(Object.entries(stateToJson(applyOps(ops))).map(([k, v]) => [k.toUpperCase(), Object.entries(v).map(([n, x]) => [n.toUpperCase(), x]).sort()]).sort());
      assert.is(norm(effectToOps(patched)), norm(b));
    }),
    { numRuns: 400 },
  );
});

test('CLI diff: exit 0 same, 1 different, 2 error; --json; --unified; colour only on a terminal without NO_COLOR', async () => {
  const tmp = tempDir('gpreg-diff-');
  try {
    const a = path.join(tmp, 'a.pol');
    const b = path.join(tmp, 'b.reg');
    const c = path.join(tmp, 'c.reg');
    writeFileSync(a, encodePol(opsToPol([set('a', dw(1)), set('b', dw(2))])));
    writeFileSync(b, serializeReg([set('b', dw(2)), set('a', dw(1))]).bytes);
    writeFileSync(c, serializeReg([set('a', dw(3))]).bytes);
    assert.is((await runCli(['diff', a, b])).code, 0);
    assert.match((await runCli(['diff', a, b])).stdout, 'The two files do the same.');
    const d = await runCli(['diff', a, c]);
    assert.is(d.code, 1);
    assert.match(d.stdout, '~ "a": REG_DWORD 1 → REG_DWORD 3');
    assert.match(d.stdout, '- "b": REG_DWORD 2');
    assert.not.match(d.stdout, '\x1b[');
    const json = JSON.parse((await runCli(['diff', '--json', a, c])).stdout);
    assert.equal(Object.keys(json), ['a', 'b', 'same', 'policies', 'registry']);
    assert.equal(json.registry[0], { kind: 'value', key: K, name: 'a', was: { action: 'set', type: 4, typeName: 'REG_DWORD', data: '01000000' }, now: { action: 'set', type: 4, typeName: 'REG_DWORD', data: '03000000' } });
    const u = await runCli(['diff', '--unified', a, c]);
    assert.match(u.stdout, `--- ${a}`);
    assert.match(u.stdout, '\n-  "a" = REG_DWORD 1\n');
    assert.match(u.stdout, '\n-  "b" = REG_DWORD 2\n');
    assert.match(u.stdout, '\n+  "a" = REG_DWORD 3\n');
    assert.is((await runCli(['diff', a, path.join(tmp, 'missing.reg')])).code, 2);
    const { main } = await import('../src/cli/main.js');
    const capture = async (env: Record<string, string>, extra: string[] = []) => {
      let out = '';
      await main(['diff', ...extra, a, c], { stdout: { write: (s: string | Uint8Array) => (out += String(s)), isTTY: true }, stderr: { write: () => true }, env, cwd: tmp, stdin: (async function* () {})() });
      return out;
    };
    assert.match(await capture({}), '\x1b[');
    assert.not.match(await capture({ NO_COLOR: '1' }), '\x1b[');
    assert.not.match(await capture({}, ['--no-color']), '\x1b[');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

// Random files over a few keys and names, so that the two sides share some facts and not others.
const smallKey = fc.constantFrom(K, `${K}\\Sub`, `${K}\\Sub\\Deep`, 'HKEY_LOCAL_MACHINE\\Software\\Other');
const smallName = fc.constantFrom('a', 'B', 'c', '', 'Long name');
const smallOp: fc.Arbitrary<RegOp> = fc.oneof(
  fc.record({ key: smallKey, name: smallName, n: fc.integer({ min: 0, max: 2 }) }).map((r) => set(r.name, dw(r.n), 4, r.key)),
  fc.record({ key: smallKey, name: smallName }).map((r): RegOp => ({ op: 'deleteValue', key: r.key, name: r.name })),
  smallKey.map((key): RegOp => ({ op: 'deleteAllValues', key })),
  smallKey.map((key): RegOp => ({ op: 'createKey', key })),
  smallKey.map((key): RegOp => ({ op: 'deleteKey', key })),
  fc.record({ key: smallKey, secure: fc.boolean() }).map((r): RegOp => ({ op: 'secureKey', key: r.key, secure: r.secure })),
);

test('property: --unified is a patch the diff package applies to the old rendering to give the new one', () => {
  fc.assert(
    fc.property(fc.array(smallOp, { maxLength: 12 }), fc.array(smallOp, { maxLength: 12 }), (opsA, opsB) => {
      const a = effectOf(opsA);
      const b = effectOf(opsB);
      const patch = unifiedDiff('a', 'b', a, b);
      // An independent check: the diff package's own applyPatch, which verifies every context and removed line at its line number.
      assert.is(applyPatch(renderEffect(a), patch), renderEffect(b), patch);
    }),
    { numRuns: 1000 },
  );
});

test('--unified writes what the diff package writes where a line diff finds the same changes', () => {
  // One value changed among kept lines, and a key only in the new file: the diff package's own patch.
  const a = effectOf([set('a', dw(1)), set('b', dw(1)), set('c', dw(1)), set('d', dw(1)), set('e', dw(1)), set('f', dw(1)), set('g', dw(1)), set('h', dw(1)), set('i', dw(1))]);
  const b = effectOf([set('a', dw(1)), set('b', dw(2)), set('c', dw(1)), set('d', dw(1)), set('e', dw(1)), set('f', dw(1)), set('g', dw(1)), set('h', dw(1)), set('i', dw(1)), { op: 'createKey', key: `${K}\\New` }]);
  assert.is(unifiedDiff('a', 'b', a, b), createTwoFilesPatch('a', 'b', renderEffect(a), renderEffect(b), undefined, undefined, { context: 3 }));
});

test.run();
