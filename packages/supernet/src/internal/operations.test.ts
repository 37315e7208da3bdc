import * as tf from '@tensorflow/tfjs-core';
import '@fewshot/backend'; // registers the gradients
import { describe, expect, it } from 'vitest';
import { deterministicBatch, maxAbsoluteDifference } from '../testing/tensors.js';
import { averagePool3x3, convolution } from './operations.js';

/** count_include_pad=False average pool 3x3 / stride 1 / pad 1, by plain loops. */
function manualAveragePool(values: Float32Array, [batch, height, width, channels]: readonly number[]): Float32Array {
  const output = new Float32Array(values.length);
  const at = (b: number, row: number, column: number, channel: number) =>
    ((b * (height as number) + row) * (width as number) + column) * (channels as number) + channel;
  for (let b = 0; b < (batch as number); b += 1)
    for (let row = 0; row < (height as number); row += 1)
      for (let column = 0; column < (width as number); column += 1)
        for (let channel = 0; channel < (channels as number); channel += 1) {
          let sum = 0;
          let count = 0;
          for (let dr = -1; dr <= 1; dr += 1)
            for (let dc = -1; dc <= 1; dc += 1) {
              const r = row + dr;
              const c = column + dc;
              if (r < 0 || c < 0 || r >= (height as number) || c >= (width as number)) continue;
              sum += values[at(b, r, c, channel)] as number;
              count += 1;
            }
          output[at(b, row, column, channel)] = sum / count;
        }
  return output;
}

describe('averagePool3x3', () => {
  it('averages only the in-image positions (count_include_pad=False)', async () => {
    const shape = [2, 5, 6, 3] as const;
    const x = deterministicBatch(shape, 7);
    const expected = manualAveragePool((await x.data()) as Float32Array, shape);
    const pooled = tf.tidy(() => averagePool3x3(x));
    const values = await pooled.data();
    let worst = 0;
    values.forEach((value, index) => (worst = Math.max(worst, Math.abs(value - (expected[index] as number)))));
    expect(worst).toBeLessThan(1e-6);
    // A corner averages 4 values, an edge 6, the interior 9: a constant image stays constant.
    const ones = tf.ones<tf.Rank.R4>([1, 4, 4, 1]);
    const pooledOnes = tf.tidy(() => averagePool3x3(ones));
    expect(Array.from(await pooledOnes.data()).every((value) => Math.abs(value - 1) < 1e-6)).toBe(true);
    tf.dispose([x, pooled, ones, pooledOnes]);
  });

  it('has the gradient of the padding-excluded average (checked by finite differences)', async () => {
    const x = deterministicBatch([1, 4, 5, 2], 3);
    const upstream = deterministicBatch([1, 4, 5, 2], 11);
    const loss = (input: tf.Tensor) => tf.sum(tf.mul(averagePool3x3(input as tf.Tensor4D), upstream)) as tf.Scalar;
    const gradient = tf.tidy(() => tf.grad(loss)(x));
    const analytic = await gradient.data();
    const base = (await x.data()) as Float32Array;
    // The loss is linear in x, so a central difference is exact up to rounding.
    for (const index of [0, 1, 6, 17, 39]) {
      const plus = Float32Array.from(base);
      const minus = Float32Array.from(base);
      plus[index] = (plus[index] as number) + 0.5;
      minus[index] = (minus[index] as number) - 0.5;
      const [lossPlus, lossMinus] = tf.tidy(() => [
        loss(tf.tensor4d(plus, [1, 4, 5, 2])),
        loss(tf.tensor4d(minus, [1, 4, 5, 2])),
      ]);
      const numeric = ((await lossPlus!.data())[0]! - (await lossMinus!.data())[0]!) / 1;
      expect(analytic[index]).toBeCloseTo(numeric, 4);
      tf.dispose([lossPlus!, lossMinus!]);
    }
    tf.dispose([x, upstream, gradient]);
  });
});

/** The formulation averagePool3x3 used before it became one 'same' avgPool: zero padding, a 'valid' pool, a rescaling. */
function paddedAveragePool(x: tf.Tensor4D): tf.Tensor4D {
  const [, height, width] = x.shape;
  const coverage = new Float32Array(height * width);
  for (let row = 0; row < height; row += 1)
    for (let column = 0; column < width; column += 1)
      coverage[row * width + column] =
        9 / (((row > 0 ? 1 : 0) + 1 + (row < height - 1 ? 1 : 0)) * ((column > 0 ? 1 : 0) + 1 + (column < width - 1 ? 1 : 0)));
  const pooled = tf.avgPool(tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]) as tf.Tensor4D, 3, 1, 'valid');
  return tf.mul(pooled, tf.tensor4d(coverage, [1, height, width, 1])) as tf.Tensor4D;
}

