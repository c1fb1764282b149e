/**
 * Reading one file of an audit: its bytes, and for a GPO part (security template, audit policy,
 * preference items) what it sets. Knows nothing of the tree or of policy definitions.
 */

import { isGpregError, type GpregError, type Diagnostic, type ErrorCode, type Position } from '../errors.js';
import { readRegularFileOrFail } from '../gpo/identity.js';
import { PART_PATHS, summarizePart, type PartKind } from '../gpo/parts.js';
import type { RegOp } from '../registry/ops.js';
import { opTouches, type KeyQuery, type Touch } from '../registry/touches.js';

/** An operation that touches the path an audit looks for, where it is, and what it is in the editor's words. */
export interface KeyHit {
  op: RegOp;
  touch: Touch;
  /** Its byte offset (`.pol`) or line (`.reg`, a template, `Registry.xml`). */
  position: Position;
  /** The policy it is evidence for, the security option it is, or the preference item it comes from. */
  about?: string;
}

/** Why a file could not be read: its error's code, message and position. */
export type FileError = { code: ErrorCode; message: string } & Position;

/** Policy files larger than this are reported (`IO_READ`) rather than read: no real one comes near. */
export const MAX_POLICY_FILE_BYTES = 1024 * 1024 * 1024;

/** A gpreg error as an audit reports it: the message without the severity (a report shows the position apart, or beside it). */
export function fileError(e: GpregError): FileError {
  const { severity: _, ...error } = e.toDiagnostic();
  return error;
}

/** What reading a GPO part gives: the fields of its audit entry. */
export interface PartResult {
  /** Bytes read (also when what they hold could not be read). */
  bytes: number;
  records?: number;
  settings?: number;
  operations?: number;
  findings?: Diagnostic[];
  hits?: KeyHit[];
  error?: FileError;
}

/**
 * Reads a GPO part besides Registry.pol: its settings counted, its registry values as operations,
 * and with a query the operations that touch its path. A file that cannot be read gives `error`;
 * anything but a gpreg error is a fault and is thrown.
 */
export function auditPart(file: string, kind: PartKind, query: KeyQuery | undefined): PartResult {
  let bytes = 0;
  try {
    const data = readRegularFileOrFail(file, PART_PATHS[kind].cap, 'such GPO part');
    bytes = data.length;
    const s = summarizePart(kind, data);
    const out: PartResult = { bytes, records: s.records, settings: s.settings, operations: s.ops.length, findings: s.diagnostics.filter((d) => d.severity !== 'info') };
    if (query) out.hits = hitsOf(query, s.ops, (i) => ({ line: s.lines[i]! }), s.about).hits;
    return out;
  } catch (e) {
    if (!isGpregError(e)) throw e;
    return { bytes, error: fileError(e) };
  }
}

/** The operations of a file that touch the path (and their indices), with where each is and what it is. */
export function hitsOf(query: KeyQuery, ops: readonly RegOp[], position: (i: number) => Position, about: (i: number) => string | undefined): { hits: KeyHit[]; indices: number[] } {
  const hits: KeyHit[] = [];
  const indices: number[] = [];
  ops.forEach((op, i) => {
    const touch = opTouches(op, query);
    if (!touch) return;
    const a = about(i);
    hits.push({ op, touch, position: position(i), ...(a ? { about: a } : {}) });
    indices.push(i);
  });
  return { hits, indices };
}
