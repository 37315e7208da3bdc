import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { normalValues } from '../testing/numeric-values.js';
import { channelSums, matrixProduct } from './fast-paths.js';

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('fast paths', () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    it(`channelSums matches a float64 sum for rank 4 and rank 2 (${backend})`, async () => {
      await tf.setBackend(backend);
      for (const shape of [
        [16, 16, 16, 8],
        [500, 3],
      ]) {
        const values = normalValues(shape, 21);
        const channels = shape[shape.length - 1] as number;
        const expected = new Float64Array(channels);
        values.forEach((value, index) => {
          expected[index % channels] = (expected[index % channels] ?? 0) + value;
        });
        // The helpers run inside gradient functions (the engine's scope); tidy here.
        const sums = tf.tidy(() => channelSums(tf.tensor(values, shape)));
        const actual = await sums.data();
        sums.dispose();
        expect(sums.shape).toEqual([channels]);
        // Tolerance: float32 accumulation over up to 4096 values of magnitude ~1: 2e-3 absolute.
        actual.forEach((value, channel) => expect(Math.abs(value - (expected[channel] ?? 0))).toBeLessThan(2e-3));
      }
    });

    it(`matrixProduct equals tf.matMul for every transpose combination (${backend})`, async () => {
      await tf.setBackend(backend);
      for (const transposeA of [false, true]) {
        for (const transposeB of [false, true]) {
          const [shape, difference] = tf.tidy(() => {
            const a = tf.tensor(normalValues(transposeA ? [2, 5, 3] : [2, 3, 5], 22), transposeA ? [2, 5, 3] : [2, 3, 5]);
            const b = tf.tensor(normalValues(transposeB ? [4, 5] : [5, 4], 23), transposeB ? [4, 5] : [5, 4]);
            const actual = matrixProduct(a, b, transposeA, transposeB);
            return [actual.shape, tf.max(tf.abs(tf.sub(actual, tf.matMul(a, b, transposeA, transposeB))))] as const;
          });
          expect(shape).toEqual([2, 3, 4]);
          expect((await difference.data())[0]).toBeLessThan(1e-5);
          difference.dispose();
        }
      }
    });
  }
});
