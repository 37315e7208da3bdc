/**
 * The loss of a test network on one batch and the gradient of every trainable variable, read
 * back as arrays (test helper, not published; no backend import, so a test file can choose when
 * tfjs-backend-wasm loads).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Nb201LikeNetwork } from './nb201-like-network.js';

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
