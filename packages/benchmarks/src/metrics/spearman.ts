import { checkOptions, toPairedArrays, type NumberSequence } from '../internal/check-values.js';
import { pearsonOfArrays } from './pearson.js';

/**
 * Options of {@link spearman}.
 *
 * @example
 * ```ts
 * const options: SpearmanOptions = { x: [1, 2, 3], y: [10, 30, 20] };
 * ```
 */
export interface SpearmanOptions {
  /** First sample. */
  readonly x: NumberSequence;
  /** Second sample, same length. */
  readonly y: NumberSequence;
}

/**
 * Spearman's rank correlation: Pearson's correlation of the ranks, with tied
 * values given the average of their ranks (as `scipy.stats.spearmanr`).
 *
 * @example
 * ```ts
 * import { spearman } from '@fewshot/benchmarks';
 * spearman({ x: [1, 2, 3, 4], y: [10, 20, 40, 30] }); // 0.8
 * ```
 */
export function spearman(options: SpearmanOptions): number {
  const functionName = 'spearman';
  const checked = checkOptions(functionName, options);
  const [x, y] = toPairedArrays(functionName, ['x', 'y'], checked['x'], checked['y']);
  return pearsonOfArrays(functionName, averageRanks(x), averageRanks(y));
}

/** Ranks 1..n with ties sharing the average of their ranks. */
export function averageRanks(values: Float64Array): Float64Array {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let index = 0; index < n; index += 1) order[index] = index;
  order.sort((a, b) => (values[a] as number) - (values[b] as number));
  const ranks = new Float64Array(n);
  let start = 0;
  for (let position = 1; position <= n; position += 1) {
    if (position === n || values[order[position] as number] !== values[order[start] as number]) {
      const rank = (start + position + 1) / 2;
      for (let tied = start; tied < position; tied += 1) ranks[order[tied] as number] = rank;
      start = position;
    }
  }
  return ranks;
}
