import { InvalidArgumentError, NumericalError } from '@fewshot/core';
import { describeValue, requireOptions } from '../internal/validate.js';
import { symmetricEigendecomposition } from './symmetric-eigen.js';

/**
 * The mean and covariance of a set of feature vectors (float64).
 *
 * @example
 * ```ts
 * const statistics: FeatureStatistics = { dimension: 2, count: 3, mean: Float64Array.of(0, 0), covariance: Float64Array.of(1, 0, 0, 1) };
 * ```
 */
export interface FeatureStatistics {
  /** Feature length. */
  readonly dimension: number;
  /** How many vectors the statistics come from. */
  readonly count: number;
  /** Mean feature vector. */
  readonly mean: Float64Array;
  /** Row-major `dimension x dimension`, unbiased (divides by count - 1, as `np.cov`). */
  readonly covariance: Float64Array;
}

/**
 * Options of {@link computeFeatureStatistics}.
 *
 * @example
 * ```ts
 * const options: ComputeFeatureStatisticsOptions = { features: Float32Array.of(0, 1, 2, 3), dimension: 2 };
 * ```
 */
export interface ComputeFeatureStatisticsOptions {
  /** `count x dimension` values, row-major. */
  readonly features: ArrayLike<number>;
  /** Feature length. */
  readonly dimension: number;
}

/**
 * Mean and unbiased covariance of feature vectors, in float64 (`np.mean`, `np.cov(rowvar=False)`).
 *
 * @throws InvalidArgumentError for fewer than 2 vectors, a length that is not a multiple
 *   of `dimension`, or non-finite values.
 * @example
 * ```ts
 * import { computeFeatureStatistics } from '@fewshot/autogan';
 * const { mean, covariance } = computeFeatureStatistics({ features: [0, 0, 2, 2], dimension: 2 });
 * [...mean]; // [1, 1]
 * [...covariance]; // [2, 2, 2, 2]
 * ```
 */
export function computeFeatureStatistics(options: ComputeFeatureStatisticsOptions): FeatureStatistics {
  const functionName = 'computeFeatureStatistics';
  requireOptions(functionName, options, '{ features, dimension }');
  const { features, dimension } = options;
  if (!Number.isSafeInteger(dimension) || dimension < 1) {
    throw new InvalidArgumentError({ functionName, argument: 'options.dimension', message: `expected a positive integer, got ${describeValue(dimension)}` });
  }
  if (features === null || typeof features !== 'object' || typeof features.length !== 'number' || features.length % dimension !== 0) {
    throw new InvalidArgumentError({ functionName, argument: 'options.features', message: `expected count x ${dimension} numbers, got ${describeValue(features)}` });
  }
  const count = features.length / dimension;
  if (count < 2) {
    throw new InvalidArgumentError({ functionName, argument: 'options.features', message: `expected at least 2 vectors, got ${count}` });
  }
  const mean = new Float64Array(dimension);
  for (let row = 0; row < count; row += 1) {
    for (let column = 0; column < dimension; column += 1) {
      const value = Number(features[row * dimension + column]);
      if (!Number.isFinite(value)) {
        throw new InvalidArgumentError({ functionName, argument: 'options.features', message: `vector ${row} has a non-finite value at ${column}` });
      }
      mean[column] = (mean[column] as number) + value;
    }
  }
  for (let column = 0; column < dimension; column += 1) mean[column] = (mean[column] as number) / count;
  const covariance = new Float64Array(dimension * dimension);
  const centered = new Float64Array(dimension);
  for (let row = 0; row < count; row += 1) {
    for (let column = 0; column < dimension; column += 1) centered[column] = Number(features[row * dimension + column]) - (mean[column] as number);
    for (let i = 0; i < dimension; i += 1) {
      const ci = centered[i] as number;
      if (ci === 0) continue;
      const base = i * dimension;
      for (let j = i; j < dimension; j += 1) covariance[base + j] = (covariance[base + j] as number) + ci * (centered[j] as number);
    }
  }
  for (let i = 0; i < dimension; i += 1) {
    for (let j = i; j < dimension; j += 1) {
      const value = (covariance[i * dimension + j] as number) / (count - 1);
      covariance[i * dimension + j] = value;
      covariance[j * dimension + i] = value;
    }
  }
  return { dimension, count, mean, covariance };
}

/**
 * Options of {@link frechetDistance}.
 *
 * @example
 * ```ts
 * const options: FrechetDistanceOptions = { first: generatedStatistics, second: referenceStatistics };
 * ```
 */
export interface FrechetDistanceOptions {
  /** Statistics of one set (e.g. generated images). */
  readonly first: FeatureStatistics;
  /** Statistics of the other (e.g. the real reference). */
  readonly second: FeatureStatistics;
}

