import { InvalidArgumentError } from '@fewshot/core';
import type { ImageDataset } from '../image-dataset.js';
import { checkDataset, checkOptions } from '../internal/validate.js';

/**
 * Per-channel mean and standard deviation of pixel values scaled to [0, 1]
 * (byte / 255), the convention of torchvision's `Normalize`: a normalised
 * value is `(byte / 255 - mean[c]) / standardDeviation[c]`.
 *
 * @example
 * ```ts
 * const cifar10: ChannelStatistics = {
 *   mean: [0.4914, 0.4822, 0.4465],
 *   standardDeviation: [0.247, 0.2435, 0.2616],
 * };
 * ```
 */
export interface ChannelStatistics {
  /** Mean of each channel, in [0, 1]. */
  readonly mean: readonly number[];
  /** Population standard deviation of each channel, positive. */
  readonly standardDeviation: readonly number[];
}

/**
 * Options of {@link computeChannelStatistics}.
 *
 * @example
 * ```ts
 * const options: ComputeChannelStatisticsOptions = { dataset: train };
 * ```
 */
export interface ComputeChannelStatisticsOptions {
  /** The data set to measure: the training split, never the test split. */
  readonly dataset: ImageDataset;
}

/**
 * Computes the exact per-channel mean and population standard deviation of
 * a data set's pixels on the [0, 1] scale (from a 256-bin histogram per
 * channel, so the result does not depend on summation order). Compute it on
 * the training split and pass it as `normalization` when batching every split.
 *
 * @throws InvalidArgumentError when the data set is inconsistent or empty.
 *
 * @example
 * ```ts
 * import { computeChannelStatistics, loadEmbeddedFashionMnist } from '@fewshot/datasets';
 * const { train } = await loadEmbeddedFashionMnist();
 * const statistics = computeChannelStatistics({ dataset: train });
 * statistics.mean; // [0.28...]
 * ```
 */
export function computeChannelStatistics(options: ComputeChannelStatisticsOptions): ChannelStatistics {
  const functionName = 'computeChannelStatistics';
  checkOptions(functionName, options);
  const { dataset } = options;
  checkDataset(functionName, 'options.dataset', dataset);
  if (dataset.count === 0) {
    throw new InvalidArgumentError({ functionName, argument: 'options.dataset', message: 'options.dataset: the data set is empty' });
  }
  const { channels, images } = dataset;
  const histogram = new Float64Array(channels * 256);
  if (channels === 1) {
    for (let index = 0; index < images.length; index += 1) {
      const value = images[index] as number;
      histogram[value] = (histogram[value] as number) + 1;
    }
  } else {
    for (let index = 0; index < images.length; index += channels) {
      for (let channel = 0; channel < channels; channel += 1) {
        const bin = channel * 256 + (images[index + channel] as number);
        histogram[bin] = (histogram[bin] as number) + 1;
      }
    }
  }
  const perChannel = images.length / channels;
  const mean: number[] = [];
  const standardDeviation: number[] = [];
  for (let channel = 0; channel < channels; channel += 1) {
    let sum = 0;
    for (let value = 0; value < 256; value += 1) sum += value * (histogram[channel * 256 + value] as number);
    const channelMean = sum / perChannel / 255;
    let squares = 0;
    for (let value = 0; value < 256; value += 1) {
      const deviation = value / 255 - channelMean;
      squares += deviation * deviation * (histogram[channel * 256 + value] as number);
    }
    mean.push(channelMean);
    standardDeviation.push(Math.sqrt(squares / perChannel));
  }
  return Object.freeze({ mean: Object.freeze(mean), standardDeviation: Object.freeze(standardDeviation) });
}
