import { registerGradients } from '@fewshot/backend';
import { createRng } from '@fewshot/core';
import { createRegion, nasBench201 } from '@fewshot/search-space';
import { gumbelSoftmaxMixingWeights } from '@fewshot/supernet';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArchitectureLogits } from '../internal/architecture-logits.js';
import { maxAbsoluteDifference, tinySupernet } from '../testing/tiny-data.js';
import { createGdas, gdasTemperature } from './gdas.js';

describe('GDAS sampling', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    registerGradients();
  });

  it('draws one-hot weights inside the region whose gradient is the soft Gumbel-softmax gradient (straight-through)', () => {
    const region = createRegion({ space: nasBench201 }).split({ decision: 5, groups: [[0, 4], [1, 2, 3]] })[1]!;
    const logits = new ArchitectureLogits({ name: 'gdas-test-alpha', region, rng: createRng({ seed: 1 }), initialScale: 1 });
    const cost = tf.tensor2d(Array.from({ length: 30 }, (_, index) => ((index * 7) % 11) - 5), [6, 5]);
    for (const seed of [1, 2, 3]) {
      const hard = tf.tidy(() => gumbelSoftmaxMixingWeights({ logits: logits.masked(), temperature: 2, rng: createRng({ seed }), hard: true }));
      const rows = hard.arraySync() as number[][];
      rows.forEach((row, edge) => {
        expect(row.filter((value) => value === 1)).toHaveLength(1);
        expect(row.filter((value) => value === 0)).toHaveLength(4);
        expect(region.allowed[edge]?.[row.indexOf(1)]).toBe(true);
      });
      const hardGradient = tf.variableGrads(
        () => tf.sum(tf.mul(gumbelSoftmaxMixingWeights({ logits: logits.masked(), temperature: 2, rng: createRng({ seed }), hard: true }), cost)) as tf.Scalar,
        [logits.variable],
      );
      const softGradient = tf.variableGrads(
        () => tf.sum(tf.mul(gumbelSoftmaxMixingWeights({ logits: logits.masked(), temperature: 2, rng: createRng({ seed }) }), cost)) as tf.Scalar,
        [logits.variable],
      );
      const h = Array.from((hardGradient.grads[logits.variable.name] as tf.Tensor).dataSync());
      const s = Array.from((softGradient.grads[logits.variable.name] as tf.Tensor).dataSync());
      expect(maxAbsoluteDifference(h, s)).toBeLessThan(1e-6);
      expect(Math.max(...h.map(Math.abs))).toBeGreaterThan(1e-3);
      // Edge 5 allows ops 1..3 only: ops 0 and 4 get no gradient.
      expect([h[25], h[29]]).toEqual([0, 0]);
      tf.dispose([hard, hardGradient.value, softGradient.value, ...Object.values(hardGradient.grads), ...Object.values(softGradient.grads)]);
    }
    cost.dispose();
    logits.dispose();
  });

  it('computes only the sampled ops: the one-hot forward equals the single-path forward of the sample', () => {
    const supernet = tinySupernet(2);
    const logits = new ArchitectureLogits({ name: 'gdas-test-forward', region: supernet.region, rng: createRng({ seed: 5 }), initialScale: 1 });
    const rng = createRng({ seed: 4 });
    const input = tf.tensor4d(Float32Array.from({ length: 2 * 64 }, () => rng.normal()), [2, 8, 8, 1]);
    const weights = tf.tidy(() => gumbelSoftmaxMixingWeights({ logits: logits.masked(), temperature: 1, rng: createRng({ seed: 6 }), hard: true }));
    const active = (weights.arraySync() as number[][]).map((row) => row.indexOf(1));
    const mixed = supernet.forward({ input, training: false, mixingWeights: weights, activeOperations: active });
    const single = supernet.forward({ input, training: false, architecture: active });
    expect(maxAbsoluteDifference(mixed.dataSync(), single.dataSync())).toBeLessThan(1e-5);
    tf.dispose([input, weights, mixed, single]);
    logits.dispose();
    supernet.dispose();
  });

  it('anneals the temperature linearly from 10 to 0.1 over the epochs', () => {
    const method = createGdas();
    expect(method.settings['temperature']).toEqual({ initial: 10, final: 0.1 });
    const schedule = { initial: 10, final: 0.1 };
    const temperatures = [0, 1, 2, 3].map((epoch) => gdasTemperature(schedule, epoch, 4));
    [10, 6.7, 3.4, 0.1].forEach((expected, epoch) => expect(temperatures[epoch]).toBeCloseTo(expected, 12));
    expect(gdasTemperature(schedule, 0, 1)).toBe(10);
    expect(() => createGdas({ temperature: { initial: 1, final: 2 } })).toThrow(/createGdas: expected final <= initial/);
  });
});
