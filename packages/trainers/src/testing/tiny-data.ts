import { createRng } from '@fewshot/core';
import { loadEmbeddedFashionMnist, selectPerClass, type ImageDataset } from '@fewshot/datasets';

/** Small real Fashion-MNIST sets (8x8) for fast tests on the cpu backend. */
export async function tinyFashionMnist(options: { readonly trainPerClass: number; readonly testPerClass: number }): Promise<{
  readonly train: ImageDataset;
  readonly test: ImageDataset;
}> {
  const { train, test } = await loadEmbeddedFashionMnist({ resize: { height: 8, width: 8 } });
  const rng = createRng({ seed: 'tiny-fashion-mnist' });
  return {
    train: selectPerClass({ dataset: train, perClass: options.trainPerClass, rng }),
    test: selectPerClass({ dataset: test, perClass: options.testPerClass, rng }),
  };
}

/** Tiny network sizes that run in milliseconds on the cpu backend. */
export const tinyNetwork = { channels: 4, cellsPerStage: 1, classes: 10, inputShape: [8, 8, 1] } as const;
