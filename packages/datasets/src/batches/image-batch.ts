/**
 * One batch of examples as plain typed arrays, ready to become tensors:
 * `tf.tensor4d(batch.images, [batch.size, batch.height, batch.width, batch.channels])`
 * and `tf.tensor1d(batch.labels, 'int32')`. The arrays belong to the caller
 * unless the batches were created with `reuseBuffers: true`, in which case
 * they are overwritten by the next batch.
 *
 * @example
 * ```ts
 * for (const batch of iterateBatches({ dataset: test, batchSize: 256 })) {
 *   console.log(batch.size, batch.images.length === batch.size * 28 * 28);
 * }
 * ```
 */
export interface ImageBatch {
  /** `size * height * width * channels` normalised floats, NHWC. */
  readonly images: Float32Array;
  /** The class index of each example. */
  readonly labels: Int32Array;
  /** The data set index of each example. */
  readonly indices: Int32Array;
  /** Number of examples in this batch (the last one may be smaller). */
  readonly size: number;
  /** Image height in pixels. */
  readonly height: number;
  /** Image width in pixels. */
  readonly width: number;
  /** Channels per pixel. */
  readonly channels: number;
}

/**
 * Training-time augmentation applied per example while a batch is filled, in
 * torchvision's order: random crop with padding, then random horizontal flip.
 *
 * @example
 * ```ts
 * const cifar: AugmentationOptions = { padding: 4, horizontalFlip: true }; // RandomCrop(32, 4) + RandomHorizontalFlip()
 * ```
 */
export interface AugmentationOptions {
  /**
   * Random crop: pad by this many pixels on every side and cut out a window
   * of the original size at a uniformly random offset (`rng.integer(2p + 1)`
   * for the row, then for the column). Default 0: no crop.
   */
  readonly padding?: number;
  /** Mirror left-right with probability 1/2 (`rng.float() < 0.5`, drawn after the crop offsets). Default false. */
  readonly horizontalFlip?: boolean;
  /**
   * What the padded border holds.
   * `'raw-zero'` (default): a zero byte, i.e. black, normalised like any
   * pixel to `(0 - mean) / std` — exactly torchvision's `RandomCrop(padding=p)`
   * applied to the raw image before `ToTensor` and `Normalize`.
   * `'normalized-zero'`: 0 after normalisation (the channel mean), as when
   * padding a tensor that has already been normalised.
   */
  readonly paddingFill?: 'raw-zero' | 'normalized-zero';
}
