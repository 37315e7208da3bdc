/**
 * Batch normalisation as PyTorch's BatchNorm2d computes it (NHWC here): batch statistics
 * (biased variance) in training, running statistics updated with momentum 0.1 and the
 * unbiased variance, eps 1e-5. The arithmetic comes from `@fewshot/backend`, whose
 * batch-statistics version has a hand-written gradient that avoids wasm's slow `Tile`.
 */
import { batchNormalization, batchNormalizationInference } from '@fewshot/backend';
import * as tf from '@tensorflow/tfjs-core';

export const batchNormalizationEpsilon = 1e-5;
export const batchNormalizationMomentum = 0.1;

/** The parameters of one batch-normalisation layer; each may be absent. */
export interface BatchNormalizationParameters {
  readonly scale: tf.Variable | undefined;
  readonly offset: tf.Variable | undefined;
  readonly runningMean: tf.Variable | undefined;
  readonly runningVariance: tf.Variable | undefined;
}

function optional<T>(key: string, value: T | undefined): Record<string, T> {
  return value === undefined ? {} : { [key]: value };
}

/**
 * Applies one batch-normalisation layer. With running statistics and `training` false it uses
 * them; otherwise it uses the batch statistics and, when running statistics exist and
 * `training` is true, updates them in place (PyTorch semantics). Call inside `tf.tidy`.
 */
export function applyBatchNormalization(
  x: tf.Tensor4D,
  parameters: BatchNormalizationParameters,
  training: boolean,
): tf.Tensor4D {
  const { scale, offset, runningMean, runningVariance } = parameters;
  const affine = { ...optional('scale', scale as tf.Tensor1D | undefined), ...optional('offset', offset as tf.Tensor1D | undefined) };
  const tracked = runningMean !== undefined && runningVariance !== undefined;
  if (tracked && !training) {
    return batchNormalizationInference({
      x,
      mean: runningMean as tf.Tensor1D,
      variance: runningVariance as tf.Tensor1D,
      epsilon: batchNormalizationEpsilon,
      ...affine,
    }) as tf.Tensor4D;
  }
  const { output, mean, variance, count } = batchNormalization({ x, epsilon: batchNormalizationEpsilon, ...affine });
  if (tracked && training) {
    const unbiased = tf.mul(variance, count / (count - 1));
    const keep = 1 - batchNormalizationMomentum;
    runningMean.assign(tf.add(tf.mul(runningMean, keep), tf.mul(mean, batchNormalizationMomentum)));
    runningVariance.assign(tf.add(tf.mul(runningVariance, keep), tf.mul(unbiased, batchNormalizationMomentum)));
  }
  return output as tf.Tensor4D;
}
