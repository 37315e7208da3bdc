/**
 * Runs one batch-normalisation formulation (by ops or by the fused wasm kernels) on the active
 * backend and reads back everything the tests compare: output, statistics and the gradients of
 * `sum(output * weights)` w.r.t. x, scale and offset.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NormalizedBatch } from '../internal/batch-normalization-custom-gradient.js';
import { normalValues } from './numeric-values.js';

/** A formulation under test: same contract as `batchNormalizationByOps`. */
export type BatchNormalizationFormulation = (
  x: tf.Tensor,
  scale: tf.Tensor | undefined,
  offset: tf.Tensor | undefined,
  epsilon: number,
) => NormalizedBatch;

/** Everything a test compares, as plain arrays (empty for an absent scale/offset). */
export interface BatchNormalizationArrays {
  readonly output: Float32Array;
  readonly mean: Float32Array;
  readonly variance: Float32Array;
  readonly dx: Float32Array;
  readonly dscale: Float32Array;
  readonly doffset: Float32Array;
}

/** Input of a comparison: x's shape, and how far its values are shifted from zero. */
export interface BatchNormalizationCase {
  readonly shape: readonly number[];
  readonly withScale: boolean;
  readonly withOffset: boolean;
  /** Added to every value of x (a large value tests the statistics' rounding). Default 0. */
  readonly shift?: number;
  readonly seed: number;
}

/** Runs `formulation` on the active backend for `testCase`. */
export function batchNormalizationArrays(
  formulation: BatchNormalizationFormulation,
  testCase: BatchNormalizationCase,
): BatchNormalizationArrays {
  const channels = testCase.shape[testCase.shape.length - 1] as number;
  const shift = testCase.shift ?? 0;
  const xValues = normalValues(testCase.shape, testCase.seed).map((value) => value + shift);
  const x = tf.tensor(xValues, testCase.shape as number[], 'float32');
  const scale: tf.Tensor | undefined = testCase.withScale ? tf.tensor1d(normalValues([channels], testCase.seed + 1)) : undefined;
  const offset: tf.Tensor | undefined = testCase.withOffset ? tf.tensor1d(normalValues([channels], testCase.seed + 2)) : undefined;
  const weights = tf.tensor(normalValues(testCase.shape, testCase.seed + 3), testCase.shape as number[], 'float32');
  const parameters = [scale, offset].filter((tensor): tensor is tf.Tensor => tensor !== undefined);
  try {
    return tf.tidy(() => {
      const { output, mean, variance } = formulation(x, scale, offset, 1e-5);
      const gradients = tf.grads((...inputs: tf.Tensor[]) => {
        const [input, ...rest] = inputs as [tf.Tensor, ...tf.Tensor[]];
        const gamma = testCase.withScale ? rest[0] : undefined;
        const beta = testCase.withOffset ? rest[rest.length - 1] : undefined;
        const result = formulation(input, gamma, beta, 1e-5);
        return tf.sum(tf.mul(result.output, weights));
      })([x, ...parameters]);
      const read = (tensor: tf.Tensor | undefined) => (tensor === undefined ? new Float32Array(0) : Float32Array.from(tensor.dataSync()));
      return {
        output: read(output),
        mean: read(mean),
        variance: read(variance),
        dx: read(gradients[0]),
        dscale: read(testCase.withScale ? gradients[1] : undefined),
        doffset: read(testCase.withOffset ? gradients[gradients.length - 1] : undefined),
      };
    });
  } finally {
    tf.dispose([x, weights, ...parameters]);
  }
}
