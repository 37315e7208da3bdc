import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { InvalidArgumentError } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { sgdUpdateByOps, sgdUpdateKernelName } from './internal/wasm-sgd-update.js';
import { sgdMomentumUpdate } from './sgd-momentum-update.js';
import { normalValues } from './testing/numeric-values.js';

afterAll(async () => {
  await tf.setBackend('cpu');
});

const settingsList = [
  { weightDecay: 1e-4, momentum: 0.9, nesterov: true, learningRate: 0.05 },
  { weightDecay: 0, momentum: 0.9, nesterov: false, learningRate: 0.0123 },
  { weightDecay: 5e-4, momentum: 0.5, nesterov: false, learningRate: 1.7 },
  { weightDecay: 0, momentum: 0.99, nesterov: true, learningRate: 3e-3 },
];

describe('sgdMomentumUpdate', () => {
  const shapes: ReadonlyArray<readonly number[]> = [[1], [7], [3, 3, 8, 8], [10], [16, 10], [3, 3, 1, 13]];
  for (const shape of shapes) {
    for (const [index, settings] of settingsList.entries()) {
      it(`is one kernel on wasm, bit-identical to the ops on wasm and on cpu: [${shape.join(', ')}], settings ${index}`, async () => {
        const values = (seed: number) => normalValues(shape, seed);
        const run = async (backend: 'wasm' | 'cpu', fused: boolean) => {
          await tf.setBackend(backend);
          const weights = tf.tensor(values(1), shape as number[]);
          const gradient = tf.tensor(values(2), shape as number[]);
          const buffer = tf.tensor(values(3), shape as number[]);
          let result: [Float32Array, Float32Array] | undefined;
          const profile = await tf.profile(async () => {
            let nextWeights: tf.Tensor;
            let nextBuffer: tf.Tensor;
            if (fused) ({ weights: nextWeights, buffer: nextBuffer } = sgdMomentumUpdate({ weights, gradient, buffer, ...settings }));
            else [nextWeights, nextBuffer] = sgdUpdateByOps(weights, gradient, buffer, settings);
            result = [(await nextWeights.data()) as Float32Array, (await nextBuffer.data()) as Float32Array];
            tf.dispose([nextWeights, nextBuffer]);
          });
          tf.dispose([weights, gradient, buffer]);
          return { result: result!, kernels: profile.kernels.map((kernel) => kernel.name) };
        };
        const fusedWasm = await run('wasm', true);
        const opsWasm = await run('wasm', false);
        const opsCpu = await run('cpu', true);
        expect(fusedWasm.kernels).toEqual([sgdUpdateKernelName]);
        expect(opsWasm.kernels.length).toBeGreaterThanOrEqual(4);
        for (const part of [0, 1] as const) {
          expect(Array.from(fusedWasm.result[part])).toEqual(Array.from(opsWasm.result[part]));
          expect(Array.from(fusedWasm.result[part])).toEqual(Array.from(opsCpu.result[part]));
        }
      });
    }
  }

  it('computes PyTorch’s update (hand-checked numbers)', async () => {
    await tf.setBackend('wasm');
    const weights = tf.tensor1d([1, -2, 0.5, 4, 3]);
    const gradient = tf.tensor1d([0.1, 0.2, -0.3, 0, 1]);
    const buffer = tf.tensor1d([1, 0, 2, -1, 0.5]);
    const next = sgdMomentumUpdate({ weights, gradient, buffer, weightDecay: 0.5, momentum: 0.9, nesterov: true, learningRate: 0.1 });
    // g = gradient + 0.5 w = [0.6, -0.8, -0.05, 2, 2.5]; buffer = 0.9 b + g = [1.5, -0.8, 1.75, 1.1, 2.95]
    // update = g + 0.9 buffer = [1.95, -1.52, 1.525, 2.99, 5.155]; w - 0.1 update
    expect(Array.from(await next.buffer.data())).toEqual([1.5, -0.8, 1.75, 1.1, 2.95].map((value) => expect.closeTo(value, 6)));
    expect(Array.from(await next.weights.data())).toEqual([0.805, -1.848, 0.3475, 3.701, 2.4845].map((value) => expect.closeTo(value, 6)));
    tf.dispose([weights, gradient, buffer, next.weights, next.buffer]);
  });

  it('names the argument of bad input', async () => {
    await tf.setBackend('cpu');
    const weights = tf.zeros([3]);
    const other = tf.zeros([4]);
    const base = { weights, gradient: weights, buffer: weights, weightDecay: 0, momentum: 0.9, nesterov: false, learningRate: 0.1 };
    const argumentOf = (options: Parameters<typeof sgdMomentumUpdate>[0]): string | undefined => {
      try {
        sgdMomentumUpdate(options);
        return undefined;
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidArgumentError);
        return (error as InvalidArgumentError).argument;
      }
    };
    expect(argumentOf({ ...base, buffer: other })).toBe('options.buffer');
    expect(argumentOf({ ...base, learningRate: Number.NaN })).toBe('options.learningRate');
    expect(argumentOf({ ...base, gradient: [1, 2, 3] as unknown as tf.Tensor })).toBe('options.gradient');
    expect(argumentOf({ ...base, nesterov: 1 as unknown as boolean })).toBe('options.nesterov');
    tf.dispose([weights, other]);
  });
});
