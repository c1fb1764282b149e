// Reads and parses one .reg file, then prints JSON figures. Run by scripts/bench.mjs in its own
// process, so that peak memory is this job's alone. Mode `document` (the default): parseReg, then
// regToOps. Mode `stream`: regStatements, each statement looked at and let go.
import { readFileSync } from 'node:fs';
import { parseReg, regStatements, regToOps } from '../dist/reg.js';
import { peakRssBytes } from './peak-rss.mjs';

const [file, mode = 'document'] = process.argv.slice(2);
const t0 = process.hrtime.bigint();
const bytes = readFileSync(file);
const t1 = process.hrtime.bigint();
const input = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
let statements = 0;
let ops = 0;
let diagnostics = 0;
if (mode === 'stream') {
  const it = regStatements(input);
  let r = it.next();
  for (; !r.done; r = it.next()) {
    statements++;
    if (r.value.op.op === 'set') ops++;
  }
  diagnostics = r.value.diagnostics.length;
} else {
  const doc = parseReg(input);
  statements = doc.statements.length;
  ops = regToOps(doc).length;
  diagnostics = doc.diagnostics.length;
}
const t2 = process.hrtime.bigint();
process.stdout.write(JSON.stringify({
  bytes: bytes.length,
  statements,
  ops,
  diagnostics,
  readSeconds: Number(t1 - t0) / 1e9,
  parseSeconds: Number(t2 - t1) / 1e9,
  maxRssBytes: peakRssBytes(),
}));
