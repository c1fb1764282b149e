/** One registry operation in words, for people: `set HKLM\…\X "v" = REG_DWORD 1 (line 4)`. */

import type { RegOp } from '../registry/ops.js';
import { renderRegType } from '../registry/types.js';
import { decodeValue } from '../registry/values.js';
import { safeField } from '../text.js';

/** Data shown whole by `show`'s summary, in bytes; past it the value is cut and says so (`--records` shows it whole). */
const SHOWN_DATA_BYTES = 1000;

/**
 * A set's data for people, without its type: the typed view when there is one (a number, a quoted
 * string, a list of strings), else hex; with `cut`, data past 1000 bytes only begins, and says so.
 */
export function renderSetData(op: Extract<RegOp, { op: 'set' }>, cut = false): string {
  const long = cut && op.data.length > SHOWN_DATA_BYTES;
  const data = long ? op.data.subarray(0, SHOWN_DATA_BYTES) : op.data;
  // A cut binary is shown as hex; a cut string would decode as a different value, so it is hex too.
  const v = long ? ({ kind: 'bytes', value: data } as const) : decodeValue(op.type, data);
  const shown = v.kind === 'bytes' ? Buffer.from(v.value).toString('hex') || '(empty)' : v.kind === 'strings' ? JSON.stringify(v.value) : v.kind === 'string' ? JSON.stringify(v.value) : String(v.value);
  return `${shown}${long ? `… (cut: ${op.data.length.toLocaleString('en-US')} bytes in all; --records shows it whole)` : ''}`;
}

/**
 * One operation for people, its controls escaped: `set HKLM\…\X "v" = REG_DWORD 1 (line 4)`.
 * `where` is its position in words ('' for none); with `cut`, large data only begins.
 */
export function renderOp(op: RegOp, where: string, cut = false): string {
  const name = 'name' in op ? ` ${JSON.stringify(op.name)}` : op.op === 'deleteValues' ? ` ${JSON.stringify(op.names)}` : op.op === 'deleteKeys' ? ` ${JSON.stringify(op.subkeys)}` : '';
  const data = op.op === 'set' ? ` = ${renderRegType(op.type)} ${renderSetData(op, cut)}` : '';
  return safeField(`${op.op} ${op.key}${name}${data}${where ? ` (${where})` : ''}`);
}
