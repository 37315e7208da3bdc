import { InvalidArgumentError } from '@fewshot/core';
import { checkOptions, toPairedArrays, type NumberSequence } from '../internal/check-values.js';

/**
 * Options of {@link pearson}.
 *
 * @example
 * ```ts
 * const options: PearsonOptions = { x: [1, 2, 3], y: [2, 4, 7] };
 * ```
 */
export interface PearsonOptions {
  /** First sample. */
  readonly x: NumberSequence;
  /** Second sample, same length. */
  readonly y: NumberSequence;
}

/**
 * Pearson's linear correlation coefficient (two-pass, mean-centred).
 * Throws an `InvalidArgumentError` for fewer than two values, different lengths,
 * non-finite values, or a constant sample.
 *
 * @example
 * ```ts
 * import { pearson } from '@fewshot/benchmarks';
 * pearson({ x: [1, 2, 3], y: [2, 4, 7] }); // 0.9934
 * ```
 */
export function pearson(options: PearsonOptions): number {
  const functionName = 'pearson';
  const checked = checkOptions(functionName, options);
  const [x, y] = toPairedArrays(functionName, ['x', 'y'], checked['x'], checked['y']);
  return pearsonOfArrays(functionName, x, y);
}

/** Pearson correlation of checked arrays (shared with Spearman). */
export function pearsonOfArrays(functionName: string, x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let sumX = 0;
  let sumY = 0;
  for (let index = 0; index < n; index += 1) {
    sumX += x[index] as number;
    sumY += y[index] as number;
  }
  const meanX = sumX / n;
  const meanY = sumY / n;
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  for (let index = 0; index < n; index += 1) {
    const dx = (x[index] as number) - meanX;
    const dy = (y[index] as number) - meanY;
    covariance += dx * dy;
    varianceX += dx * dx;
    varianceY += dy * dy;
  }
  if (varianceX === 0 || varianceY === 0) {
    const argument = varianceX === 0 ? 'x' : 'y';
    throw new InvalidArgumentError({ functionName, argument, message: `${argument} is constant, so the correlation is undefined` });
  }
  const value = covariance / Math.sqrt(varianceX * varianceY);
  return Math.max(-1, Math.min(1, value));
}
