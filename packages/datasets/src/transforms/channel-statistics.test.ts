import { describe, expect, it } from 'vitest';
import { createImageDataset } from '../image-dataset.js';
import { computeChannelStatistics } from './channel-statistics.js';

describe('computeChannelStatistics', () => {
  it('gives the exact mean and population standard deviation on the [0, 1] scale', () => {
    // Grey: values 0, 255, 0, 255 -> mean 0.5, std 0.5.
    const grey = createImageDataset({ images: Uint8Array.of(0, 255, 0, 255), labels: Uint8Array.of(0, 1), height: 1, width: 2, channels: 1, classes: 2 });
    expect(computeChannelStatistics({ dataset: grey })).toEqual({ mean: [0.5], standardDeviation: [0.5] });
  });

  it('keeps the channels apart', () => {
    // Two RGB pixels: R = 51, 153 (0.2, 0.6); G = 102, 102 (0.4 constant); B = 0, 255.
    const rgb = createImageDataset({ images: Uint8Array.of(51, 102, 0, 153, 102, 255), labels: Uint8Array.of(0), height: 1, width: 2, channels: 3, classes: 1 });
    const statistics = computeChannelStatistics({ dataset: rgb });
    expect(statistics.mean[0]).toBeCloseTo(0.4, 12);
    expect(statistics.mean[1]).toBeCloseTo(0.4, 12);
    expect(statistics.mean[2]).toBeCloseTo(0.5, 12);
    expect(statistics.standardDeviation[0]).toBeCloseTo(0.2, 12);
    expect(statistics.standardDeviation[1]).toBeCloseTo(0, 12);
    expect(statistics.standardDeviation[2]).toBeCloseTo(0.5, 12);
  });

  it('matches a direct two-pass computation on a larger data set', () => {
    const images = Uint8Array.from({ length: 5000 * 3 }, (_, index) => (index * 7919) % 251);
    const dataset = createImageDataset({ images, labels: new Uint8Array(100), height: 5, width: 10, channels: 3, classes: 1 });
    const statistics = computeChannelStatistics({ dataset });
    for (let channel = 0; channel < 3; channel += 1) {
      const values = Array.from(images.filter((_, index) => index % 3 === channel), (value) => value / 255);
      const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
      const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
      expect(statistics.mean[channel]).toBeCloseTo(mean, 10);
      expect(statistics.standardDeviation[channel]).toBeCloseTo(Math.sqrt(variance), 10);
    }
  });

  it('rejects an empty data set', () => {
    const empty = createImageDataset({ images: new Uint8Array(0), labels: new Uint8Array(0), height: 1, width: 1, channels: 1, classes: 1 });
    expect(() => computeChannelStatistics({ dataset: empty })).toThrow('computeChannelStatistics: options.dataset: the data set is empty');
  });
});
