import type { ErrorCode } from './error-codes.js';

const fewshotErrorMarker = Symbol.for('@fewshot/core/FewshotError');

/**
 * What every {@link FewshotError} is constructed from. Every error subclass
 * (`InvalidArgumentError`, `ParseError`, ...) takes exactly this object.
 *
 * @example
 * ```ts
 * const options: FewshotErrorOptions = {
 *   functionName: 'parseArchitecture',
 *   argument: 'text',
 *   message: 'expected 3 nodes, got 2 in "|none~0|+|none~0|none~1|"',
 * };
 * throw new ParseError(options);
 * ```
 */
export interface FewshotErrorOptions {
  /** Name of the public function that rejected its input, e.g. `parseArchitecture`. */
  readonly functionName: string;
  /** Name of the offending argument or field, e.g. `architecture` or `config.oneShot.epochs`. */
  readonly argument?: string;
  /** What went wrong and, where possible, what to change. */
  readonly message: string;
  /** The underlying error, when this one wraps another. */
  readonly cause?: unknown;
}

/**
 * The base class of every error thrown by `@fewshot/*` packages.
 *
 * Each failure kind is a subclass with a stable {@link FewshotError.code};
 * the message always starts with the function that failed and names the
 * offending argument. Use {@link FewshotError.isInstance} rather than
 * `instanceof` when several copies of `@fewshot/core` may be installed.
 *
 * @example
 * ```ts
 * import { FewshotError } from '@fewshot/core';
 * try {
 *   parseArchitecture({ text: '|bad~0|' });
 * } catch (error) {
 *   if (FewshotError.isInstance(error)) console.error(error.code, error.argument);
 * }
 * ```
 */
export class FewshotError extends Error {
  /** Stable, machine-readable failure kind. */
  readonly code: ErrorCode;
  /** The public function that threw. */
  readonly functionName: string;
  /** The offending argument or field, when there is one. */
  readonly argument: string | undefined;
  /**
   * Brand recognised by {@link FewshotError.isInstance} across package copies.
   *
   * @internal
   */
  readonly [fewshotErrorMarker] = true;

  constructor(code: ErrorCode, options: FewshotErrorOptions) {
    super(
      `${options.functionName}: ${options.message}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = new.target.name;
    this.code = code;
    this.functionName = options.functionName;
    this.argument = options.argument;
  }

  /**
   * True for any `@fewshot` error, even one created by another copy of this package.
   *
   * @example
   * ```ts
   * if (FewshotError.isInstance(error)) console.log(error.code);
   * ```
   */
  static isInstance(value: unknown): value is FewshotError {
    return typeof value === 'object' && value !== null && fewshotErrorMarker in value;
  }
}
