import { createRng } from '@fewshot/core';
import {
  computeChannelStatistics,
  loadEmbeddedFashionMnist,
  loadFashionMnist,
  loadMnist,
  readCifar10,
  readCifar100,
  resizeDataset,
  selectPerClass,
  type ChannelStatistics,
  type ImageDataset,
} from '@fewshot/datasets';
import type { DataConfig } from '../config/experiment-config.js';

/**
 * The data of an experiment: the training set, the test set and the normalisation statistics
 * computed on the training set.
 *
 * @example
 * ```ts
 * const { train, test, normalization } = await loadExperimentData({ data: config.data });
 * ```
 */
export interface ExperimentData {
  /** The training images, resized and (with `trainPerClass`) reduced to the class-balanced subset. */
  readonly train: ImageDataset;
  /** The test images, resized like the training images; the supernets score architectures on it. */
  readonly test: ImageDataset;
  /** Per-channel mean and standard deviation of `train`, used to normalise both sets. */
  readonly normalization: ChannelStatistics;
}

/**
 * Loads the images an experiment's `data` section describes, resizes them, takes the seeded
 * class-balanced training subset when one is asked for, and computes the normalisation
 * statistics on the training set.
 *
 * @example
 * ```ts
 * const data = await loadExperimentData({ data: { source: 'embedded-fashion-mnist', resize: { height: 16, width: 16 }, augmentation: { padding: 2, horizontalFlip: true } } });
 * data.train.count; // 10000
 * ```
 */
export async function loadExperimentData(options: {
  /** The `data` section of an experiment or ground-truth config. */
  readonly data: DataConfig;
}): Promise<ExperimentData> {
  const { data } = options;
  let train: ImageDataset;
  let test: ImageDataset;
  switch (data.source) {
    case 'embedded-fashion-mnist':
      ({ train, test } = await loadEmbeddedFashionMnist({}));
      break;
    case 'fashion-mnist':
      ({ train, test } = await loadFashionMnist(data.directory === undefined ? {} : { directory: data.directory }));
      break;
    case 'mnist':
      ({ train, test } = await loadMnist({ directory: data.directory as string }));
      break;
    case 'cifar10':
      train = await readCifar10({ directory: data.directory as string, split: 'train' });
      test = await readCifar10({ directory: data.directory as string, split: 'test' });
      break;
    case 'cifar100':
      train = await readCifar100({ directory: data.directory as string, split: 'train', labels: 'fine' });
      test = await readCifar100({ directory: data.directory as string, split: 'test', labels: 'fine' });
      break;
  }
  if (data.trainPerClass !== undefined) {
    train = selectPerClass({
      dataset: train,
      perClass: data.trainPerClass,
      // A fixed seed: every experiment and the ground-truth table see the same subset.
      rng: createRng({ seed: 'fewshot/data/train-subset' }),
    });
  }
  if (data.resize !== undefined) {
    train = resizeDataset({ dataset: train, ...data.resize });
    test = resizeDataset({ dataset: test, ...data.resize });
  }
  return { train, test, normalization: computeChannelStatistics({ dataset: train }) };
}
