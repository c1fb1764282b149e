/** What a list of operations does, at scale: tree deletions cost the subtree, not every key. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { effectOf, type RegOp } from '../src/index.js';
import { applyOps } from '../src/registry.js';
import { EFFECT_STATS } from '../src/registry/effect.js';

const dw = new Uint8Array([1, 0, 0, 0]);
const K = 'HKEY_LOCAL_MACHINE\\Software\\Bench';

test('20k sets and 20k key deletions: the work is bounded by the keys, not keys × deletions', () => {
  const ops: RegOp[] = [];
  for (let i = 0; i < 20_000; i++) ops.push({ op: 'set', key: `${K}\\K${i}\\Sub`, name: 'v', type: 4, data: dw });
  for (let i = 0; i < 20_000; i++) ops.push({ op: 'deleteKey', key: `${K}\\Other${i}` });
  for (let i = 0; i < 20_000; i += 2) ops.push({ op: 'deleteKeys', key: `${K}`, subkeys: [`K${i}`] });
  const before = EFFECT_STATS.nodesVisited;
  const effect = effectOf(ops);
  const visited = EFFECT_STATS.nodesVisited - before;
  assert.ok(visited <= 80_000, `visited ${visited} key-tree nodes`); // was 20k × 40k key scans
  // The deleted trees are gone with their subkeys; the others keep their value.
  assert.is(effect.get(`${K}\\K1\\SUB`.toUpperCase())?.values.size, 1);
  assert.is(effect.get(`${K}\\K2\\SUB`.toUpperCase()), undefined);
  assert.is(effect.get(`${K}\\K2`.toUpperCase())?.deleted, true);
  const state = applyOps(ops);
  assert.is(state.size, 10_000);
});

test('applyOps into an existing registry deletes whole trees, including keys the file never named', () => {
  const into = applyOps([
    { op: 'set', key: `${K}\\A\\B\\C`, name: 'x', type: 4, data: dw },
    { op: 'set', key: `${K}\\AB`, name: 'y', type: 4, data: dw },
  ]);
  applyOps([{ op: 'deleteKey', key: `${K}\\A` }, { op: 'set', key: `${K}\\A\\New`, name: 'z', type: 4, data: dw }], into);
  assert.equal([...into.values()].map((k) => k.key).sort(), [`${K}\\AB`, `${K}\\A\\New`]);
});

test.run();
