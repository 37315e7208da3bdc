/** Test helpers (not published). */
import * as tf from '@tensorflow/tfjs-core';

/** The largest absolute element-wise difference of two tensors of the same shape. */
export function maxAbsoluteDifference(a: tf.Tensor, b: tf.Tensor): number {
  if (a.shape.join(',') !== b.shape.join(',')) throw new Error(`shape mismatch [${a.shape}] vs [${b.shape}]`);
  const x = a.dataSync();
  const y = b.dataSync();
  let worst = 0;
  for (let index = 0; index < x.length; index += 1) worst = Math.max(worst, Math.abs((x[index] as number) - (y[index] as number)));
  return worst;
}

/** A deterministic float32 tensor with values in [-scale, scale). */
export function deterministicTensor(shape: readonly number[], seed = 1, scale = 1): tf.Tensor {
  const size = shape.reduce((product, dimension) => product * dimension, 1);
  const values = new Float32Array(size);
  let state = seed >>> 0;
  for (let index = 0; index < size; index += 1) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values[index] = ((state / 2 ** 32) * 2 - 1) * scale;
  }
  return tf.tensor(values, [...shape]);
}

/** Runs `run` and returns the error it throws (or fails). */
export function thrown(run: () => unknown): Error & { code?: string; argument?: string } {
  try {
    run();
  } catch (error) {
    return error as Error & { code?: string; argument?: string };
  }
  throw new Error('expected an error');
}

/** Async variant of {@link thrown}. */
export async function rejected(run: () => Promise<unknown>): Promise<Error & { code?: string; argument?: string }> {
  try {
    await run();
  } catch (error) {
    return error as Error & { code?: string; argument?: string };
  }
  throw new Error('expected a rejection');
}
