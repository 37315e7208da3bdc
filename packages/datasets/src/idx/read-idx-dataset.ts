import { FileFormatError, InvalidArgumentError } from '@fewshot/core';
import type { ImageDataset } from '../image-dataset.js';
import { datasetOf } from '../internal/dataset-of.js';
import { readBinaryFile } from '../internal/read-binary-file.js';
import { checkOptions, checkPositiveInteger, describeValue } from '../internal/validate.js';
import { decodeIdx, type IdxArray } from './parse-idx.js';

/**
 * Options of {@link readIdxDataset}.
 *
 * @example
 * ```ts
 * const options: ReadIdxDatasetOptions = {
 *   imagesPath: 'mnist/train-images-idx3-ubyte.gz',
 *   labelsPath: 'mnist/train-labels-idx1-ubyte.gz',
 *   classes: 10,
 * };
 * ```
 */
export interface ReadIdxDatasetOptions {
  /** IDX file of the images: dimensions `[count, height, width]` (grey) or `[count, height, width, channels]`. */
  readonly imagesPath: string;
  /** IDX file of the labels: dimensions `[count]`. */
  readonly labelsPath: string;
  /** Number of classes; every label must be below it. Default: `classNames.length`, else 10. */
  readonly classes?: number;
  /** Class names to attach, `classes` of them. */
  readonly classNames?: readonly string[];
}

/**
 * Reads an image file and a label file in IDX format (raw or gzip, detected by
 * the magic bytes) into an {@link ImageDataset}, as for MNIST and
 * Fashion-MNIST. The images are not copied out of the decoded buffer.
 *
 * @throws NotFoundError when a file does not exist; FileFormatError (naming
 * the file) when a file is malformed, the image and label counts differ, or a
 * label is out of range.
 *
 * @example
 * ```ts
 * import { readIdxDataset } from '@fewshot/datasets';
 * const test = await readIdxDataset({
 *   imagesPath: '/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz',
 *   labelsPath: '/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz',
 * });
 * test.count; // 10000
 * ```
 */
export async function readIdxDataset(options: ReadIdxDatasetOptions): Promise<ImageDataset> {
  const functionName = 'readIdxDataset';
  checkOptions(functionName, options);
  for (const field of ['imagesPath', 'labelsPath'] as const) {
    if (typeof options[field] !== 'string' || options[field] === '') {
      throw new InvalidArgumentError({
        functionName,
        argument: `options.${field}`,
        message: `options.${field}: expected a non-empty file path, got ${describeValue(options[field])}`,
      });
    }
  }
  const classNames = options.classNames;
  if (classNames !== undefined && (!Array.isArray(classNames) || !classNames.every((name) => typeof name === 'string'))) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.classNames',
      message: `options.classNames: expected an array of strings, got ${describeValue(classNames)}`,
    });
  }
  const classes = options.classes ?? classNames?.length ?? 10;
  checkPositiveInteger(functionName, 'options.classes', classes);
  if (classes > 256 || (classNames !== undefined && classNames.length !== classes)) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.classes',
      message: `options.classes: expected 1..256 classes matching options.classNames (${classNames?.length ?? 'none'}), got ${classes}`,
    });
  }
  return readIdxPair({
    functionName,
    imagesPath: options.imagesPath,
    labelsPath: options.labelsPath,
    imagesArgument: 'options.imagesPath',
    labelsArgument: 'options.labelsPath',
    classes,
    classNames,
  });
}

/** Reads and checks an image/label pair of IDX files; errors name `functionName`. */
export async function readIdxPair(request: {
  readonly functionName: string;
  readonly imagesPath: string;
  readonly labelsPath: string;
  readonly imagesArgument: string;
  readonly labelsArgument: string;
  readonly classes: number;
  readonly classNames: readonly string[] | undefined;
}): Promise<ImageDataset> {
  const { functionName, imagesPath, labelsPath, imagesArgument, labelsArgument } = request;
  const [imageBytes, labelBytes] = await Promise.all([
    readBinaryFile(functionName, imagesArgument, imagesPath),
    readBinaryFile(functionName, labelsArgument, labelsPath),
  ]);
  const images = decodeIdx(functionName, imagesArgument, imagesPath, imageBytes);
  const labels = decodeIdx(functionName, labelsArgument, labelsPath, labelBytes);
  return datasetFromIdx({ ...request, images, labels });
}

function datasetFromIdx(request: {
  readonly functionName: string;
  readonly imagesPath: string;
  readonly labelsPath: string;
  readonly imagesArgument: string;
  readonly labelsArgument: string;
  readonly images: IdxArray;
  readonly labels: IdxArray;
  readonly classes: number;
  readonly classNames: readonly string[] | undefined;
}): ImageDataset {
  const { functionName, imagesPath, labelsPath, imagesArgument, labelsArgument, images, labels, classes } = request;
  const imageRank = images.dimensions.length;
  if (imageRank !== 3 && imageRank !== 4) {
    throw new FileFormatError({
      functionName,
      argument: imagesArgument,
      message: `${imagesPath} has dimensions [${images.dimensions.join(', ')}]; expected [count, height, width] or [count, height, width, channels]`,
    });
  }
  const [count, height, width, channels = 1] = images.dimensions as [number, number, number, number?];
  if (height < 1 || width < 1 || channels < 1) {
    throw new FileFormatError({
      functionName,
      argument: imagesArgument,
      message: `${imagesPath} has empty images: dimensions [${images.dimensions.join(', ')}]`,
    });
  }
  if (labels.dimensions.length !== 1) {
    throw new FileFormatError({
      functionName,
      argument: labelsArgument,
      message: `${labelsPath} has dimensions [${labels.dimensions.join(', ')}]; expected [count] (is it an image file?)`,
    });
  }
  if (labels.dimensions[0] !== count) {
    throw new FileFormatError({
      functionName,
      argument: labelsArgument,
      message: `image/label count mismatch: ${imagesPath} holds ${count} images but ${labelsPath} holds ${labels.dimensions[0]} labels`,
    });
  }
  const labelData = labels.data;
  for (let index = 0; index < count; index += 1) {
    if ((labelData[index] as number) >= classes) {
      throw new FileFormatError({
        functionName,
        argument: labelsArgument,
        message: `label ${labelData[index]} of example ${index} in ${labelsPath} is out of range: expected 0..${classes - 1}`,
      });
    }
  }
  return datasetOf({
    images: images.data,
    labels: labelData,
    height,
    width,
    channels,
    classes,
    classNames: request.classNames,
  });
}
