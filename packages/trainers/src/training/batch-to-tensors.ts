import type { ImageBatch } from '@fewshot/datasets';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Turns a batch of typed arrays into tensors. The caller owns (and disposes) both tensors.
 *
 * @example
 * ```ts
 * const { images, labels } = batchToTensors(batch);
 * tf.dispose([images, labels]);
 * ```
 */
export function batchToTensors(batch: ImageBatch): {
  /** float32 `[size, height, width, channels]` (NHWC), the batch's already normalised values. */
  readonly images: tf.Tensor4D;
  /** int32 `[size]` class indices. */
  readonly labels: tf.Tensor1D;
} {
  return {
    images: tf.tensor4d(batch.images, [batch.size, batch.height, batch.width, batch.channels], 'float32'),
    labels: tf.tensor1d(batch.labels, 'int32'),
  };
}
