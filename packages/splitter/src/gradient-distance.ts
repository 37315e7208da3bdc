import { InvalidArgumentError } from '@fewshot/core';
import { distanceUnchecked } from './internal/distance-unchecked.js';
import { checkOptions, describeValue } from './internal/validate.js';

/**
 * How far apart two sets of gradients are (GM-NAS's `dis_metric`, same formulas as its release).
 * For every variable, the gradient has the variable's shape; TensorFlow.js stores kernels with the
 * output units last (`[k, k, in, out]` convolutions, `[in, out]` dense), so a "filter" is one
 * slice along the last axis.
 *
 * - `'cosine'` (default): `1 - <a, b> / (|a| |b| + 1e-6)` over all variables flattened and
 *   concatenated into one vector. 0 for parallel gradients, 1 for orthogonal, 2 for opposite.
 * - `'per-filter-cosine'`: the same per output filter, summed over the filters of every variable
 *   of rank >= 2; rank-1 variables (biases, BN scale and offset) count 0, as in the release.
 * - `'mse'`: the summed squared difference `sum (a - b)^2` (a sum, not a mean, as in the release).
 *
 * @example
 * ```ts
 * const distance: GradientDistance = 'per-filter-cosine';
 * ```
 */
export type GradientDistance = 'cosine' | 'per-filter-cosine' | 'mse';

/**
 * Every {@link GradientDistance} that {@link gradientDistance} (and the gradient-matching
 * split) accepts, in a fixed order: `['cosine', 'per-filter-cosine', 'mse']`. Useful to
 * validate a configuration value or to sweep all distances.
 *
 * @example
 * ```ts
 * import { gradientDistances } from '@fewshot/splitter';
 * gradientDistances.includes('mse'); // true
 * for (const distance of gradientDistances) console.log(distance, gradientDistance({ first, second, distance }));
 * ```
 */
export const gradientDistances: readonly GradientDistance[] = Object.freeze(['cosine', 'per-filter-cosine', 'mse'] as const);

/**
 * The gradient of one variable as plain numbers (row-major, as `await tensor.data()` gives it).
 *
 * @example
 * ```ts
 * const kernelGradient: GradientValues = { shape: [1, 1, 2, 3], values: Float32Array.from([1, 0, 0, 0, 1, 0]) };
 * ```
 */
export interface GradientValues {
  /** The variable's shape. */
  readonly shape: readonly number[];
  /** `product(shape)` values. */
  readonly values: ArrayLike<number>;
}

/**
 * Options of {@link gradientDistance}.
 *
 * @example
 * ```ts
 * const options: GradientDistanceOptions = { first: [{ shape: [2], values: [1, 0] }], second: [{ shape: [2], values: [0, 1] }] };
 * ```
 */
export interface GradientDistanceOptions {
  /** The gradients of one option, one entry per variable. */
  readonly first: readonly GradientValues[];
  /** The gradients of the other option, for the same variables in the same order. */
  readonly second: readonly GradientValues[];
  /** Default `'cosine'`. */
  readonly distance?: GradientDistance;
}

/**
 * The distance between two options' gradients on the same variables (see {@link GradientDistance}),
 * computed in double precision. Pure (no tensors).
 *
 * @throws InvalidArgumentError when the two lists do not describe the same shapes, or hold
 * non-finite values.
 *
 * @example
 * ```ts
 * const a = [{ shape: [2, 2], values: [1, 0, 0, 1] }];
 * const b = [{ shape: [2, 2], values: [1, 0, 0, -1] }];
 * gradientDistance({ first: a, second: b });                                 // 1 - 0 / (2 + 1e-6) = 1
 * gradientDistance({ first: a, second: b, distance: 'per-filter-cosine' });  // filter 0: 0, filter 1: 2 -> ~2
 * gradientDistance({ first: a, second: b, distance: 'mse' });                // 4
 * ```
 */
export function gradientDistance(options: GradientDistanceOptions): number {
  const functionName = 'gradientDistance';
  checkOptions(functionName, options, '{ first, second, distance? }');
  const distance = options.distance ?? 'cosine';
  if (!gradientDistances.includes(distance)) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.distance',
      message: `expected one of ${gradientDistances.map((name) => `'${name}'`).join(', ')}, got ${describeValue(distance)}`,
    });
  }
  const { first, second } = options;
  if (!Array.isArray(first) || !Array.isArray(second) || first.length !== second.length) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.second',
      message: `expected two equally long lists of gradients, got ${describeValue(Array.isArray(first) ? first.length : first)} and ${describeValue(Array.isArray(second) ? second.length : second)} entries`,
    });
  }
  first.forEach((gradient, index) => checkPair(functionName, index, gradient, second[index]));
  return distanceUnchecked(first, second, distance);
}

function checkPair(functionName: string, index: number, a: GradientValues, b: GradientValues | undefined): void {
  for (const [name, gradient] of [['first', a], ['second', b]] as const) {
    const valid =
      gradient !== null &&
      typeof gradient === 'object' &&
      Array.isArray(gradient.shape) &&
      gradient.shape.every((dimension) => Number.isInteger(dimension) && dimension >= 0) &&
      gradient.values !== null &&
      typeof gradient.values === 'object' &&
      gradient.values.length === gradient.shape.reduce((product, dimension) => product * dimension, 1);
    if (!valid) {
      throw new InvalidArgumentError({
        functionName,
        argument: `options.${name}[${index}]`,
        message: `expected { shape, values } with product(shape) values, got ${describeValue(gradient)}`,
      });
    }
    for (let position = 0; position < gradient.values.length; position += 1) {
      if (!Number.isFinite(gradient.values[position])) {
        throw new InvalidArgumentError({
          functionName,
          argument: `options.${name}[${index}]`,
          message: `value ${position} is ${String(gradient.values[position])}; gradients must be finite`,
        });
      }
    }
  }
  if ((a.shape as readonly number[]).join(',') !== ((b as GradientValues).shape as readonly number[]).join(',')) {
    throw new InvalidArgumentError({
      functionName,
      argument: `options.second[${index}]`,
      message: `shape [${(b as GradientValues).shape.join(', ')}] differs from the first gradient's [${a.shape.join(', ')}]`,
    });
  }
}
