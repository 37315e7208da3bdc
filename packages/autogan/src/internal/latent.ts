import type { Rng } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';

/** z ~ N(0, I) of shape [batch, dimension], drawn from `rng`. The caller owns the tensor. */
export function sampleLatent(rng: Rng, batch: number, dimension: number): tf.Tensor2D {
  const values = new Float32Array(batch * dimension);
  for (let index = 0; index < values.length; index += 1) values[index] = rng.normal();
  return tf.tensor2d(values, [batch, dimension]);
}
