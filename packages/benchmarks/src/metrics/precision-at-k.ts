import { InvalidArgumentError } from '@fewshot/core';
import { checkOptions, describe, toPairedArrays, type NumberSequence } from '../internal/check-values.js';
import { topIndices } from '../internal/top-k.js';

/**
 * Options of {@link precisionAtK}.
 *
 * @example
 * ```ts
 * const options: PrecisionAtKOptions = { predicted: [0.9, 0.1], truth: [94, 93], k: 1 };
 * ```
 */
export interface PrecisionAtKOptions {
  /** Estimated scores (higher is better). */
  readonly predicted: NumberSequence;
  /** True scores, same length (higher is better). */
  readonly truth: NumberSequence;
  /** How many top architectures to compare, 1..n. */
  readonly k: number;
}

/**
 * Precision at top-k: the fraction of the `k` truly best architectures that are
 * also among the `k` best by the estimate. Ties are broken by position (the
 * earlier entry ranks higher) on both sides, so the result is deterministic.
 *
 * @example
 * ```ts
 * import { precisionAtK } from '@fewshot/benchmarks';
 * precisionAtK({ predicted: [0.9, 0.8, 0.1, 0.2], truth: [94, 70, 93, 60], k: 2 }); // 0.5
 * ```
 */
export function precisionAtK(options: PrecisionAtKOptions): number {
  const functionName = 'precisionAtK';
  const checked = checkOptions(functionName, options);
  const [predicted, truth] = toPairedArrays(functionName, ['predicted', 'truth'], checked['predicted'], checked['truth'], 1);
  const k = checkK(functionName, checked['k'], predicted.length);
  return precisionOfArrays(predicted, truth, k);
}

/** Precision at k of checked arrays. */
export function precisionOfArrays(predicted: Float64Array, truth: Float64Array, k: number): number {
  const trueTop = new Set(topIndices(truth, k));
  let hits = 0;
  for (const index of topIndices(predicted, k)) if (trueTop.has(index)) hits += 1;
  return hits / k;
}

/** Checks k as an integer in 1..n. */
export function checkK(functionName: string, value: unknown, n: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > n) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.k',
      message: `expected an integer k in 1..${n}, got ${describe(value)}`,
    });
  }
  return value;
}
