#!/usr/bin/env node
// Runs the uvu suites under a folder (TypeScript through tsx) and ends with the line
// "N passed, N failed" that CI reads, counted from the runner's own marks (never by subtraction). `node scripts/run-tests.mjs test` skips test/interop,
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
  const { passed, failed, notRun, suites, stopped } = countResults(plain);
  const skipped = Number(/Skipped:\s+(\d+)/.exec(plain)?.[1] ?? 0);
  if (suites === 0 || !/Total:\s+\d+/.test(plain)) {
    console.log('\nthe test run ended without a summary (a suite crashed while loading?)');
    console.log(`${passed} passed, ${failed + 1} failed`);
    process.exitCode = code || 1;
    return;
  }
  console.log(`\n${passed} passed, ${failed} failed` + (notRun ? `, ${notRun} did not run (a hook threw, which uvu does not show, in: ${stopped.join('; ')})` : '') + (skipped ? `, ${skipped} skipped` : ''));
  process.exitCode = code || (failed + notRun > 0 ? 1 : 0);
});

/**
 * The runner's own marks, counted: uvu writes one line per suite, a mark per test (• passed,
 * ✘ failed) and `(passed / total)`. A test neither passed nor failed did not run: a `before` hook
 * threw, which uvu itself neither marks nor counts as a failure (its exit code stays 0).
 */
function countResults(text) {
  let passed = 0, failed = 0, notRun = 0, suites = 0, file = '';
  const stopped = [];
  for (const m of text.matchAll(/\((\d+) \/ (\d+)\)\n/g)) {
    const start = text.lastIndexOf('\n', m.index - 1) + 1;
    const marks = text.slice(start, m.index);
    // The file's name is the line before its first suite line.
    const before = text.slice(text.lastIndexOf('\n', start - 2) + 1, start - 1);
    if (/\.test\.ts$/.test(before)) file = before;
    const fails = marks.split('\u2718').length - 1;
    const ran = Number(m[1]);
    suites++;
    passed += ran;
    failed += fails;
    const missing = Math.max(0, Number(m[2]) - ran - fails);
    notRun += missing;
    // A named suite's line starts with its name, before the marks.
    const suite = /^\s*([^\s•✘][^•✘]*?)\s*(?:[•✘]|$)/.exec(marks)?.[1];
    if (missing) stopped.push(suite ? `${file} (${suite})` : file);
  }
  return { passed, failed, notRun, suites, stopped };
}
