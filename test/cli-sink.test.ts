/**
 * Escaping is structural: the CLI writes to the terminal only through src/cli/print.ts, which makes
 * every string safe, so no command or renderer can forget (issue #23).
 */

import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { emit, print, progress, say } from '../src/cli/print.js';
import type { CliIO } from '../src/cli/io.js';
import { reachable, ROOT } from './helpers.js';

test('nothing in src/cli writes to stdout or stderr but the sink (print.ts) and the file writer (io.ts)', () => {
  const dir = path.join(ROOT, 'src', 'cli');
  const files = [...readdirSync(dir).map((f) => path.join(dir, f)), ...readdirSync(path.join(dir, 'commands')).map((f) => path.join(dir, 'commands', f))].filter((f) => f.endsWith('.ts'));
  assert.ok(files.length >= 15);
  for (const f of files) {
    if (/[\\/](print|io)\.ts$/.test(f)) continue;
    assert.not.match(readFileSync(f, 'utf8'), /\.(stdout|stderr)\.write\(/, path.relative(ROOT, f));
  }
});

/** An io whose streams are recorded. */
function recorder() {
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: { write: (s: string | Uint8Array) => out.push(String(s)) }, stderr: { write: (s: string | Uint8Array) => err.push(String(s)) } } as unknown as CliIO;
  return { io, out, err };
}

test('print keeps lines and escapes controls; with color only SGR colour codes pass; say makes one line; emit is as it is', () => {
  const r = recorder();
  print(r.io, 'a\x1b]0;title\x07\nb\u202ec\n');
  assert.is(r.out.pop(), 'a\\x1b]0;title\\x07\nb\\u202ec\n');
  print(r.io, '\x1b[31m- old\x1b[0m \x1b[2J\x1b]0;t\x07\n', { color: true });
  assert.is(r.out.pop(), '\x1b[31m- old\x1b[0m \\x1b[2J\\x1b]0;t\\x07\n');
  say(r.io, 'gpreg: evil\nname\x1b[2J.pol: hello');
  assert.is(r.err.pop(), 'gpreg: evil\\x0aname\\x1b[2J.pol: hello\n');
  progress(r.io, '[1/2] a\rb');
  assert.is(r.err.pop(), '\r\x1b[K[1/2] a\\x0db');
  emit(r.io, '{"a":"\\u001b"}\n');
  assert.is(r.out.pop(), '{"a":"\\u001b"}\n');
});

test('start-up loads no command: main reaches only the table of usage lines; each command module is imported when it runs', () => {
  const { files } = reachable(path.join(ROOT, 'src', 'cli', 'main.ts'));
  const rel = [...files].map((f) => path.relative(ROOT, f));
  assert.equal(rel.filter((f) => f.startsWith('src/cli/commands/')), ['src/cli/commands/index.ts']);
  // Nor the heavy parts only some commands need: templates, GPO parts, HTML, the policy engine.
  assert.equal(rel.filter((f) => /^src\/(admx|gpo|policy|render\/html|audit)\//.test(f)), []);
});

test.run();
