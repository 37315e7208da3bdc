import { registerGradients } from '@fewshot/backend';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxAbsoluteDifference } from '../testing/tiny-data.js';
import { finiteDifferenceHessianVectorProduct, unrolledArchitectureGradient } from './unrolled-gradient.js';

const variable = (values: number[], name: string) => tf.tidy(() => tf.variable(tf.tensor1d(values), true, name));

describe('finiteDifferenceHessianVectorProduct', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    registerGradients();
  });

  it('matches the exact mixed second derivative of L = sum(alpha * w^3) + sum(u^2 * alpha[0]), and restores the weights', () => {
    const w = variable([0.8, -1.2, 0.5], 'hvp-w');
    const u = variable([0.3, -0.7], 'hvp-u');
    const alpha = variable([0.4, 1.5, -0.6], 'hvp-alpha');
    const vw = tf.tensor1d([0.6, 0.2, -0.9]);
    const vu = tf.tensor1d([-0.5, 0.25]);
    const before = [Array.from(w.dataSync()), Array.from(u.dataSync())];
    const loss = () =>
      tf.add(tf.sum(tf.mul(alpha, tf.pow(w, 3))), tf.mul(tf.sum(tf.square(u)), tf.reshape(tf.slice(alpha, [0], [1]), []))) as tf.Scalar;
    const product = finiteDifferenceHessianVectorProduct({
      weights: [w, u],
      vector: new Map([
        [w.name, vw],
        [u.name, vu],
      ]),
      loss,
      wrt: [alpha],
      radius: 0.01,
    });
    // d/dalpha_i L = w_i^3 + [i = 0] ||u||^2, so (H v)_i = 3 w_i^2 v_w,i + [i = 0] 2 u . v_u.
    const wValues = before[0] as number[];
    const uValues = before[1] as number[];
    const vwValues = [0.6, 0.2, -0.9];
    const uDot = 2 * ((uValues[0] as number) * -0.5 + (uValues[1] as number) * 0.25);
    const exact = wValues.map((value, index) => 3 * value * value * (vwValues[index] as number) + (index === 0 ? uDot : 0));
    const approximate = Array.from((product[alpha.name] as tf.Tensor).dataSync());
    expect(maxAbsoluteDifference(approximate, exact)).toBeLessThan(2e-3);
    expect(Array.from(w.dataSync())).toEqual(before[0]);
    expect(Array.from(u.dataSync())).toEqual(before[1]);
    tf.dispose([w, u, alpha, vw, vu, ...Object.values(product)]);
  });

  it('is zero for a zero vector', () => {
    const w = variable([1, 2], 'hvp-zero-w');
    const alpha = variable([3, 4], 'hvp-zero-alpha');
    const product = finiteDifferenceHessianVectorProduct({
      weights: [w],
      vector: new Map(),
      loss: () => tf.sum(tf.mul(w, alpha)) as tf.Scalar,
      wrt: [alpha],
      radius: 0.01,
    });
    expect(Array.from((product[alpha.name] as tf.Tensor).dataSync())).toEqual([0, 0]);
    tf.dispose([w, alpha, ...Object.values(product)]);
  });
});

describe('unrolledArchitectureGradient', () => {
  const A = [
    [1, 0.5],
    [-0.3, 2],
    [0.7, -1],
  ];
  const b = [0.2, -0.4, 1.1];
  const c = [0.05, -0.02];
  let tensors: { A: tf.Tensor2D; b: tf.Tensor1D; c: tf.Tensor1D };
  beforeAll(async () => {
    await tf.setBackend('cpu');
    registerGradients();
    tensors = { A: tf.tensor2d(A), b: tf.tensor1d(b), c: tf.tensor1d(c) };
  });
  afterAll(() => tf.dispose(Object.values(tensors)));

  it('equals the exact hypergradient of a quadratic problem (with momentum and weight decay)', () => {
    const w = variable([0.9, -0.1, 0.4], 'unrolled-w');
    const alpha = variable([0.3, -0.6], 'unrolled-alpha');
    const xi = 0.1;
    const weightDecay = 0.05;
    const momentum = 0.9;
    const buffer = [0.2, -0.1, 0.3];
    // L_train = 0.5 ||w - A alpha||^2,  L_val = 0.5 ||w - b||^2 + c . alpha
    const trainingLoss = () =>
      tf.mul(0.5, tf.sum(tf.square(tf.sub(w, tf.reshape(tf.matMul(tensors.A, tf.reshape(alpha, [2, 1])), [3]))))) as tf.Scalar;
    const validationLoss = () => tf.add(tf.mul(0.5, tf.sum(tf.square(tf.sub(w, tensors.b)))), tf.sum(tf.mul(tensors.c, alpha))) as tf.Scalar;
    const before = Array.from(w.dataSync());
    const result = unrolledArchitectureGradient({
      weights: [w],
      architecture: [alpha],
      trainingLoss,
      validationLoss,
      learningRate: xi,
      weightDecay,
      momentum,
      momentumBuffers: new Map([[w.name, { shape: [3], values: Float32Array.from(buffer) }]]),
      radius: 0.01,
    });
    // Exact: w' = w - xi (momentum * buffer + (w - A alpha) + weightDecay * w); dL/dalpha = c + xi A^T (w' - b).
    const alphaValues = [0.3, -0.6];
    const aAlpha = A.map((row) => (row[0] as number) * (alphaValues[0] as number) + (row[1] as number) * (alphaValues[1] as number));
    const unrolled = before.map(
      (value, index) => value - xi * (momentum * (buffer[index] as number) + (value - (aAlpha[index] as number)) + weightDecay * value),
    );
    const residual = unrolled.map((value, index) => value - (b[index] as number));
    const exact = [0, 1].map((j) => (c[j] as number) + xi * A.reduce((sum, row, i) => sum + (row[j] as number) * (residual[i] as number), 0));
    const approximate = Array.from((result.gradients[alpha.name] as tf.Tensor).dataSync());
    expect(maxAbsoluteDifference(approximate, exact)).toBeLessThan(1e-4);
    const exactValidationLoss = 0.5 * residual.reduce((sum, value) => sum + value * value, 0) + (c[0] as number) * 0.3 + (c[1] as number) * -0.6;
    expect(result.validationLoss).toBeCloseTo(exactValidationLoss, 5);
    // The first-order gradient (c) would be far off: the second-order term matters here.
    expect(maxAbsoluteDifference(approximate, c)).toBeGreaterThan(0.01);
    expect(Array.from(w.dataSync())).toEqual(before);
    tf.dispose([w, alpha, ...Object.values(result.gradients)]);
  });
});
