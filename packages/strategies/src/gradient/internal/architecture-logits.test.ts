import { registerGradients } from '@fewshot/backend';
import { createRng } from '@fewshot/core';
import { createRegion, nasBench201 } from '@fewshot/search-space';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArchitectureLogits } from './architecture-logits.js';

describe('ArchitectureLogits', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    registerGradients();
  });

  it('initialises 1e-3 N(0, 1) from the generator and masks the ops outside the region out of softmax, gradient and argmax', () => {
    const region = createRegion({ space: nasBench201 }).split({ decision: 0, groups: [[0, 1], [2, 3, 4]] })[1]!;
    const logits = new ArchitectureLogits({ name: 'logits-test-alpha', region, rng: createRng({ seed: 1 }), initialScale: 1e-3 });
    const rng = createRng({ seed: 1 });
    const expected = Array.from({ length: 30 }, () => Math.fround(1e-3 * rng.normal()));
    expect(Array.from(logits.variable.dataSync())).toEqual(expected);
    // Make ops 0 and 1 of edge 0 (outside the region) the largest: they must still never win.
    tf.tidy(() => logits.variable.assign(tf.add(logits.variable, tf.tensor2d([[5, 4, 0, 0.2, 0.1], ...Array.from({ length: 5 }, () => [0, 0, 0, 0, 0])]))));
    expect(logits.derive()[0]).toBe(3);
    const values = logits.values();
    expect(values[0]?.slice(0, 2)).toEqual([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    const probabilities = logits.probabilities();
    expect(probabilities[0]?.slice(0, 2)).toEqual([0, 0]);
    for (const row of probabilities) expect(row.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 12);
    const weights = tf.tidy(() => logits.softmax());
    expect(Array.from(weights.dataSync()).slice(0, 2)).toEqual([0, 0]);
    const cost = tf.tensor2d(Array.from({ length: 30 }, (_, index) => index % 7), [6, 5]);
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(logits.softmax(), cost)) as tf.Scalar, [logits.variable]);
    const gradient = Array.from((grads[logits.variable.name] as tf.Tensor).dataSync());
    expect(gradient.slice(0, 2)).toEqual([0, 0]);
    expect(gradient.every(Number.isFinite)).toBe(true);
    expect(Math.abs(gradient[3] as number)).toBeGreaterThan(0);
    tf.dispose([weights, cost, value, ...Object.values(grads)]);
    logits.dispose();
  });

  it('ranks log-probabilities consistently with the probabilities', () => {
    const region = createRegion({ space: nasBench201 });
    const logits = new ArchitectureLogits({ name: 'logits-test-rank', region, rng: createRng({ seed: 2 }), initialScale: 1 });
    const logs = logits.logProbabilities();
    const probabilities = logits.probabilities();
    logs.forEach((row, edge) => row.forEach((value, op) => expect(Math.exp(value)).toBeCloseTo(probabilities[edge]?.[op] as number, 12)));
    const best = logits.derive();
    const score = (architecture: readonly number[]) => logits.logProbability(architecture, logs);
    expect(score(best)).toBeGreaterThanOrEqual(score([0, 0, 0, 0, 0, 0]));
    logits.dispose();
  });
});
