/** Layering rules that keep the library usable in parts (DESIGN.md §1a). */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from './helpers.js';

const sources = (dir: string): string[] =>
  readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
const imports = (file: string) => [...readFileSync(path.join(ROOT, file), 'utf8').matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)].map((m) => path.join(path.dirname(file), m[1]!));

test('the policy engine imports no file format, no XML and no CLI', () => {
  for (const f of sources('src/policy')) {
    for (const i of imports(f)) assert.not.match(i, /src\/(formats|admx|cli|diff|audit|edit)\//, `${f} imports ${i}`);
  }
});

test('only src/admx knows XML', () => {
  for (const f of sources('src')) {
    if (f.startsWith('src/admx/')) continue;
    assert.not.match(readFileSync(path.join(ROOT, f), 'utf8'), /from 'saxes'/, f);
  }
});

test('no input is copied whole: bytes read from a file are viewed, never passed to new Uint8Array()', () => {
  // new Uint8Array(buffer) copies every byte (the template set's 18 MB cost more than reading them).
  for (const f of sources('src')) {
    const text = readFileSync(path.join(ROOT, f), 'utf8');
    assert.not.match(text, /new Uint8Array\((await\s+)?[\w.]*(readFile|readFileSync)\(/, f);
    for (const m of text.matchAll(/(?:const|let)\s+(\w+)\s*=\s*(?:await\s+)?[\w.]*(?:readFile|readFileSync|readRegularFile|readRegularFileOrFail|readInput)\(/g)) {
      assert.not.match(text, new RegExp(`new Uint8Array\\(${m[1]}\\)`), `${f} copies ${m[1]}`);
    }
  }
});

test('every test suite registers its tests before test.run(): one added after it would never run, and never fail', () => {
  const suites = sources('test').filter((f) => f.endsWith('.test.ts'));
  assert.ok(suites.length >= 50);
  for (const f of suites) {
    const lines = readFileSync(path.join(ROOT, f), 'utf8').split('\n');
    const run = lines.findIndex((l) => /^test\.run\(\)/.test(l));
    assert.ok(run >= 0, `${f} never calls test.run()`);
    const late = lines.findIndex((l, i) => i > run && /^\(?[\w ?:.]*\btest(\.skip|\.only)?\)?\(['"`]/.test(l));
    assert.is(late, -1, `${f}: a test at line ${late + 1}, after test.run() at line ${run + 1}`);
  }
});

test.run();
