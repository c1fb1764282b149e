/** Registry records and values as table cells, shared by the HTML reports. */

import { renderPosition } from '../diagnostic.js';
import type { Position } from '../../errors.js';
import type { RegOp } from '../../registry/ops.js';
import { toSpacedHex } from '../../registry/hex.js';
import { renderRegType } from '../../registry/types.js';
import { decodeValue } from '../../registry/values.js';
import { html, MAX_SHOWN, type Html } from './page.js';

/** Bytes shown of a binary value (as many as MAX_SHOWN characters of hex) and strings of a list. */
const MAX_BYTES = Math.floor(MAX_SHOWN / 3);
const MAX_ITEMS = 200;
const cutNote = (left: number, all: string): Html => (left > 0 ? html`<span class="cut">… cut: ${all}</span>` : html``);

/** A value's data for people: text as it is, lists as items, numbers in decimal, bytes in hex. */
export function typedData(type: number, data: Uint8Array): Html {
  const v = decodeValue(type, data);
  if (v.kind === 'strings') {
    if (!v.value.length) return html`<span class="muted">(no strings)</span>`;
    const shown = v.value.slice(0, MAX_ITEMS);
    return html`<ul class="items">${shown.map((s) => html`<li>${s}</li>`)}</ul>${cutNote(v.value.length - shown.length, `${v.value.length.toLocaleString('en-US')} strings in all`)}`;
  }
  if (v.kind === 'bytes') {
    if (!v.value.length) return html`<span class="muted">(empty)</span>`;
    // Only the bytes shown are turned into hex: a 20 MB value costs no 60 MB string.
    const shown = v.value.subarray(0, MAX_BYTES);
    return html`<span class="mono">${toSpacedHex(shown)}</span>${cutNote(v.value.length - shown.length, `${v.value.length.toLocaleString('en-US')} bytes in all`)}`;
  }
  if (v.kind === 'string') return v.value === '' ? html`<span class="muted">(empty string)</span>` : html`${v.value}`;
  return html`${String(v.value)}`;
}

const ACTIONS: Record<RegOp['op'], string> = {
  set: 'Set value',
  deleteValue: 'Delete value',
  deleteAllValues: 'Delete all values',
  deleteValues: 'Delete values',
  deleteKey: 'Delete key',
  deleteKeys: 'Delete subkeys',
  createKey: 'Create key',
  secureKey: 'Secure key',
};

/** What a record does, in words: `Set value`, `Delete all values`, `Set value (only if absent)`. */
export function actionText(op: RegOp): string {
  return `${ACTIONS[op.op]}${op.op === 'set' && op.soft ? ' (only if absent)' : ''}`;
}

/** The cells of one record: where, action, key, name, type, data. */
export function recordCells(op: RegOp, at: Position): Html[] {
  const name = 'name' in op ? (op.name === '' ? html`<span class="muted">(Default)</span>` : html`${op.name}`) : op.op === 'deleteValues' ? html`${op.names.join(', ')}` : op.op === 'deleteKeys' ? html`${op.subkeys.join(', ')}` : html``;
  return [html`<span class="mono">${renderPosition(at) || '—'}</span>`, html`${actionText(op)}`, html`<span class="mono">${op.key}</span>`, name, html`${op.op === 'set' ? renderRegType(op.type) : ''}`, op.op === 'set' ? typedData(op.type, op.data) : html``];
}
