/** The one JSON replacer for bigint values (QWORDs, long decimals): written as decimal strings. */
export function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? String(value) : value;
}

/**
 * Characters JSON may hold raw but a terminal acts on or shows misleadingly: C1 controls, the line
 * and paragraph separators, and the bidirectional controls. They only occur inside JSON strings.
 */
const TERMINAL_UNSAFE = /[\u0080-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A value as gpreg's JSON text: two-space indent, bigints as decimal strings, a final newline, and
 * the characters a terminal acts on written as `\u` escapes. The same JSON value, safe to print
 * (C0 controls are escaped by `JSON.stringify` already).
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, bigintReplacer, 2).replace(TERMINAL_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}
