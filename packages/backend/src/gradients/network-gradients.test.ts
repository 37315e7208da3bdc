import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { normalValues } from '../testing/numeric-values.js';
import { registerGradients } from './register-gradients.js';

registerGradients();

afterAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * Gradient of sum(f(x) * weights) by finite differences, one input value at a time.
 * Pooling is piecewise linear, so with step h the difference quotient is exact up to
 * float32 rounding of the sums (no ties in the seeded inputs).
 */
function finiteDifferences(f: (x: tf.Tensor4D) => tf.Tensor, x: Float32Array, shape: [number, number, number, number], weightSeed: number): Float32Array {
  const objective = (values: Float32Array): number =>
    tf.tidy(() => {
      const output = f(tf.tensor4d(values, shape));
      const weights = tf.tensor(normalValues(output.shape, weightSeed), output.shape);
      return tf.sum(tf.mul(output, weights)).dataSync()[0] ?? Number.NaN;
    });
  const step = 1e-2;
  const gradient = new Float32Array(x.length);
  for (let index = 0; index < x.length; index += 1) {
    const plus = Float32Array.from(x);
    const minus = Float32Array.from(x);
    plus[index] = (plus[index] ?? 0) + step;
    minus[index] = (minus[index] ?? 0) - step;
    gradient[index] = (objective(plus) - objective(minus)) / (2 * step);
  }
  return gradient;
}

function analytic(f: (x: tf.Tensor4D) => tf.Tensor, x: Float32Array, shape: [number, number, number, number], weightSeed: number): Float32Array {
  return tf.tidy(() => {
    const input = tf.tensor4d(x, shape);
    const output = f(input);
    const weights = tf.tensor(normalValues(output.shape, weightSeed), output.shape);
    const gradient = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(f(t as tf.Tensor4D), weights)))(input);
    return Float32Array.from(gradient.dataSync());
  });
}

const poolings: ReadonlyArray<{ name: string; f: (x: tf.Tensor4D) => tf.Tensor; shape: [number, number, number, number] }> = [
  { name: 'avgPool 3x3 stride 1 same', f: (x) => tf.avgPool(x, 3, 1, 'same'), shape: [2, 5, 5, 2] },
  { name: 'avgPool 3x3 stride 2 same', f: (x) => tf.avgPool(x, 3, 2, 'same'), shape: [1, 6, 5, 2] },
  { name: 'avgPool 2x2 stride 2 valid', f: (x) => tf.avgPool(x, 2, 2, 'valid'), shape: [1, 5, 4, 2] },
  { name: 'avgPool 3x3 stride 1 pad 1', f: (x) => tf.avgPool(x, 3, 1, 1), shape: [1, 4, 4, 2] },
  { name: 'maxPool 3x3 stride 2 same', f: (x) => tf.maxPool(x, 3, 2, 'same'), shape: [1, 6, 6, 2] },
  { name: 'resizeBilinear 3x3 -> 5x7, batch 2', f: (x) => tf.image.resizeBilinear(x, [5, 7]), shape: [2, 3, 3, 2] },
  {
    name: 'resizeBilinear 3x3 -> 5x7 alignCorners, batch 2',
    f: (x) => tf.image.resizeBilinear(x, [5, 7], true),
    shape: [2, 3, 3, 2],
  },
  { name: 'resizeNearestNeighbor 3x3 -> 6x6, batch 2', f: (x) => tf.image.resizeNearestNeighbor(x, [6, 6]), shape: [2, 3, 3, 2] },
  {
    name: 'resizeNearestNeighbor 3x4 -> 5x7 alignCorners, batch 2',
    f: (x) => tf.image.resizeNearestNeighbor(x, [5, 7], true),
    shape: [2, 3, 4, 2],
  },
];

describe('pooling and resizing gradients vs finite differences', () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    for (const pooling of poolings) {
      it(`${pooling.name} on ${backend}`, async () => {
        await tf.setBackend(backend);
        const x = normalValues(pooling.shape, 3);
        const expected = finiteDifferences(pooling.f, x, pooling.shape, 4);
        const actual = analytic(pooling.f, x, pooling.shape, 4);
        // Tolerance 1e-3 absolute: float32 sums of O(1) values divided by 2h = 0.02.
        actual.forEach((value, index) => {
          expect(Math.abs(value - (expected[index] ?? Number.NaN)), `index ${index}`).toBeLessThan(1e-3);
        });
      });
    }
  }

  it("TensorFlow.js's own AvgPoolGrad kernel disagrees near borders with 'same' padding (why we replace it)", async () => {
    await tf.setBackend('cpu');
    const shape: [number, number, number, number] = [1, 4, 4, 1];
    const x = normalValues(shape, 5);
    const expected = finiteDifferences((t) => tf.avgPool(t, 3, 1, 'same'), x, shape, 6);
    const kernel = tf.tidy(() => {
      const output = tf.avgPool(tf.tensor4d(x, shape), 3, 1, 'same');
      const weights = tf.tensor(normalValues(output.shape, 6), output.shape);
      const input = tf.tensor4d(x, shape);
      return Float32Array.from(
        (tf.engine().runKernel(tf.AvgPoolGrad, { dy: weights, input }, { filterSize: 3, strides: 1, pad: 'same' }) as tf.Tensor).dataSync(),
      );
    });
    // Corner (0, 0): four windows of 4, 6, 6 and 9 real values, not four windows of 9.
    expect(Math.abs((kernel[0] ?? 0) - (expected[0] ?? 0))).toBeGreaterThan(0.05);
  });
});
