import { FewshotError } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAdamOptimizer } from './adam-optimizer.js';

/** PyTorch's Adam on plain numbers (float64), the reference. */
function referenceAdam(settings: { lr: number; b1: number; b2: number; eps: number; wd: number }) {
  const state = new Map<string, { m: number[]; v: number[]; t: number }>();
  return (name: string, parameters: number[], gradient: readonly number[]): void => {
    const entry = state.get(name) ?? { m: parameters.map(() => 0), v: parameters.map(() => 0), t: 0 };
    state.set(name, entry);
    entry.t += 1;
    parameters.forEach((value, index) => {
      const g = (gradient[index] as number) + settings.wd * value;
      entry.m[index] = settings.b1 * (entry.m[index] as number) + (1 - settings.b1) * g;
      entry.v[index] = settings.b2 * (entry.v[index] as number) + (1 - settings.b2) * g * g;
      const denominator = Math.sqrt(entry.v[index] as number) / Math.sqrt(1 - settings.b2 ** entry.t) + settings.eps;
      parameters[index] = value - (settings.lr / (1 - settings.b1 ** entry.t)) * ((entry.m[index] as number) / denominator);
    });
  };
}

describe('createAdamOptimizer', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('matches PyTorch Adam (weight decay as L2) step by step, keyed by variable name', () => {
    const settings = { lr: 0.05, b1: 0.5, b2: 0.999, eps: 1e-8, wd: 1e-3 };
    const adam = createAdamOptimizer({ learningRate: settings.lr, beta1: settings.b1, beta2: settings.b2, weightDecay: settings.wd });
    const a = tf.tidy(() => tf.variable(tf.tensor1d([0.5, -1, 2]), true, 'adam-test-a'));
    const b = tf.tidy(() => tf.variable(tf.tensor1d([3, -0.25]), true, 'adam-test-b'));
    const reference = referenceAdam(settings);
    const expectedA = [0.5, -1, 2];
    const expectedB = [3, -0.25];
    const gradientsA = [[0.1, -0.2, 0.3], [1, 1, -1], [0.5, 0, -0.5]];
    const gradientsB = [[-2, 0.5], [0.25, -4]];
    // Step 1: both; step 2: only a, given in a different order than step 1; step 3: b then a.
    const plan: { names: ('a' | 'b')[] }[] = [{ names: ['a', 'b'] }, { names: ['a'] }, { names: ['b', 'a'] }];
    let stepA = 0;
    let stepB = 0;
    for (const { names } of plan) {
      const gradients: tf.NamedTensorMap = {};
      const variables: tf.Variable[] = [];
      for (const name of names) {
        if (name === 'a') {
          const g = gradientsA[stepA] as number[];
          gradients[a.name] = tf.tensor1d(g);
          variables.push(a);
          reference('a', expectedA, g);
          stepA += 1;
        } else {
          const g = gradientsB[stepB] as number[];
          gradients[b.name] = tf.tensor1d(g);
          variables.push(b);
          reference('b', expectedB, g);
          stepB += 1;
        }
      }
      adam.step({ variables, gradients });
      tf.dispose(Object.values(gradients));
      Array.from(a.dataSync()).forEach((value, index) => expect(value).toBeCloseTo(expectedA[index] as number, 5));
      Array.from(b.dataSync()).forEach((value, index) => expect(value).toBeCloseTo(expectedB[index] as number, 5));
    }
    expect(adam.stepCounts().get(a.name)).toBe(3);
    expect(adam.stepCounts().get(b.name)).toBe(2);
    adam.dispose();
    tf.dispose([a, b]);
  });

  it('clips the global gradient norm and returns the norm before clipping', () => {
    const adam = createAdamOptimizer({ learningRate: 0.1, gradientClipNorm: 1 });
    const x = tf.tidy(() => tf.variable(tf.tensor1d([0, 0]), true, 'adam-test-clip'));
    const gradient = tf.tensor1d([3, 4]);
    const norm = adam.step({ variables: [x], gradients: { [x.name]: gradient } });
    expect(norm).toBeCloseTo(5, 5);
    // The first Adam step moves every coordinate by lr * sign(g) whatever the scale: check the moments instead.
    const moved = Array.from(x.dataSync());
    expect(moved[0]).toBeCloseTo(-0.1, 5);
    expect(moved[1]).toBeCloseTo(-0.1, 5);
    adam.dispose();
    tf.dispose([x, gradient]);
  });

  it('rejects bad options and missing gradients with typed errors, and refuses to step after dispose', () => {
    expect(() => createAdamOptimizer({ beta1: 1 })).toThrow(/^createAdamOptimizer: options\.beta1: expected a finite number < 1, got 1$/);
    const adam = createAdamOptimizer();
    const x = tf.tidy(() => tf.variable(tf.tensor1d([1]), true, 'adam-test-errors'));
    try {
      adam.step({ variables: [x], gradients: {} });
      expect.unreachable();
    } catch (error) {
      expect(FewshotError.isInstance(error) && error.argument).toBe('options.gradients');
    }
    adam.dispose();
    const gradient = tf.tensor1d([1]);
    expect(() => adam.step({ variables: [x], gradients: { [x.name]: gradient } })).toThrow(/disposed/);
    tf.dispose([x, gradient]);
  });
});
