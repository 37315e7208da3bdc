import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerGradients } from '../gradients/register-gradients.js';
import { selectBackend } from '../select-backend.js';
import { expectClose } from '../testing/array-comparison.js';
import { normalValues } from '../testing/numeric-values.js';
import { averagePoolGradientKernelName } from './wasm-average-pool-gradient.js';

// Sums of up to 15 terms, each rounded by the multiplication with 1 / count.
const tolerance = 1e-6;

interface PoolCase {
  readonly input: readonly [number, number, number, number];
  readonly filter: readonly [number, number];
}

const cases: readonly PoolCase[] = [
  { input: [4, 32, 32, 16], filter: [3, 3] },
  { input: [2, 8, 8, 64], filter: [3, 3] },
  { input: [3, 5, 7, 4], filter: [5, 3] },
  { input: [2, 1, 2, 8], filter: [3, 3] },
  { input: [1, 4, 6, 12], filter: [1, 5] },
];

const upstreamSeed = 29;

/** avgPool's output and the gradient of sum(avgPool(x) * u) for a fixed u, on the active backend. */
async function poolAndGradient(testCase: PoolCase): Promise<{ y: Float32Array; dx: Float32Array; kernels: string[] }> {
  const x = tf.tensor4d(normalValues(testCase.input, 23), [...testCase.input]);
  const upstream = tf.tensor4d(normalValues(testCase.input, upstreamSeed), [...testCase.input]);
  const pool = (input: tf.Tensor) => tf.avgPool(input as tf.Tensor4D, [...testCase.filter] as [number, number], 1, 'same');
  const gradient = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(pool(input), upstream)));
  const profile = await tf.profile(() => tf.dispose([pool(x), gradient(x)]));
  const y = pool(x);
  const dx = gradient(x);
  const result = { y: Float32Array.from(await y.data()), dx: Float32Array.from(await dx.data()), kernels: profile.kernels.map((kernel) => kernel.name) };
  tf.dispose([x, upstream, y, dx]);
  return result;
}

beforeAll(async () => {
  registerGradients();
  await selectBackend({ backend: 'wasm', environment: {} });
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('the gradient of stride-1 same average pooling on wasm', () => {
  for (const testCase of cases) {
    it(`matches tfjs-backend-cpu's (the op formulation): x [${testCase.input.join(', ')}], ${testCase.filter.join('x')}`, async () => {
      await tf.setBackend('cpu');
      const reference = await poolAndGradient(testCase);
      await tf.setBackend('wasm');
      const ours = await poolAndGradient(testCase);
      expectClose(ours.y, reference.y, tolerance, 'forward');
      expectClose(ours.dx, reference.dx, tolerance, 'gradient');
      // The pooling twice (alone, and in the gradient's forward pass) and the fused gradient,
      // with no division by the counts.
      expect(ours.kernels.filter((name) => name === tf.AvgPool)).toHaveLength(2);
      expect(ours.kernels).toContain(averagePoolGradientKernelName);
      expect(ours.kernels).not.toContain(tf.RealDiv);
    });
  }
});
