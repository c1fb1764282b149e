/** One CSV cell as a spreadsheet program should read it: the audit's and the comparison's CSV write their cells with it. */

import { csvField } from '../formats/csv.js';
import { safeField } from '../text.js';

/**
 * A CSV cell a spreadsheet reads as text: controls and bidi overrides shown as escapes, a leading
 * `=`, `+`, `-` or `@` neutralised with `'` (so it is never run as a formula), quoted when needed.
 */
export function spreadsheetCell(v: string | number | null | undefined): string {
  let s = v === undefined || v === null ? '' : safeField(String(v));
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return csvField(s);
}

