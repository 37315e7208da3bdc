import { InvalidArgumentError } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';
import { channelSums } from './internal/fast-paths.js';

/** Options of {@link batchNormalization}. */
export interface BatchNormalizationOptions {
  /** Input, channels last: `[batch, height, width, channels]` or `[batch, channels]` (any rank >= 2). */
  readonly x: tf.Tensor;
  /** Per-channel scale (gamma), shape `[channels]` (typically a `tf.Variable`). Omit for no scaling. */
  readonly scale?: tf.Tensor;
  /** Per-channel offset (beta), shape `[channels]` (typically a `tf.Variable`). Omit for no offset. */
  readonly offset?: tf.Tensor;
  /** Added to the variance before the square root. Default `1e-5` (PyTorch's default). */
  readonly epsilon?: number;
}

/** Result of {@link batchNormalization}. All tensors belong to the caller (dispose them or create them in `tf.tidy`). */
export interface BatchNormalizationResult {
  /** The normalised, scaled and shifted input, same shape as `x`. Differentiable w.r.t. `x`, `scale`, `offset`. */
  readonly output: tf.Tensor;
  /** Per-channel batch mean, shape `[channels]`. Carries no gradient. */
  readonly mean: tf.Tensor1D;
  /**
   * Per-channel biased batch variance (divides by {@link BatchNormalizationResult.count}),
   * shape `[channels]`. Carries no gradient. PyTorch updates its running variance with the
   * unbiased value: multiply by `count / (count - 1)` to do the same.
   */
  readonly variance: tf.Tensor1D;
  /** Number of values averaged per channel (`batch * height * width`). */
  readonly count: number;
}

/** Options of {@link batchNormalizationInference}. */
export interface BatchNormalizationInferenceOptions {
  /** Input, channels last, rank >= 2. */
  readonly x: tf.Tensor;
  /** Per-channel mean to subtract (for example the running mean), shape `[channels]`. */
  readonly mean: tf.Tensor;
  /** Per-channel variance to divide by (for example the running variance), shape `[channels]`. */
  readonly variance: tf.Tensor;
  /** Per-channel scale (gamma), shape `[channels]`. */
  readonly scale?: tf.Tensor;
  /** Per-channel offset (beta), shape `[channels]`. */
  readonly offset?: tf.Tensor;
  /** Added to the variance before the square root. Default `1e-5`. */
  readonly epsilon?: number;
}

const defaultEpsilon = 1e-5;

function checkInput(functionName: string, x: unknown): tf.Tensor {
  if (!(x instanceof tf.Tensor)) {
    throw new InvalidArgumentError({ functionName, argument: 'options.x', message: 'expected a tf.Tensor' });
  }
  if (x.rank < 2) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.x',
      message: `expected rank >= 2 with channels last, got shape [${x.shape.join(', ')}]`,
    });
  }
  if (x.dtype !== 'float32') {
    throw new InvalidArgumentError({ functionName, argument: 'options.x', message: `expected float32, got ${x.dtype}` });
  }
  return x;
}

function checkChannelVector(functionName: string, argument: string, value: unknown, channels: number): void {
  if (value === undefined) return;
  if (!(value instanceof tf.Tensor) || value.rank !== 1 || value.shape[0] !== channels) {
    const got = value instanceof tf.Tensor ? `shape [${value.shape.join(', ')}]` : typeof value;
    throw new InvalidArgumentError({
      functionName,
      argument,
      message: `expected a tensor of shape [${channels}] (the channels of x), got ${got}`,
    });
  }
}

function checkEpsilon(functionName: string, epsilon: number): void {
  if (typeof epsilon !== 'number' || !Number.isFinite(epsilon) || epsilon <= 0) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.epsilon',
      message: `expected a finite number > 0, got ${String(epsilon)}`,
    });
  }
}

/**
 * Batch normalisation with batch statistics (training mode), with a hand-derived
 * gradient.
 *
 * Normalises every channel (last axis) of `x` by the mean and biased variance
 * over all other axes, then applies `scale` and `offset`. The gradient w.r.t. `x`
 * includes the paths through the mean and variance:
 * `dx = scale * invstd * (dy - mean(dy) - xhat * mean(dy * xhat))`, computed with
 * per-channel broadcasting only, so it never calls the `Tile` kernel that makes
 * the gradient of `tf.batchNorm` slow on tfjs-backend-wasm. The batch mean and
 * variance are returned as well, so the caller can update running statistics.
 *
 * Ownership: every tensor of the result belongs to the caller.
 *
 * @throws InvalidArgumentError when `x` is not a float32 tensor of rank >= 2, when it has
 *   fewer than 2 values per channel, when `scale`/`offset` are not `[channels]`, or when
 *   `epsilon` is not > 0.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { batchNormalization } from '@fewshot/backend';
 *
 * const gamma = tf.tidy(() => tf.variable(tf.ones([16]), true, 'net/bn1/gamma'));
 * const beta = tf.tidy(() => tf.variable(tf.zeros([16]), true, 'net/bn1/beta'));
 * const runningMean = tf.tidy(() => tf.variable(tf.zeros([16]), false, 'net/bn1/running-mean'));
 * const x = tf.randomNormal([8, 32, 32, 16]);
 * const { output, mean, variance } = batchNormalization({ x, scale: gamma, offset: beta });
 * runningMean.assign(tf.tidy(() => tf.add(tf.mul(runningMean, 0.9), tf.mul(mean, 0.1))));
 * tf.dispose([x, output, mean, variance]);
 * ```
 */
