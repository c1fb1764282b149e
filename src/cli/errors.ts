/**
 * The codes only the command line raises — about its arguments and the files it writes — kept out
 * of the library's vocabulary (`ERROR_CODES`): a library caller never meets them.
 */

/** Every code of the command line's own errors (docs/errors.md lists them with the library's). */
export const CLI_ERROR_CODES = ['OUTPUT_EXISTS', 'OUTPUT_READ_ONLY', 'USAGE_NO_FORMAT'] as const;

/** A code of the command line's own errors. */
export type CliErrorCode = (typeof CLI_ERROR_CODES)[number];

/** An error of the command line, reported as the library's are (`gpreg: CODE: message`, exit 2). */
export class CliError extends Error {
  constructor(
    readonly code: CliErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
