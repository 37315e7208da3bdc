/**
 * Test helpers (not published): seeded inputs, running the same computation on
 * two backends, and comparing arrays with a stated tolerance.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
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

/** Largest absolute difference between two arrays of the same length. */
export function maximumDifference(actual: Float32Array, expected: Float32Array): number {
  expect(actual.length).toBe(expected.length);
  let largest = 0;
  for (let index = 0; index < actual.length; index += 1) {
    const difference = Math.abs((actual[index] ?? Number.NaN) - (expected[index] ?? Number.NaN));
    if (!(difference <= largest)) largest = Number.isNaN(difference) ? Number.POSITIVE_INFINITY : difference;
  }
  return largest;
}

/** Largest absolute value of an array. */
export function maximumMagnitude(values: Float32Array): number {
  let largest = 0;
  for (const value of values) largest = Math.max(largest, Math.abs(value));
  return largest;
}

/**
 * Asserts `max |actual - expected| <= tolerance * max(1, max |expected|)`: a
 * relative tolerance on the scale of the expected values.
 */
export function expectClose(actual: Float32Array, expected: Float32Array, tolerance: number, label = ''): void {
  const scale = Math.max(1, maximumMagnitude(expected));
  const difference = maximumDifference(actual, expected);
  expect(difference, `${label}: max |difference| ${difference} > ${tolerance} x ${scale}`).toBeLessThanOrEqual(
    tolerance * scale,
  );
}
