/** Test helpers (not published). */
import * as tf from '@tensorflow/tfjs-core';

/** The largest absolute element-wise difference of two tensors of the same shape (disposes nothing). */
export async function maxAbsoluteDifference(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  if (a.shape.join(',') !== b.shape.join(',')) throw new Error(`shape mismatch [${a.shape}] vs [${b.shape}]`);
  const [x, y] = await Promise.all([a.data(), b.data()]);
  let worst = 0;
  for (let index = 0; index < x.length; index += 1) worst = Math.max(worst, Math.abs((x[index] as number) - (y[index] as number)));
  return worst;
}

/** True when the two tensors hold bit-identical float32 values. */
export async function bitIdentical(a: tf.Tensor, b: tf.Tensor): Promise<boolean> {
  if (a.shape.join(',') !== b.shape.join(',')) return false;
  const [x, y] = await Promise.all([a.data(), b.data()]);
  return Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(y.buffer, y.byteOffset, y.byteLength));
}

/** A deterministic float32 batch [batch, height, width, channels] with values in [-2, 2). */
export function deterministicBatch(shape: readonly [number, number, number, number], seed = 1): tf.Tensor4D {
  const size = shape.reduce((product, dimension) => product * dimension, 1);
  const values = new Float32Array(size);
  let state = seed >>> 0;
  for (let index = 0; index < size; index += 1) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values[index] = (state / 2 ** 32) * 4 - 2;
  }
  return tf.tensor4d(values, [...shape]);
}
