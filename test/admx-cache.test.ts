/**
 * Compiled templates kept on disk (src/admx/cache.ts): the same set as compiled, a new one when a
 * template changes, a damaged or foreign cache file ignored, never a crash (issue #20).
 */

import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildPolicy, GpregError, loadPolicyDefinitions, PolicySet, readPolicies } from '../src/index.js';
import { fixture, ROOT, runCli, tempDir } from './helpers.js';
import { KEEP_FILES, readCache, writeCache, type KeptSet } from '../src/admx/cache.js';
import type { PolicyDefinition } from '../src/policy/types.js';
import { applyOverlay } from '../src/policy/set.js';

const tmp = tempDir('gpreg-cache-');
test.after(() => rmSync(tmp, { recursive: true, force: true }));
const copy = (name: string) => {
  const dir = path.join(tmp, name);
  cpSync(fixture('admx', 'all-elements'), dir, { recursive: true });
  return dir;
};
const policyIdOf = (p: { namespace: string; name: string }) => `${p.namespace}:${p.name}`;
const cacheFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : []);
const sameSet = (a: PolicySet, b: PolicySet) => {
  assert.equal(b.policies, a.policies);
  assert.equal([...b.categories], [...a.categories]);
  assert.equal(b.diagnostics, a.diagnostics);
  assert.equal(b.files, a.files);
};

test('a kept set is the set compiled: policies, categories, diagnostics, files', async () => {
  const dir = copy('same');
  const cacheDir = path.join(tmp, 'cache-same');
  const fresh = await loadPolicyDefinitions(dir);
  const first = await loadPolicyDefinitions(dir, { cacheDir });
  assert.is(cacheFiles(cacheDir).length, 1);
  const kept = await loadPolicyDefinitions(dir, { cacheDir });
  sameSet(fresh, first);
  sameSet(fresh, kept);
});

test('an edited template is noticed (a new name), and the edit is read', async () => {
  const dir = copy('edited');
  const cacheDir = path.join(tmp, 'cache-edited');
  assert.is((await loadPolicyDefinitions(dir, { cacheDir })).find('Gpreg.Policies.Test:Choice').displayName, 'Choice');
  const adml = path.join(dir, 'en-US', 'Gpreg.Test.adml');
  writeFileSync(adml, readFileSync(adml, 'utf8').replace('>Choice</string>', '>Choix</string>'));
  utimesSync(adml, new Date(), new Date(Date.now() + 5000));
  assert.is((await loadPolicyDefinitions(dir, { cacheDir })).find('Gpreg.Policies.Test:Choice').displayName, 'Choix');
  assert.is(cacheFiles(cacheDir).length, 2);
});

test('a damaged, foreign or unreadable cache is said (ADMX_CACHE, info) and the set compiled anew; a cache that cannot be written is said too', async () => {
  const dir = copy('damaged');
  const cacheDir = path.join(tmp, 'cache-damaged');
  const fresh = await loadPolicyDefinitions(dir);
  await loadPolicyDefinitions(dir, { cacheDir });
  const [name] = cacheFiles(cacheDir);
  for (const bad of ['{"format": "gpreg-templ', '{"format": "something-else", "policies": []}', 'null', '{"format":"gpreg-template-cache/1","name":"x"}']) {
    writeFileSync(path.join(cacheDir, name!), bad);
    const set = await loadPolicyDefinitions(dir, { cacheDir });
    assert.equal(set.diagnostics.filter((d) => d.code === 'ADMX_CACHE').map((d) => d.severity), ['info'], bad);
    assert.equal(set.policies, fresh.policies);
    // Written again, whole: the next load uses it without a note.
    assert.equal((await loadPolicyDefinitions(dir, { cacheDir })).diagnostics.filter((d) => d.code === 'ADMX_CACHE'), []);
  }
  const blocked = path.join(tmp, 'not-a-folder');
  writeFileSync(blocked, 'a file where the cache folder would be');
  const set = await loadPolicyDefinitions(dir, { cacheDir: blocked });
  assert.equal(set.policies, fresh.policies);
  assert.match(set.diagnostics.find((d) => d.code === 'ADMX_CACHE')!.message, 'could not be kept');
});

