// Audits a folder (or reads one large file) and prints JSON figures; run by scripts/bench.mjs in
// its own process so peak memory is the job's alone.
//   node bench-audit-child.mjs tree FOLDER     node bench-audit-child.mjs file FILE
//   node bench-audit-child.mjs walk FOLDER     (the floor: one walk reading every file, nothing else)
//   node bench-audit-child.mjs tree FOLDER ADMX-FOLDER…   (read with templates, loaded before the clock starts)
//   node bench-audit-child.mjs phases FOLDER [ADMX-FOLDER…]   (an audit's work one phase at a time, in a fresh process
//     as an audit runs: the walk, the reads, the GPO metadata, then each kind of file parsed)
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { auditTree, loadBytes, loadPolicyDefinitions, readPolicies } from '../dist/index.js';
import { peakRssBytes } from './peak-rss.mjs';

const [mode, target, ...admx] = process.argv.slice(2);
const definitions = admx.length ? await loadPolicyDefinitions(admx) : undefined;
const t0 = process.hrtime.bigint();
let out;
if (mode === 'walk') {
  let files = 0;
  let bytes = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        bytes += readFileSync(p).length;
        files++;
      }
    }
  };
  walk(target);
  out = { files, bytes, errors: 0 };
} else if (mode === 'phases') {
  const { summarizePart, partKindOf } = await import('../dist/gpo/parts.js');
  const { gpoIdentity, readRegularFileOrFail } = await import('../dist/gpo/identity.js');
  const { tattooFindings } = await import('../dist/registry/tattoo.js');
  const { findPolicyFiles } = await import('../dist/gpo.js');
  const ms = { walk: 0, read: 0, metadata: 0, pol: 0, security: 0, audit: 0, preferences: 0 };
  const clock = (phase, f) => {
    const s = process.hrtime.bigint();
    const r = f();
    ms[phase] += Number(process.hrtime.bigint() - s) / 1e6;
    return r;
  };
  const { files } = await clock('walk', () => findPolicyFiles(target));
  const bytes = clock('read', () => files.map((f) => readRegularFileOrFail(f, 1 << 30)));
  const gpos = new Set(files.map((f) => path.relative(target, f).split(path.sep)[0]));
  clock('metadata', () => gpos.forEach((g) => gpoIdentity(path.join(target, g))));
  files.forEach((f, i) => {
    const kind = partKindOf(f);
    try {
      clock(kind ?? 'pol', () => {
        if (kind) return summarizePart(kind, bytes[i]);
        const loaded = loadBytes(bytes[i], { path: f, format: 'pol' });
        readPolicies(loaded.ops, definitions ? { catalog: definitions } : {});
        tattooFindings(loaded.ops, (j) => loaded.positions[j] ?? {});
      });
    } catch {
      // a damaged file costs what it cost
    }
  });
  out = { files: files.length, bytes: bytes.reduce((n, b) => n + b.length, 0), ms };
} else if (mode === 'tree') {
  const r = await auditTree(target, definitions ? { definitions } : {});
  out = { files: r.entries.length, bytes: r.totalBytes, errors: r.entries.filter((e) => e.error).length };
} else {
  const bytes = readFileSync(target);
  const loaded = loadBytes(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { path: target });
  const report = readPolicies(loaded.ops);
  out = { files: 1, bytes: bytes.length, records: loaded.ops.length, policies: report.policies.length };
}
out.seconds = Number(process.hrtime.bigint() - t0) / 1e9;
out.maxRssBytes = peakRssBytes();
process.stdout.write(JSON.stringify(out));
