// Reads and parses one .reg file, then prints JSON figures. Run by scripts/bench.mjs in its own
// process, so that peak memory is this job's alone.
import { readFileSync } from 'node:fs';
import { parseReg, regToOps } from '../dist/index.js';

const file = process.argv[2];
const t0 = process.hrtime.bigint();
const bytes = readFileSync(file);
const t1 = process.hrtime.bigint();
const doc = parseReg(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
const ops = regToOps(doc);
const t2 = process.hrtime.bigint();
process.stdout.write(JSON.stringify({
  bytes: bytes.length,
  statements: doc.statements.length,
  ops: ops.length,
  diagnostics: doc.diagnostics.length,
  readSeconds: Number(t1 - t0) / 1e9,
  parseSeconds: Number(t2 - t1) / 1e9,
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
}));
