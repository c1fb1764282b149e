/**
 * Every in-place edit is read back before it is written. The new file must do exactly what the
 * old file's kept records (or lines) do followed by the new ones, as if those went at the end,
 * where later records and lines win. The editors put the new ones where the old ones were when
 * that changes nothing; these checks are the net under that choice and under the writers, and
 * they caught a real case: a `.reg` ending in a hex value continued with `,\` swallowed the new
 * block's key line, so the new value landed under the file's last key and the old value was lost.
 *
 * Where an in-place placement would change what the file does, the new records or lines go at the
 * end instead; when even that reads back differently, the edit is refused (`EDIT_MISMATCH`, naming
 * the first difference) and nothing is written.
 */

import { GpregError } from '../errors.js';
import { decodePol } from '../formats/pol/decode.js';
import type { PolRecord } from '../formats/pol/document.js';
import { encodePol } from '../formats/pol/encode.js';
import { polToOps } from '../formats/pol/ops.js';
import { applyRegEdit, type RegEdit, type RegEditResult, type RegSource } from '../formats/reg/edit.js';
import { parseReg } from '../formats/reg/parse.js';
import type { HiveName } from '../registry/keys.js';
import type { RegOp } from '../registry/ops.js';
import { diffOps, type RegChange } from '../diff/registry.js';
import { renderKeyFlags, renderValue } from '../render/value.js';
import { safeField } from '../text.js';

/** A difference in words: where, what the edit meant, what the written file would do. */
function describe(ch: RegChange): string {
  if (ch.kind === 'key') return `key ${ch.key}: the edit means ${renderKeyFlags(ch.was)}, the written file would do ${renderKeyFlags(ch.now)}`;
  return `${ch.key} ${JSON.stringify(ch.name)}: the edit means ${renderValue(ch.was)}, the written file would do ${renderValue(ch.now)}`;
}

function mismatch(what: string, ch: RegChange): GpregError {
  return new GpregError('EDIT_MISMATCH', safeField(`the edited ${what} would not do what the edit means (${describe(ch)}): nothing is written. Please report this file to gpreg's maintainers`));
}

/**
 * A `.reg` edit, checked: the block where the editor asked (`insertBefore`), else at the end, and
 * the written file read back. Throws `EDIT_MISMATCH` when neither reads back as the kept lines
 * then the block.
 */
export function checkedRegEdit(src: RegSource, edit: RegEdit): RegEditResult {
  const differs = (out: RegEditResult): RegChange | undefined => {
    const kept: RegOp[] = [];
    for (const s of src.doc.statements) if (!out.removedLines.has(s.line)) kept.push(s.op);
    const written = parseReg(out.bytes, src.options).statements.map((s) => s.op);
    return diffOps([...kept, ...out.blockOps], written)[0];
  };
  let out = applyRegEdit(src, edit);
  let ch = differs(out);
  if (ch && edit.insertBefore !== undefined) {
    const { insertBefore: _, ...atEnd } = edit;
    out = applyRegEdit(src, atEnd);
    ch = differs(out);
  }
  if (ch) throw mismatch('.reg', ch);
  return out;
}

/**
 * A `.pol` edit, checked: `placed` (the records as the editor placed them) when it reads back as
 * `kept` then `fresh`, else `kept` then `fresh` themselves. Returns the file's bytes.
 */
export function checkedPolEdit(version: number, kept: readonly PolRecord[], fresh: readonly PolRecord[], placed: readonly PolRecord[], hive: HiveName): Uint8Array {
  const ops = (records: readonly PolRecord[]) => polToOps({ records: records as PolRecord[] }, { hive }).ops;
  const expected = [...ops(kept), ...ops(fresh)];
  const differs = (bytes: Uint8Array) => diffOps(expected, ops(decodePol(bytes).records))[0];
  let bytes = encodePol({ version, records: [...placed] });
  if (!differs(bytes)) return bytes;
  bytes = encodePol({ version, records: [...kept, ...fresh] });
  const ch = differs(bytes);
  if (ch) throw mismatch('.pol', ch);
  return bytes;
}
