import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { normalValues } from '../testing/numeric-values.js';
import { reluGradient, reluGradientKernelName } from './wasm-relu-gradient.js';

afterAll(async () => {
  await tf.setBackend('cpu');
});

/** The values, with -0 read as +0 (the fused kernel writes +0 where the product writes -0). */
function unsignedZeros(values: ArrayLike<number>): number[] {
  return Array.from(values, (value) => (value === 0 ? 0 : value));
}

describe('reluGradient', () => {
  const shapes: ReadonlyArray<readonly number[]> = [[5], [7, 3], [64, 8, 8, 16], [2, 3, 3, 5]];
  for (const shape of shapes) {
    it(`equals dy * step(x) on wasm, as one kernel: [${shape.join(', ')}]`, async () => {
      await tf.setBackend('wasm');
      const dy = tf.tensor(normalValues(shape, 3), shape as number[]);
      // Exact zeros in x too: step(0) = 0.
      const x = tf.tidy(() => tf.mul(tf.tensor(normalValues(shape, 4), shape as number[]), tf.cast(tf.greater(tf.tensor(normalValues(shape, 5), shape as number[]), -0.5), 'float32')));
      const profile = await tf.profile(async () => {
        const fused = reluGradient(dy, x);
        const reference = tf.tidy(() => tf.mul(dy, tf.step(x)));
        expect(unsignedZeros(await fused.data())).toEqual(unsignedZeros(await reference.data()));
        tf.dispose([fused, reference]);
      });
      expect(profile.kernels[0]?.name).toBe(reluGradientKernelName);
      tf.dispose([dy, x]);
    });
  }

  it('runs the two ops on other backends', async () => {
    await tf.setBackend('cpu');
    const dy = tf.tensor1d([1, -2, 3, 4]);
    const x = tf.tensor1d([0.5, 2, 0, -1]);
    const dx = reluGradient(dy, x);
    expect(unsignedZeros(await dx.data())).toEqual([1, -2, 0, 0]);
    tf.dispose([dy, x, dx]);
  });
});