describe("averagePool3x3 as one avgPool with 'same' padding (TensorFlow.js excludes the padding)", () => {
  it('has the exact gradient once @fewshot/backend is loaded (TensorFlow.js 4.22 alone divides by 9)', async () => {
    const shape = [1, 3, 3, 1] as const;
    const x = deterministicBatch(shape, 2);
    const expected = manualAveragePool((await x.data()) as Float32Array, shape);
    const forward = tf.avgPool(x, 3, 1, 'same');
    const values = await forward.data();
    values.forEach((value, index) => expect(value).toBeCloseTo(expected[index] as number, 5));
    // d(sum of outputs)/d(corner input): the corner feeds the 4 outputs of the top-left 2x2 block,
    // whose windows cover 4, 6, 6 and 9 in-image positions (TensorFlow.js's own gradient: 4/9).
    const correct = 1 / 4 + 1 / 6 + 1 / 6 + 1 / 9;
    const ourGradient = tf.tidy(() => tf.grad((input: tf.Tensor) => tf.sum(averagePool3x3(input as tf.Tensor4D)))(x));
    expect((await ourGradient.data())[0]).toBeCloseTo(correct, 5);
    tf.dispose([x, forward, ourGradient]);
  });

  it('gives the numbers and gradients of the padded formulation it replaced', async () => {
    const x = deterministicBatch([2, 6, 5, 3], 13);
    const upstream = deterministicBatch([2, 6, 5, 3], 17);
    const loss = (pool: (input: tf.Tensor4D) => tf.Tensor4D) => (input: tf.Tensor) =>
      tf.sum(tf.mul(pool(input as tf.Tensor4D), upstream)) as tf.Scalar;
    const [fast, straightforward, fastGradient, straightforwardGradient] = tf.tidy(() => [
      averagePool3x3(x),
      paddedAveragePool(x),
      tf.grad(loss(averagePool3x3))(x),
      tf.grad(loss(paddedAveragePool))(x),
    ]);
    expect(await maxAbsoluteDifference(fast!, straightforward!)).toBeLessThan(1e-6);
    expect(await maxAbsoluteDifference(fastGradient!, straightforwardGradient!)).toBeLessThan(1e-6);
    tf.dispose([x, upstream, fast!, straightforward!, fastGradient!, straightforwardGradient!]);
  });
});

describe('convolution', () => {
  it('pads symmetrically like PyTorch for a 3x3 stride-2 convolution (not TensorFlow "same")', async () => {
    // Input 4x4 single channel with values 0..15; kernel picks the top-left tap of the window.
    const x = tf.tensor4d(Float32Array.from({ length: 16 }, (_, index) => index), [1, 4, 4, 1]);
    const kernelValues = new Float32Array(9);
    kernelValues[0] = 1;
    const kernel = tf.tensor4d(kernelValues, [3, 3, 1, 1]);
    const output = tf.tidy(() => convolution(x, kernel, 2));
    expect(output.shape).toEqual([1, 2, 2, 1]);
    // PyTorch padding 1: windows start at rows/columns -1 and 1, so the top-left taps are
    // (-1,-1) = 0 (padding), (-1,1) = 0, (1,-1) = 0, (1,1) = x[1][1] = 5.
    expect(Array.from(await output.data())).toEqual([0, 0, 0, 5]);
    const same = tf.conv2d(x, kernel, 2, 'same');
    expect(Array.from(await same.data())).not.toEqual([0, 0, 0, 5]);
    tf.dispose([x, kernel, output, same]);
  });

  it('keeps the size of a stride-1 convolution and matches "same" padding there', async () => {
    const x = deterministicBatch([2, 6, 6, 3], 5);
    const kernel = deterministicBatch([3, 3, 3, 4], 9) as unknown as tf.Tensor4D;
    const output = tf.tidy(() => convolution(x, kernel, 1));
    const same = tf.conv2d(x, kernel, 1, 'same');
    expect(output.shape).toEqual([2, 6, 6, 4]);
    expect(await maxAbsoluteDifference(output, same)).toBeLessThan(1e-5);
    tf.dispose([x, kernel, output, same]);
  });
});
