import { createRng } from '@fewshot/core';
import type { ImageDataset } from '@fewshot/datasets';
import { createRegion, nasBench201 } from '@fewshot/search-space';
import { createStandaloneNetwork, createSupernet } from '@fewshot/supernet';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { tinyFashionMnist, tinyNetwork } from '../testing/tiny-data.js';
import { trainStandaloneNetwork } from '../training/train-standalone-network.js';
import { createSupernetEvaluator } from './create-supernet-evaluator.js';
import { evaluateArchitectures } from './evaluate-architectures.js';
import { evaluateNetwork } from './evaluate-network.js';

describe('evaluation (cpu backend, tiny networks, real Fashion-MNIST at 8x8)', () => {
  let train: ImageDataset;
  let test: ImageDataset;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    ({ train, test } = await tinyFashionMnist({ trainPerClass: 20, testPerClass: 5 }));
  });

  it('scores architectures exactly as a manual forward pass over the same batches', async () => {
    const supernet = createSupernet({ ...tinyNetwork, rng: createRng({ seed: 3 }) });
    const architectures = [
      [3, 3, 3, 1, 3, 2],
      [1, 0, 0, 0, 0, 1],
    ];
    const evaluations = await evaluateArchitectures({ supernet, architectures, data: { dataset: test, batchSize: 25 } });
    expect(evaluations).toHaveLength(2);
    const architecture = architectures[0]!;
    const manual = tf.tidy(() => {
      let correct = 0;
      for (let start = 0; start < test.count; start += 25) {
        const size = Math.min(25, test.count - start);
        const pixels = test.images.subarray(start * 64, (start + size) * 64);
        const images = tf.div(tf.tensor4d(Float32Array.from(pixels), [size, 8, 8, 1]), 255) as tf.Tensor4D;
        const logits = supernet.forward({ input: images, training: false, architecture });
        const predictions = tf.argMax(logits, 1).dataSync();
        predictions.forEach((prediction, index) => {
          if (prediction === test.labels[start + index]) correct += 1;
        });
      }
      return (100 * correct) / test.count;
    });
    expect(evaluations[0]?.accuracy).toBeCloseTo(manual, 10);
    expect(evaluations[0]?.architecture).toEqual(architecture);
    expect(evaluations[1]?.loss).toBeGreaterThan(0);
    expect(evaluations.every((evaluation) => evaluation.cost === 0)).toBe(true);
    supernet.dispose();
  });

  it('is an Evaluator, and refuses architectures outside the supernet region', async () => {
    const parent = createSupernet({ ...tinyNetwork, rng: createRng({ seed: 3 }) });
    const child = parent.restrict(createRegion({ space: nasBench201 }).split({ decision: 0, groups: [[0, 1], [2, 3, 4]] })[1]!);
    const evaluator = createSupernetEvaluator({ supernet: child, data: { dataset: test, batchSize: 50 }, name: 'child' });
    expect(evaluator.name).toBe('child');
    const [inside] = await evaluator.evaluate({ architectures: [[2, 1, 1, 1, 1, 1]] });
    const [same] = await evaluateArchitectures({ supernet: parent, architectures: [[2, 1, 1, 1, 1, 1]], data: { dataset: test, batchSize: 50 } });
    expect(inside?.accuracy).toBe(same?.accuracy);
    await expect(evaluator.evaluate({ architectures: [[0, 1, 1, 1, 1, 1]] })).rejects.toThrowError(
      /evaluateArchitectures: \[0, 1, 1, 1, 1, 1\] is not an architecture of this supernet's region/,
    );
    parent.dispose();
    child.dispose();
  });

  it('trains a standalone network that beats chance on held-out data', async () => {
    const network = createStandaloneNetwork({ ...tinyNetwork, architecture: [3, 3, 3, 1, 3, 2], rng: createRng({ seed: 1 }) });
    const before = await evaluateNetwork({ network, data: { dataset: test } });
    const summary = await trainStandaloneNetwork({
      network,
      data: { dataset: train, batchSize: 20 },
      epochs: 4,
      seed: 1,
      learningRate: { initial: 0.1, final: 0.01 },
    });
    const after = await evaluateNetwork({ network, data: { dataset: test } });
    expect(summary.history.at(-1)!.loss).toBeLessThan(summary.history[0]!.loss);
    expect(after.loss).toBeLessThan(before.loss);
    // 10 balanced classes: chance is 10%.
    expect(after.accuracy).toBeGreaterThan(25);
    network.dispose();
  });
});
