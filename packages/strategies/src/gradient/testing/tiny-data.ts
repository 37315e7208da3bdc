/** Test helpers (not published): tiny real Fashion-MNIST sets and a tiny supernet for the cpu backend. */
import { createRng } from '@fewshot/core';
import { loadEmbeddedFashionMnist, selectPerClass, type ImageDataset } from '@fewshot/datasets';
import { createSupernet, type Supernet } from '@fewshot/supernet';
import type { TrainingData } from '@fewshot/trainers';

/** C = 4, N = 1, 8x8 grayscale, 10 classes. */
export const tinyNetwork = { channels: 4, cellsPerStage: 1, classes: 10, inputShape: [8, 8, 1] } as const;

export function tinySupernet(seed = 7): Supernet {
  return createSupernet({ ...tinyNetwork, rng: createRng({ seed }) });
}

/** `perClass` training and validation images per class of the embedded Fashion-MNIST at 8x8. */
export async function tinyFashionMnist(options: { readonly trainPerClass: number; readonly validationPerClass: number }): Promise<{
  readonly train: ImageDataset;
  readonly validation: ImageDataset;
}> {
  const { train, test } = await loadEmbeddedFashionMnist({ resize: { height: 8, width: 8 } });
  const rng = createRng({ seed: 'gradient-tiny-fashion-mnist' });
  return {
    train: selectPerClass({ dataset: train, perClass: options.trainPerClass, rng }),
    validation: selectPerClass({ dataset: test, perClass: options.validationPerClass, rng }),
  };
}

/** Training / validation data of batch 4 (two batches per epoch with 10 images). */
export function tinyData(train: ImageDataset, validation: ImageDataset): { train: TrainingData; validation: TrainingData } {
  return { train: { dataset: train, batchSize: 4 }, validation: { dataset: validation, batchSize: 4 } };
}

/** The largest absolute difference of two equally long number arrays. */
export function maxAbsoluteDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let index = 0; index < a.length; index += 1) worst = Math.max(worst, Math.abs((a[index] as number) - (b[index] as number)));
  return worst;
}
