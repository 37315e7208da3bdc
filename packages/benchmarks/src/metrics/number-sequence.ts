import type { NasBench201Benchmark } from '../nb201/nb201-types.js';

/**
 * A sequence of numbers accepted by the metrics: a plain array or a typed array
 * (e.g. the `Float64Array` that {@link NasBench201Benchmark.accuracies} returns).
 *
 * @example
 * ```ts
 * const scores: NumberSequence = Float64Array.of(91.2, 93.5, 94.37);
 * ```
 */
export type NumberSequence = ArrayLike<number>;
