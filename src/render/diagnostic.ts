/** Rendering diagnostics and errors for people. */

import { positionText, type Diagnostic, type Position } from '../errors.js';

/** `line 3, column 5` or `offset 0x1a2`, or '' when there is no position. */
export const renderPosition: (p: Position) => string = positionText;

/** One line: `warning POL_KEY_HAS_HIVE (offset 0x8): key … starts with …`. */
export function renderDiagnostic(d: Diagnostic): string {
  const where = renderPosition(d);
  return `${d.severity} ${d.code}${where && !d.message.includes(where) ? ` (${where})` : ''}: ${d.message}`;
}

/** An error for people: `POL_TRUNCATED: … (offset 0x1a)`, its position added when the message does not say it. */
export function renderError(e: { code: string; message: string } & Position): string {
  const where = renderPosition(e);
  return `${e.code}: ${e.message}${where && !e.message.includes(where) ? ` (${where})` : ''}`;
}
