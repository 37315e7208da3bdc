import { InvalidArgumentError, NumericalError } from '@fewshot/core';
import { describeValue, integerOption, requireOptions } from '../internal/validate.js';

/**
 * Options of {@link symmetricEigendecomposition}.
 *
 * @example
 * ```ts
 * const options: SymmetricEigendecompositionOptions = { matrix: Float64Array.of(2, 1, 1, 2), size: 2 };
 * ```
 */
export interface SymmetricEigendecompositionOptions {
  /** A symmetric `size x size` matrix, row-major (only symmetry up to rounding is assumed; the mean of the two triangles is used). */
  readonly matrix: ArrayLike<number>;
  /** The matrix's side. */
  readonly size: number;
  /** Stop when the off-diagonal Frobenius norm is below `tolerance` times the matrix's. Default 1e-14. */
  readonly tolerance?: number;
  /** Default 100 sweeps. */
  readonly maximumSweeps?: number;
}

/**
 * An eigendecomposition `A = V diag(values) V^T`.
 *
 * @example
 * ```ts
 * const { values, vectors } = symmetricEigendecomposition({ matrix: [2, 1, 1, 2], size: 2 });
 * ```
 */
export interface SymmetricEigendecomposition {
  /** Eigenvalues, decreasing. */
  readonly values: Float64Array;
  /** Row-major `size x size`; column j is the unit eigenvector of `values[j]`. */
  readonly vectors: Float64Array;
}

/**
 * Eigenvalues and eigenvectors of a real symmetric matrix by the cyclic Jacobi method in
 * float64 (TensorFlow.js has no `eigh`). Accurate to near machine precision, also for
 * clustered eigenvalues; O(size^3) per sweep, typically 6-10 sweeps.
 *
 * @throws InvalidArgumentError for a wrong length or non-finite entries; NumericalError
 *   when it does not converge within `maximumSweeps`.
 * @example
 * ```ts
 * import { symmetricEigendecomposition } from '@fewshot/autogan';
 * const { values } = symmetricEigendecomposition({ matrix: [2, 1, 1, 2], size: 2 });
 * [...values]; // [3, 1]
 * ```
 */
export function symmetricEigendecomposition(options: SymmetricEigendecompositionOptions): SymmetricEigendecomposition {
  const functionName = 'symmetricEigendecomposition';
  requireOptions(functionName, options, '{ matrix, size, tolerance?, maximumSweeps? }');
  const n = integerOption(functionName, 'options.size', options.size, { minimum: 1 });
  const source = options.matrix;
  if (source === null || typeof source !== 'object' || typeof source.length !== 'number' || source.length !== n * n) {
    throw new InvalidArgumentError({ functionName, argument: 'options.matrix', message: `expected ${n * n} numbers (row-major ${n}x${n}), got ${describeValue(source)}` });
  }
  const tolerance = options.tolerance ?? 1e-14;
  const maximumSweeps = integerOption(functionName, 'options.maximumSweeps', options.maximumSweeps, { minimum: 1, fallback: 100 });
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j < n; j += 1) {
      const value = (Number(source[i * n + j]) + Number(source[j * n + i])) / 2;
      if (!Number.isFinite(value)) {
        throw new InvalidArgumentError({ functionName, argument: 'options.matrix', message: `entry (${i}, ${j}) is not finite` });
      }
      a[i * n + j] = value;
    }
  }
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) v[i * n + i] = 1;
  let total = 0;
  for (let index = 0; index < n * n; index += 1) total += (a[index] as number) ** 2;
  const threshold = tolerance * tolerance * Math.max(total, Number.MIN_VALUE);
  let converged = false;
  for (let sweep = 0; sweep < maximumSweeps; sweep += 1) {
    let off = 0;
    for (let i = 0; i < n; i += 1) for (let j = i + 1; j < n; j += 1) off += 2 * (a[i * n + j] as number) ** 2;
    if (off <= threshold) {
      converged = true;
      break;
    }
    for (let p = 0; p < n - 1; p += 1) {
      for (let q = p + 1; q < n; q += 1) {
        const apq = a[p * n + q] as number;
        if (apq === 0) continue;
        const app = a[p * n + p] as number;
        const aqq = a[q * n + q] as number;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta === 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k += 1) {
          const akp = a[k * n + p] as number;
          const akq = a[k * n + q] as number;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k += 1) {
          const apk = a[p * n + k] as number;
          const aqk = a[q * n + k] as number;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k += 1) {
          const vkp = v[k * n + p] as number;
          const vkq = v[k * n + q] as number;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  if (!converged) {
    let off = 0;
    for (let i = 0; i < n; i += 1) for (let j = i + 1; j < n; j += 1) off += 2 * (a[i * n + j] as number) ** 2;
    if (off > threshold) {
      throw new NumericalError({ functionName, argument: 'options.matrix', message: `the Jacobi iteration did not converge in ${maximumSweeps} sweeps` });
    }
  }
  const order = Array.from({ length: n }, (_, index) => index).sort((x, y) => (a[y * n + y] as number) - (a[x * n + x] as number));
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((source, target) => {
    values[target] = a[source * n + source] as number;
    for (let k = 0; k < n; k += 1) vectors[k * n + target] = v[k * n + source] as number;
  });
  return { values, vectors };
}
