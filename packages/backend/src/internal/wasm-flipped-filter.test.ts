import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { normalValues } from '../testing/numeric-values.js';
import { flippedFilter, flippedFilterKernelName } from './wasm-flipped-filter.js';

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('flippedFilter', () => {
  const shapes: ReadonlyArray<[number, number, number, number]> = [
    [3, 3, 4, 8],
    [1, 1, 16, 32],
    [3, 2, 5, 7],
    [5, 5, 1, 3],
  ];
  for (const shape of shapes) {
    it(`equals transpose(reverse(filter, [0, 1]), [0, 1, 3, 2]) bit for bit on wasm: [${shape.join(', ')}]`, async () => {
      await tf.setBackend('wasm');
      const filter = tf.tensor4d(normalValues(shape, 7), shape);
      const profile = await tf.profile(async () => {
        const fused = flippedFilter(filter);
        const reference = tf.tidy(() => tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]));
        expect(fused.shape).toEqual([shape[0], shape[1], shape[3], shape[2]]);
        expect(await fused.data()).toEqual(await reference.data());
        tf.dispose([fused, reference]);
      });
      expect(profile.kernels[0]?.name).toBe(flippedFilterKernelName);
      filter.dispose();
    });
  }

  it('runs the two ops on other backends', async () => {
    await tf.setBackend('cpu');
    const filter = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8], [2, 1, 2, 2]);
    const flipped = flippedFilter(filter);
    // [i, 0, co, ci] = filter[1 - i, 0, ci, co]
    expect(Array.from(await flipped.data())).toEqual([5, 7, 6, 8, 1, 3, 2, 4]);
    tf.dispose([filter, flipped]);
  });
});
