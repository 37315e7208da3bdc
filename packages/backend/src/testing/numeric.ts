/**
 * Test helpers (not published): seeded inputs, running the same computation on
 * two backends, and comparing arrays with a stated tolerance.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { normalValues } from './numeric-values.js';

export { normalValues };

/** An input description: shape and values (the tensor is created on the active backend). */
export interface InputSpec {
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** Seeded normal input of `shape`. */
export function normalInput(shape: readonly number[], seed: number): InputSpec {
  return { shape, values: normalValues(shape, seed) };
}

/** Computed arrays: the function's value and its gradients, in input order. */
export interface GradientResult {
  readonly value: Float32Array;
  readonly valueShape: readonly number[];
  readonly gradients: Float32Array[];
}

/**
 * Runs `compute` on `backend` and returns the value and the gradient of
 * `sum(value * weights)` (seeded weights, so every output element matters) with
 * respect to every input. Leaves the cpu backend active.
 */
export async function valueAndGradients(
  backend: 'cpu' | 'wasm',
  compute: (...inputs: tf.Tensor[]) => tf.Tensor,
  inputs: readonly InputSpec[],
  weightSeed = 991,
): Promise<GradientResult> {
  await tf.setBackend(backend);
  try {
    const tensors = inputs.map((input) => tf.tensor(input.values, input.shape as number[], 'float32'));
    try {
      const probe = tf.tidy(() => compute(...tensors));
      const valueShape = probe.shape;
      const value = (await probe.data()) as Float32Array;
      probe.dispose();
      const weights = tf.tensor(normalValues(valueShape, weightSeed), valueShape, 'float32');
      try {
        const gradients = tf.tidy(() => tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(compute(...xs), weights)))(tensors));
        const arrays = await Promise.all(gradients.map(async (gradient) => (await gradient.data()) as Float32Array));
        tf.dispose(gradients);
        return { value: Float32Array.from(value), valueShape, gradients: arrays.map((array) => Float32Array.from(array)) };
      } finally {
        weights.dispose();
      }
    } finally {
      tf.dispose(tensors);
    }
  } finally {
    await tf.setBackend('cpu');
  }
}

export { expectClose, maximumDifference, maximumMagnitude } from './array-comparison.js';
