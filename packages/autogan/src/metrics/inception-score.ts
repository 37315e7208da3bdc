import { InvalidArgumentError } from '@fewshot/core';
import { describeValue, integerOption, requireOptions } from '../internal/validate.js';

/**
 * Options of {@link inceptionScore}.
 *
 * @example
 * ```ts
 * const options: InceptionScoreOptions = { probabilities, classes: 10, splits: 10 };
 * ```
 */
export interface InceptionScoreOptions {
  /** `count x classes` class probabilities p(y|x), row-major (each row sums to 1). */
  readonly probabilities: ArrayLike<number>;
  /** Columns of the matrix. */
  readonly classes: number;
  /** Default 10 (OpenAI's improved-GAN code). */
  readonly splits?: number;
}

/**
 * An Inception Score: mean and standard deviation over the splits.
 *
 * @example
 * ```ts
 * const score: InceptionScore = { mean: 8.55, standardDeviation: 0.1, splits: 10 };
 * ```
 */
export interface InceptionScore {
  /** The mean over the splits (the reported score). */
  readonly mean: number;
  /** Population standard deviation over the splits (`np.std`). */
  readonly standardDeviation: number;
  /** Number of splits. */
  readonly splits: number;
}

/**
 * The Inception Score `exp(E_x KL(p(y|x) || p(y)))` computed per split as OpenAI's
 * improved-GAN code (split i holds rows `[i*N/splits, (i+1)*N/splits)`), from any
 * classifier's probabilities: Inception's for the published protocol, the built-in
 * Fashion-MNIST classifier's for a classifier-IS (not comparable with published numbers).
 *
 * @throws InvalidArgumentError for a malformed matrix, rows that are not distributions,
 *   or fewer rows than splits.
 * @example
 * ```ts
 * import { inceptionScore } from '@fewshot/autogan';
 * // Two confident, different classes: IS = 2.
 * inceptionScore({ probabilities: [1, 0, 0, 1], classes: 2, splits: 1 }).mean; // 2
 * ```
 */
export function inceptionScore(options: InceptionScoreOptions): InceptionScore {
  const functionName = 'inceptionScore';
  requireOptions(functionName, options, '{ probabilities, classes, splits? }');
  const classes = integerOption(functionName, 'options.classes', options.classes, { minimum: 1 });
  const splits = integerOption(functionName, 'options.splits', options.splits, { minimum: 1, fallback: 10 });
  const { probabilities } = options;
  if (probabilities === null || typeof probabilities !== 'object' || typeof probabilities.length !== 'number' || probabilities.length % classes !== 0) {
    throw new InvalidArgumentError({ functionName, argument: 'options.probabilities', message: `expected count x ${classes} numbers, got ${describeValue(probabilities)}` });
  }
  const count = probabilities.length / classes;
  if (count < splits) {
    throw new InvalidArgumentError({ functionName, argument: 'options.probabilities', message: `expected at least ${splits} rows (one per split), got ${count}` });
  }
  for (let row = 0; row < count; row += 1) {
    let sum = 0;
    for (let c = 0; c < classes; c += 1) {
      const p = Number(probabilities[row * classes + c]);
      if (!(p >= 0)) throw new InvalidArgumentError({ functionName, argument: 'options.probabilities', message: `row ${row} has a negative or NaN probability` });
      sum += p;
    }
    if (Math.abs(sum - 1) > 1e-3) {
      throw new InvalidArgumentError({ functionName, argument: 'options.probabilities', message: `row ${row} sums to ${sum}, not 1` });
    }
  }
  const scores: number[] = [];
  for (let split = 0; split < splits; split += 1) {
    const start = Math.floor((split * count) / splits);
    const end = Math.floor(((split + 1) * count) / splits);
    const marginal = new Float64Array(classes);
    for (let row = start; row < end; row += 1) for (let c = 0; c < classes; c += 1) marginal[c] = (marginal[c] as number) + Number(probabilities[row * classes + c]);
    for (let c = 0; c < classes; c += 1) marginal[c] = (marginal[c] as number) / (end - start);
    let divergence = 0;
    for (let row = start; row < end; row += 1) {
      for (let c = 0; c < classes; c += 1) {
        const p = Number(probabilities[row * classes + c]);
        if (p > 0) divergence += p * (Math.log(p) - Math.log(marginal[c] as number));
      }
    }
    scores.push(Math.exp(divergence / (end - start)));
  }
  const mean = scores.reduce((sum, value) => sum + value, 0) / splits;
  const variance = scores.reduce((sum, value) => sum + (value - mean) ** 2, 0) / splits;
  return { mean, standardDeviation: Math.sqrt(variance), splits };
}
