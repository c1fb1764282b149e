/**
 * One error type for everything gpreg rejects, and the diagnostic records that lenient readers
 * collect instead of throwing. Codes are stable strings: scripts may match on them.
 */

/**
 * Every code gpreg raises or reports: the one vocabulary of errors and diagnostics, listed in
 * docs/errors.md (a test holds the two together). Scripts may match on them; they do not change.
 */
export const ERROR_CODES = [
  'POL_BAD_SECUREKEY', 'POL_BAD_SIGNATURE', 'POL_BAD_TYPE', 'POL_BAD_VERSION', 'POL_EMPTY',
  'POL_KEY_HAS_HIVE', 'POL_KEY_TOO_LONG', 'POL_MISSING_DELIMITER', 'POL_MIXED_HIVES',
  'POL_NAME_TOO_LONG', 'POL_NUL_IN_NAME', 'POL_SIZE_INVALID', 'POL_SIZE_MISMATCH', 'POL_SIZE_PAST_END',
  'POL_SKIPPED_BYTES', 'POL_TRAILING_BYTE', 'POL_TRUNCATED', 'POL_UNKNOWN_SPECIAL',
  'POL_UNREPRESENTABLE', 'POL_UNTERMINATED_STRING', 'POL_LOSSY_CREATE_KEY',
  'REG_BAD_CONTINUATION', 'REG_BAD_DELETE', 'REG_BAD_DELETE_KEY', 'REG_BAD_DWORD', 'REG_BAD_ENCODING',
  'REG_BAD_HEADER', 'REG_BAD_HEX', 'REG_BAD_HEX_TYPE', 'REG_BAD_KEY_LINE', 'REG_BAD_NAME',
  'REG_BAD_ROOT', 'REG_BAD_STRING', 'REG_CREATES_KEY', 'REG_DELETE_STOPS_IMPORT', 'REG_EXPECTED_EQUALS',
  'REG_IGNORED_LINE', 'REG_LOSSY_DELVALS', 'REG_LOSSY_LINE_BREAK', 'REG_LOSSY_NUL', 'REG_LOSSY_SECUREKEY', 'REG_LOSSY_SOFT',
  'REG_NOT_TEXT', 'REG_NO_OPEN_KEY', 'REG_NO_ROOT', 'REG_NUL_IN_LINE', 'REG_TEXT_AFTER_KEY',
  'REG_TEXT_AFTER_STRING', 'REG_UNKNOWN_ESCAPE', 'REG_UNKNOWN_TYPE', 'REG_UNMAPPABLE',
  'REG_UNREPRESENTABLE', 'REG_TOO_LARGE', 'OUTPUT_TOO_LARGE', 'REG_UTF16_NO_BOM', 'REG_UTF8_BOM', 'REG_WINE_HIVE', 'REG_COMMENT_LINE', 'REG_UTF8_AS_ANSI',
  'VALUE_BAD_DWORD', 'VALUE_BAD_MULTI_SZ', 'VALUE_BAD_QWORD', 'VALUE_TYPE_MISMATCH',
  'JSON_BAD_DOCUMENT', 'JSON_BAD_HEX', 'JSON_BAD_OP', 'JSON_BAD_RECORD', 'JSON_INVALID', 'JSON_OPS_EDITED',
  'FORMAT_UNKNOWN',
  'CONVERT_BAD_TARGET', 'CONVERT_SKIPPED_HIVE', 'CONVERT_SKIPPED_ENTRIES', 'CONVERT_LOSSY',
  'POLICYRULES_BAD', 'POLICYRULES_LOSSY', 'DDF_NOT_FOUND', 'DDF_UNREAD', 'LGPO_BAD_ENTRY', 'LGPO_MULTI_USER', 'LGPO_CLEAR', 'LGPO_BLANK_WITH_SPACES', 'LGPO_LOSSY',
  'POLICY_AMBIGUOUS', 'POLICY_BAD_ENUM', 'POLICY_BAD_HELPER', 'POLICY_BAD_OPTION', 'POLICY_BAD_SETTING',
  'POLICY_BAD_STATE', 'POLICY_BAD_VALUE', 'POLICY_CONFLICT', 'POLICY_DEFAULT_OPTION', 'POLICY_KEPT_AS_READ',
  'POLICY_DEVIATION', 'POLICY_DUPLICATE_HELPER', 'POLICY_ELEMENT_MISSING', 'POLICY_EMPTY_LIST',
  'POLICY_FULL_CONTROL', 'POLICY_HELPER_NO_DOMAIN', 'POLICY_LIST_MISMATCH', 'POLICY_LIST_NOT_CLEARED',
  'POLICY_LIST_TYPE', 'POLICY_MISSING_OPTION', 'POLICY_MULTI_SZ_LAYOUT', 'POLICY_NOTE',
  'POLICY_OPTION_NOT_ALLOWED', 'POLICY_OPTION_OMITTED', 'POLICY_OUT_OF_RANGE', 'POLICY_UNKNOWN',
  'POLICY_UNKNOWN_OPTION', 'POLICY_VALUE_MISSING', 'POLICY_WRONG_HIVE', 'POLICY_TATTOO',
  'ADMX_ATTRIBUTE_CASE', 'ADMX_BAD_ELEMENT', 'ADMX_CACHE', 'ADMX_BAD_NUMBER', 'ADMX_BAD_POLICY', 'ADMX_BAD_VALUE',
  'ADMX_CATEGORY_NOT_FOUND', 'ADMX_DUPLICATE_NAMESPACE', 'ADMX_DUPLICATE_POLICY',
  'ADMX_LANGUAGE_FALLBACK', 'ADMX_MISSING_ADML', 'ADMX_NOT_A_TEMPLATE', 'ADMX_NO_LANGUAGE',
  'ADMX_NO_NAMESPACE', 'ADMX_NO_TEMPLATES', 'ADMX_READ', 'ADMX_SUPPORTED_ON_NOT_FOUND',
  'ADMX_UNKNOWN_ATTRIBUTE', 'ADMX_UNKNOWN_CONTROL', 'ADMX_UNKNOWN_NAMESPACE', 'ADMX_UNKNOWN_PREFIX',
  'ADMX_UNKNOWN_REFID', 'ADMX_UNRESOLVED_PRESENTATION', 'ADMX_UNRESOLVED_STRING', 'ADMX_XML',
  'INF_BAD_TEXT', 'INF_LINE_TOO_LONG', 'INF_BAD_SECTION', 'INF_OUTSIDE_SECTION',
  'SEC_BAD_LINE', 'SEC_UNKNOWN_SECTION', 'SEC_UNKNOWN_SETTING', 'SEC_BAD_REGISTRY_VALUE',
  'CSV_BAD_FIELD', 'AUDIT_CSV_BAD_HEADER', 'AUDIT_CSV_BAD_ROW', 'AUDIT_CSV_UNKNOWN_SUBCATEGORY',
  'PREF_BAD_ITEM', 'PREF_BAD_VALUE', 'PREF_UNKNOWN_ELEMENT', 'PREF_TARGETED', 'GPO_PART_UNREAD',
  'IO_READ', 'IO_WRITE',
  'HIVE_UNKNOWN', 'HIVE_MISMATCH', 'EDIT_MISMATCH', 'KEY_TRAILING_BACKSLASH', 'GPT_BAD_VERSION',
  'USAGE',
] as const;