test('a cache file is data: __proto__ in it stays a key, sets no prototype; a bad bigint is damage', async () => {
  const dir = path.join(tmp, 'cache-hostile');
  const name = 'x.json';
  const write = (policies: string) => writeFileSync(path.join(dir, name), `{"format":"gpreg-template-cache/1","name":"${name}","policies":${policies},"categories":{"$map":[]},"diagnostics":[],"files":[]}`);
  mkdirSync(dir, { recursive: true });
  write('[{"__proto__":{"polluted":{"$bigint":"1"}},"n":{"$bigint":"5000000000"}}]');
  const kept = (await readCache(dir, name)) as unknown as { policies: Array<Record<string, unknown>> };
  const p = kept.policies[0]!;
  assert.is(Object.getPrototypeOf(p), Object.prototype);
  assert.ok(Object.hasOwn(p, '__proto__'));
  assert.is((p as { polluted?: unknown }).polluted, undefined);
  assert.is(({} as { polluted?: unknown }).polluted, undefined);
  assert.is(p['n'], 5000000000n);
  write('[{"n":{"$bigint":"not a number"}}]');
  assert.match(((await readCache(dir, name)) as { reason: string }).reason, 'damaged');
});

test('explain texts follow the set on a line of their own, read when asked for; a damaged line loses only them', async () => {
  const dir = copy('explain');
  const cacheDir = path.join(tmp, 'cache-explain');
  const fresh = await loadPolicyDefinitions(dir);
  await loadPolicyDefinitions(dir, { cacheDir });
  const [name] = cacheFiles(cacheDir);
  const file = path.join(cacheDir, name!);
  const [set, texts, more] = readFileSync(file, 'latin1').split('\n');
  assert.is(more, undefined, 'two lines');
  const explained = fresh.policies.filter((p) => p.explainText);
  assert.ok(explained.length > 0, 'the fixture templates have explain texts');
  assert.equal(JSON.parse(texts!), explained.map((p) => p.explainText));
  assert.not.match(set!, explained[0]!.explainText!.slice(0, 20));
  const kept = await loadPolicyDefinitions(dir, { cacheDir });
  // A copy made as overlays make it (descriptors) reads the text too, before and after the original.
  const copyOf = applyOverlay(kept.policies.find((p) => p === kept.find(policyIdOf(explained[0]!)))!, { ...explained[0]!, aliases: ['x'], elements: [] });
  assert.is(copyOf.explainText, explained[0]!.explainText);
  assert.equal(kept.policies, fresh.policies);
  const text = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x));
  assert.is(text(kept.policies), text(fresh.policies), 'JSON of kept policies holds their explain texts');
  writeFileSync(file, `${set}\n["cut`);
  const damaged = await loadPolicyDefinitions(dir, { cacheDir });
  assert.is(damaged.policies.length, fresh.policies.length);
  assert.equal(damaged.policies.map((p) => p.explainText), fresh.policies.map(() => undefined));
  assert.equal(damaged.policies.map((p) => p.displayName), fresh.policies.map((p) => p.displayName));
});

test('a kept set is read as it is used: the header at once, a policy when it is asked for; reading a file reads only the policies it touches', async () => {
  const dir = copy('lazy');
  const cacheDir = path.join(tmp, 'cache-lazy');
  const fresh = await loadPolicyDefinitions(dir);
  await loadPolicyDefinitions(dir, { cacheDir });
  const kept = (await readCache(cacheDir, cacheFiles(cacheDir)[0]!)) as KeptSet;
  assert.is(kept.definitions.count, fresh.size);
  const loads: number[] = [];
  const counted = new PolicySet({ ...kept.definitions, load: (i) => (loads.push(i), kept.definitions.load(i)) }, { categories: kept.categories });
  const built = buildPolicy('Choice', { state: 'enabled', Mode: 'low' }, { set: fresh });
  const ops = [...built.ops, { op: 'set' as const, key: 'HKEY_LOCAL_MACHINE\\Software\\Unrelated', name: 'x', type: 4, data: new Uint8Array(4) }];
  const report = readPolicies(ops, { catalog: counted });
  assert.equal(loads, [fresh.policies.findIndex((p) => p.name === 'Choice')], 'one policy read: the one the file sets');
  assert.equal(report, readPolicies(ops, { catalog: fresh }));
  assert.is(counted.find('Choice').displayName, 'Choice');
  assert.equal(counted.policies, fresh.policies, 'every policy, when asked for all');
});

