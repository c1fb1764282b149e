#!/usr/bin/env node
// Runs the uvu suites under a folder (TypeScript through tsx) and ends with the line
// "N passed, N failed" that CI reads. `node scripts/run-tests.mjs test` skips test/interop,
// which `npm run test:interop` runs on its own.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const dir = process.argv[2] ?? 'test';
// uvu's package exports hide bin.js: resolve the package's main entry and step up from its dist/ folder.
const uvu = path.join(path.dirname(createRequire(import.meta.url).resolve('uvu')), '..', 'bin.js');
const args = ['--import', 'tsx', uvu, dir, '\\.test\\.ts$'];
if (dir === 'test') args.push('-i', 'interop');

// Compiled templates are kept in a folder of this run's own, never the user's cache.
const cacheDir = mkdtempSync(path.join(tmpdir(), 'gpreg-test-cache-'));
process.on('exit', () => rmSync(cacheDir, { recursive: true, force: true }));
const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, GPREG_CACHE_DIR: cacheDir } });
let out = '';
child.stdout.on('data', (c) => {
  out += c;
  process.stdout.write(c);
});
child.on('close', (code) => {
  const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
  const num = (label) => Number((new RegExp(`${label}:\\s+(\\d+)`).exec(plain) ?? [])[1] ?? NaN);
  const total = num('Total');
  const passed = num('Passed');
  const skipped = num('Skipped') || 0;
  if (Number.isNaN(total) || Number.isNaN(passed)) {
    console.log('\nthe test run ended without a summary (a suite crashed while loading?)');
    console.log('0 passed, 1 failed');
    process.exitCode = code || 1;
    return;
  }
  // uvu counts skipped tests apart: Total is the tests that ran (test.skip ones are not in it).
  const failed = total - passed;
  console.log(`\n${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ''));
  process.exitCode = code || (failed > 0 ? 1 : 0);
});
