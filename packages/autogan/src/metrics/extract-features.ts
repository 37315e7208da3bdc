import { InvalidArgumentError } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';
import { describeValue, integerOption, requireOptions } from '../internal/validate.js';
import type { FeatureExtractor, ImageBytes } from './feature-extractor.js';

/**
 * Options of {@link extractFeatures}.
 *
 * @example
 * ```ts
 * const options: ExtractFeaturesOptions = { extractor, images: test };
 * ```
 */
export interface ExtractFeaturesOptions {
  /** The feature extractor. */
  readonly extractor: FeatureExtractor;
  /** The images as bytes (a data set, or generated images). */
  readonly images: ImageBytes;
  /** Default: the extractor's `batchSize`, else 100. */
  readonly batchSize?: number;
  /** Only the first `count` images. Default: all. */
  readonly count?: number;
}

/**
 * Features and (when the extractor classifies) softmax probabilities of every image.
 *
 * @example
 * ```ts
 * const extracted: ExtractedFeatures = { count: 1, dimension: 2, features: Float32Array.of(0.5, 1), classes: 2, probabilities: Float32Array.of(0.3, 0.7) };
 * ```
 */
export interface ExtractedFeatures {
  /** Images processed. */
  readonly count: number;
  /** Feature length. */
  readonly dimension: number;
  /** `count x dimension`. */
  readonly features: Float32Array;
  /** Number of classes, when the extractor gives logits. */
  readonly classes?: number;
  /** `count x classes`: softmax of the logits. */
  readonly probabilities?: Float32Array;
}

export function checkImageBytes(functionName: string, argument: string, value: unknown): ImageBytes {
  const candidate = value as Partial<ImageBytes> | null;
  const dims = [candidate?.count, candidate?.height, candidate?.width, candidate?.channels];
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    !(candidate.images instanceof Uint8Array) ||
    !dims.every((dimension) => typeof dimension === 'number' && Number.isSafeInteger(dimension) && dimension > 0) ||
    candidate.images.length !== (dims as number[]).reduce((product, dimension) => product * dimension, 1)
  ) {
    throw new InvalidArgumentError({
      functionName,
      argument,
      message: `expected { images: Uint8Array, count, height, width, channels } with count*height*width*channels bytes, got ${describeValue(value)}`,
    });
  }
  return candidate as ImageBytes;
}

export function checkExtractor(functionName: string, argument: string, value: unknown): FeatureExtractor {
  const candidate = value as Partial<FeatureExtractor> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.extract !== 'function' ||
    !Number.isSafeInteger(candidate.featureDimension) ||
    (candidate.featureDimension as number) < 1
  ) {
    throw new InvalidArgumentError({ functionName, argument, message: `expected a FeatureExtractor { name, featureDimension, extract }, got ${describeValue(value)}` });
  }
  return candidate as FeatureExtractor;
}

/**
 * Runs a feature extractor over images in batches: float32 pixel values 0-255 in, features
 * and softmax probabilities out (plain arrays, nothing to dispose).
 *
 * @throws InvalidArgumentError for malformed images or extractor, or an extractor whose
 *   outputs have the wrong shape.
 * @example
 * ```ts
 * import { createClassifierFeatureExtractor, extractFeatures } from '@fewshot/autogan';
 * const extractor = createClassifierFeatureExtractor({ classifier });
 * const { features, probabilities } = await extractFeatures({ extractor, images: test });
 * ```
 */
export async function extractFeatures(options: ExtractFeaturesOptions): Promise<ExtractedFeatures> {
  const functionName = 'extractFeatures';
  requireOptions(functionName, options, '{ extractor, images, batchSize?, count? }');
  const extractor = checkExtractor(functionName, 'options.extractor', options.extractor);
  const images = checkImageBytes(functionName, 'options.images', options.images);
  const count = integerOption(functionName, 'options.count', options.count, { minimum: 1, maximum: images.count, fallback: images.count });
  const batchSize = integerOption(functionName, 'options.batchSize', options.batchSize, { minimum: 1, fallback: extractor.batchSize ?? 100 });
  const dimension = extractor.featureDimension;
  const classes = extractor.classes;
  const features = new Float32Array(count * dimension);
  const probabilities = classes === undefined ? undefined : new Float32Array(count * classes);
  const pixels = images.height * images.width * images.channels;
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    const batch = tf.tensor4d(Float32Array.from(images.images.subarray(start * pixels, (start + size) * pixels)), [size, images.height, images.width, images.channels]);
    let outputs: { readonly features: tf.Tensor2D; readonly logits?: tf.Tensor2D } | undefined;
    try {
      outputs = extractor.extract({ images: batch });
      const feature = outputs.features;
      if (!(feature instanceof tf.Tensor) || feature.shape.join(',') !== `${size},${dimension}`) {
        throw new InvalidArgumentError({ functionName, argument: 'options.extractor', message: `extract returned features of shape [${feature?.shape?.join(', ')}], expected [${size}, ${dimension}]` });
      }
      features.set((await feature.data()) as Float32Array, start * dimension);
      if (probabilities !== undefined && classes !== undefined) {
        const logits = outputs.logits;
        if (!(logits instanceof tf.Tensor) || logits.shape.join(',') !== `${size},${classes}`) {
          throw new InvalidArgumentError({ functionName, argument: 'options.extractor', message: `extract returned logits of shape [${logits?.shape?.join(', ')}], expected [${size}, ${classes}]` });
        }
        const softmax = tf.softmax(logits);
        try {
          probabilities.set((await softmax.data()) as Float32Array, start * classes);
        } finally {
          softmax.dispose();
        }
      }
    } finally {
      batch.dispose();
      if (outputs !== undefined) tf.dispose([outputs.features, ...(outputs.logits === undefined ? [] : [outputs.logits])]);
    }
  }
  return probabilities === undefined || classes === undefined ? { count, dimension, features } : { count, dimension, features, classes, probabilities };
}
