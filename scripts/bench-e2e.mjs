/**
 * Whole `gpreg` runs as users feel them, each beside its floor measured in the same run: start-up
 * beside `node -e 0`, `show --admx` warm beside `node -e 0` and cold beside a plain expat parse of
 * the same templates (Python, a whole process too), `check` of many files in one call beside one
 * call per file, and `show` of a large file no policy explains. Wall-clock medians of several runs
 * (the machine is noisy: read the ratios, not the milliseconds). Not a test; prints and exits 0.
 *
 *   node scripts/bench-e2e.mjs [--quick]     (the last section of `npm run bench`)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePol } from '../dist/pol.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const BIN = path.join(ROOT, 'bin', 'gpreg.js');
const QUICK = process.argv.includes('--quick');
const RUNS = Number(process.env['GPREG_BENCH_E2E_RUNS'] ?? (QUICK ? 3 : 11));
const SHARED = path.resolve(ROOT, '..', 'shared');
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Median wall time in ms of `command args` run RUNS times (stdout discarded); its exit code must be in `ok`. */
function wall(command, args, { env = {}, ok = [0, 1], runs = RUNS } = {}) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (!ok.includes(r.status)) throw new Error(`${command} ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  }
  return median(times);
}
const gpreg = (args, options) => wall(process.execPath, [BIN, ...args], options);
const row = (label, ms, floor, aim) => console.log(`  ${label.padEnd(52)} ${ms.toFixed(0).padStart(6)} ms  ${(ms / floor).toFixed(2).padStart(5)}x${aim ? `  (aim ≤ ${aim}x)` : ''}`);

const tmp = mkdtempSync(path.join(tmpdir(), 'gpreg-bench-e2e-'));
try {
  console.log(`\nwhole gpreg runs (median of ${RUNS}; ratio to the floor measured just before)\n`);
  const node = wall(process.execPath, ['-e', '0'], { ok: [0] });
  console.log(`start-up, floor node -e 0: ${node.toFixed(0)} ms`);
  const small = path.join(ROOT, 'fixtures', 'pol', 'good', readdirSync(path.join(ROOT, 'fixtures', 'pol', 'good')).find((f) => f.endsWith('.pol')));
  row('gpreg --version', gpreg(['--version']), node);
  row('gpreg --help', gpreg(['--help']), node, 2.5);
  row(`gpreg dump ${path.basename(small)}`, gpreg(['dump', small]), node, 2.5);

  // A large file no policy explains: show groups its records by key (once quadratic).
  const big = path.join(tmp, 'unexplained.pol');
  const u16 = (s) => new Uint8Array(Buffer.from(s + '\0', 'utf16le'));
  writeFileSync(big, encodePol({ records: Array.from({ length: 60_000 }, (_, i) => ({ key: `Software\\Contoso\\Area${i % 600}`, name: `Value${i}`, type: 1, size: u16('x').length, data: u16('x') })) }));
  row('gpreg show, 60,000 records no policy explains', gpreg(['show', big], { runs: Math.min(RUNS, 5) }), node);

  const admx = ['windows-11-25h2', 'office-2016'].map((d) => path.join(SHARED, 'admx', d));
  const backups = path.join(SHARED, 'gpo-backups');
  if (!admx.every(existsSync) || !existsSync(backups)) {
    console.log(`\ntemplates: not measured (${SHARED}/admx and gpo-backups not found)`);
  } else {
    const pols = [];
    const walk = (dir) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(dir, e.name));
        else if (/^registry\.pol$/i.test(e.name)) pols.push(path.join(dir, e.name));
      }
    };
    walk(backups);
    pols.sort();
    const file = pols[0];
    const withAdmx = admx.flatMap((d) => ['--admx', d]);
    const cache = path.join(tmp, 'cache');
    gpreg(['show', ...withAdmx, file], { env: { GPREG_CACHE_DIR: cache }, runs: 1 }); // fills the cache
    console.log(`\nshow --admx Windows 11 --admx Office of a baseline Registry.pol (${path.relative(SHARED, file)})`);
    row('warm (compiled templates kept)', gpreg(['show', ...withAdmx, file], { env: { GPREG_CACHE_DIR: cache } }), node, 4);

    // The cold floor: expat parsing the same files, no tree, in a whole Python process.
    const files = admx.flatMap((d) => [
      ...readdirSync(d).filter((f) => /\.admx$/i.test(f)).map((f) => path.join(d, f)),
      ...readdirSync(path.join(d, 'en-US')).filter((f) => /\.adml$/i.test(f)).map((f) => path.join(d, 'en-US', f)),
    ]);
    const list = path.join(tmp, 'files.txt');
    writeFileSync(list, files.join('\n'));
    const script = `
import sys, xml.parsers.expat
for f in open(sys.argv[1]).read().split('\\n'):
    b = open(f, 'rb').read()
    s = b[2:].decode('utf-16-le') if b[:2] == b'\\xff\\xfe' else b.decode('utf-8-sig')
    if s.startswith('<?xml'): s = s[s.index('?>') + 2:]
    xml.parsers.expat.ParserCreate().Parse(s, True)
`;
    const cold = gpreg(['show', '--no-cache', ...withAdmx, file], { runs: Math.min(RUNS, 5) });
    const py = spawnSync('python3', ['-c', '0']);
    if (py.status === 0) {
      const expat = wall('python3', ['-c', script, list], { ok: [0], runs: Math.min(RUNS, 5) });
      console.log(`  floor: python3 + expat parsing the same ${files.length} files: ${expat.toFixed(0)} ms`);
      row('cold (--no-cache: every template parsed)', cold, expat, 3);
    } else {
      console.log(`  cold (--no-cache: every template parsed): ${cold.toFixed(0)} ms (python3 not found: no expat floor)`);
    }

    // The CI recipe: every file in one call (templates read once) beside one call per file.
    const some = pols.slice(0, QUICK ? 5 : 14);
    const one = gpreg(['check', ...withAdmx, ...some], { env: { GPREG_CACHE_DIR: cache }, runs: Math.min(RUNS, 5) });
    const each = some.reduce((n, f) => n + gpreg(['check', ...withAdmx, f], { env: { GPREG_CACHE_DIR: cache }, runs: 1 }), 0);
    console.log(`\ncheck --admx of ${some.length} baseline files: one call ${one.toFixed(0)} ms, one call per file ${each.toFixed(0)} ms (${(each / one).toFixed(1)}x)`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
