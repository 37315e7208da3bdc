import type { Rng } from '@fewshot/core';
import type { ImageDataset } from '../image-dataset.js';
import { requireRng, resolveBatchOptions, startBatches } from '../internal/batch-plan.js';
import type { ChannelStatistics } from '../transforms/channel-statistics.js';
import type { AugmentationOptions, ImageBatch } from './image-batch.js';

/**
 * Options of {@link iterateBatches}.
 *
 * @example
 * ```ts
 * const options: IterateBatchesOptions = {
 *   dataset: train, batchSize: 64, shuffle: true, rng: createRng({ seed: 1 }),
 *   normalization: computeChannelStatistics({ dataset: train }),
 *   augmentation: { padding: 4, horizontalFlip: true },
 * };
 * ```
 */
export interface IterateBatchesOptions {
  /** The examples to batch (not modified). */
  readonly dataset: ImageDataset;
  /** Examples per batch. */
  readonly batchSize: number;
  /** Visit the examples in a random order drawn from `rng`. Default false: data set order. */
  readonly shuffle?: boolean;
  /** Required when shuffling or augmenting; then forked once, when `iterateBatches` is called (no draws otherwise). */
  readonly rng?: Rng;
  /** Skip the last batch when it would be smaller than `batchSize`. Default false. */
  readonly dropLast?: boolean;
  /** Per-channel statistics: values become `(byte / 255 - mean) / std`. Default: `byte / 255`. */
  readonly normalization?: ChannelStatistics;
  /** Random crop / flip applied per example. Default: none. */
  readonly augmentation?: AugmentationOptions;
  /**
   * Write every batch into the same arrays instead of new ones (saves the
   * garbage collector some work). Only safe when each batch is consumed
   * (e.g. copied into a tensor by a backend that copies) before the next is
   * requested; the cpu backend of TensorFlow.js keeps the array, so leave it
   * false there. Default false.
   */
  readonly reuseBuffers?: boolean;
}

/**
 * One pass (epoch) over a data set in batches of normalised floats. Only one
 * batch is converted to floats at a time; the data set stays bytes.
 *
 * Determinism: the call forks `rng` once (`rng.fork('iterate-batches')`) and
 * takes every random draw from the fork: first the order (Fisher–Yates over
 * all indices, when `shuffle`), then, example by example in batch order, the
 * crop row offset, the crop column offset and the flip. The same rng state
 * gives the same batches, however the caller interleaves other draws. Calling
 * again with the same (advanced) rng gives the next epoch's different order.
 *
 * @throws InvalidArgumentError for a bad option, or when `shuffle` or
 * `augmentation` is requested without an `rng` (thrown by this call, not when
 * iteration starts).
 *
 * @example
 * ```ts
 * import { createRng } from '@fewshot/core';
 * import { computeChannelStatistics, iterateBatches, loadEmbeddedFashionMnist } from '@fewshot/datasets';
 * const { train } = await loadEmbeddedFashionMnist();
 * const normalization = computeChannelStatistics({ dataset: train });
 * const rng = createRng({ seed: 1 });
 * for (let epoch = 0; epoch < 2; epoch += 1) {
 *   for (const batch of iterateBatches({ dataset: train, batchSize: 64, shuffle: true, rng, normalization })) {
 *     // tf.tensor4d(batch.images, [batch.size, 28, 28, 1]) ...
 *   }
 * }
 * ```
 */
export function iterateBatches(options: IterateBatchesOptions): IterableIterator<ImageBatch> {
  const functionName = 'iterateBatches';
  const plan = resolveBatchOptions(functionName, options);
  const rng = plan.random ? requireRng(functionName, options.rng).fork('iterate-batches') : undefined;
  return startBatches(plan, rng);
}

