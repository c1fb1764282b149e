/**
 * One error type for everything gpreg rejects, and the diagnostic records that lenient readers
 * collect instead of throwing. Codes are stable strings: scripts may match on them.
 */

/** Where a problem is: a byte offset for binary input, a line and column for text (both 1-based). */
export interface Position {
  /** Byte offset from the start of the input, for binary formats. */
  offset?: number;
  /** 1-based line number, for text formats. */
  line?: number;
  /** 1-based column (in characters), for text formats. */
  column?: number;
}

/** How bad a diagnostic is: `error` means data was lost or rejected, `warning` that it was kept but is suspect. */
export type Severity = 'error' | 'warning' | 'info';

/** A problem found while reading or converting, reported instead of thrown. */
export interface Diagnostic extends Position {
  severity: Severity;
  /** Stable machine-readable code, e.g. `POL_TRUNCATED`. */
  code: string;
  /** A sentence a person can act on. */
  message: string;
}

/** Extra detail carried by a {@link GpregError}. */
export interface GpregErrorDetails extends Position {
  /** What the reader expected at the position, e.g. `']' (5d 00)`. */
  expected?: string;
  /** What it found there instead. */
  found?: string;
  /** Diagnostics gathered before the error, if any. */
  diagnostics?: Diagnostic[];
  /** The setting field the error is about (`helpers[2]`), for policy settings. */
  field?: string;
}

/**
 * The error gpreg throws for bad input, bad settings and failed conversions.
 * `code` is stable; `message` already contains the position and expected/found text.
 */
export class GpregError extends Error {
  readonly code: string;
  readonly offset: number | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly expected: string | undefined;
  readonly found: string | undefined;
  readonly diagnostics: Diagnostic[];
  readonly field: string | undefined;

  constructor(code: string, message: string, details: GpregErrorDetails = {}) {
    super(message);
    this.name = 'GpregError';
    this.code = code;
    this.offset = details.offset;
    this.line = details.line;
    this.column = details.column;
    this.expected = details.expected;
    this.found = details.found;
    this.diagnostics = details.diagnostics ?? [];
    this.field = details.field;
  }

  /** The error as a diagnostic (severity `error`), e.g. for reports that go on after it. */
  toDiagnostic(): Diagnostic {
    return withPosition({ severity: 'error', code: this.code, message: this.message }, this);
  }
}

/** Copies the defined position fields of `pos` onto `d` (keeps JSON free of `undefined` keys). */
export function withPosition<T extends object>(d: T, pos: Position): T & Position {
  const out: T & Position = { ...d };
  if (pos.offset !== undefined) out.offset = pos.offset;
  if (pos.line !== undefined) out.line = pos.line;
  if (pos.column !== undefined) out.column = pos.column;
  return out;
}

/** True when `e` is a {@link GpregError} (also across module copies, by name and code). */
export function isGpregError(e: unknown): e is GpregError {
  return e instanceof GpregError || (e instanceof Error && e.name === 'GpregError' && typeof (e as GpregError).code === 'string');
}

/** Formats a byte offset the way every gpreg message does: `0x1a2`. */
export function hexOffset(offset: number): string {
  return '0x' + offset.toString(16);
}

/** Shows up to `max` bytes as `5d 00 …`, or `end of file` when there are none. */
export function showBytes(bytes: Uint8Array, start: number, count: number): string {
  const end = Math.min(bytes.length, start + count);
  if (start >= bytes.length) return 'end of file';
  const parts: string[] = [];
  for (let i = start; i < end; i++) parts.push(bytes[i]!.toString(16).padStart(2, '0'));
  return parts.join(' ') + (end < start + count ? ' (then end of file)' : '');
}
