import { checkOptions, toPairedArrays, type NumberSequence } from '../internal/check-values.js';
import { topIndices } from '../internal/top-k.js';
import { checkK } from './precision-at-k.js';

/**
 * Options of {@link regret}.
 *
 * @example
 * ```ts
 * const options: RegretOptions = { predicted: [0.9, 0.8], truth: [93.5, 94.37], k: 1 };
 * ```
 */
export interface RegretOptions {
  /** Estimated scores (higher is better). */
  readonly predicted: NumberSequence;
  /** True scores, same length (e.g. test accuracy in percent). */
  readonly truth: NumberSequence;
  /**
   * Size of the shortlist taken from the estimate (default 1): the regret is that of
   * the best true score among the `k` best-estimated architectures.
   */
  readonly k?: number;
}

/**
 * Regret: the best true score minus the best true score among the `k` architectures
 * ranked highest by the estimate (0 when the estimate's shortlist contains the
 * optimum). In the units of `truth` (percentage points for accuracies). Ties in the
 * estimate are broken by position (the earlier entry ranks higher).
 *
 * @example
 * ```ts
 * import { regret } from '@fewshot/benchmarks';
 * regret({ predicted: [0.9, 0.8, 0.1], truth: [93.5, 94.37, 90] });        // 0.87
 * regret({ predicted: [0.9, 0.8, 0.1], truth: [93.5, 94.37, 90], k: 2 });  // 0
 * ```
 */
export function regret(options: RegretOptions): number {
  const functionName = 'regret';
  const checked = checkOptions(functionName, options);
  const [predicted, truth] = toPairedArrays(functionName, ['predicted', 'truth'], checked['predicted'], checked['truth'], 1);
  const k = checked['k'] === undefined ? 1 : checkK(functionName, checked['k'], predicted.length);
  return regretOfArrays(predicted, truth, k);
}

/** Regret of checked arrays. */
export function regretOfArrays(predicted: Float64Array, truth: Float64Array, k: number): number {
  let best = -Infinity;
  for (const value of truth) if (value > best) best = value;
  let found = -Infinity;
  for (const index of topIndices(predicted, k)) {
    const value = truth[index] as number;
    if (value > found) found = value;
  }
  return best - found;
}
