/**
 * Batch normalisation with batch statistics through the fused wasm kernels of
 * wasm-batch-normalization.ts: one kernel forward, one backward, in place of the ~25 kernels
 * of the op formulation (batch-normalization-by-ops.ts), with the same gradient formula.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type NormalizedBatch, normalizeWithCustomGradient } from './batch-normalization-custom-gradient.js';
import {
  batchNormalizationGradientKernelName,
  batchNormalizationKernelName,
  fusedBatchNormalizationApplies,
} from './wasm-batch-normalization.js';

/**
 * Same contract as `batchNormalizationByOps`, for inputs where `fusedBatchNormalizationApplies(x)`
 * is true (the wasm backend is active and the channels are a multiple of 4); throws otherwise.
 */
export function batchNormalizationByKernels(
  x: tf.Tensor,
  scale: tf.Tensor | undefined,
  offset: tf.Tensor | undefined,
  epsilon: number,
): NormalizedBatch {
  if (!fusedBatchNormalizationApplies(x)) {
    throw new Error('batchNormalizationByKernels: needs the wasm backend and float32 channels in multiples of 4');
  }
  return normalizeWithCustomGradient(x, scale, offset, (input, gamma, beta, save) => {
    const inputs: tf.NamedTensorMap = { x: input };
    if (gamma !== undefined) inputs['scale'] = gamma;
    if (beta !== undefined) inputs['offset'] = beta;
    const [value, mean, variance, inverseDeviation] = tf
      .engine()
      .runKernel(batchNormalizationKernelName, inputs, { epsilon }) as [tf.Tensor, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
    save(gamma === undefined ? [input, mean, inverseDeviation] : [input, mean, inverseDeviation, gamma]);
    return {
      value,
      mean,
      variance,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedInput, savedMean, savedInverse, savedScale] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor?];
        const gradientInputs: tf.NamedTensorMap = { dy, x: savedInput, mean: savedMean, inverseDeviation: savedInverse };
        if (savedScale !== undefined) gradientInputs['scale'] = savedScale;
        const [dx, dscale, doffset] = tf.engine().runKernel(batchNormalizationGradientKernelName, gradientInputs, {}) as [
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
        ];
        const gradients: tf.Tensor[] = [dx];
        if (gamma !== undefined) gradients.push(dscale);
        else dscale.dispose();
        if (beta !== undefined) gradients.push(doffset);
        else doffset.dispose();
        return gradients;
      },
    };
  });
}
