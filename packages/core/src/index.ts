/**
 * The shared contracts of `@fewshot`: architectures, search spaces, regions and
 * evaluators; the error classes with their stable codes; the seeded
 * random generator that every package takes explicitly; and `yieldToEventLoop`, which every
 * long loop awaits so that signals and messages are seen while it runs.
 *
 * @packageDocumentation
 */
export type { Architecture, Decision } from './contracts/architecture.js';
export type { SearchSpace } from './contracts/search-space.js';
export type { Region, RegionJson } from './contracts/region.js';
export type { Evaluation, EvaluateOptions, Evaluator } from './contracts/evaluator.js';
export { errorCodes, type ErrorCode } from './errors/error-codes.js';
export { FewshotError, type FewshotErrorOptions } from './errors/fewshot-error.js';
export {
  CancelledError,
  ChecksumError,
  FileFormatError,
  InvalidArgumentError,
  NotFoundError,
  NumericalError,
  OutOfRangeError,
  ParseError,
  StateError,
  UnsupportedError,
} from './errors/error-kinds.js';
export { yieldToEventLoop } from './scheduling/yield-to-event-loop.js';
export { createRng, deriveSeed, type CreateRngOptions, type Rng, type RngState } from './random/rng.js';
