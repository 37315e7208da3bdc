import { InvalidArgumentError } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { batchNormalization, batchNormalizationInference } from './batch-normalization.js';
import { registerGradients } from './gradients/register-gradients.js';
import { expectClose, normalInput, valueAndGradients } from './testing/numeric.js';

registerGradients();

// Tolerance (relative to the largest expected magnitude): the custom gradient sums in a
// different order than autodiff of the formula; 1e-5 on the same backend, 1e-4 across.
const sameBackendTolerance = 1e-5;
const crossBackendTolerance = 1e-4;

/** Batch normalisation written plainly, differentiated by autodiff (through mean and variance). */
function straightforward(x: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor, epsilon: number): tf.Tensor {
  const axes = Array.from({ length: x.rank - 1 }, (_unused, axis) => axis);
  const mean = tf.mean(x, axes, true);
  const variance = tf.mean(tf.square(tf.sub(x, mean)), axes, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon))), scale), offset);
}

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('batchNormalization (batch statistics, custom gradient)', () => {
  const shapes: ReadonlyArray<readonly number[]> = [
    [4, 5, 5, 3],
    [6, 8],
  ];
  for (const shape of shapes) {
    const channels = shape[shape.length - 1] as number;
    const inputs = [normalInput(shape, 1), normalInput([channels], 2), normalInput([channels], 3)];
    for (const backend of ['cpu', 'wasm'] as const) {
      it(`matches autodiff of the plain formula for x, scale, offset: shape [${shape.join(', ')}] on ${backend}`, async () => {
        const custom = await valueAndGradients(
          backend,
          (x, scale, offset) => {
            const result = batchNormalization({
              x,
              scale: scale,
              offset: offset,
              epsilon: 1e-3,
            });
            return result.output;
          },
          inputs,
        );
        const reference = await valueAndGradients(
          'cpu',
          (x, scale, offset) => straightforward(x, scale as tf.Tensor, offset as tf.Tensor, 1e-3),
          inputs,
        );
        const tolerance = backend === 'cpu' ? sameBackendTolerance : crossBackendTolerance;
        expectClose(custom.value, reference.value, tolerance, 'output');
        expectClose(custom.gradients[0] as Float32Array, reference.gradients[0] as Float32Array, tolerance, 'dx');
        expectClose(custom.gradients[1] as Float32Array, reference.gradients[1] as Float32Array, tolerance, 'dscale');
        expectClose(custom.gradients[2] as Float32Array, reference.gradients[2] as Float32Array, tolerance, 'doffset');
      });
    }
  }

  it('works without scale and offset (gradient w.r.t. x only)', async () => {
    const inputs = [normalInput([3, 4, 4, 2], 4)];
    const custom = await valueAndGradients('cpu', (x) => batchNormalization({ x }).output, inputs);
    const reference = await valueAndGradients(
      'cpu',
      (x) => straightforward(x, tf.scalar(1), tf.scalar(0), 1e-5),
      inputs,
    );
    expectClose(custom.value, reference.value, sameBackendTolerance, 'output');
    expectClose(custom.gradients[0] as Float32Array, reference.gradients[0] as Float32Array, sameBackendTolerance, 'dx');
  });

  it('returns the biased batch mean and variance per channel, and the count', async () => {
    const x = tf.tensor2d(
      [
        [1, 10],
        [3, 20],
        [5, 60],
      ],
      [3, 2],
    );
    const { output, mean, variance, count } = batchNormalization({ x });
    expect(count).toBe(3);
    expect(Array.from(await mean.data())).toEqual([3, 30]);
    const varianceValues = Array.from(await variance.data());
    expect(varianceValues[0]).toBeCloseTo(8 / 3, 5);
    expect(varianceValues[1]).toBeCloseTo(1400 / 3, 3);
    const normalized = Array.from(await output.data());
    expect(normalized[0]).toBeCloseTo(-2 / Math.sqrt(8 / 3 + 1e-5), 5);
    expect(normalized[5]).toBeCloseTo(30 / Math.sqrt(1400 / 3 + 1e-5), 5);
    tf.dispose([x, output, mean, variance]);
  });

  it('leaves nothing behind inside tf.tidy and under optimizer.minimize', () => {
    const before = tf.memory().numTensors;
    // Variables are created inside tidy: tf.variable(init) does not free init.
    const gamma = tf.tidy(() => tf.variable(tf.ones([3]), true, 'batch-normalization-test/gamma'));
    const beta = tf.tidy(() => tf.variable(tf.zeros([3]), true, 'batch-normalization-test/beta'));
    const runningMean = tf.tidy(() => tf.variable(tf.zeros([3]), false, 'batch-normalization-test/running-mean'));
    const x = tf.tensor4d(normalInput([4, 3, 3, 3], 5).values, [4, 3, 3, 3]);
    const optimizer = tf.train.sgd(0.1);
    for (let step = 0; step < 3; step += 1) {
      const loss = optimizer.minimize(
        () => {
          const { output, mean } = batchNormalization({ x, scale: gamma, offset: beta });
          runningMean.assign(tf.add(tf.mul(runningMean, 0.9), tf.mul(mean, 0.1)));
          return tf.mean(tf.square(tf.sub(output, 1))) as tf.Scalar;
        },
        true,
        [gamma, beta],
      );
      loss?.dispose();
    }
    expect(Array.from(runningMean.dataSync()).every((value) => Number.isFinite(value))).toBe(true);
    optimizer.dispose();
    tf.dispose([gamma, beta, runningMean, x]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad input with typed errors naming the argument', () => {
    const x = tf.zeros([2, 3, 3, 4]);
    const wrong = tf.zeros([3]);
    const vector = tf.zeros([4]);
    const single = tf.zeros([1, 1, 1, 4]);
    try {
      const attempt = (options: unknown) => () => batchNormalization(options as Parameters<typeof batchNormalization>[0]);
      expect(attempt({ x: vector })).toThrow(InvalidArgumentError);
      expect(attempt({ x: [1, 2] })).toThrow(/batchNormalization: expected a tf.Tensor/);
      expect(attempt({ x, scale: wrong })).toThrow(/options.scale|expected a tensor of shape \[4\]/);
      try {
        batchNormalization({ x, offset: wrong });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidArgumentError);
        expect((error as InvalidArgumentError).argument).toBe('options.offset');
        expect((error as Error).message).toBe(
          'batchNormalization: expected a tensor of shape [4] (the channels of x), got shape [3]',
        );
      }
      expect(attempt({ x, epsilon: 0 })).toThrow(/options.epsilon|expected a finite number > 0, got 0/);
      expect(attempt({ x: single })).toThrow(/more than 1 value per channel/);
      expect(attempt(null)).toThrow(/expected an options object/);
    } finally {
      tf.dispose([x, wrong, vector, single]);
    }
  });
});

