import type * as tf from '@tensorflow/tfjs-core';

/**
 * Anything that turns images into feature vectors (for a Fréchet distance) and,
 * optionally, class logits (for an Inception Score): an Inception graph model loaded
 * from a local path (the published protocol: 2048-d pool features and the 1008-way
 * logits), or the built-in Fashion-MNIST classifier ({@link createClassifierFeatureExtractor}).
 *
 * @example
 * ```ts
 * // Wrapping a TensorFlow.js graph model of Inception (loaded with @tensorflow/tfjs-converter
 * // from a local folder; nothing is downloaded by this package):
 * const inception: FeatureExtractor = {
 *   name: 'inception-2015-12-05 pool_3',
 *   featureDimension: 2048,
 *   classes: 1008,
 *   extract: ({ images }) => {
 *     const [pool, logits] = model.execute({ 'ExpandDims:0': images }, ['pool_3:0', 'logits:0']) as tf.Tensor[];
 *     return { features: pool.reshape([images.shape[0], 2048]), logits };
 *   },
 * };
 * ```
 */
export interface FeatureExtractor {
  /** Named in reports, e.g. `fashion-mnist classifier A`. */
  readonly name: string;
  /** Length of each feature vector. */
  readonly featureDimension: number;
  /** Number of classes of `logits`; omit when the extractor gives no logits. */
  readonly classes?: number;
  /** Images per call the extractor prefers. Default 100 (AutoGAN's IS batch). */
  readonly batchSize?: number;
  /**
   * Features (and logits) of a batch. `images` are float32 `[batch, height, width,
   * channels]` pixel values in [0, 255] at the generator's resolution (quantised to
   * integers first, as AutoGAN does); the extractor resizes or converts them itself.
   * Returns tensors the caller owns (`[batch, featureDimension]`, `[batch, classes]`).
   */
  extract(options: { readonly images: tf.Tensor4D }): ExtractorOutputs;
}

/**
 * What {@link FeatureExtractor.extract} returns; the caller owns both tensors.
 *
 * @example
 * ```ts
 * const { features, logits } = extractor.extract({ images });
 * tf.dispose([features, ...(logits === undefined ? [] : [logits])]);
 * ```
 */
export interface ExtractorOutputs {
  /** `[batch, featureDimension]`. */
  readonly features: tf.Tensor2D;
  /** `[batch, classes]`, before the softmax; required for an Inception Score. */
  readonly logits?: tf.Tensor2D;
}

/**
 * A batch of images as bytes (0-255), NHWC. Every `ImageDataset` of `@fewshot/datasets`
 * is one.
 *
 * @example
 * ```ts
 * const images: ImageBytes = { images: new Uint8Array(2 * 32 * 32), count: 2, height: 32, width: 32, channels: 1 };
 * ```
 */
export interface ImageBytes {
  /** `count * height * width * channels` bytes. */
  readonly images: Uint8Array;
  /** Number of images. */
  readonly count: number;
  /** Image height in pixels. */
  readonly height: number;
  /** Image width in pixels. */
  readonly width: number;
  /** Channels per pixel. */
  readonly channels: number;
}
