import type { AugmentationOptions, ChannelStatistics, ImageDataset } from '@fewshot/datasets';

/**
 * The training data of a trainer: a data set and how to batch it. The trainer shuffles it with a
 * generator derived from its own seed, so a resumed run sees exactly the same batches.
 *
 * @example
 * ```ts
 * import { computeChannelStatistics, loadEmbeddedFashionMnist } from '@fewshot/datasets';
 * const { train } = await loadEmbeddedFashionMnist();
 * const data: TrainingData = {
 *   dataset: train,
 *   batchSize: 64,
 *   normalization: computeChannelStatistics({ dataset: train }),
 *   augmentation: { padding: 2, horizontalFlip: true },
 * };
 * ```
 */
export interface TrainingData {
  /** The training examples. */
  readonly dataset: ImageDataset;
  /** Examples per step; the last incomplete batch of an epoch is dropped. */
  readonly batchSize: number;
  /** Per-channel statistics to normalise with; default `byte / 255`. */
  readonly normalization?: ChannelStatistics;
  /** Random crop / flip; default none. */
  readonly augmentation?: AugmentationOptions;
}

/**
 * Data to evaluate on: a data set, batched in order without augmentation.
 *
 * @example
 * ```ts
 * const data: EvaluationData = { dataset: test, batchSize: 256, normalization };
 * ```
 */
export interface EvaluationData {
  /** The examples. */
  readonly dataset: ImageDataset;
  /**
   * Examples per forward pass. With the supernet's default batch-statistics cell BN the estimates
   * depend on it (the few-shot NAS release evaluates with 48). Default 256.
   */
  readonly batchSize?: number;
  /** The same statistics as in training. */
  readonly normalization?: ChannelStatistics;
}