test('a changed byte among the kept policies is damage: said, and the set compiled anew', async () => {
  const dir = copy('flipped');
  const cacheDir = path.join(tmp, 'cache-flipped');
  const fresh = await loadPolicyDefinitions(dir);
  await loadPolicyDefinitions(dir, { cacheDir });
  const file = path.join(cacheDir, cacheFiles(cacheDir)[0]!);
  const text = readFileSync(file, 'latin1');
  const at = text.indexOf('"displayName":"Choice"');
  assert.ok(at > text.indexOf(',"policies":['), 'the policies follow the header');
  for (const [what, bad] of [
    ['a letter', text.slice(0, at) + text.slice(at).replace('"displayName":"Choice"', '"displayName":"Choize"')],
    ['a cut', text.slice(0, at)],
    ['a length', text.replace(/"lengths":\[(\d+)/, (_m, n: string) => `"lengths":[${Number(n) + 1}`)],
  ] as const) {
    writeFileSync(file, bad, 'latin1');
    const set = await loadPolicyDefinitions(dir, { cacheDir });
    assert.match(set.diagnostics.find((d) => d.code === 'ADMX_CACHE')?.message ?? '', 'damaged', what);
    assert.equal(set.policies, fresh.policies, what);
  }
});

test('a policy made to pass the checks but not a policy is an ADMX_CACHE error when it is read, never a crash', async () => {
  const dir = path.join(tmp, 'cache-forged');
  const name = `${'f'.repeat(64)}.json`;
  const forged = { name: 7, namespace: 'x', aliases: [], elements: [], key: 'Software\\X' } as unknown as PolicyDefinition;
  assert.is(await writeCache(dir, name, { policies: [forged], categories: new Map(), diagnostics: [], files: [] }), undefined);
  const kept = (await readCache(dir, name)) as KeptSet;
  try {
    kept.definitions.load(0);
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof GpregError, String(e));
    assert.is(e.code, 'ADMX_CACHE');
    assert.match(e.message, 'delete the file, or run with --no-cache');
  }
});

test('a folder keeps the cache files most recently written, not every one ever made; other files stay', async () => {
  const dir = copy('prune');
  const cacheDir = path.join(tmp, 'cache-prune');
  mkdirSync(cacheDir, { recursive: true });
  const old = (i: number) => path.join(cacheDir, `${i.toString(16).padStart(64, '0')}.json`);
  for (let i = 0; i < KEEP_FILES + 4; i++) {
    writeFileSync(old(i), '{}');
    utimesSync(old(i), new Date(), new Date(Date.now() - (100 - i) * 60_000));
  }
  writeFileSync(path.join(cacheDir, 'notes.txt'), 'mine');
  await loadPolicyDefinitions(dir, { cacheDir });
  assert.is(cacheFiles(cacheDir).length, KEEP_FILES);
  assert.ok(existsSync(old(KEEP_FILES + 3)) && !existsSync(old(0)), 'the newest kept, the oldest removed');
  assert.ok(existsSync(path.join(cacheDir, 'notes.txt')));
  assert.equal((await loadPolicyDefinitions(dir, { cacheDir })).diagnostics.filter((d) => d.code === 'ADMX_CACHE'), [], 'the new one is kept');
});

test('two loads at once leave one whole cache file and no temporary', async () => {
  const dir = copy('race');
  const cacheDir = path.join(tmp, 'cache-race');
  const [a, b] = await Promise.all([loadPolicyDefinitions(dir, { cacheDir }), loadPolicyDefinitions(dir, { cacheDir })]);
  sameSet(a, b);
  assert.equal(readdirSync(cacheDir).filter((f) => f.endsWith('.tmp')), []);
  assert.is(cacheFiles(cacheDir).length, 1);
  assert.equal((await loadPolicyDefinitions(dir, { cacheDir })).diagnostics.filter((d) => d.code === 'ADMX_CACHE'), []);
});

test('CLI: templates are kept in $GPREG_CACHE_DIR (or the platform\'s cache folder); --no-cache keeps nothing', async () => {
  const dir = copy('cli');
  const cacheDir = path.join(tmp, 'cache-cli');
  const r = await runCli(['policies', '--admx', dir], { env: { GPREG_CACHE_DIR: cacheDir } });
  assert.is(r.code, 0, r.stderr);
  assert.is(cacheFiles(cacheDir).length, 1);
  const home = path.join(tmp, 'home');
  assert.is((await runCli(['policies', '--admx', dir], { env: { HOME: home } })).code, 0);
  assert.is(cacheFiles(path.join(home, '.cache', 'gpreg')).length, 1);
  const none = path.join(tmp, 'cache-none');
  assert.is((await runCli(['policies', '--no-cache', '--admx', dir], { env: { GPREG_CACHE_DIR: none } })).code, 0);
  assert.is(existsSync(none), false);
});

const W11 = path.resolve(ROOT, '..', 'shared', 'admx', 'windows-11-25h2');
if (existsSync(W11)) {
  test('real: the Windows 11 set kept and read back is the set compiled', async () => {
    const cacheDir = path.join(tmp, 'cache-w11');
    const fresh = await loadPolicyDefinitions(W11);
    await loadPolicyDefinitions(W11, { cacheDir });
    sameSet(fresh, await loadPolicyDefinitions(W11, { cacheDir }));
  });
} else {
  test.skip('real Windows 11 templates: ../shared/admx is absent', () => {});
  console.log('  NOTICE: admx-cache.test.ts: Windows 11 set SKIPPED (../shared/admx absent)');
}

test.run();