/** A stable error or diagnostic code (see {@link ERROR_CODES}). */
export type ErrorCode = (typeof ERROR_CODES)[number];

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
  code: ErrorCode;
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
  /** The error this one wraps (kept as the standard `cause`). */
  cause?: unknown;
}

/**
 * The error gpreg throws for bad input, bad settings and failed conversions.
 * `code` is stable. `reason` says what is wrong without saying where; `message` is the reason with its position added by {@link placeText}, so a thrown error
 * reads whole wherever it is shown, and a report that shows positions apart uses `reason`.
 */
export class GpregError extends Error {
  readonly code: ErrorCode;
  /** What is wrong, without the position or the expected/found text (`expected`, `found`). */
  readonly reason: string;
  readonly offset: number | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly expected: string | undefined;
  readonly found: string | undefined;
  readonly diagnostics: Diagnostic[];
  readonly field: string | undefined;

  /** `reason` says what is wrong, without the position: `details` carries it, and `message` says both. */
  constructor(code: ErrorCode, reason: string, details: GpregErrorDetails = {}) {
    super(placeText(reason, details), details.cause !== undefined ? { cause: details.cause } : undefined);
    this.name = 'GpregError';
    this.code = code;
    this.reason = reason;
    this.offset = details.offset;
    this.line = details.line;
    this.column = details.column;
    this.expected = details.expected;
    this.found = details.found;
    this.diagnostics = details.diagnostics ?? [];
    this.field = details.field;
  }

