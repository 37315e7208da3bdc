import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { deterministicBatch } from '../testing/tensors.js';
import { applyBatchNormalization } from './batch-normalization.js';

function channelStatistics(values: Float32Array, channels: number, channel: number) {
  const picked = Array.from(values).filter((_, index) => index % channels === channel);
  const mean = picked.reduce((sum, value) => sum + value, 0) / picked.length;
  const squared = picked.reduce((sum, value) => sum + (value - mean) ** 2, 0);
  return { mean, biased: squared / picked.length, unbiased: squared / (picked.length - 1), count: picked.length };
}

describe('applyBatchNormalization (PyTorch BatchNorm2d semantics)', () => {
  it('normalises with the biased batch variance and updates running statistics with momentum 0.1 and the unbiased variance', async () => {
    const x = deterministicBatch([2, 3, 3, 2], 4);
    const values = (await x.data()) as Float32Array;
    const scale = tf.tidy(() => tf.variable(tf.tensor1d([2, 0.5])));
    const offset = tf.tidy(() => tf.variable(tf.tensor1d([1, -1])));
    const runningMean = tf.tidy(() => tf.variable(tf.tensor1d([0.5, -0.5]), false));
    const runningVariance = tf.tidy(() => tf.variable(tf.tensor1d([2, 3]), false));
    const output = tf.tidy(() => applyBatchNormalization(x, { scale, offset, runningMean, runningVariance }, true));
    const outputValues = await output.data();
    const means = await runningMean.data();
    const variances = await runningVariance.data();
    for (const channel of [0, 1]) {
      const statistics = channelStatistics(values, 2, channel);
      const gamma = [2, 0.5][channel] as number;
      const beta = [1, -1][channel] as number;
      const expected = ((values[channel] as number) - statistics.mean) / Math.sqrt(statistics.biased + 1e-5) * gamma + beta;
      expect(outputValues[channel]).toBeCloseTo(expected, 5);
      expect(means[channel]).toBeCloseTo(0.9 * ([0.5, -0.5][channel] as number) + 0.1 * statistics.mean, 6);
      expect(variances[channel]).toBeCloseTo(0.9 * ([2, 3][channel] as number) + 0.1 * statistics.unbiased, 6);
    }
    tf.dispose([x, scale, offset, runningMean, runningVariance, output]);
  });

  it('uses the running statistics at evaluation and leaves them unchanged', async () => {
    const x = deterministicBatch([1, 2, 2, 1], 8);
    const values = (await x.data()) as Float32Array;
    const runningMean = tf.tidy(() => tf.variable(tf.tensor1d([0.25]), false));
    const runningVariance = tf.tidy(() => tf.variable(tf.tensor1d([4]), false));
    const output = tf.tidy(() =>
      applyBatchNormalization(x, { scale: undefined, offset: undefined, runningMean, runningVariance }, false),
    );
    const outputValues = await output.data();
    values.forEach((value, index) => expect(outputValues[index]).toBeCloseTo((value - 0.25) / Math.sqrt(4 + 1e-5), 6));
    expect(Array.from(await runningMean.data())).toEqual([0.25]);
    expect(Array.from(await runningVariance.data())).toEqual([4]);
    tf.dispose([x, runningMean, runningVariance, output]);
  });

  it('without running statistics uses the batch in both modes (the supernet cells\' default)', async () => {
    const x = deterministicBatch([2, 2, 2, 3], 5);
    const none = { scale: undefined, offset: undefined, runningMean: undefined, runningVariance: undefined };
    const [training, evaluation] = tf.tidy(() => [applyBatchNormalization(x, none, true), applyBatchNormalization(x, none, false)]);
    expect(Array.from(await training!.data())).toEqual(Array.from(await evaluation!.data()));
    const moments = tf.tidy(() => tf.moments(training!, [0, 1, 2]));
    Array.from(await moments.mean.data()).forEach((mean) => expect(Math.abs(mean)).toBeLessThan(1e-5));
    Array.from(await moments.variance.data()).forEach((variance) => expect(variance).toBeCloseTo(1, 3));
    tf.dispose([x, training!, evaluation!, moments.mean, moments.variance]);
  });
});
