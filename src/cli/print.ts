/**
 * The one way the CLI writes to the terminal: every command prints through these, and a test
 * (test/cli-sink.test.ts) holds that nothing else in src/cli writes to stdout or stderr. So text
 * from a file (a value name, a file name, a template's string) is escaped however it got into a
 * message: a renderer or a command that forgets cannot let an ESC or a bidi override through.
 *
 * - {@link print}: text for people on stdout, line breaks kept;
 * - {@link say}: one message line on stderr, every control escaped (line feeds too), so nothing
 *   from a file can start a line of its own;
 * - {@link emit}: machine output on stdout as it is (JSON escapes by itself, CSV cells are escaped
 *   by their renderer, file bytes must not change);
 * - {@link progress}: the progress line a person watches (it alone may move the cursor).
 */

import { safeField, safeForTerminal } from '../text.js';
import type { CliIO } from './io.js';

/** An SGR colour sequence (`ESC[31m`): the only escape sequence printed text may keep, with `color`. */
// eslint-disable-next-line no-control-regex
const SGR = /\x1b\[[0-9;]*m/g;

/**
 * Text for people on stdout. Every control and bidi character is shown as an escape, line feeds
 * and tabs kept; with `color`, the renderer's SGR colour sequences are kept (and nothing else).
 */
export function print(io: CliIO, text: string, options: { color?: boolean } = {}): void {
  if (!options.color) {
    io.stdout.write(safeForTerminal(text));
    return;
  }
  // Colours are the renderer's own; everything between them is escaped as any text is.
  let out = '';
  let at = 0;
  for (const m of text.matchAll(SGR)) {
    out += safeForTerminal(text.slice(at, m.index)) + m[0];
    at = m.index! + m[0].length;
  }
  io.stdout.write(out + safeForTerminal(text.slice(at)));
}

/** One message line on stderr (`gpreg: …`), made one line whatever it holds. */
export function say(io: CliIO, line: string): void {
  io.stderr.write(`${safeField(line)}\n`);
}

/** Machine output on stdout, as it is: JSON text, CSV (cells escaped by its renderer), file bytes. */
export function emit(io: CliIO, data: string | Uint8Array): void {
  io.stdout.write(data);
}

/** The progress line on stderr: the cursor back to the line's start, the line cleared, then `line` (escaped); '' clears it. */
export function progress(io: CliIO, line: string): void {
  io.stderr.write(`\r\x1b[K${safeField(line)}`);
}
