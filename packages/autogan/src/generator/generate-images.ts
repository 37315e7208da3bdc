import type { Architecture, Rng } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';
import { sampleLatent } from '../internal/latent.js';
import { integerOption, requireOptions, requireRng } from '../internal/validate.js';
import type { ImageBytes } from '../metrics/feature-extractor.js';
import type { SharedGenerator } from './shared-generator.js';

/**
 * Options of {@link generateImages}.
 *
 * @example
 * ```ts
 * const options: GenerateImagesOptions = { generator, architecture, count: 1000, rng: createRng({ seed: 3 }) };
 * ```
 */
export interface GenerateImagesOptions {
  /** The generator (eval mode). */
  readonly generator: SharedGenerator;
  /** The architecture to generate with. */
  readonly architecture: Architecture;
  /** Default 2 (full resolution). */
  readonly stage?: number;
  /** How many images. */
  readonly count: number;
  /** Draws z. */
  readonly rng: Rng;
  /** Images per forward pass. Default 100 (AutoGAN's eval batch). */
  readonly batchSize?: number;
}

/**
 * Generates images in eval mode (BatchNorm running statistics) and quantises them as
 * AutoGAN does before scoring: `x * 127.5 + 127.5`, clamped to [0, 255], truncated to
 * integers. Returns bytes (nothing to dispose).
 *
 * @throws InvalidArgumentError for bad options (see {@link SharedGenerator.forward}).
 * @example
 * ```ts
 * import { createRng } from '@fewshot/core';
 * import { generateImages } from '@fewshot/autogan';
 * const images = await generateImages({ generator, architecture, count: 500, rng: createRng({ seed: 1 }) });
 * images.height; // 32
 * ```
 */
export async function generateImages(options: GenerateImagesOptions): Promise<ImageBytes> {
  const functionName = 'generateImages';
  requireOptions(functionName, options, '{ generator, architecture, stage?, count, rng, batchSize? }');
  const count = integerOption(functionName, 'options.count', options.count, { minimum: 1 });
  const batchSize = integerOption(functionName, 'options.batchSize', options.batchSize, { minimum: 1, fallback: 100 });
  const stage = integerOption(functionName, 'options.stage', options.stage, { minimum: 0, maximum: 2, fallback: 2 });
  const rng = requireRng(functionName, 'options.rng', options.rng);
  const { generator, architecture } = options;
  const size = generator.outputSize({ stage });
  const channels = generator.outputChannels;
  const pixels = size * size * channels;
  const result = new Uint8Array(count * pixels);
  for (let start = 0; start < count; start += batchSize) {
    const batch = Math.min(batchSize, count - start);
    const latent = sampleLatent(rng, batch, generator.latentDimension);
    let quantised: tf.Tensor | undefined;
    try {
      quantised = tf.tidy(() => {
        const images = generator.forward({ latent, architecture, stage, training: false });
        return tf.floor(tf.clipByValue(tf.add(tf.mul(images, 127.5), 127.5), 0, 255));
      });
      const values = (await quantised.data()) as Float32Array;
      for (let index = 0; index < values.length; index += 1) result[start * pixels + index] = values[index] as number;
    } finally {
      latent.dispose();
      quantised?.dispose();
    }
  }
  return { images: result, count, height: size, width: size, channels };
}
