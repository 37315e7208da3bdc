/**
 * Batch normalisation with batch statistics written with tfjs ops and a hand-derived gradient:
 * the formulation every backend runs, and the reference the fused wasm kernels
 * (batch-normalization-by-kernels.ts) are tested against.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type NormalizedBatch, normalizeWithCustomGradient } from './batch-normalization-custom-gradient.js';
import { channelSums } from './fast-paths.js';

/**
 * `(x - mean) * scale / sqrt(variance + epsilon) + offset` per channel (last axis), with the
 * mean and biased variance over all other axes; differentiable w.r.t. x, scale and offset,
 * including the paths through the statistics. Inputs are validated by the caller.
 */
export function batchNormalizationByOps(
  x: tf.Tensor,
  scale: tf.Tensor | undefined,
  offset: tf.Tensor | undefined,
  epsilon: number,
): NormalizedBatch {
  const count = x.size / (x.shape[x.rank - 1] ?? 1);
  return normalizeWithCustomGradient(x, scale, offset, (input, gamma, beta, save) => {
    const mean = tf.div(channelSums(input), count) as tf.Tensor1D;
    const centered = tf.sub(input, mean);
    const variance = tf.div(channelSums(tf.square(centered)), count) as tf.Tensor1D;
    const inverseDeviation = tf.rsqrt(tf.add(variance, epsilon));
    // output = (x - mean) * multiplier + offset, with the per-channel multiplier scale * invstd.
    const multiplier = gamma === undefined ? inverseDeviation : tf.mul(gamma, inverseDeviation);
    const scaled = tf.mul(centered, multiplier);
    const value = beta === undefined ? scaled : tf.add(scaled, beta);
    save([centered, inverseDeviation, multiplier]);
    return {
      value,
      mean,
      variance,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedCentered, savedInverse, savedMultiplier] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        const sumDy = channelSums(dy);
        const sumDyCentered = channelSums(tf.mul(dy, savedCentered));
        // dx = k*dy - centered * (k * invstd^2 * sum(dy*centered) / N) - k * sum(dy) / N, k = multiplier
        const centeredFactor = tf.mul(savedMultiplier, tf.mul(tf.square(savedInverse), tf.div(sumDyCentered, count)));
        const constantTerm = tf.mul(savedMultiplier, tf.div(sumDy, count));
        const dx = tf.sub(tf.mul(dy, savedMultiplier), tf.add(tf.mul(savedCentered, centeredFactor), constantTerm));
        const gradients: tf.Tensor[] = [dx];
        if (gamma !== undefined) gradients.push(tf.mul(sumDyCentered, savedInverse));
        if (beta !== undefined) gradients.push(sumDy);
        return gradients;
      },
    };
  });
}
