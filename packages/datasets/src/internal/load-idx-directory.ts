import { InvalidArgumentError, NotFoundError } from '@fewshot/core';
import type { ImageDataset } from '../image-dataset.js';
import { readIdxPair } from '../idx/read-idx-dataset.js';
import { resizeDataset, type ResizeOptions } from '../transforms/resize-dataset.js';
import { findFile } from './find-file.js';
import { describeValue } from './validate.js';

/** The training and test parts of a data set that ships both. */
export interface TrainTestParts {
  readonly train: ImageDataset;
  readonly test: ImageDataset;
}

const fileStems = {
  trainImages: ['train-images-idx3-ubyte', 'train-images.idx3-ubyte'],
  trainLabels: ['train-labels-idx1-ubyte', 'train-labels.idx1-ubyte'],
  testImages: ['t10k-images-idx3-ubyte', 't10k-images.idx3-ubyte'],
  testLabels: ['t10k-labels-idx1-ubyte', 't10k-labels.idx1-ubyte'],
} as const;

/**
 * Loads the four MNIST-style IDX files (`train-images-idx3-ubyte`, ...,
 * gzipped or not) of a folder, optionally resizing both parts.
 */
export async function loadIdxDirectory(request: {
  readonly functionName: string;
  readonly directory: string;
  readonly missingHint: string;
  readonly classNames: readonly string[];
  readonly resize: ResizeOptions | undefined;
}): Promise<TrainTestParts> {
  const { functionName, directory, classNames } = request;
  if (typeof directory !== 'string' || directory === '') {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.directory',
      message: `options.directory: expected a directory path, got ${describeValue(directory)}`,
    });
  }
  const locate = (stems: readonly string[]): string => {
    const path = findFile(directory, stems.flatMap((stem) => [`${stem}.gz`, stem]));
    if (path === undefined) {
      throw new NotFoundError({
        functionName,
        argument: 'options.directory',
        message: `no ${stems[0]}.gz (or ${stems[0]}) in ${directory}; ${request.missingHint}`,
      });
    }
    return path;
  };
  const paths = {
    trainImages: locate(fileStems.trainImages),
    trainLabels: locate(fileStems.trainLabels),
    testImages: locate(fileStems.testImages),
    testLabels: locate(fileStems.testLabels),
  };
  const common = {
    functionName,
    imagesArgument: 'options.directory',
    labelsArgument: 'options.directory',
    classes: classNames.length,
    classNames,
  };
  const [train, test] = await Promise.all([
    readIdxPair({ ...common, imagesPath: paths.trainImages, labelsPath: paths.trainLabels }),
    readIdxPair({ ...common, imagesPath: paths.testImages, labelsPath: paths.testLabels }),
  ]);
  if (request.resize === undefined) return { train, test };
  return {
    train: resizeDataset({ ...request.resize, dataset: train }),
    test: resizeDataset({ ...request.resize, dataset: test }),
  };
}
