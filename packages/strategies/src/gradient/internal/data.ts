/** Checks of the training / validation data against the supernet, and the seeded batch streams. */
import { createRng, deriveSeed, InvalidArgumentError } from '@fewshot/core';
import { createBatchLoader, type BatchLoader, type ImageBatch } from '@fewshot/datasets';
import type { Supernet } from '@fewshot/supernet';
import type { TrainingData } from '@fewshot/trainers';
import { describe, requireNumber, requireOptions } from './validate.js';

export function checkData(functionName: string, argument: string, data: unknown, supernet: Supernet): TrainingData {
  const options = requireOptions(functionName, argument, data) as unknown as TrainingData;
  const dataset = options.dataset;
  if (typeof dataset !== 'object' || dataset === null || !(dataset.images instanceof Uint8Array)) {
    throw new InvalidArgumentError({ functionName, argument: `${argument}.dataset`, message: `expected an ImageDataset from @fewshot/datasets, got ${describe(dataset)}` });
  }
  requireNumber(functionName, `${argument}.batchSize`, options.batchSize, { integer: true, minimum: 1 });
  const [height, width, channels] = supernet.networkOptions.inputShape;
  if (dataset.channels !== channels || dataset.height % 4 !== 0 || dataset.width % 4 !== 0) {
    throw new InvalidArgumentError({
      functionName,
      argument: `${argument}.dataset`,
      message:
        `the images are ${dataset.height}x${dataset.width}x${dataset.channels}, but the supernet expects ${channels} channel(s) and a ` +
        `height and width divisible by 4 (built for ${height}x${width}x${channels}); resize or pad the data set`,
    });
  }
  if (dataset.classes > supernet.networkOptions.classes) {
    throw new InvalidArgumentError({
      functionName,
      argument: `${argument}.dataset`,
      message: `the data set has ${dataset.classes} classes but the supernet's classifier has ${supernet.networkOptions.classes}`,
    });
  }
  if (options.batchSize > dataset.count) {
    throw new InvalidArgumentError({
      functionName,
      argument: `${argument}.batchSize`,
      message: `batch size ${options.batchSize} exceeds the ${dataset.count} examples`,
    });
  }
  return options;
}

export function createLoader(data: TrainingData, seed: number | string, label: string): BatchLoader {
  return createBatchLoader({
    dataset: data.dataset,
    batchSize: data.batchSize,
    shuffle: true,
    dropLast: true,
    rng: createRng({ seed: deriveSeed({ seed, label }) }),
    ...(data.normalization === undefined ? {} : { normalization: data.normalization }),
    ...(data.augmentation === undefined ? {} : { augmentation: data.augmentation }),
  });
}

/** An endless stream of validation batches: epoch 0 of the loader, then epoch 1, ... */
export function createBatchStream(loader: BatchLoader): () => ImageBatch {
  let epoch = 0;
  let iterator = loader.epoch({ epoch });
  return () => {
    for (;;) {
      const next = iterator.next();
      if (!next.done) return next.value;
      epoch += 1;
      iterator = loader.epoch({ epoch });
    }
  };
}
