import { InvalidArgumentError, type Rng } from '@fewshot/core';
import type { AugmentationOptions, ImageBatch } from '../batches/image-batch.js';
import type { IterateBatchesOptions } from '../batches/iterate-batches.js';
import type { ImageDataset } from '../image-dataset.js';
import { checkChannelStatistics } from './check-channel-statistics.js';
import { shuffleInPlace } from './gather.js';
import { checkDataset, checkNonNegativeInteger, checkOptionalBoolean, checkOptions, checkPositiveInteger, checkRng, describeValue } from './validate.js';
import { normalizationTable, writeExample } from './write-example.js';

/** Validated, precomputed batching options (shared by the loader). */
export interface BatchPlan {
  readonly dataset: ImageDataset;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly reuseBuffers: boolean;
  readonly table: Float32Array;
  readonly fill: Float32Array;
  readonly padding: number;
  readonly horizontalFlip: boolean;
  /** True when shuffling or augmenting, i.e. an rng is needed. */
  readonly random: boolean;
}

/** Checks every option (errors name `functionName`) and precomputes the normalisation table. */
export function resolveBatchOptions(functionName: string, options: IterateBatchesOptions): BatchPlan {
  checkOptions(functionName, options);
  const { dataset, batchSize } = options;
  checkDataset(functionName, 'options.dataset', dataset);
  checkPositiveInteger(functionName, 'options.batchSize', batchSize);
  checkOptionalBoolean(functionName, 'options.shuffle', options.shuffle);
  checkOptionalBoolean(functionName, 'options.dropLast', options.dropLast);
  checkOptionalBoolean(functionName, 'options.reuseBuffers', options.reuseBuffers);
  if (options.rng !== undefined) checkRng(functionName, 'options.rng', options.rng);
  const normalization =
    options.normalization === undefined
      ? undefined
      : checkChannelStatistics(functionName, 'options.normalization', options.normalization, dataset.channels);
  const augmentation = checkAugmentation(functionName, options.augmentation);
  const shuffle = options.shuffle ?? false;
  const table = normalizationTable(dataset.channels, normalization?.mean, normalization?.standardDeviation);
  const fill = new Float32Array(dataset.channels);
  if (augmentation.paddingFill === 'raw-zero') {
    for (let channel = 0; channel < dataset.channels; channel += 1) fill[channel] = table[channel * 256] as number;
  }
  return {
    dataset,
    batchSize,
    shuffle,
    dropLast: options.dropLast ?? false,
    reuseBuffers: options.reuseBuffers ?? false,
    table,
    fill,
    padding: augmentation.padding,
    horizontalFlip: augmentation.horizontalFlip,
    random: shuffle || augmentation.padding > 0 || augmentation.horizontalFlip,
  };
}

/** Returns `rng`, or throws when it is missing although shuffle or augmentation needs it. */
export function requireRng(functionName: string, rng: Rng | undefined): Rng {
  if (rng === undefined) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.rng',
      message: 'options.rng: shuffle and augmentation need an rng: pass rng: createRng({ seed })',
    });
  }
  return rng;
}

/** Draws the order (when shuffling) from `rng` now and returns the lazy batch generator. */
export function startBatches(plan: BatchPlan, rng: Rng | undefined): IterableIterator<ImageBatch> {
  const order = new Int32Array(plan.dataset.count);
  for (let index = 0; index < order.length; index += 1) order[index] = index;
  if (plan.shuffle) shuffleInPlace(order, rng as Rng);
  return generateBatches(plan, order, rng);
}

/** Number of batches one pass yields. */
export function batchCount(count: number, batchSize: number, dropLast: boolean): number {
  return dropLast ? Math.floor(count / batchSize) : Math.ceil(count / batchSize);
}

interface ResolvedAugmentation {
  readonly padding: number;
  readonly horizontalFlip: boolean;
  readonly paddingFill: 'raw-zero' | 'normalized-zero';
}

function checkAugmentation(functionName: string, augmentation: unknown): ResolvedAugmentation {
  if (augmentation === undefined) return { padding: 0, horizontalFlip: false, paddingFill: 'raw-zero' };
  if (augmentation === null || typeof augmentation !== 'object') {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.augmentation',
      message: `options.augmentation: expected { padding?, horizontalFlip?, paddingFill? }, got ${describeValue(augmentation)}`,
    });
  }
  const { padding = 0, horizontalFlip = false, paddingFill = 'raw-zero' } = augmentation as AugmentationOptions;
  checkNonNegativeInteger(functionName, 'options.augmentation.padding', padding);
  checkOptionalBoolean(functionName, 'options.augmentation.horizontalFlip', horizontalFlip);
  if (paddingFill !== 'raw-zero' && paddingFill !== 'normalized-zero') {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.augmentation.paddingFill',
      message: `options.augmentation.paddingFill: expected 'raw-zero' or 'normalized-zero', got ${describeValue(paddingFill)}`,
    });
  }
  return { padding, horizontalFlip, paddingFill };
}

function* generateBatches(plan: BatchPlan, order: Int32Array, rng: Rng | undefined): Generator<ImageBatch, void, undefined> {
  const { dataset, batchSize, table, fill, padding, horizontalFlip } = plan;
  const { height, width, channels } = dataset;
  const exampleSize = height * width * channels;
  const batches = batchCount(dataset.count, batchSize, plan.dropLast);
  const window = 2 * padding + 1;
  const shared = plan.reuseBuffers
    ? {
        images: new Float32Array(batchSize * exampleSize),
        labels: new Int32Array(batchSize),
        indices: new Int32Array(batchSize),
      }
    : undefined;
  for (let batch = 0; batch < batches; batch += 1) {
    const start = batch * batchSize;
    const size = Math.min(batchSize, dataset.count - start);
    const images = shared ? shared.images.subarray(0, size * exampleSize) : new Float32Array(size * exampleSize);
    const labels = shared ? shared.labels.subarray(0, size) : new Int32Array(size);
    const indices = shared ? shared.indices.subarray(0, size) : new Int32Array(size);
    for (let position = 0; position < size; position += 1) {
      const index = order[start + position] as number;
      let offsetY = padding;
      let offsetX = padding;
      let flip = false;
      if (padding > 0) {
        offsetY = (rng as Rng).integer(window);
        offsetX = (rng as Rng).integer(window);
      }
      if (horizontalFlip) flip = (rng as Rng).float() < 0.5;
      writeExample(images, position * exampleSize, dataset.images, index * exampleSize, height, width, channels, table, fill, padding, offsetY, offsetX, flip);
      labels[position] = dataset.labels[index] as number;
      indices[position] = index;
    }
    yield Object.freeze({ images, labels, indices, size, height, width, channels });
  }
}
