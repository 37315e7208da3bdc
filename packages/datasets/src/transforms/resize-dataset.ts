import type { ImageDataset } from '../image-dataset.js';
import { datasetOf } from '../internal/dataset-of.js';
import { createResampler } from '../internal/resample.js';
import { checkDataset, checkOptionalBoolean, checkOptions, checkPositiveInteger } from '../internal/validate.js';

/**
 * A target size and resampling flavour, as {@link resizeDataset} takes them
 * (and the loaders' `resize` option).
 *
 * @example
 * ```ts
 * const toSixteen: ResizeOptions = { height: 16, width: 16 };
 * ```
 */
export interface ResizeOptions {
  /** Output height in pixels. */
  readonly height: number;
  /** Output width in pixels. */
  readonly width: number;
  /**
   * `true` (default): Pillow's bilinear resize, bit for bit (what torchvision's
   * `Resize` applies to PIL images): when shrinking, the triangle filter widens
   * with the scale factor, so every input pixel contributes (antialiasing).
   * `false`: plain two-tap bilinear interpolation with half-pixel centres, the
   * same values as `tf.image.resizeBilinear(x, size, false, true)` before
   * rounding; it skips input pixels when shrinking by more than 2x.
   */
  readonly antialias?: boolean;
}

/**
 * Options of {@link resizeDataset}.
 *
 * @example
 * ```ts
 * const options: ResizeDatasetOptions = { dataset: train, height: 16, width: 16 };
 * ```
 */
export interface ResizeDatasetOptions extends ResizeOptions {
  /** The data set to resize (not modified). */
  readonly dataset: ImageDataset;
}

/**
 * Resizes every image with bilinear interpolation and returns a new data set
 * of bytes (values rounded to the nearest integer, as Pillow does), with the
 * same labels. Meant to run once at load time (e.g. Fashion-MNIST 28x28 ->
 * 16x16), so training batches are built from the smaller images.
 *
 * @throws InvalidArgumentError when the data set is inconsistent or a size
 * is not a positive integer.
 *
 * @example
 * ```ts
 * import { loadEmbeddedFashionMnist, resizeDataset } from '@fewshot/datasets';
 * const { train } = await loadEmbeddedFashionMnist();
 * const small = resizeDataset({ dataset: train, height: 16, width: 16 });
 * small.images.length; // 10000 * 16 * 16
 * ```
 */
export function resizeDataset(options: ResizeDatasetOptions): ImageDataset {
  const functionName = 'resizeDataset';
  checkOptions(functionName, options);
  const { dataset, height, width } = options;
  checkDataset(functionName, 'options.dataset', dataset);
  checkPositiveInteger(functionName, 'options.height', height);
  checkPositiveInteger(functionName, 'options.width', width);
  checkOptionalBoolean(functionName, 'options.antialias', options.antialias);
  const { channels, count } = dataset;
  const resampler = createResampler({
    inputHeight: dataset.height,
    inputWidth: dataset.width,
    outputHeight: height,
    outputWidth: width,
    channels,
    antialias: options.antialias ?? true,
  });
  const inputSize = dataset.height * dataset.width * channels;
  const outputSize = height * width * channels;
  const images = new Uint8Array(count * outputSize);
  for (let index = 0; index < count; index += 1) {
    resampler.resample(dataset.images, index * inputSize, images, index * outputSize);
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
