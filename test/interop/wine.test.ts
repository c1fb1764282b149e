/**
 * Interop with Wine's regedit (Debian package `wine`): what gpreg parses is what regedit imports,
 * every .reg gpreg writes leaves exactly the state its ops mean, and a file regedit exports is
 * written back byte for byte. Required in CI (CI=true); skipped with a notice elsewhere.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type RegOp } from '../../src/index.js';
import { parseReg, regToOps, serializeReg } from '../../src/reg.js';
import { applyOps, stateToJson } from '../../src/registry/state.js';
import { comparableState, fixture, readBytes, ROOT, sameBytes, tempDir } from '../helpers.js';

type State = Record<string, Record<string, { type: number; data: string }>>;
const ORACLE = path.join(ROOT, 'test', 'interop', 'wine_reg.py');
const available = spawnSync('wine', ['--version'], { encoding: 'utf8' }).status === 0;

function wine(request: unknown): { imports: Array<{ state: State }>; exports: Array<{ ok: boolean }> } {
  const r = spawnSync('/usr/bin/python3', [ORACLE], { input: JSON.stringify(request), encoding: 'utf8', maxBuffer: 1 << 28, timeout: 1_800_000 });
  if (r.status !== 0) throw new Error(`Wine oracle failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

if (!available) {
  if (process.env['CI']) {
    test('Wine is installed, as CI requires', () => assert.unreachable('wine not found: .ci/run must apt-get install wine'));
  } else {
    console.log('\n  NOTICE: Wine interop tests SKIPPED: wine is not installed (apt-get install wine).\n');
  }
} else {
  const tmp = tempDir('gpreg-wine-');
  test.after(() => rmSync(tmp, { recursive: true, force: true }));
  const ROOTKEY = 'HKEY_CURRENT_USER\\Software\\GpregTest';

  // 1. Edge-case fixtures: gpreg's reading equals Wine's import, live.
  const table = JSON.parse(readFileSync(fixture('reg/edge/diagnostics.json'), 'utf8')) as Record<string, unknown>;
  const edge = Object.keys(table).filter((n) => n !== 'nul-escape-data'); // Wine 8 stops there; Windows rejects the line (see the fixture's note)

  // 2. Files gpreg writes: random ops under their own keys, in 5.00 and REGEDIT4.
  const seg = fc.stringMatching(/^[A-Za-z0-9 _.\-é]{1,6}$/);
  const name = fc.oneof(fc.constant(''), fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '"', '\\', ']', '=', ';', 'é', '-'), minLength: 1, maxLength: 8 }));
  const u16 = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le'));
  const written: Array<{ file: string; root: string; ops: RegOp[]; created: RegOp[] }> = [];
  fc.sample(
    fc.array(
      fc.oneof(
        fc.record({ sub: fc.array(seg, { maxLength: 2 }), name, s: fc.string({ unit: fc.constantFrom('a', ' ', '"', '\\', 'é', '%'), maxLength: 12 }) }).map((r) => ({ kind: 'sz' as const, ...r })),
        fc.record({ sub: fc.array(seg, { maxLength: 2 }), name, type: fc.constantFrom(0, 3, 4, 5, 11, 0x1234), data: fc.uint8Array({ maxLength: 70 }) }).map((r) => ({ kind: 'raw' as const, ...r })),
        fc.record({ sub: fc.array(seg, { maxLength: 2 }), name }).map((r) => ({ kind: 'del' as const, ...r })),
        fc.record({ sub: fc.array(seg, { minLength: 1, maxLength: 2 }) }).map((r) => ({ kind: 'delkey' as const, ...r })),
      ),
      { maxLength: 20 },
    ),
    { numRuns: 12, seed: 424242 },
  ).forEach((items, i) => {
    const root = `${ROOTKEY}\\written-${i}`;
    const ops: RegOp[] = items.map((it) => {
      const key = [root, ...it.sub].join('\\');
      switch (it.kind) {
        case 'sz':
          return { op: 'set', key, name: it.name, type: 1, data: u16(it.s + '\0') };
        case 'raw':
          return { op: 'set', key, name: it.name, type: it.type, data: it.type === 4 || it.type === 5 ? it.data.subarray(0, 4) : it.data };
        case 'del':
          return { op: 'deleteValue', key, name: it.name };
        case 'delkey':
          return { op: 'deleteKey', key };
      }
    });
    const file = path.join(tmp, `written-${i}.reg`);
    const out = serializeReg(ops, i % 3 === 2 ? { format: 'REGEDIT4' } : {});
    writeFileSync(file, out.bytes);
    // Keys the writer said regedit creates as a side effect (sections with deletions only).
    const created: RegOp[] = out.diagnostics.filter((d) => d.code === 'REG_CREATES_KEY').map((d) => ({ op: 'createKey', key: d.message.slice(0, d.message.indexOf(': ')) }));
    written.push({ file, root, ops, created });
  });

  const imports = [
    ...edge.map((n) => ({ file: fixture('reg/edge', `${n}.reg`), root: `${ROOTKEY}\\${n}` })),
    ...written.map((w) => ({ file: w.file, root: w.root })),
  ];
  const reexport = path.join(tmp, 'reexported.reg');
  let answer: ReturnType<typeof wine>;
  test.before(() => {
    answer = wine({ imports, exports: [{ file: fixture('reg/wine-export/input.reg'), root: 'HKEY_CURRENT_USER\\Software\\GpregExport', out: reexport }] });
  });

  edge.forEach((n, i) => {
    test(`edge ${n}: gpreg's reading equals Wine's import`, () => {
      const root = `${ROOTKEY}\\${n}`;
      const ours = stateToJson(applyOps(regToOps(parseReg(readBytes(fixture('reg/edge', `${n}.reg`))))));
      assert.equal(comparableState(ours, root), comparableState(answer.imports[i]!.state, root));
    });
  });

  written.forEach((w, i) => {
    test(`written-${i}.reg (${i % 3 === 2 ? 'REGEDIT4' : '5.00'}, ${w.ops.length} ops): Wine's import leaves exactly what the ops mean`, () => {
      const ours = stateToJson(applyOps(w.ops, applyOps(w.created)));
      assert.equal(comparableState(ours, w.root), comparableState(answer.imports[edge.length + i]!.state, w.root));
    });
  });

  test('a fresh Wine export is written back byte for byte', () => {
    assert.ok(answer.exports[0]!.ok);
    const exported = readBytes(reexport);
    const out = serializeReg(regToOps(parseReg(exported)));
    assert.ok(sameBytes(out.bytes, exported));
    // and it is the same export as the one kept in fixtures/
    assert.ok(sameBytes(exported, readBytes(fixture('reg/wine-export/exported-by-wine.reg'))));
  });
}

test.run();
