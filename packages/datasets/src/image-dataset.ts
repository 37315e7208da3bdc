import { InvalidArgumentError } from '@fewshot/core';
import { datasetOf } from './internal/dataset-of.js';
import { checkOptions, checkPositiveInteger, describeValue } from './internal/validate.js';

/**
 * A labelled image data set held as raw bytes, channels last (NHWC, the
 * layout TensorFlow.js uses): pixel `(n, y, x, c)` of example `n` is
 * `images[((n * height + y) * width + x) * channels + c]`, a value in 0..255.
 *
 * Data sets are plain objects of typed arrays: no tensors, nothing to dispose.
 * Every function of this package returns new arrays and never modifies the
 * data set it is given.
 *
 * @example
 * ```ts
 * const { train } = await loadEmbeddedFashionMnist();
 * console.log(train.count, train.height, train.width, train.channels); // 10000 28 28 1
 * const firstLabel = train.labels[0];
 * const firstPixel = train.images[0];
 * ```
 */
export interface ImageDataset {
  /** `count * height * width * channels` bytes, NHWC. */
  readonly images: Uint8Array;
  /** One class index in `0..classes - 1` per example. */
  readonly labels: Uint8Array;
  /** Number of examples. */
  readonly count: number;
  /** Image height in pixels. */
  readonly height: number;
  /** Image width in pixels. */
  readonly width: number;
  /** Channels per pixel (1 for grey, 3 for RGB). */
  readonly channels: number;
  /** Number of classes; every label is below it. */
  readonly classes: number;
  /** Human-readable class names, `classes` of them, when known. */
  readonly classNames?: readonly string[];
}

/**
 * Options of {@link createImageDataset}: the fields of an {@link ImageDataset}
 * except `count`, which is derived from the labels.
 *
 * @example
 * ```ts
 * const options: CreateImageDatasetOptions = {
 *   images: new Uint8Array(2 * 4 * 4), labels: Uint8Array.of(0, 1),
 *   height: 4, width: 4, channels: 1, classes: 2,
 * };
 * ```
 */
export interface CreateImageDatasetOptions {
  /** `labels.length * height * width * channels` bytes, NHWC. */
  readonly images: Uint8Array;
  /** One class index per example. */
  readonly labels: Uint8Array;
  /** Image height in pixels (positive integer). */
  readonly height: number;
  /** Image width in pixels (positive integer). */
  readonly width: number;
  /** Channels per pixel (positive integer). */
  readonly channels: number;
  /** Number of classes, 1..256. */
  readonly classes: number;
  /** Optional class names, exactly `classes` of them. */
  readonly classNames?: readonly string[];
}

/**
 * Builds an {@link ImageDataset} from typed arrays after checking that the
 * sizes agree and every label is a valid class. The arrays are used as they
 * are (not copied).
 *
 * @throws InvalidArgumentError when a dimension is not a positive integer,
 * the image bytes do not match `labels.length * height * width * channels`,
 * a label is not below `classes`, or `classNames` has the wrong length.
 *
 * @example
 * ```ts
 * import { createImageDataset } from '@fewshot/datasets';
 * const dataset = createImageDataset({
 *   images: new Uint8Array(2 * 28 * 28), labels: Uint8Array.of(3, 7),
 *   height: 28, width: 28, channels: 1, classes: 10,
 * });
 * dataset.count; // 2
 * ```
 */
export function createImageDataset(options: CreateImageDatasetOptions): ImageDataset {
  const functionName = 'createImageDataset';
  checkOptions(functionName, options);
  const { images, labels, height, width, channels, classes, classNames } = options;
  if (!(images instanceof Uint8Array)) {
    throw new InvalidArgumentError({ functionName, argument: 'options.images', message: `options.images: expected a Uint8Array, got ${describeValue(images)}` });
  }
  if (!(labels instanceof Uint8Array)) {
    throw new InvalidArgumentError({ functionName, argument: 'options.labels', message: `options.labels: expected a Uint8Array, got ${describeValue(labels)}` });
  }
  checkPositiveInteger(functionName, 'options.height', height);
  checkPositiveInteger(functionName, 'options.width', width);
  checkPositiveInteger(functionName, 'options.channels', channels);
  checkPositiveInteger(functionName, 'options.classes', classes);
  if (classes > 256) {
    throw new InvalidArgumentError({ functionName, argument: 'options.classes', message: `options.classes: expected at most 256 classes (labels are bytes), got ${classes}` });
  }
  const count = labels.length;
  const expected = count * height * width * channels;
  if (images.length !== expected) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.images',
      message: `options.images: expected ${count} x ${height} x ${width} x ${channels} = ${expected} bytes, got ${images.length}`,
    });
  }
  for (let index = 0; index < count; index += 1) {
    const label = labels[index] as number;
    if (label >= classes) {
      throw new InvalidArgumentError({
        functionName,
        argument: 'options.labels',
        message: `options.labels: label ${label} of example ${index} is not below classes = ${classes}`,
      });
    }
  }
  if (classNames !== undefined) {
    if (!Array.isArray(classNames) || classNames.length !== classes || !classNames.every((name) => typeof name === 'string')) {
      throw new InvalidArgumentError({
        functionName,
        argument: 'options.classNames',
        message: `options.classNames: expected ${classes} strings, got ${describeValue(classNames)}`,
      });
    }
  }
  return datasetOf({ images, labels, height, width, channels, classes, classNames });
}

