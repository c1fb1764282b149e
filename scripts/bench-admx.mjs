/**
 * `npm run bench:admx`: loading ADMX/ADML template sets and reading policies against them. Not a
 * test: it prints figures and exits 0. It measures the built package (dist/).
 *
 *   npm run bench:admx                                  # ../shared/admx (Windows 11 25H2 + Office 2016)
 *   GPREG_BENCH_ADMX=/path/A:/path/B npm run bench:admx
 *
 * Loading is compared with a plain C XML parse of the same files in the same run: Python's
 * xml.etree.ElementTree (expat), parsing every .admx and .adml into a tree and nothing more.
 * Reading is timed on generated Registry.pol files of 10,000 and 100,000 records made of real
 * policies (built from the set) and records no policy explains, to show the cost is linear.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPolicy, loadPolicyDefinitions, readPolicies } from '../dist/index.js';
import { decodePol, encodePol, opsToPol, polToOps } from '../dist/pol.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RUNS = Number(process.env['GPREG_BENCH_RUNS'] ?? 5);
const shared = path.resolve(HERE, '..', '..', 'shared', 'admx');
const dirs = process.env['GPREG_BENCH_ADMX']?.split(path.delimiter) ?? ['windows-11-25h2', 'office-2016'].map((d) => path.join(shared, d));
if (!dirs.every((d) => existsSync(d))) {
  console.log(`bench:admx: template folders not found (${dirs.join(', ')}); set GPREG_BENCH_ADMX`);
  process.exit(0);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const files = dirs.flatMap((d) => [
  ...readdirSync(d).filter((f) => /\.admx$/i.test(f)).map((f) => path.join(d, f)),
  ...(existsSync(path.join(d, 'en-US')) ? readdirSync(path.join(d, 'en-US')).filter((f) => /\.adml$/i.test(f)).map((f) => path.join(d, 'en-US', f)) : []),
]);
const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
const MB = bytes / (1024 * 1024);

// gpreg: load the whole set RUNS times (the first run includes V8 compiling the loader).
const times = [];
let set;
for (let i = 0; i < RUNS; i++) {
  globalThis.gc?.();
  const t = performance.now();
  set = await loadPolicyDefinitions(dirs);
  times.push((performance.now() - t) / 1000);
}
console.log(`templates: ${files.length} files, ${MB.toFixed(1)} MB, ${set.policies.length} policies, ${set.diagnostics.filter((d) => d.severity === 'error').length} errors`);
console.log(`gpreg loadPolicyDefinitions: first ${times[0].toFixed(2)} s, median ${median(times).toFixed(2)} s (${(MB / median(times)).toFixed(1)} MB/s, ${Math.round(set.policies.length / median(times))} policies/s)`);

// The same set kept on disk (issue #20): the first load writes the cache, the next ones read it.
{
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'gpreg-bench-cache-'));
  try {
    let t = performance.now();
    await loadPolicyDefinitions(dirs, { cacheDir });
    const writing = (performance.now() - t) / 1000;
    const warm = [];
    for (let i = 0; i < RUNS; i++) {
      t = performance.now();
      await loadPolicyDefinitions(dirs, { cacheDir });
      warm.push((performance.now() - t) / 1000);
    }
    console.log(`gpreg loadPolicyDefinitions with a cache: ${writing.toFixed(2)} s compiling and keeping it, then ${median(warm).toFixed(2)} s reading it (median of ${RUNS}; ${(median(times) / median(warm)).toFixed(1)}x faster than compiling)`);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

// Python's ElementTree (expat, C) parsing the same files, in the same run.
const py = spawnSync(
  'python3',
  [
    '-c',
    `
import sys, time, json, xml.etree.ElementTree as ET, xml.parsers.expat
files = sys.argv[2:]; runs = int(sys.argv[1]); out = []; plain = []
def text(b):
    if b[:2] == b'\\xff\\xfe': return b[2:].decode('utf-16-le')
    if b[:3] == b'\\xef\\xbb\\xbf': return b[3:].decode('utf-8')
    return b.decode('utf-8')
data = [open(f, 'rb').read() for f in files]
for _ in range(runs):
    t = time.perf_counter()
    for b in data:
        s = text(b)
        if s.startswith('<?xml'): s = s[s.index('?>') + 2:]
        ET.fromstring(s)
    out.append(time.perf_counter() - t)
# expat alone, no handlers, no tree: the floor of any XML reader (the text decoded as for
# ElementTree: some templates declare encoding='unicode', which expat does not know).
for _ in range(runs):
    t = time.perf_counter()
    for b in data:
        s = text(b)
        if s.startswith('<?xml'): s = s[s.index('?>') + 2:]
        xml.parsers.expat.ParserCreate().Parse(s, True)
    plain.append(time.perf_counter() - t)
print(json.dumps({'et': out, 'expat': plain}))
`,
    String(RUNS),
    ...files,
  ],
  { encoding: 'utf8', maxBuffer: 1 << 24 },
);
if (py.status === 0) {
  const { et, expat } = JSON.parse(py.stdout);
  console.log(`python ElementTree parse only: median ${median(et).toFixed(2)} s (${(MB / median(et)).toFixed(1)} MB/s)  → gpreg / ElementTree = ${(median(times) / median(et)).toFixed(2)}× (aim ≤ 2×)`);
  console.log(`plain expat parse (no tree): median ${median(expat).toFixed(2)} s (${(MB / median(expat)).toFixed(1)} MB/s)  → gpreg / expat = ${(median(times) / median(expat)).toFixed(2)}× (aim ≤ 3×)`);
} else console.log(`python ElementTree: not measured (${py.stderr.trim().split('\n').pop()})`);

// Reading: Registry.pol files built from real policies, with unexplained records mixed in.
function polOf(records) {
  const ops = [];
  let i = 0;
  for (const def of set.policies) {
    if (ops.length >= records) break;
    if (def.class === 'User') continue;
    try {
      ops.push(...buildPolicy(def, { state: i++ % 3 === 0 ? 'disabled' : 'enabled' }).ops);
    } catch {
      // a required option without a default: skip this policy
    }
    ops.push({ op: 'set', key: `HKEY_LOCAL_MACHINE\\Software\\Bench\\K${i}`, name: `v${i}`, type: 4, data: new Uint8Array([1, 0, 0, 0]) });
  }
  while (ops.length < records) ops.push({ op: 'set', key: `HKEY_LOCAL_MACHINE\\Software\\Bench\\Extra${ops.length}`, name: 'x', type: 4, data: new Uint8Array(4) });
  return encodePol(opsToPol(ops.slice(0, records)));
}
for (const n of [10_000, 100_000]) {
  const pol = polOf(n);
  const { ops } = polToOps(decodePol(pol), { hive: 'HKEY_LOCAL_MACHINE' });
  const rt = [];
  let report;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    report = readPolicies(ops, { catalog: set });
    rt.push((performance.now() - t) / 1000);
  }
  const s = median(rt);
  console.log(`readPolicies, ${ops.length} records (${(pol.length / 1048576).toFixed(1)} MB): first ${rt[0].toFixed(3)} s (with the index), median ${s.toFixed(3)} s — ${Math.round(ops.length / s).toLocaleString('en')} records/s, ${(pol.length / 1048576 / s).toFixed(1)} MB/s; ${report.policies.length} policies, ${report.unexplained.length} unexplained`);
}
