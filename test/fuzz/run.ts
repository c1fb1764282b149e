/**
 * `npm run fuzz`: the fuzz harness (test/fuzz/harness.ts) from the command line.
 *
 *   npm run fuzz -- [--seed N] [--count N | --seconds S] [--formats pol,reg,…] [--only I]
 *                   [--slow-ms MS] [--hang-ms MS] [--out DIR]
 *
 * The harness runs in a child process, watched: the child writes a line before each input (a
 * synchronous write, so it arrives even while the input runs), and an input still running after
 * --hang-ms (default 20000) is a hang: the child is killed, the input reported, and the run goes on
 * after it. A child that dies on an input (out of memory) is reported the same way. Inputs slower
 * than --slow-ms (default 2000) are reported too, since no input may take that long. Without
 * --count, it runs for --seconds (default 60). Prints every broken invariant with its replay
 * command; with --out, each such input is written there. Exits 1 when anything failed.
 */
import { fork } from 'node:child_process';
import { mkdirSync, writeSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fuzz, fuzzInput, FUZZ_FORMATS, type FuzzFailure, type FuzzFormat } from './harness.js';

interface Job {
  seed: number;
  from: number;
  count: number;
  deadline: number;
  formats?: FuzzFormat[];
  only?: number;
  slowMs: number;
}
/** One line of the child's report. */
type Line =
  | { start: number }
  | { slow: number; ms: number }
  | { failure: Omit<FuzzFailure, 'input'> }
  | { done: true; accepted: number };

if (process.env['GPREG_FUZZ_CHILD']) {
  const job = JSON.parse(process.env['GPREG_FUZZ_CHILD']) as Job;
  // A synchronous write, so a line arrives even while an input runs; the pipe is non-blocking, so a
  // full one (the parent busy) answers EAGAIN until it drains.
  const say = (l: Line) => {
    const buf = Buffer.from(JSON.stringify(l) + '\n');
    for (let done = 0; done < buf.length; ) {
      try {
        done += writeSync(1, buf, done);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      }
    }
  };
  const report = fuzz({
    seed: job.seed,
    from: job.from,
    count: job.count,
    seconds: Math.max(0.001, (job.deadline - Date.now()) / 1000),
    ...(job.formats ? { formats: job.formats } : {}),
    ...(job.only !== undefined ? { only: job.only } : {}),
    onStart: (_format, index) => say({ start: index }),
    onCase: (_format, index, ms) => {
      if (ms > job.slowMs) say({ slow: index, ms });
    },
    onFailure: ({ input: _, ...f }) => say({ failure: f }),
  });
  say({ done: true, accepted: report.accepted });
} else {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: String(Date.now() % 1_000_000) },
      count: { type: 'string' },
      seconds: { type: 'string' },
      formats: { type: 'string' },
      only: { type: 'string' },
      'slow-ms': { type: 'string', default: '2000' },
      'hang-ms': { type: 'string', default: '20000' },
      out: { type: 'string' },
    },
  });
  const num = (s: string | undefined, what: string) => {
    if (s === undefined) return undefined;
    const n = Number(s);
    if (!Number.isFinite(n) || n < 0) {
      console.error(`fuzz: --${what} takes a number`);
      process.exit(2);
    }
    return n;
  };
  const formats = values.formats ? (values.formats.split(',') as FuzzFormat[]) : undefined;
  for (const f of formats ?? []) {
    if (!FUZZ_FORMATS.includes(f)) {
      console.error(`fuzz: unknown format ${f}; the formats are ${FUZZ_FORMATS.join(', ')}`);
      process.exit(2);
    }
  }
  const seed = num(values.seed, 'seed')!;
  const only = num(values.only, 'only');
  const count = only !== undefined ? only + 1 : (num(values.count, 'count') ?? Infinity);
  const seconds = num(values.seconds, 'seconds') ?? (values.count === undefined && only === undefined ? 60 : Infinity);
  const deadline = seconds === Infinity ? Number.MAX_SAFE_INTEGER : Date.now() + seconds * 1000;
  const slowMs = num(values['slow-ms'], 'slow-ms')!;
  const hangMs = num(values['hang-ms'], 'hang-ms')!;

  /** Prints a problem with its replay command, writing the input (made again from seed and index) under --out. */
  const problem = (tag: string, index: number, what: string) => {
    const { format, input } = fuzzInput(seed, index, formats);
    let saved = '';
    if (values.out) {
      mkdirSync(values.out, { recursive: true });
      const file = path.join(values.out, `${seed}-${index}-${tag.toLowerCase()}.${format}`);
      writeFileSync(file, input);
      saved = ` (input: ${file})`;
    }
    console.log(`${tag} ${format} #${index}: ${what}${saved}\n  replay: npm run fuzz -- --seed ${seed} --only ${index}`);
    problems++;
  };
  const started = performance.now();
  let cases = 0;
  let accepted = 0;
  let problems = 0;

  /** Runs the harness from `from` in a child; resolves with where to go on from, or undefined when done. */
  const runFrom = (from: number) =>
    new Promise<number | undefined>((resolve) => {
      const job: Job = { seed, from, count, deadline, slowMs, ...(formats ? { formats } : {}), ...(only !== undefined ? { only } : {}) };
      const child = fork(fileURLToPath(import.meta.url), [], { execArgv: process.execArgv, stdio: ['ignore', 'pipe', 'inherit', 'ipc'], env: { ...process.env, GPREG_FUZZ_CHILD: JSON.stringify(job) } });
      let current: { index: number; at: number } | undefined;
      let done = false;
      let stopped = false;
      const goOn = (index: number) => resolve(index + 1 < count && Date.now() < deadline ? index + 1 : undefined);
      const watchdog = setInterval(() => {
        if (!current || Date.now() - current.at < hangMs) return;
        stopped = true;
        clearInterval(watchdog);
        child.kill('SIGKILL');
      }, 250);
      createInterface({ input: child.stdout! }).on('line', (text) => {
        const l = JSON.parse(text) as Line;
        if ('start' in l) {
          current = { index: l.start, at: Date.now() };
          cases++;
        } else if ('slow' in l) problem('SLOW', l.slow, `${l.ms.toFixed(0)} ms`);
        else if ('failure' in l) problem('FAIL', l.failure.index, `[${l.failure.invariant}] ${l.failure.message}`);
        else {
          done = true;
          accepted += l.accepted;
        }
      });
      child.on('close', (code, signal) => {
        clearInterval(watchdog);
        if (done) return resolve(undefined);
        if (!current) return resolve(undefined);
        problem(stopped ? 'HANG' : 'CRASH', current.index, stopped ? `still running after ${hangMs} ms` : `the process ended (code ${code}, signal ${signal})`);
        goOn(current.index);
      });
    });

  for (let from: number | undefined = 0; from !== undefined; ) from = await runFrom(from);
  const secs = (performance.now() - started) / 1000;
  console.log(`fuzz: seed ${seed}, ${cases} inputs in ${secs.toFixed(1)} s (${(cases / secs).toFixed(0)}/s), ${accepted} read past the first check (not counted for a child that was stopped)`);
  console.log(`${problems} problem(s)`);
  process.exitCode = problems ? 1 : 0;
}
