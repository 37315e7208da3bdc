import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSgdOptimizer } from './sgd-optimizer.js';

/** torch.optim.SGD's update, written out in plain numbers. */
function referenceSgd(options: {
  weights: number[];
  gradients: number[][];
  learningRate: number;
  momentum: number;
  nesterov: boolean;
  weightDecay: number;
  clip?: number;
}): number[] {
  const weights = [...options.weights];
  let buffer: number[] | undefined;
  for (const rawGradient of options.gradients) {
    const norm = Math.sqrt(rawGradient.reduce((sum, g) => sum + g * g, 0));
    const scale = options.clip !== undefined && norm > options.clip ? options.clip / (norm + 1e-6) : 1;
    const gradient = rawGradient.map((g, i) => g * scale + options.weightDecay * (weights[i] as number));
    buffer = buffer === undefined ? gradient : buffer.map((b, i) => options.momentum * b + (gradient[i] as number));
    const current = buffer;
    const update = options.nesterov ? gradient.map((g, i) => g + options.momentum * (current[i] as number)) : current;
    for (let i = 0; i < weights.length; i += 1) weights[i] = (weights[i] as number) - options.learningRate * (update[i] as number);
  }
  return weights;
}

describe('SgdOptimizer', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  const variables: tf.Variable[] = [];
  const disposeVariables = () => {
    for (const variable of variables.splice(0)) variable.dispose();
  };

  const gradients = [
    [0.5, -1, 2],
    [0.25, 0.5, -0.5],
    [-1, 1, 3],
  ];
  for (const nesterov of [true, false]) {
    for (const clip of [undefined, 1]) {
      it(`matches torch.optim.SGD's formula (nesterov ${nesterov}, clip ${String(clip)})`, () => {
        const variable = tf.tidy(() => tf.variable(tf.tensor1d([1, 2, -3]), true, `sgd-test-${String(nesterov)}-${String(clip)}`));
        variables.push(variable);
        const optimizer = createSgdOptimizer({ momentum: 0.9, nesterov, weightDecay: 0.01, ...(clip === undefined ? {} : { gradientClipNorm: clip }) });
        for (const gradient of gradients) {
          const tensor = tf.tensor1d(gradient);
          optimizer.step({ variables: [variable], gradients: { [variable.name]: tensor }, learningRate: 0.1 });
          tensor.dispose();
        }
        const expected = referenceSgd({ weights: [1, 2, -3], gradients, learningRate: 0.1, momentum: 0.9, nesterov, weightDecay: 0.01, ...(clip === undefined ? {} : { clip }) });
        const actual = Array.from(variable.dataSync());
        actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i] as number, 5));
        optimizer.dispose();
        disposeVariables();
      });
    }
  }

  it('saves and restores its momentum so that a restored optimizer continues identically', () => {
    const a = tf.tidy(() => tf.variable(tf.tensor1d([1, 2, -3]), true, 'sgd-state-a'));
    const b = tf.tidy(() => tf.variable(tf.tensor1d([1, 2, -3]), true, 'sgd-state-b'));
    variables.push(a, b);
    const first = createSgdOptimizer({});
    const gradient = tf.tensor1d([0.5, -1, 2]);
    first.step({ variables: [a], gradients: { [a.name]: gradient }, learningRate: 0.1 });
    b.assign(a);
    const state = first.getState();
    const second = createSgdOptimizer({});
    second.setState({ buffers: new Map([[b.name, state.buffers.get(a.name)!]]) });
    first.step({ variables: [a], gradients: { [a.name]: gradient }, learningRate: 0.1 });
    second.step({ variables: [b], gradients: { [b.name]: gradient }, learningRate: 0.1 });
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    gradient.dispose();
    first.dispose();
    second.dispose();
    disposeVariables();
  });

  it('rejects bad options and missing gradients with typed errors', () => {
    expect(() => createSgdOptimizer({ momentum: 2 })).toThrowError(/createSgdOptimizer: options.momentum/);
    expect(() => createSgdOptimizer({ momentum: 0, nesterov: true })).toThrowError(/options.nesterov/);
    const variable = tf.tidy(() => tf.variable(tf.tensor1d([1]), true, 'sgd-missing'));
    variables.push(variable);
    const optimizer = createSgdOptimizer({});
    expect(() => optimizer.step({ variables: [variable], gradients: {}, learningRate: 0.1 })).toThrowError(
      /SgdOptimizer.step: no gradient for variable "sgd-missing"/,
    );
    optimizer.dispose();
    expect(() => optimizer.step({ variables: [], gradients: {}, learningRate: 0.1 })).toThrowError(/disposed/);
    disposeVariables();
  });
});