describe('batchNormalizationInference (given statistics)', () => {
  it('normalises with the given mean and variance, on cpu and wasm', async () => {
    const inputs = [normalInput([2, 3, 3, 4], 6), normalInput([4], 7), normalInput([4], 8), normalInput([4], 9)];
    const variance = tf.tensor1d([0.5, 1, 2, 4]);
    try {
      const compute = (x: tf.Tensor, mean: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor) =>
        batchNormalizationInference({
          x,
          mean: mean,
          variance,
          scale: scale,
          offset: offset,
          epsilon: 1e-3,
        });
      const reference = (x: tf.Tensor, mean: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor) =>
        tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-3))), scale), offset);
      const expected = await valueAndGradients('cpu', reference, inputs);
      for (const backend of ['cpu', 'wasm'] as const) {
        const actual = await valueAndGradients(backend, compute, inputs);
        expectClose(actual.value, expected.value, crossBackendTolerance, `${backend} output`);
        actual.gradients.forEach((gradient, index) => {
          expectClose(gradient, expected.gradients[index] as Float32Array, crossBackendTolerance, `${backend} d${index}`);
        });
      }
    } finally {
      variance.dispose();
    }
  });

  it('requires mean and variance of the channel shape', () => {
    const x = tf.zeros([2, 4]);
    const mean = tf.zeros([4]);
    const short = tf.zeros([2]);
    try {
      expect(() =>
        batchNormalizationInference({ x, mean } as unknown as Parameters<typeof batchNormalizationInference>[0]),
      ).toThrow(/batchNormalizationInference: is required/);
      expect(() => batchNormalizationInference({ x, mean, variance: short })).toThrow(
        /expected a tensor of shape \[4\]/,
      );
    } finally {
      tf.dispose([x, mean, short]);
    }
  });
});
