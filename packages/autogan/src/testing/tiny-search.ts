/** Tiny data and a cheap reward for search tests (not published). */
import { createImageDataset, type ImageDataset } from '@fewshot/datasets';
import * as tf from '@tensorflow/tfjs-core';
import type { FeatureExtractor } from '../metrics/feature-extractor.js';
import type { AutoGanSearchOptions } from '../search/search-options.js';

/** `count` deterministic 32x32 grey images (bytes). */
export function tinyImages(count = 24): ImageDataset {
  const images = new Uint8Array(count * 32 * 32);
  let state = 12345;
  for (let n = 0; n < count; n += 1) {
    for (let y = 0; y < 32; y += 1) {
      for (let x = 0; x < 32; x += 1) {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        const blob = Math.exp(-((x - 8 - (n % 4) * 5) ** 2 + (y - 16) ** 2) / 30);
        images[(n * 32 + y) * 32 + x] = Math.min(255, Math.floor(blob * 220 + (state >>> 28)));
      }
    }
  }
  return createImageDataset({ images, labels: new Uint8Array(count), height: 32, width: 32, channels: 1, classes: 1 });
}

/** A fixed "classifier": 2x2 average pooling to 4 features, logits = features / 16 with 4 classes. */
export const tinyExtractor: FeatureExtractor = {
  name: 'tiny',
  featureDimension: 4,
  classes: 4,
  batchSize: 16,
  extract: ({ images }) =>
    tf.tidy(() => {
      const size = images.shape[1];
      const pooled = tf.avgPool(images, size / 2, size / 2, 'valid');
      const features = tf.reshape(pooled, [images.shape[0], 4]) as tf.Tensor2D;
      return { features, logits: tf.div(tf.sub(features, 128), 16) as tf.Tensor2D };
    }),
};

/** Search options small enough for the cpu backend in tests. */
export const tinySearch: AutoGanSearchOptions = {
  generator: { channels: 2, latentDimension: 4, outputChannels: 1 },
  discriminator: { channels: 2 },
  maxIterations: 4,
  growSteps: [1, 2],
  sharedSteps: 3,
  discriminatorBatchSize: 4,
  generatorBatchSize: 4,
  criticSteps: 2,
  controller: { hiddenSize: 6, steps: 2 },
  rewardSamples: 8,
  rewardSplits: 2,
  evaluationBatchSize: 8,
  candidates: 3,
  beamWidth: 2,
  rescoreSamples: 12,
  dynamicReset: { window: 4, threshold: 1e-12 },
};