  /** The error as a diagnostic (severity `error`; the message without the position, which the diagnostic carries), e.g. for reports that go on after it. */
  toDiagnostic(): Diagnostic {
    return withPosition({ severity: 'error', code: this.code, message: placeText(this.reason, { expected: this.expected, found: this.found }) }, this);
  }
}

/** `line 3, column 5` or `offset 0x1a2`, or '' when there is no position. */
export function positionText(p: Position): string {
  if (p.line !== undefined) return `line ${p.line}` + (p.column !== undefined ? `, column ${p.column}` : '');
  if (p.offset !== undefined && p.offset >= 0) return `offset ${hexOffset(p.offset)}`;
  return '';
}

/**
 * A reason with its position, the one way gpreg says where: a line first (`line 6, column 3:
 * dword has 9 hex digits`), an offset inside the expected/found text (`…: expected ']' (5d 00) at
 * offset 0x5a, found 29 00`) or after the reason (`… (offset 0x0)`).
 */
export function placeText(reason: string, details: Position & { expected?: string | undefined; found?: string | undefined }): string {
  const where = positionText(details);
  const byLine = details.line !== undefined;
  if (details.expected !== undefined) {
    const text = `${reason}: expected ${details.expected}${where && !byLine ? ` at ${where}` : ''}, found ${details.found ?? 'nothing'}`;
    return byLine ? `${where}: ${text}` : text;
  }
  if (!where) return reason;
  return byLine ? `${where}: ${reason}` : `${reason} (${where})`;
}

/** Copies the defined position fields of `pos` onto `d` (keeps JSON free of `undefined` keys). */
export function withPosition<T extends object>(d: T, pos: Position): T & Position {
  const out: T & Position = { ...d };
  if (pos.offset !== undefined) out.offset = pos.offset;
  if (pos.line !== undefined) out.line = pos.line;
  if (pos.column !== undefined) out.column = pos.column;
  return out;
}

/**
 * True when `e` is JavaScript refusing to make a string past its longest (about 512 M characters):
 * an output that large cannot be made in memory, whatever the machine.
 */
export function isStringTooLong(e: unknown): boolean {
  return (e instanceof RangeError && /Invalid string length/.test(e.message)) || (e instanceof Error && (e as { code?: unknown }).code === 'ERR_STRING_TOO_LONG');
}

/** The error for an output past the longest string (see {@link isStringTooLong}), with the advice. */
export function outputTooLarge(what: string, cause: unknown): GpregError {
  return new GpregError('OUTPUT_TOO_LARGE', `the ${what} would be longer than the longest string JavaScript can hold (about 512 M characters; binary data takes two hex digits a byte): read such a file one record at a time with the library's polRecords or regStatements`, { cause });
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
export function renderBytes(bytes: Uint8Array, start: number, count: number): string {
  const end = Math.min(bytes.length, start + count);
  if (start >= bytes.length) return 'end of file';
  const parts: string[] = [];
  for (let i = start; i < end; i++) parts.push(bytes[i]!.toString(16).padStart(2, '0'));
  return parts.join(' ') + (end < start + count ? ' (then end of file)' : '');
}
