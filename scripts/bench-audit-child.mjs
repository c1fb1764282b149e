// Audits a folder (or reads one large file) and prints JSON figures; run by scripts/bench.mjs in
// its own process so peak memory is the job's alone.
//   node bench-audit-child.mjs tree FOLDER     node bench-audit-child.mjs file FILE
//   node bench-audit-child.mjs walk FOLDER     (the floor: one walk reading every file, nothing else)
//   node bench-audit-child.mjs tree FOLDER ADMX-FOLDER…   (read with templates, loaded before the clock starts)
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
