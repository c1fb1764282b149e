/**
 * A short fixed-seed slice of the fuzz harness (test/fuzz/harness.ts; `npm run fuzz` runs it for
 * longer, with any seed): mutated inputs of every format gpreg reads, through the readers,
 * conversions and editors, keep the invariants (no uncaught error, no pollution, what is written
 * reads back to the same effect or says what it lost, an edit lands where it says).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fuzz, FUZZ_FORMATS } from './fuzz/harness.js';

test('fuzz slice: seed 24, 4,000 inputs over every format, no invariant broken', () => {
  const report = fuzz({ seed: 24, count: 4000 });
  assert.equal(
    report.failures.map((f) => `${f.format} #${f.index} [${f.invariant}] ${f.message}`),
    [],
  );
  assert.is(report.cases, 4000);
  assert.equal([...report.byFormat.keys()].sort(), [...FUZZ_FORMATS].sort(), 'every format had inputs');
  // The slice must exercise more than the readers' first refusal.
  assert.ok(report.accepted > 1000, `inputs read past the first check: ${report.accepted}`);
});

test('the same seed gives the same inputs (a failure can be replayed)', () => {
  const a = fuzz({ seed: 7, count: 50 });
  const b = fuzz({ seed: 7, count: 50 });
  assert.is(a.accepted, b.accepted);
  assert.equal([...a.byFormat], [...b.byFormat]);
});

test.run();
