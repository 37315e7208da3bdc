/**
 * The loss of a test network on one batch and the gradient of every trainable variable, read
 * back as arrays (test helper, not published; no backend import, so a test file can choose when
 * tfjs-backend-wasm loads).
 */
import * as tf from '@tensorflow/tfjs-core';
import { Nb201LikeNetwork, type Nb201LikeNetworkOptions } from './nb201-like-network.js';
import { normalValues } from './numeric-values.js';

/** Loss and per-variable gradients, in `network.trainableVariables` order. */
export interface LossAndGradients {
  readonly loss: number;
  readonly gradients: Float32Array[];
}

/** Computes {@link LossAndGradients} without updating running statistics; disposes every tensor it made. */
export async function lossAndGradientsOf(
  network: Nb201LikeNetwork,
  images: tf.Tensor4D,
  labels: tf.Tensor2D,
): Promise<LossAndGradients> {
  const { value, grads } = tf.variableGrads(() => network.loss(images, labels, false), network.trainableVariables);
  try {
    const loss = (await value.data())[0] ?? Number.NaN;
    const gradients = await Promise.all(
      network.trainableVariables.map(async (variable) =>
        Float32Array.from((await (grads[variable.name] as tf.Tensor).data()) as Float32Array),
      ),
    );
    return { loss, gradients };
  } finally {
    tf.dispose([value, ...Object.values(grads)]);
  }
}

/** A seeded batch for {@link lossAndGradientsOfNewNetwork}: images of `imageShape`, one label per image. */
export interface SeededBatch {
  readonly imageShape: readonly [number, number, number, number];
  readonly imageSeed: number;
  readonly labels: readonly number[];
}

/**
 * Builds an {@link Nb201LikeNetwork} on the active backend, computes {@link LossAndGradients} on
 * a seeded batch, and disposes the network and the batch.
 */
export async function lossAndGradientsOfNewNetwork(
  options: Nb201LikeNetworkOptions,
  batch: SeededBatch,
): Promise<LossAndGradients> {
  const network = new Nb201LikeNetwork(options);
  const images = tf.tensor4d(normalValues(batch.imageShape, batch.imageSeed), [...batch.imageShape]);
  const labels = tf.tidy(
    () => tf.cast(tf.oneHot(tf.tensor1d([...batch.labels], 'int32'), options.classes), 'float32') as tf.Tensor2D,
  );
  try {
    return await lossAndGradientsOf(network, images, labels);
  } finally {
    tf.dispose([images, labels]);
    network.dispose();
  }
}
