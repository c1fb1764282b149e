// Diffs two files as `gpreg diff` does (one side at a time, keeping only its effect), then prints
// JSON figures. Run by scripts/bench.mjs in its own process, so peak memory is the diff's alone.
import { readFileSync } from 'node:fs';
import { diffEffects, effectOf, loadBytes } from '../dist/index.js';
import { peakRssBytes } from './peak-rss.mjs';

const [fa, fb] = process.argv.slice(2);
const t0 = process.hrtime.bigint();
const side = (file) => {
  const bytes = readFileSync(file);
  return effectOf(loadBytes(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { path: file }).ops);
};
const a = side(fa);
const b = side(fb);
const changes = diffEffects(a, b);
const t1 = process.hrtime.bigint();
process.stdout.write(JSON.stringify({ changes: changes.length, seconds: Number(t1 - t0) / 1e9, maxRssBytes: peakRssBytes() }));
