/**
 * The test run tells the truth (#23): `npm test`'s last line counts what the runner marked, a test
 * a hook kept from running is not called passed, and the run fails for it.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from './helpers.js';

const run = (dir: string) => spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'run-tests.mjs'), dir], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

test('failures are counted from the runner\'s marks; tests a hook stopped are named; the run fails', () => {
  const r = run('fixtures/runner');
  const last = r.stdout.trim().split('\n').at(-1);
  assert.is(last, '1 passed, 2 failed, 2 did not run (a hook threw, which uvu does not show, in: hook.test.ts (hooked)), 1 skipped');
  assert.is(r.status, 1);
});

test.run();
