import { InvalidArgumentError } from '@fewshot/core';
import type { ImageDataset } from '../image-dataset.js';
import { datasetOf } from '../internal/dataset-of.js';
import { checkDataset, checkNonNegativeInteger, checkOptions, describeValue } from '../internal/validate.js';

/**
 * Padding on each side of an image, in pixels.
 *
 * @example
 * ```ts
 * const padding: PaddingSides = { top: 2, bottom: 2, left: 2, right: 2 };
 * ```
 */
export interface PaddingSides {
  /** Rows added above. */
  readonly top: number;
  /** Rows added below. */
  readonly bottom: number;
  /** Columns added on the left. */
  readonly left: number;
  /** Columns added on the right. */
  readonly right: number;
}

/**
 * Options of {@link padDataset}.
 *
 * @example
 * ```ts
 * const options: PadDatasetOptions = { dataset: train, padding: 2 }; // 28x28 -> 32x32
 * ```
 */
export interface PadDatasetOptions {
  /** The data set to pad (not modified). */
  readonly dataset: ImageDataset;
  /** Pixels added on every side, or per side. */
  readonly padding: number | PaddingSides;
  /** Byte value of the added pixels, 0..255 (all channels). Default 0 (black). */
  readonly value?: number;
}

/**
 * Pads every image with a constant border and returns a new data set of
 * bytes, e.g. `padding: 2` turns 28x28 Fashion-MNIST into 32x32 (the usual
 * way to feed it to a network designed for CIFAR). Note that the border is a
 * raw byte value: after normalisation it becomes `(value / 255 - mean) / std`.
 *
 * @throws InvalidArgumentError when the data set is inconsistent, a padding
 * is not a non-negative integer, or the value is not a byte.
 *
 * @example
 * ```ts
 * import { loadEmbeddedFashionMnist, padDataset } from '@fewshot/datasets';
 * const { train } = await loadEmbeddedFashionMnist();
 * const padded = padDataset({ dataset: train, padding: 2 });
 * [padded.height, padded.width]; // [32, 32]
 * ```
 */
export function padDataset(options: PadDatasetOptions): ImageDataset {
  const functionName = 'padDataset';
  checkOptions(functionName, options);
  const { dataset } = options;
  checkDataset(functionName, 'options.dataset', dataset);
  const sides = normaliseSides(functionName, options.padding);
  const value = options.value ?? 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 255) {
    throw new InvalidArgumentError({ functionName, argument: 'options.value', message: `options.value: expected an integer 0..255, got ${describeValue(value)}` });
  }
  const { count, channels } = dataset;
  const height = dataset.height + sides.top + sides.bottom;
  const width = dataset.width + sides.left + sides.right;
  const inputRow = dataset.width * channels;
  const outputRow = width * channels;
  const inputSize = dataset.height * inputRow;
  const outputSize = height * outputRow;
  const images = new Uint8Array(count * outputSize);
  if (value !== 0) images.fill(value);
  for (let index = 0; index < count; index += 1) {
    const sourceBase = index * inputSize;
    const targetBase = index * outputSize + sides.top * outputRow + sides.left * channels;
    for (let y = 0; y < dataset.height; y += 1) {
      const start = sourceBase + y * inputRow;
      images.set(dataset.images.subarray(start, start + inputRow), targetBase + y * outputRow);
    }
  }
  return datasetOf({
    images,
    labels: dataset.labels.slice(),
    height,
    width,
    channels,
    classes: dataset.classes,
    classNames: dataset.classNames,
  });
}

function normaliseSides(functionName: string, padding: unknown): PaddingSides {
  if (typeof padding === 'number') {
    checkNonNegativeInteger(functionName, 'options.padding', padding);
    return { top: padding, bottom: padding, left: padding, right: padding };
  }
  if (padding === null || typeof padding !== 'object') {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.padding',
      message: `options.padding: expected a non-negative integer or { top, bottom, left, right }, got ${describeValue(padding)}`,
    });
  }
  const sides = padding as Partial<PaddingSides>;
  for (const side of ['top', 'bottom', 'left', 'right'] as const) {
    checkNonNegativeInteger(functionName, `options.padding.${side}`, sides[side]);
  }
  return sides as PaddingSides;
}