export function batchNormalization(options: BatchNormalizationOptions): BatchNormalizationResult {
  const functionName = 'batchNormalization';
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError({ functionName, argument: 'options', message: 'expected an options object' });
  }
  const x = checkInput(functionName, options.x);
  const channels = x.shape[x.rank - 1] ?? 0;
  checkChannelVector(functionName, 'options.scale', options.scale, channels);
  checkChannelVector(functionName, 'options.offset', options.offset, channels);
  const epsilon = options.epsilon ?? defaultEpsilon;
  checkEpsilon(functionName, epsilon);
  const count = x.size / channels;
  if (count < 2) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.x',
      message: `expected more than 1 value per channel to compute batch statistics, got shape [${x.shape.join(', ')}]`,
    });
  }
  const { scale, offset } = options;
  let keptMean: tf.Tensor1D | undefined;
  let keptVariance: tf.Tensor1D | undefined;

  const normalize = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const input = args[0] as tf.Tensor;
    const gamma = scale === undefined ? undefined : (args[1] as tf.Tensor);
    const beta = offset === undefined ? undefined : (args[scale === undefined ? 1 : 2] as tf.Tensor);
    const mean = tf.div(channelSums(input), count) as tf.Tensor1D;
    const centered = tf.sub(input, mean);
    const variance = tf.div(channelSums(tf.square(centered)), count) as tf.Tensor1D;
    const inverseDeviation = tf.rsqrt(tf.add(variance, epsilon));
    // output = (x - mean) * multiplier + offset, with the per-channel multiplier scale * invstd.
    const multiplier = gamma === undefined ? inverseDeviation : tf.mul(gamma, inverseDeviation);
    const scaled = tf.mul(centered, multiplier);
    const value = beta === undefined ? scaled : tf.add(scaled, beta);
    keptMean = tf.keep(mean);
    keptVariance = tf.keep(variance);
    save([centered, inverseDeviation, multiplier]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedCentered, savedInverse, savedMultiplier] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        const sumDy = channelSums(dy);
        const sumDyCentered = channelSums(tf.mul(dy, savedCentered));
        // dx = k*dy - centered * (k * invstd^2 * sum(dy*centered) / N) - k * sum(dy) / N, k = multiplier
        const centeredFactor = tf.mul(savedMultiplier, tf.mul(tf.square(savedInverse), tf.div(sumDyCentered, count)));
        const constantTerm = tf.mul(savedMultiplier, tf.div(sumDy, count));
        const dx = tf.sub(tf.mul(dy, savedMultiplier), tf.add(tf.mul(savedCentered, centeredFactor), constantTerm));
        const gradients: tf.Tensor[] = [dx];
        if (scale !== undefined) gradients.push(tf.mul(sumDyCentered, savedInverse));
        if (offset !== undefined) gradients.push(sumDy);
        return gradients;
      },
    };
  });

  const inputs: tf.Tensor[] = [x];
  if (scale !== undefined) inputs.push(scale);
  if (offset !== undefined) inputs.push(offset);
  const output = normalize(...inputs);
  const statistics = [keptMean, keptVariance];
  try {
    // Move the kept statistics into the caller's scope (clones share the data).
    const mean = tf.clone(keptMean as tf.Tensor1D);
    const variance = tf.clone(keptVariance as tf.Tensor1D);
    return { output, mean, variance, count };
  } finally {
    for (const tensor of statistics) tensor?.dispose();
  }
}

/**
 * Batch normalisation with given statistics (inference mode, or training with
 * frozen statistics): `(x - mean) / sqrt(variance + epsilon) * scale + offset`,
 * per channel (last axis). Differentiable w.r.t. every input by ordinary autodiff
 * (broadcasting products and sums only, no `Tile`).
 *
 * Ownership: the returned tensor belongs to the caller.
 *
 * @throws InvalidArgumentError for a non-float32 `x` of rank < 2, per-channel tensors whose
 *   shape is not `[channels]`, or `epsilon` <= 0.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { batchNormalizationInference } from '@fewshot/backend';
 *
 * const y = tf.tidy(() =>
 *   batchNormalizationInference({ x: tf.ones([2, 4, 4, 3]), mean: tf.zeros([3]), variance: tf.ones([3]) }),
 * );
 * ```
 */
export function batchNormalizationInference(options: BatchNormalizationInferenceOptions): tf.Tensor {
  const functionName = 'batchNormalizationInference';
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError({ functionName, argument: 'options', message: 'expected an options object' });
  }
  const x = checkInput(functionName, options.x);
  const channels = x.shape[x.rank - 1] ?? 0;
  if (options.mean === undefined) {
    throw new InvalidArgumentError({ functionName, argument: 'options.mean', message: 'is required' });
  }
  if (options.variance === undefined) {
    throw new InvalidArgumentError({ functionName, argument: 'options.variance', message: 'is required' });
  }
  checkChannelVector(functionName, 'options.mean', options.mean, channels);
  checkChannelVector(functionName, 'options.variance', options.variance, channels);
  checkChannelVector(functionName, 'options.scale', options.scale, channels);
  checkChannelVector(functionName, 'options.offset', options.offset, channels);
  const epsilon = options.epsilon ?? defaultEpsilon;
  checkEpsilon(functionName, epsilon);
  const { mean, variance, scale, offset } = options;
  return tf.tidy(() => {
    const inverseDeviation = tf.rsqrt(tf.add(variance, epsilon));
    const multiplier = scale === undefined ? inverseDeviation : tf.mul(scale, inverseDeviation);
    const shift = tf.neg(tf.mul(mean, multiplier));
    return tf.add(tf.mul(x, multiplier), offset === undefined ? shift : tf.add(shift, offset));
  });
}