function checkStatistics(functionName: string, argument: string, value: unknown): FeatureStatistics {
  const candidate = value as Partial<FeatureStatistics> | null;
  const d = candidate?.dimension;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof d !== 'number' ||
    !Number.isSafeInteger(d) ||
    d < 1 ||
    candidate.mean?.length !== d ||
    candidate.covariance?.length !== d * d
  ) {
    throw new InvalidArgumentError({ functionName, argument, message: `expected { dimension, mean (dimension), covariance (dimension^2) }, got ${describeValue(value)}` });
  }
  return candidate as FeatureStatistics;
}

/** `S^(1/2)` of a symmetric PSD matrix (negative eigenvalues from rounding clamp to 0). */
function symmetricSquareRoot(matrix: Float64Array, n: number): Float64Array {
  const { values, vectors } = symmetricEigendecomposition({ matrix, size: n });
  const root = new Float64Array(n * n);
  for (let k = 0; k < n; k += 1) {
    const scale = Math.sqrt(Math.max(values[k] as number, 0));
    if (scale === 0) continue;
    for (let i = 0; i < n; i += 1) {
      const vik = (vectors[i * n + k] as number) * scale;
      if (vik === 0) continue;
      for (let j = 0; j < n; j += 1) root[i * n + j] = (root[i * n + j] as number) + vik * (vectors[j * n + k] as number);
    }
  }
  return root;
}

function multiply(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const result = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) {
    for (let k = 0; k < n; k += 1) {
      const aik = a[i * n + k] as number;
      if (aik === 0) continue;
      for (let j = 0; j < n; j += 1) result[i * n + j] = (result[i * n + j] as number) + aik * (b[k * n + j] as number);
    }
  }
  return result;
}

function traceOfSquareRootProduct(first: Float64Array, second: Float64Array, n: number): number {
  // tr sqrt(S1 S2) = tr sqrt(S2^(1/2) S1 S2^(1/2)), the latter symmetric PSD.
  const root = symmetricSquareRoot(second, n);
  const middle = multiply(multiply(root, first, n), root, n);
  const { values } = symmetricEigendecomposition({ matrix: middle, size: n });
  let trace = 0;
  for (const value of values) trace += Math.sqrt(Math.max(value, 0));
  return trace;
}

/**
 * The Fréchet distance between two Gaussians (FID when the statistics come from Inception
 * pool features): `|mu1 - mu2|^2 + tr S1 + tr S2 - 2 tr (S2^(1/2) S1 S2^(1/2))^(1/2)`.
 * The matrix square roots come from a float64 Jacobi eigensolver; the trace term equals
 * `tr sqrtm(S1 S2)` of TTUR/scipy. If the result is not finite, it is recomputed with
 * 1e-6 added to both diagonals, as TTUR does.
 *
 * @throws InvalidArgumentError for malformed or mismatched statistics; NumericalError when
 *   the result is not finite even with the offset.
 * @example
 * ```ts
 * import { frechetDistance } from '@fewshot/autogan';
 * const a = { dimension: 1, count: 10, mean: Float64Array.of(0), covariance: Float64Array.of(1) };
 * const b = { dimension: 1, count: 10, mean: Float64Array.of(3), covariance: Float64Array.of(4) };
 * frechetDistance({ first: a, second: b }); // 9 + (1 - 2)^2 = 10
 * ```
 */
export function frechetDistance(options: FrechetDistanceOptions): number {
  const functionName = 'frechetDistance';
  requireOptions(functionName, options, '{ first, second }');
  const first = checkStatistics(functionName, 'options.first', options.first);
  const second = checkStatistics(functionName, 'options.second', options.second);
  if (first.dimension !== second.dimension) {
    throw new InvalidArgumentError({ functionName, argument: 'options.second', message: `dimension ${second.dimension} differs from the first's ${first.dimension}` });
  }
  const n = first.dimension;
  let meanTerm = 0;
  for (let i = 0; i < n; i += 1) meanTerm += ((first.mean[i] as number) - (second.mean[i] as number)) ** 2;
  const compute = (offset: number): number => {
    const a = Float64Array.from(first.covariance);
    const b = Float64Array.from(second.covariance);
    let traces = 0;
    for (let i = 0; i < n; i += 1) {
      a[i * n + i] = (a[i * n + i] as number) + offset;
      b[i * n + i] = (b[i * n + i] as number) + offset;
      traces += (a[i * n + i] as number) + (b[i * n + i] as number);
    }
    return meanTerm + traces - 2 * traceOfSquareRootProduct(a, b, n);
  };
  let distance = compute(0);
  if (!Number.isFinite(distance)) distance = compute(1e-6);
  if (!Number.isFinite(distance)) {
    throw new NumericalError({ functionName, argument: 'options', message: 'the distance is not finite (check the statistics for NaN or huge values)' });
  }
  return distance;
}
