/** gpreg's JSON text: documents as `gpreg dump`, `show --json` and `convert --to json` write them (bigints as decimal strings; characters a terminal would act on as \u escapes). */

import { UNSAFE_TERMINAL_CHARS } from '../text.js';

/** The one JSON replacer for bigint values (QWORDs, long decimals): written as decimal strings. */
export function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? String(value) : value;
}

/**
 * A value as gpreg's JSON text: two-space indent, bigints as decimal strings, a final newline, and
 * the characters a terminal acts on (the same as `safeForTerminal`'s) written as `\u` escapes. The
 * same JSON value, safe to print: `JSON.stringify` escapes the C0 controls, but not DEL, the C1
 * controls, the line separators or the bidi controls, and these occur only inside JSON strings.
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, bigintReplacer, 2).replace(UNSAFE_TERMINAL_CHARS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}
