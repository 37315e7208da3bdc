import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import '@fewshot/backend';
import { thrown } from '../testing/tensors.js';
import { createAdam } from './adam.js';

/** PyTorch's Adam update for one scalar parameter, in float64. */
function referenceAdam(gradients: readonly number[], options: { lr: number; beta1: number; beta2: number; eps: number }, start: number): number {
  let p = start;
  let m = 0;
  let v = 0;
  gradients.forEach((g, index) => {
    const t = index + 1;
    m = options.beta1 * m + (1 - options.beta1) * g;
    v = options.beta2 * v + (1 - options.beta2) * g * g;
    const denominator = Math.sqrt(v) / Math.sqrt(1 - options.beta2 ** t) + options.eps;
    p -= (options.lr / (1 - options.beta1 ** t)) * (m / denominator);
  });
  return p;
}

describe('createAdam', () => {
  it('follows PyTorch\'s update, keyed by variable name, moving only variables with a gradient', () => {
    const a = tf.tidy(() => tf.variable(tf.tensor1d([1, -2]), true, 'adam-test/a'));
    const b = tf.tidy(() => tf.variable(tf.tensor1d([3]), true, 'adam-test/b'));
    const adam = createAdam({ learningRate: 0.1, beta1: 0.5, beta2: 0.9 });
    try {
      const gradientsA = [
        [0.5, -1],
        [0.25, 2],
        [-1, 0.5],
      ];
      for (const [step, gradient] of gradientsA.entries()) {
        const grads: Record<string, tf.Tensor> = { 'adam-test/a': tf.tensor1d(gradient) };
        // b only receives a gradient at the second step; the list order changes between steps.
        if (step === 1) grads['adam-test/b'] = tf.tensor1d([4]);
        adam.applyGradients({ gradients: grads, variables: step === 0 ? [a, b] : [b, a] });
        tf.dispose(Object.values(grads));
      }
      const options = { lr: 0.1, beta1: 0.5, beta2: 0.9, eps: 1e-8 };
      const values = a.dataSync();
      expect(values[0]).toBeCloseTo(referenceAdam([0.5, 0.25, -1], options, 1), 5);
      expect(values[1]).toBeCloseTo(referenceAdam([-1, 2, 0.5], options, -2), 5);
      expect(b.dataSync()[0]).toBeCloseTo(referenceAdam([4], options, 3), 5); // one step, its own step count
      expect(adam.stepOf({ variableName: 'adam-test/a' })).toBe(3);
      expect(adam.stepOf({ variableName: 'adam-test/b' })).toBe(1);
    } finally {
      adam.dispose();
      tf.dispose([a, b]);
    }
  });

  it('saves and restores its state under other names, continuing identically', async () => {
    const first = tf.tidy(() => tf.variable(tf.tensor2d([[1, 2]]), true, 'adam-save-1/w'));
    const second = tf.tidy(() => tf.variable(tf.tensor2d([[1, 2]]), true, 'adam-save-2/w'));
    const adam = createAdam({});
    const copy = createAdam({});
    try {
      const step = (optimizer: typeof adam, variable: tf.Variable, values: number[]) => {
        const gradient = tf.tensor2d([values]);
        optimizer.applyGradients({ gradients: { [variable.name]: gradient }, variables: [variable] });
        gradient.dispose();
      };
      step(adam, first, [0.3, -0.7]);
      step(copy, second, [0.3, -0.7]);
      const state = await adam.getState({ rename: (name) => name.replace('adam-save-1/', '') });
      expect(Object.keys(state.entries)).toEqual(['w']);
      const restored = createAdam({});
      restored.setState({ state, rename: (key) => `adam-save-2/${key}` });
      copy.dispose();
      step(adam, first, [1, 1]);
      step(restored, second, [1, 1]);
      expect(Array.from(second.dataSync())).toEqual(Array.from(first.dataSync()));
      restored.dispose();
    } finally {
      adam.dispose();
      copy.dispose();
      tf.dispose([first, second]);
    }
  });

  it('rejects bad settings and mismatched gradients', () => {
    expect(thrown(() => createAdam({ beta2: 1 })).code).toBe('out-of-range');
    expect(thrown(() => createAdam({ learningRate: 0 })).argument).toBe('options.learningRate');
    const variable = tf.tidy(() => tf.variable(tf.zeros([2]), true, 'adam-bad/w'));
    const adam = createAdam({});
    const gradient = tf.zeros([3]);
    try {
      expect(thrown(() => adam.applyGradients({ gradients: { 'adam-bad/w': gradient }, variables: [variable] })).message).toContain('has shape [3], the variable [2]');
    } finally {
      tf.dispose([variable, gradient]);
      adam.dispose();
    }
    expect(thrown(() => adam.applyGradients({ gradients: {}, variables: [] })).code).toBe('invalid-state');
  });
});
