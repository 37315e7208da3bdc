import { errorCodes } from './error-codes.js';
import { FewshotError, type FewshotErrorOptions } from './fewshot-error.js';

/**
 * An argument or configuration field has the wrong type, shape or value.
 *
 * @example
 * ```ts
 * throw new InvalidArgumentError({ functionName: 'createRng', argument: 'seed', message: 'expected an integer, got 1.5' });
 * ```
 */
export class InvalidArgumentError extends FewshotError {
  constructor(options: FewshotErrorOptions) {
    super(errorCodes.invalidArgument, options);
  }
}

/**
 * A text (architecture string, configuration, CSV line) could not be parsed.
 *
 * @example
 * ```ts
 * throw new ParseError({ functionName: 'parseArchitecture', argument: 'text', message: 'expected 3 nodes, got 2 in "|a~0|+|b~0|"' });
 * ```
 */
export class ParseError extends FewshotError {
  constructor(options: FewshotErrorOptions) {
    super(errorCodes.parse, options);
  }
}

/**
 * An index, epoch or value lies outside its allowed range.
 *
 * @example
 * ```ts
 * throw new OutOfRangeError({ functionName: 'architectureAt', argument: 'index', message: 'expected 0..15624, got 15625' });
 * ```
 */
export class OutOfRangeError extends FewshotError {
  constructor(options: FewshotErrorOptions) {
    super(errorCodes.outOfRange, options);
  }
}

/**
 * A file is not of the expected format, is truncated or is corrupt.
 *
 * @example
 * ```ts
 * throw new FileFormatError({ functionName: 'readIdx', argument: 'path', message: 'bad magic number 0x1234 in train.idx' });
 * ```
 */
export class FileFormatError extends FewshotError {
  constructor(options: FewshotErrorOptions) {
    super(errorCodes.fileFormat, options);
  }
}

/**
 * A checksum stored in a file does not match its contents.
 *
 * @example
 * ```ts
 * throw new ChecksumError({ functionName: 'readTfRecords', argument: 'path', message: 'record 12: CRC-32C mismatch' });
 * ```
 */
export class ChecksumError extends FewshotError {
  constructor(options: FewshotErrorOptions) {
    super(errorCodes.checksumMismatch, options);
  }
}

/**
 * A requested file, record, dataset or key does not exist.
 *
 * @example
 * ```ts
 * throw new NotFoundError({ functionName: 'openBenchmark', argument: 'path', message: 'no such file: nb201.fsb' });
 * ```
 */
export class NotFoundError extends FewshotError {
  constructor(options: FewshotErrorOptions) {
    super(errorCodes.notFound, options);
  }
}

/**
 * The object is in a state where the call is not allowed (disposed, not started, ...).
 *
 * @example
 * ```ts
 * throw new StateError({ functionName: 'Supernet.forward', message: 'the supernet was disposed' });
 * ```
 */
export class StateError extends FewshotError {
  constructor(options: FewshotErrorOptions) {
    super(errorCodes.invalidState, options);
  }
}

/**
 * A computation produced NaN or infinity.
 *
 * @example
 * ```ts
 * throw new NumericalError({ functionName: 'trainSupernet', argument: 'options.learningRate', message: 'loss became NaN at step 12; lower the learning rate' });
 * ```
 */
export class NumericalError extends FewshotError {
  constructor(options: FewshotErrorOptions) {
    super(errorCodes.numerical, options);
  }
}

/**
 * The operation was cancelled through an `AbortSignal`.
 *
 * @example
 * ```ts
 * if (signal.aborted) throw new CancelledError({ functionName: 'runSearch', argument: 'signal', message: 'cancelled after 12 evaluations' });
 * ```
 */
export class CancelledError extends FewshotError {
  constructor(options: FewshotErrorOptions) {
    super(errorCodes.cancelled, options);
  }
}

/**
 * The feature or backend is not available in this environment.
 *
 * @example
 * ```ts
 * throw new UnsupportedError({ functionName: 'selectBackend', argument: 'options.backend', message: '@tensorflow/tfjs-node is not installed' });
 * ```
 */
export class UnsupportedError extends FewshotError {
  constructor(options: FewshotErrorOptions) {
    super(errorCodes.unsupported, options);
  }
}
