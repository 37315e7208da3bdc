import { registerGradients } from '@fewshot/backend';
import { createRng } from '@fewshot/core';
import { createRegion, nasBench201 } from '@fewshot/search-space';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxAbsoluteDifference, tinySupernet } from '../testing/tiny-data.js';
import { normalizeEdgeWeights, PartialChannelNetwork } from './partial-channel-network.js';

function batch(seed: number): tf.Tensor4D {
  const rng = createRng({ seed });
  return tf.tensor4d(Float32Array.from({ length: 4 * 8 * 8 }, () => rng.normal()), [4, 8, 8, 1]);
}

function mixingWeights(seed: number): tf.Tensor2D {
  const rng = createRng({ seed });
  return tf.tidy(() => tf.softmax(tf.tensor2d(Float32Array.from({ length: 30 }, () => rng.normal()), [6, 5]))) as tf.Tensor2D;
}

describe('PartialChannelNetwork', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    registerGradients();
  });

  it('with K = 1 and no edge normalisation computes exactly what Supernet.forward computes (evaluation and training)', () => {
    for (const restricted of [false, true]) {
      const full = tinySupernet(3);
      const other = tinySupernet(3);
      const region = createRegion({ space: nasBench201 }).split({ decision: 4, groups: [[2, 3], [0, 1, 4]] })[0]!;
      const reference = restricted ? full.restrict(region) : full;
      const subject = restricted ? other.restrict(region) : other;
      const network = new PartialChannelNetwork(subject);
      const input = batch(1);
      const weights = mixingWeights(2);
      for (const training of [false, true]) {
        const expected = reference.forward({ input, training, mixingWeights: weights });
        const actual = tf.tidy(() => network.forward({ input, training, mixingWeights: weights, partialChannels: 1 }));
        expect(maxAbsoluteDifference(actual.dataSync(), expected.dataSync())).toBeLessThan(1e-5);
        tf.dispose([expected, actual]);
      }
      const statistics = (supernet: typeof full) => [...supernet.namedVariables()].filter(([, variable]) => !variable.trainable).map(([key, variable]) => [key, Array.from(variable.dataSync())]);
      expect(statistics(subject)).toEqual(statistics(reference));
      tf.dispose([input, weights]);
      for (const supernet of new Set([full, other, reference, subject])) supernet.dispose();
    }
  });

  it('with K = 2 trains only the top-left C/K block of every cell kernel and passes gradients to alpha and beta', () => {
    const supernet = tinySupernet(4);
    const network = new PartialChannelNetwork(supernet);
    const input = batch(3);
    const alpha = tf.tidy(() => tf.variable(tf.zeros([6, 5]), true, 'pc-test-alpha'));
    const beta = tf.tidy(() => tf.variable(tf.tensor1d([0.1, -0.2, 0.3, 0, 0.5, -0.1]), true, 'pc-test-beta'));
    const kernel = supernet.namedVariables().get('cell1/edge3-1/nor_conv_3x3/conv/kernel')!;
    expect(kernel.shape).toEqual([3, 3, 8, 8]);
    const { value, grads } = tf.variableGrads(
      () =>
        tf.sum(
          tf.square(
            network.forward({ input, training: true, mixingWeights: tf.softmax(alpha) as tf.Tensor2D, edgeWeights: normalizeEdgeWeights(beta), partialChannels: 2 }),
          ),
        ) as tf.Scalar,
      [alpha, beta, kernel],
    );
    const kernelGradient = (grads[kernel.name] as tf.Tensor).arraySync() as number[][][][];
    let inside = 0;
    let outside = 0;
    kernelGradient.forEach((rows) =>
      rows.forEach((inputs) =>
        inputs.forEach((outputs, i) =>
          outputs.forEach((g, o) => {
            if (i < 4 && o < 4) inside += Math.abs(g);
            else outside += Math.abs(g);
          }),
        ),
      ),
    );
    expect(inside).toBeGreaterThan(0);
    expect(outside).toBe(0);
    expect(Math.max(...Array.from((grads[alpha.name] as tf.Tensor).dataSync()).map(Math.abs))).toBeGreaterThan(0);
    // Node 1 has a single incoming edge: its beta has no effect (softmax over one value).
    const betaGradient = Array.from((grads[beta.name] as tf.Tensor).dataSync());
    expect(betaGradient[0]).toBe(0);
    expect(Math.max(...betaGradient.slice(1).map(Math.abs))).toBeGreaterThan(0);
    tf.dispose([value, ...Object.values(grads), input, alpha, beta]);
    supernet.dispose();
  });

  it('normalises the edge weights per node', () => {
    const beta = tf.tensor1d([0.4, 1, -1, 2, 0, -3]);
    const normalized = tf.tidy(() => normalizeEdgeWeights(beta));
    const values = Array.from(normalized.dataSync());
    // Edges 1<-0 | 2<-0, 2<-1 | 3<-0, 3<-1, 3<-2.
    expect(values[0]).toBeCloseTo(1, 6);
    expect((values[1] as number) + (values[2] as number)).toBeCloseTo(1, 6);
    expect((values[3] as number) + (values[4] as number) + (values[5] as number)).toBeCloseTo(1, 6);
    expect(values[3]).toBeCloseTo(Math.exp(2) / (Math.exp(2) + 1 + Math.exp(-3)), 5);
    tf.dispose([beta, normalized]);
  });
});
