import { InvalidArgumentError } from '@fewshot/core';
import { checkOptions, toPairedArrays, type NumberSequence } from '../internal/check-values.js';

/**
 * Options of {@link kendallTau}.
 *
 * @example
 * ```ts
 * const options: KendallTauOptions = { x: [1, 2, 3], y: [10, 30, 20] };
 * ```
 */
export interface KendallTauOptions {
  /** First sample (e.g. a supernet's estimates). */
  readonly x: NumberSequence;
  /** Second sample, same length (e.g. the benchmark's true accuracies). */
  readonly y: NumberSequence;
}

/**
 * Kendall's tau-b rank correlation with ties, in O(n log n) (Knight's merge-sort
 * algorithm): `(concordant - discordant) / sqrt((n0 - tiesX) (n0 - tiesY))` with
 * `n0 = n (n - 1) / 2`. The same value as `scipy.stats.kendalltau(x, y)` (variant `b`).
 *
 * Throws an `InvalidArgumentError` for fewer than two values, different lengths,
 * non-finite values, or a constant sample (tau-b is undefined then).
 *
 * @example
 * ```ts
 * import { kendallTau } from '@fewshot/benchmarks';
 * kendallTau({ x: [1, 2, 3, 4], y: [10, 20, 40, 30] }); // 0.6667
 * kendallTau({ x: [1, 1, 2], y: [1, 2, 3] });           // 0.8165 (a tie in x)
 * ```
 */
export function kendallTau(options: KendallTauOptions): number {
  const functionName = 'kendallTau';
  const checked = checkOptions(functionName, options);
  const [x, y] = toPairedArrays(functionName, ['x', 'y'], checked['x'], checked['y']);
  const n = x.length;
  const order = new Uint32Array(n);
  for (let index = 0; index < n; index += 1) order[index] = index;
  order.sort((a, b) => (x[a] as number) - (x[b] as number) || (y[a] as number) - (y[b] as number));

  const totalPairs = (n * (n - 1)) / 2;
  let tiedX = 0;
  let tiedBoth = 0;
  let groupStart = 0;
  let jointStart = 0;
  for (let position = 1; position <= n; position += 1) {
    const sameX = position < n && x[order[position] as number] === x[order[groupStart] as number];
    const sameBoth = sameX && y[order[position] as number] === y[order[jointStart] as number];
    if (!sameBoth) {
      const size = position - jointStart;
      tiedBoth += (size * (size - 1)) / 2;
      jointStart = position;
    }
    if (!sameX) {
      const size = position - groupStart;
      tiedX += (size * (size - 1)) / 2;
      groupStart = position;
      jointStart = position;
    }
  }

  const values = new Float64Array(n);
  for (let position = 0; position < n; position += 1) values[position] = y[order[position] as number] as number;
  const swaps = countInversionsBySorting(values);

  let tiedY = 0;
  let runStart = 0;
  for (let position = 1; position <= n; position += 1) {
    if (position === n || values[position] !== values[runStart]) {
      const size = position - runStart;
      tiedY += (size * (size - 1)) / 2;
      runStart = position;
    }
  }

  const denominator = Math.sqrt((totalPairs - tiedX) * (totalPairs - tiedY));
  if (denominator === 0) {
    throw new InvalidArgumentError({
      functionName,
      argument: totalPairs === tiedX ? 'x' : 'y',
      message: `${totalPairs === tiedX ? 'x' : 'y'} is constant, so Kendall tau-b is undefined`,
    });
  }
  return (totalPairs - tiedX - tiedY + tiedBoth - 2 * swaps) / denominator;
}

/**
 * Sorts `values` ascending in place with a bottom-up merge sort and returns the
 * number of strict inversions (pairs i < j with values[i] > values[j]).
 */
function countInversionsBySorting(values: Float64Array): number {
  const n = values.length;
  let source: Float64Array = values;
  let target: Float64Array = new Float64Array(n);
  let inversions = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let start = 0; start < n; start += 2 * width) {
      const middle = Math.min(start + width, n);
      const end = Math.min(start + 2 * width, n);
      let left = start;
      let right = middle;
      let out = start;
      while (left < middle && right < end) {
        if ((source[right] as number) < (source[left] as number)) {
          target[out] = source[right] as number;
          inversions += middle - left;
          right += 1;
        } else {
          target[out] = source[left] as number;
          left += 1;
        }
        out += 1;
      }
      while (left < middle) {
        target[out] = source[left] as number;
        left += 1;
        out += 1;
      }
      while (right < end) {
        target[out] = source[right] as number;
        right += 1;
        out += 1;
      }
    }
    const swap = source;
    source = target;
    target = swap;
  }
  if (source !== values) values.set(source);
  return inversions;
}
