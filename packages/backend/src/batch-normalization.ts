import { InvalidArgumentError } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';
import { batchNormalizationByKernels } from './internal/batch-normalization-by-kernels.js';
import { batchNormalizationByOps } from './internal/batch-normalization-by-ops.js';
import { fusedBatchNormalizationApplies } from './internal/wasm-batch-normalization.js';

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
 * On the wasm backend, when the channels are a multiple of 4, forward and backward each run
 * as one fused WebAssembly SIMD kernel (`FewshotBatchNormalization`,
 * `FewshotBatchNormalizationGradient`) instead of some 25 tfjs kernels; the statistics are
 * summed with float64 totals. Other backends run the same formula as tfjs ops.
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
  const { output, mean, variance } = fusedBatchNormalizationApplies(x)
    ? batchNormalizationByKernels(x, scale, offset, epsilon)
    : batchNormalizationByOps(x, scale, offset, epsilon);
  return { output, mean, variance, count };
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
