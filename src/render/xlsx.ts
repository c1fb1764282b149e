/**
 * A comparison as an Excel workbook, since auditors hand these tables on as workbooks: one sheet,
 * the header row frozen and bold, filters on every column. Written by `write-excel-file` (a small,
 * maintained library); the filters are added to the sheet's XML where ECMA-376 puts them (right
 * after `sheetData`). Every cell is text (a value that looks like a formula is never one).
 */

import writeExcelFile from 'write-excel-file/node';
import type { Comparison } from '../compare/compare.js';
import type { BaselineCheck } from '../compare/baseline.js';
import { baselineRows, comparisonRows, type EffectiveComparison } from './compare.js';

/** The column letters of the `n`th column (1-based): A … Z, AA … */
function columnName(n: number): string {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

/** Controls XML 1.0 cannot hold (a value name may have them): shown as `\xNN`, as in the CSV. */
const visible = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

/** The comparison (or a comparison with effective values) as the bytes of an `.xlsx` workbook. */
export function renderComparisonXlsx(c: Comparison | EffectiveComparison): Promise<Uint8Array> {
  return workbook(comparisonRows(c), 'Comparison');
}

/** A baseline check as the bytes of an `.xlsx` workbook: the rows of its CSV, one per baseline setting and source. */
export function renderBaselineXlsx(check: BaselineCheck): Promise<Uint8Array> {
  return workbook(baselineRows(check), 'Baseline check');
}

/** Rows of text (the header first) as a one-sheet workbook. */
async function workbook(rows: ReadonlyArray<ReadonlyArray<string | null | undefined>>, sheet: string): Promise<Uint8Array> {
  const width = rows[0]!.length;
  const ref = `A1:${columnName(width)}${rows.length}`;
  const data = rows.map((row, i) => row.map((v) => (v === null || v === undefined ? null : { value: visible(v), type: String, ...(i === 0 ? { fontWeight: 'bold' as const } : {}) })));
  const buffer = await writeExcelFile(data as never, {
    sheet,
    stickyRowsCount: 1,
    columns: rows[0]!.map((_, i) => ({ width: i < 5 ? [10, 8, 30, 50, 40][i]! : 30 })),
  } as never, {
    features: [{ files: { transform: { 'xl/worksheets/sheet{id}.xml': { transform: (xml: string) => xml.replace('</sheetData>', `</sheetData><autoFilter ref="${ref}"/>`) } } } }],
  } as never).toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
