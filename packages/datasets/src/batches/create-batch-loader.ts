import { createRng, deriveSeed } from '@fewshot/core';
import { checkNonNegativeInteger, checkOptions } from '../internal/validate.js';
import type { ImageBatch } from './image-batch.js';
import { batchCount, requireRng, resolveBatchOptions, startBatches } from '../internal/batch-plan.js';
import type { IterateBatchesOptions } from './iterate-batches.js';

/**
 * Options of {@link createBatchLoader}: those of {@link iterateBatches}; the
 * `rng` seeds every epoch.
 *
 * @example
 * ```ts
 * const options: CreateBatchLoaderOptions = {
 *   dataset: train, batchSize: 64, shuffle: true, dropLast: true, rng: createRng({ seed: 1 }),
 *   augmentation: { padding: 2, horizontalFlip: true },
 * };
 * ```
 */
export type CreateBatchLoaderOptions = IterateBatchesOptions;

/**
 * Options of {@link BatchLoader.epoch}.
 *
 * @example
 * ```ts
 * const options: EpochOptions = { epoch: 3 };
 * ```
 */
export interface EpochOptions {
  /** Epoch number, 0-based. The same number always gives the same batches. */
  readonly epoch: number;
}

/**
 * Batches of a data set, epoch by epoch, each epoch reproducible on its own:
 * what a training loop with checkpoints needs to resume at epoch `e` with
 * exactly the batches it would have seen.
 *
 * @example
 * ```ts
 * const loader = createBatchLoader({ dataset: train, batchSize: 64, shuffle: true, rng: createRng({ seed: 1 }) });
 * for (let epoch = 0; epoch < 10; epoch += 1) {
 *   for (const batch of loader.epoch({ epoch })) {
 *     console.log(epoch, batch.size); // one training step per batch
 *   }
 * }
 * ```
 */
export interface BatchLoader {
  /** Batches in every epoch. */
  readonly batchesPerEpoch: number;
  /** Examples visited in every epoch (all of them, or fewer with `dropLast`). */
  readonly examplesPerEpoch: number;
  /** The batches of one epoch; see {@link iterateBatches}. */
  epoch(options: EpochOptions): IterableIterator<ImageBatch>;
}

/**
 * Creates a {@link BatchLoader}: {@link iterateBatches} with per-epoch seeds.
 * When it needs randomness (shuffle or augmentation) it draws one 32-bit base
 * seed from `rng` at creation; epoch `e` then uses
 * `createRng({ seed: deriveSeed({ seed: base, label: 'epoch/e' }) })`, so
 * epochs are independent of each other and of the order they are requested
 * in. Options are checked here, once.
 *
 * @throws InvalidArgumentError for a bad option (as {@link iterateBatches}).
 *
 * @example
 * ```ts
 * import { createRng } from '@fewshot/core';
 * import { createBatchLoader, loadEmbeddedFashionMnist } from '@fewshot/datasets';
 * const { train } = await loadEmbeddedFashionMnist();
 * const loader = createBatchLoader({ dataset: train, batchSize: 64, shuffle: true, dropLast: true, rng: createRng({ seed: 1 }) });
 * loader.batchesPerEpoch; // 156
 * const resumed = [...loader.epoch({ epoch: 5 })]; // same batches as the first time epoch 5 ran
 * ```
 */
export function createBatchLoader(options: CreateBatchLoaderOptions): BatchLoader {
  const plan = resolveBatchOptions('createBatchLoader', options);
  const baseSeed = plan.random ? requireRng('createBatchLoader', options.rng).uint32() : 0;
  const batchesPerEpoch = batchCount(plan.dataset.count, plan.batchSize, plan.dropLast);
  const examplesPerEpoch = plan.dropLast ? batchesPerEpoch * plan.batchSize : plan.dataset.count;
  return Object.freeze({
    batchesPerEpoch,
    examplesPerEpoch,
    epoch(epochOptions: EpochOptions): IterableIterator<ImageBatch> {
      checkOptions('BatchLoader.epoch', epochOptions);
      checkNonNegativeInteger('BatchLoader.epoch', 'options.epoch', epochOptions.epoch);
      const rng = plan.random ? createRng({ seed: deriveSeed({ seed: baseSeed, label: `epoch/${epochOptions.epoch}` }) }) : undefined;
      return startBatches(plan, rng);
    },
  });
}
