import { createRng } from '@fewshot/core';
import { createImageDataset, type ImageDataset } from '@fewshot/datasets';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import '@fewshot/backend';
import { createSharedGenerator } from '../generator/shared-generator.js';
import { generateImages } from '../generator/generate-images.js';
import { autoGanCifar10Architecture } from '../space/autogan-space.js';
import { thrown } from '../testing/tensors.js';
import { evaluateGenerator } from './evaluate-generator.js';
import { extractFeatures } from './extract-features.js';
import { computeFeatureStatistics } from './frechet-distance.js';
import { classifierAccuracy, createClassifierFeatureExtractor, createImageClassifier, trainImageClassifier } from './image-classifier.js';

const side = 16;

/** Two easy classes of 16 x 16 images: a bright left half or a bright right half, with noise. */
function halves(count: number, seed: number): ImageDataset {
  const rng = createRng({ seed });
  const images = new Uint8Array(count * side * side);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n += 1) {
    labels[n] = n % 2;
    for (let y = 0; y < side; y += 1) {
      for (let x = 0; x < side; x += 1) {
        const bright = (x < side / 2) === (n % 2 === 0);
        images[(n * side + y) * side + x] = Math.min(255, (bright ? 180 : 20) + rng.integer(60));
      }
    }
  }
  return createImageDataset({ images, labels, height: side, width: side, channels: 1, classes: 2 });
}

describe('ImageClassifier', () => {
  it('learns an easy two-class problem and serves as a feature extractor for IS and FD', { timeout: 180_000 }, async () => {
    const classifier = createImageClassifier({ rng: createRng({ seed: 1 }), widths: [4, 4, 6], classes: 2 });
    try {
      const train = halves(96, 2);
      const test = halves(40, 3);
      const result = await trainImageClassifier({ classifier, train, test, epochs: 4, batchSize: 16, learningRate: 0.01, rng: createRng({ seed: 4 }) });
      expect(result.testAccuracy).toBeGreaterThanOrEqual(95);
      expect(await classifierAccuracy({ classifier, dataset: test })).toBe(result.testAccuracy);
      const extractor = createClassifierFeatureExtractor({ classifier, paddedSize: 20, cropSize: 16 });
      const extracted = await extractFeatures({ extractor, images: test });
      expect(extracted.dimension).toBe(6);
      expect(extracted.probabilities).toHaveLength(80);
      // Real, balanced, correctly classified images: IS above 1 (it would be 2 for fully confident predictions).
      const { inceptionScore } = await import('./inception-score.js');
      expect(inceptionScore({ probabilities: extracted.probabilities!, classes: 2, splits: 2 }).mean).toBeGreaterThan(1.2);

      // Padded images are centre-cropped back (32 -> 28 for Fashion-MNIST; 20 -> 16 here): a padded copy scores exactly like the original.
      const padded = new Uint8Array(40 * 20 * 20);
      for (let n = 0; n < 40; n += 1) for (let y = 0; y < side; y += 1) padded.set(test.images.subarray((n * side + y) * side, (n * side + y + 1) * side), (n * 20 + y + 2) * 20 + 2);
      const fromPadded = await extractFeatures({ extractor, images: { images: padded, count: 40, height: 20, width: 20, channels: 1 } });
      fromPadded.features.forEach((value, index) => expect(value).toBeCloseTo(extracted.features[index] as number, 4));

      // A generator's images go through the same path (8 x 8 at stage 0 are upsampled first).
      const generator = createSharedGenerator({ rng: createRng({ seed: 5 }), channels: 2, latentDimension: 4, outputChannels: 1 });
      const early = await generateImages({ generator, architecture: autoGanCifar10Architecture, stage: 0, count: 6, rng: createRng({ seed: 6 }) });
      expect([early.height, early.count]).toEqual([8, 6]);
      expect((await extractFeatures({ extractor, images: early })).features).toHaveLength(36);
      const reference = computeFeatureStatistics({ features: extracted.features, dimension: 6 });
      const scores = await evaluateGenerator({ generator, architecture: autoGanCifar10Architecture, extractor, reference, count: 20, splits: 2, rng: createRng({ seed: 7 }) });
      expect(scores.frechetDistance).toBeGreaterThan(0);
      expect(scores.inceptionScore?.mean).toBeGreaterThanOrEqual(1);
      generator.dispose();
    } finally {
      classifier.dispose();
    }
  });

  it('quantises generated images like AutoGAN (x * 127.5 + 127.5, clamped, truncated)', async () => {
    const generator = createSharedGenerator({ rng: createRng({ seed: 9 }), channels: 2, latentDimension: 4, outputChannels: 1 });
    try {
      const latent = [0.3, -1, 0.5, 2];
      const direct = tf.tidy(() => generator.forward({ latent: tf.tensor2d([latent]), architecture: autoGanCifar10Architecture, stage: 0 }).dataSync());
      // generateImages draws z from the rng; reproduce its first draws.
      const rng = createRng({ seed: 10 });
      const z = Array.from({ length: 4 }, () => rng.normal());
      const expected = tf.tidy(() => generator.forward({ latent: tf.tensor2d([z]), architecture: autoGanCifar10Architecture, stage: 0 }).dataSync());
      const images = await generateImages({ generator, architecture: autoGanCifar10Architecture, stage: 0, count: 1, rng: createRng({ seed: 10 }) });
      expected.forEach((value, index) => expect(images.images[index]).toBe(Math.floor(Math.min(255, Math.max(0, value * 127.5 + 127.5)))));
      expect(direct).toHaveLength(64);
    } finally {
      generator.dispose();
    }
  });

  it('rejects bad input', () => {
    expect(thrown(() => createImageClassifier({ rng: createRng({ seed: 1 }), widths: [1, 2] as never })).argument).toBe('options.widths');
    const classifier = createImageClassifier({ rng: createRng({ seed: 1 }), widths: [2, 2, 2] });
    try {
      expect(thrown(() => createClassifierFeatureExtractor({ classifier, paddedSize: 20, cropSize: 28 })).argument).toBe('options.cropSize');
    } finally {
      classifier.dispose();
    }
  });
});
