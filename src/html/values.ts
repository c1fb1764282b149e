/** Registry records and values as table cells, shared by the HTML reports. */

import { formatPosition } from '../diagnostics.js';
import type { Position } from '../errors.js';
import type { RegOp } from '../registry/ops.js';
import { formatRegType } from '../registry/types.js';
import { decodeValue } from '../registry/values.js';
import { html, type Html } from './page.js';

/** A value's data for people: text as it is, lists as items, numbers in decimal, bytes in hex. */
export function typedData(type: number, data: Uint8Array): Html {
  const v = decodeValue(type, data);
  if (v.kind === 'strings') return v.value.length ? html`<ul class="items">${v.value.map((s) => html`<li>${s}</li>`)}</ul>` : html`<span class="muted">(no strings)</span>`;
  if (v.kind === 'bytes') return v.value.length ? html`<span class="mono">${Buffer.from(v.value).toString('hex').replace(/(..)(?!$)/g, '$1 ')}</span>` : html`<span class="muted">(empty)</span>`;
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

/** The cells of one record: where, action, key, name, type, data. */
export function recordCells(op: RegOp, at: Position): Html[] {
  const name = 'name' in op ? (op.name === '' ? html`<span class="muted">(Default)</span>` : html`${op.name}`) : op.op === 'deleteValues' ? html`${op.names.join(', ')}` : op.op === 'deleteKeys' ? html`${op.subkeys.join(', ')}` : html``;
  return [html`<span class="mono">${formatPosition(at) || '—'}</span>`, html`${ACTIONS[op.op]}${op.op === 'set' && op.soft ? ' (only if absent)' : ''}`, html`<span class="mono">${op.key}</span>`, name, html`${op.op === 'set' ? formatRegType(op.type) : ''}`, op.op === 'set' ? typedData(op.type, op.data) : html``];
}
