/**
 * Image data sets for neural architecture search, as plain typed arrays (no
 * TensorFlow.js): readers for the IDX files of MNIST and Fashion-MNIST and
 * the binary versions of CIFAR-10 and CIFAR-100; seeded splits and subsets;
 * resizing and padding; normalisation statistics; and a batch iterator with
 * random-crop and flip augmentation that yields one float batch at a time.
 * A class-balanced 10,000 + 2,000 image subset of Fashion-MNIST ships inside
 * the package.
 *
 * @packageDocumentation
 */
export { createImageDataset, type CreateImageDatasetOptions, type ImageDataset } from './image-dataset.js';
export { parseIdx, type IdxArray, type ParseIdxOptions } from './idx/parse-idx.js';
export { encodeIdx, type EncodeIdxOptions } from './idx/encode-idx.js';
export { readIdxFile, type ReadIdxFileOptions } from './idx/read-idx-file.js';
export { readIdxDataset, type ReadIdxDatasetOptions } from './idx/read-idx-dataset.js';
export { cifar10ClassNames, readCifar10, type ReadCifar10Options } from './cifar/read-cifar-10.js';
export { readCifar100, type ReadCifar100Options } from './cifar/read-cifar-100.js';
export { fashionMnistClassNames } from './fashion-mnist/fashion-mnist-class-names.js';
export {
  debianFashionMnistDirectory,
  loadFashionMnist,
  type LoadFashionMnistOptions,
  type TrainTestDatasets,
} from './fashion-mnist/load-fashion-mnist.js';
export {
  loadEmbeddedFashionMnist,
  type LoadEmbeddedFashionMnistOptions,
} from './fashion-mnist/load-embedded-fashion-mnist.js';
export { loadMnist, mnistClassNames, type LoadMnistOptions } from './mnist/load-mnist.js';
export { countExamplesPerClass, type CountExamplesPerClassOptions } from './transforms/count-examples-per-class.js';
export { selectExamples, type SelectExamplesOptions } from './transforms/select-examples.js';
export { selectPerClass, type SelectPerClassOptions } from './transforms/select-per-class.js';
export {
  splitDataset,
  type SplitDatasetCommonOptions,
  type SplitDatasetOptions,
} from './transforms/split-dataset.js';
export {
  computeChannelStatistics,
  type ChannelStatistics,
  type ComputeChannelStatisticsOptions,
} from './transforms/channel-statistics.js';
export { resizeDataset, type ResizeDatasetOptions, type ResizeOptions } from './transforms/resize-dataset.js';
export { padDataset, type PadDatasetOptions, type PaddingSides } from './transforms/pad-dataset.js';
export type { AugmentationOptions, ImageBatch } from './batches/image-batch.js';
export { iterateBatches, type IterateBatchesOptions } from './batches/iterate-batches.js';
export {
  createBatchLoader,
  type BatchLoader,
  type CreateBatchLoaderOptions,
  type EpochOptions,
} from './batches/create-batch-loader.js';
