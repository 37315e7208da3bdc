import '@fewshot/backend'; // registers the gradients
import { createRng, InvalidArgumentError } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { gumbelSoftmaxMixingWeights, softmaxMixingWeights } from './mixing-weights.js';
import { bitIdentical, deterministicBatch } from './testing/tensors.js';

function logitsFor(seed: number): tf.Tensor2D {
  return tf.tidy(() => tf.reshape(deterministicBatch([1, 1, 6, 5], seed), [6, 5]) as tf.Tensor2D);
}

describe('softmaxMixingWeights', () => {
  it('is a softmax per edge, with temperature', async () => {
    const logits = logitsFor(1);
    const weights = softmaxMixingWeights({ logits });
    const hot = softmaxMixingWeights({ logits, temperature: 0.01 });
    const values = await weights.array();
    const raw = await logits.array();
    values.forEach((row, edge) => {
      expect(row.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 6);
      const exponentials = raw[edge]!.map(Math.exp);
      const total = exponentials.reduce((sum, value) => sum + value, 0);
      row.forEach((value, operation) => expect(value).toBeCloseTo(exponentials[operation]! / total, 6));
    });
    // A low temperature concentrates each row on its argmax.
    (await hot.array()).forEach((row, edge) => {
      const argmax = raw[edge]!.indexOf(Math.max(...raw[edge]!));
      expect(row[argmax]).toBeGreaterThan(0.99);
    });
    expect(() => softmaxMixingWeights({ logits, temperature: 0 })).toThrow(/options\.temperature/);
    tf.dispose([logits, weights, hot]);
  });
});

describe('gumbelSoftmaxMixingWeights', () => {
  it('is reproducible from the rng and sums to 1 per edge', async () => {
    const logits = logitsFor(2);
    const a = gumbelSoftmaxMixingWeights({ logits, temperature: 1, rng: createRng({ seed: 5 }) });
    const b = gumbelSoftmaxMixingWeights({ logits, temperature: 1, rng: createRng({ seed: 5 }) });
    const c = gumbelSoftmaxMixingWeights({ logits, temperature: 1, rng: createRng({ seed: 6 }) });
    expect(await bitIdentical(a, b)).toBe(true);
    expect(await bitIdentical(a, c)).toBe(false);
    (await a.array()).forEach((row) => expect(row.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 6));
    tf.dispose([logits, a, b, c]);
  });

  it('samples ops in proportion to softmax(logits)', async () => {
    const logits = tf.tensor2d([[Math.log(0.1), Math.log(0.2), Math.log(0.3), Math.log(0.4), -1e9]]);
    const rng = createRng({ seed: 7 });
    const counts = [0, 0, 0, 0, 0];
    for (let draw = 0; draw < 2000; draw += 1) {
      const weights = gumbelSoftmaxMixingWeights({ logits, temperature: 1, rng, hard: true });
      const row = (await weights.array())[0]!;
      counts[row.indexOf(1)]! += 1;
      weights.dispose();
    }
    expect(counts[4]).toBe(0);
    [0.1, 0.2, 0.3, 0.4].forEach((probability, operation) => expect(counts[operation]! / 2000).toBeCloseTo(probability, 1));
    logits.dispose();
  });

  it('hard: one-hot in value, gradient of the soft weights (straight-through)', async () => {
    const logits = logitsFor(3);
    const upstream = logitsFor(4);
    const hard = gumbelSoftmaxMixingWeights({ logits, temperature: 2, rng: createRng({ seed: 8 }), hard: true });
    const values = await hard.array();
    values.forEach((row) => {
      expect(row.filter((value) => value === 1)).toHaveLength(1);
      expect(row.filter((value) => value === 0)).toHaveLength(4);
    });
    const loss = (hardMode: boolean) => (input: tf.Tensor) =>
      tf.sum(tf.mul(gumbelSoftmaxMixingWeights({ logits: input as tf.Tensor2D, temperature: 2, rng: createRng({ seed: 8 }), hard: hardMode }), upstream));
    const hardGradient = tf.tidy(() => tf.grad(loss(true))(logits));
    const softGradient = tf.tidy(() => tf.grad(loss(false))(logits));
    expect(await bitIdentical(hardGradient, softGradient)).toBe(true);
    expect((await hardGradient.data()).some((value) => Math.abs(value) > 1e-6)).toBe(true);
    expect(() => gumbelSoftmaxMixingWeights({ logits, temperature: 1, rng: undefined as never })).toThrow(InvalidArgumentError);
    tf.dispose([logits, upstream, hard, hardGradient, softGradient]);
  });
});
