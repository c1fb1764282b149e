/**
 * The README's examples run as written: every ```sh block that calls gpreg (with `npx gpreg`
 * swapped for `node bin/gpreg.js`, the same file, so no npm start-up or registry is involved) and
 * every ```js block (self-importing the built package by its name), and docs/api.md's ```js blocks.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT, tempDir } from './helpers.js';

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```(sh|js)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, code: m[2]! }));

const shell = blocks.filter((b) => b.lang === 'sh' && b.code.includes('npx gpreg') && !b.code.includes('npm ci'));
assert.ok(shell.length >= 4, 'README has gpreg examples');
// The examples write to "$out", which the README sets to a fresh folder (`out=$(mktemp -d)`): the
// run gets its own, so it never meets a reader's files, nor another run's.
const out = tempDir('gpreg-readme-');
test.after(() => rmSync(out, { recursive: true, force: true }));
assert.ok(readme.includes('out=$(mktemp -d)'), 'the README sets $out to a fresh folder');
assert.not.ok(readme.includes('/tmp/'), 'the README writes only under $out');
for (const b of shell) {
  const script = b.code.replace(/npx gpreg/g, 'node bin/gpreg.js');
  test(`README: ${b.code.split('\n')[0]}`, () => {
    const r = spawnSync('bash', ['-euo', 'pipefail', '-c', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, out } });
    assert.is(r.status, 0, `${script}\n${r.stdout}\n${r.stderr}`);
    // A comment line after a command shows what it prints: check it does.
    for (const shown of b.code.split('\n').filter((l) => l.startsWith('# gpreg:'))) {
      assert.ok((r.stdout + r.stderr).includes(shown.slice(2)), `output shows ${shown}`);
    }
  });
}

// docs/api.md's examples run too: every ```js block there, as a module of its own.
const apiDoc = readFileSync(path.join(ROOT, 'docs', 'api.md'), 'utf8');
const apiBlocks = [...apiDoc.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => ({ lang: 'js', code: m[1]! }));
assert.ok(apiBlocks.length >= 8, 'docs/api.md has examples');

for (const [i, b] of [...blocks.filter((x) => x.lang === 'js'), ...apiBlocks].entries()) {
  test(`README / docs/api.md: js example ${i + 1}`, () => {
    // In the project (it imports the package by name), named by this process: runs never collide.
    const file = path.join(ROOT, `.gpreg-readme-example-${process.pid}-${i}.mjs`);
    writeFileSync(file, b.code);
    try {
      const r = spawnSync(process.execPath, [file], { cwd: ROOT, encoding: 'utf8' });
      assert.is(r.status, 0, r.stderr);
      assert.ok(r.stdout.length > 0);
    } finally {
      rmSync(file, { force: true });
    }
  });
}

test.run();
