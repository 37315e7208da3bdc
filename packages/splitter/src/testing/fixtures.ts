/** Test helpers (not published). */
import { createRng } from '@fewshot/core';
import { loadEmbeddedFashionMnist, selectPerClass, type ImageDataset } from '@fewshot/datasets';
import * as tf from '@tensorflow/tfjs-core';

/** Tiny network sizes that run in milliseconds on the cpu backend (C = 4, N = 1, 8x8 grey). */
export const tinyNetwork = { channels: 4, cellsPerStage: 1, classes: 10, inputShape: [8, 8, 1] } as const;

/** Small real Fashion-MNIST sets at 8x8 (class-balanced, seeded). */
export async function tinyFashionMnist(options: { readonly trainPerClass: number; readonly testPerClass: number }): Promise<{
  readonly train: ImageDataset;
  readonly test: ImageDataset;
}> {
  const { train, test } = await loadEmbeddedFashionMnist({ resize: { height: 8, width: 8 } });
  const rng = createRng({ seed: 'splitter-tests' });
  return {
    train: selectPerClass({ dataset: train, perClass: options.trainPerClass, rng }),
    test: selectPerClass({ dataset: test, perClass: options.testPerClass, rng }),
  };
}

/** True when the two tensors hold bit-identical float32 values. */
export async function bitIdentical(a: tf.Tensor, b: tf.Tensor): Promise<boolean> {
  if (a.shape.join(',') !== b.shape.join(',')) return false;
  const [x, y] = await Promise.all([a.data(), b.data()]);
  return Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(y.buffer, y.byteOffset, y.byteLength));
}

/** Runs `run` and returns what it threw (fails when it does not throw). */
export function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

/** Awaits `run` and returns what it rejected with (fails when it resolves). */
export async function rejected(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}
