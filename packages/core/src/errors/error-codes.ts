/**
 * The stable codes of {@link FewshotError}. A code never changes meaning once released.
 *
 * @example
 * ```ts
 * import { errorCodes } from '@fewshot/core';
 * if (error.code === errorCodes.invalidArgument) showUsage();
 * ```
 */
export const errorCodes = {
  /** An argument or configuration field has the wrong type, shape or value. */
  invalidArgument: 'invalid-argument',
  /** A text (architecture string, config, CSV) could not be parsed. */
  parse: 'parse-error',
  /** An index, epoch or value lies outside its allowed range. */
  outOfRange: 'out-of-range',
  /** A file is not of the expected format, is truncated or is corrupt. */
  fileFormat: 'file-format',
  /** A checksum stored in a file does not match its contents. */
  checksumMismatch: 'checksum-mismatch',
  /** A requested file, record, dataset or key does not exist. */
  notFound: 'not-found',
  /** The object is in a state where the call is not allowed (disposed, not started, ...). */
  invalidState: 'invalid-state',
  /** A computation produced NaN or infinity. */
  numerical: 'numerical-error',
  /** The operation was cancelled through an `AbortSignal`. */
  cancelled: 'cancelled',
  /** The feature or backend is not available in this environment. */
  unsupported: 'unsupported',
} as const;

/**
 * One of the values of {@link errorCodes}.
 *
 * @example
 * ```ts
 * const code: ErrorCode = 'invalid-argument';
 * ```
 */
export type ErrorCode = (typeof errorCodes)[keyof typeof errorCodes];
