/**
 * Text from files shown on a terminal: every C0 and C1 control character (ESC, BEL, CR, …) and
 * every bidirectional override or isolate is written as a visible escape (`\x1b`, `\u202e`), so a
 * hostile value name cannot recolour the terminal, set its title, or reorder what is shown.
 */

// C0 controls but tab and line feed, DEL, C1 controls, the line and paragraph separators (some
// terminals break lines there), the bidi marks, embeddings, overrides and isolates (LRM, RLM,
// ALM, LRE…RLO, LRI…PDI), and U+FEFF (a byte order mark inside text: invisible, and it hides
// where a name really starts).
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_OR_NEWLINE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

const escape = (c: string): string => {
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/**
 * Each character a field would show as an escape (as {@link safeField} does), for renderers that
 * mark escapes their own way (the HTML reports). A global pattern: use it with `replace`.
 */
export const UNSAFE_FIELD_CHARS: RegExp = UNSAFE_OR_NEWLINE;

/**
 * Each character a whole output shows as an escape (as {@link safeForTerminal} does: tab and line
 * feed kept). A global pattern: use it with `replace`.
 */
export const UNSAFE_TERMINAL_CHARS: RegExp = UNSAFE;

/** The visible escape of one unsafe character: `\x1b`, `\u202e`. */
export const visibleEscape = escape;

/** A whole text output made safe for a terminal: line feeds and tabs kept, the rest escaped. */
export function safeForTerminal(text: string): string {
  return text.replace(UNSAFE, escape);
}

/** One field (a key, a name, a file name) made safe: line feeds escaped too, so it stays one line. */
export function safeField(text: string): string {
  return text.replace(UNSAFE_OR_NEWLINE, escape);
}

/**
 * A field that may be of any length (a GPO's name from its backup metadata) made safe and cut for
 * a line of text: its first `max` characters and, when cut, how long it really is.
 */
export function shortField(text: string, max = 200): string {
  if (text.length <= max) return safeField(text);
  return `${safeField(text.slice(0, max))}… (${text.length.toLocaleString('en-US')} characters)`;
}

/**
 * A dialog label as shown beside its value: trimmed, without the one colon it ends with
 * ("Helpers:" → "Helpers"). A loop over the end, not a pattern: `/\s*:$/` is quadratic on a long
 * run of blanks, and a template may hold one.
 */
export function labelText(label: string): string {
  const t = label.trim();
  return t.endsWith(':') ? t.slice(0, -1).trimEnd() : t;
}

/** A label for matching: trimmed, without any blanks and colons at its end, lower-cased. */
export function labelKey(label: string): string {
  let end = label.length;
  while (end > 0 && (label[end - 1] === ':' || /\s/.test(label[end - 1]!))) end--;
  return label.slice(0, end).trim().toLowerCase();
}
