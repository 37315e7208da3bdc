import { createRng, InvalidArgumentError } from '@fewshot/core';
import { describe, expect, it } from 'vitest';
import { createImageDataset } from '../image-dataset.js';
import { patternDataset } from '../testing/fixtures.js';
import { computeChannelStatistics } from '../transforms/channel-statistics.js';
import type { ImageBatch } from './image-batch.js';
import { iterateBatches } from './iterate-batches.js';

const dataset = patternDataset({ count: 103, height: 6, width: 5, channels: 2, classes: 7 });
const exampleSize = 6 * 5 * 2;

function allIndices(batches: ImageBatch[]): number[] {
  return batches.flatMap((batch) => Array.from(batch.indices));
}

describe('iterateBatches', () => {
  it('visits every example exactly once per epoch, in data set order by default', () => {
    const batches = [...iterateBatches({ dataset, batchSize: 10 })];
    expect(batches.map((batch) => batch.size)).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 3]);
    expect(allIndices(batches)).toEqual(Array.from({ length: 103 }, (_, index) => index));
    const last = batches[10]!;
    expect([last.images.length, last.labels.length, last.height, last.width, last.channels]).toEqual([3 * exampleSize, 3, 6, 5, 2]);
  });

  it('shuffles every epoch differently, still covering each example once', () => {
    const rng = createRng({ seed: 1 });
    const first = allIndices([...iterateBatches({ dataset, batchSize: 16, shuffle: true, rng })]);
    const second = allIndices([...iterateBatches({ dataset, batchSize: 16, shuffle: true, rng })]);
    for (const order of [first, second]) {
      expect(order.slice().sort((a, b) => a - b)).toEqual(Array.from({ length: 103 }, (_, index) => index));
    }
    expect(first).not.toEqual(second);
    expect(first).not.toEqual(Array.from({ length: 103 }, (_, index) => index));
  });

  it('is deterministic under a seed, whatever the caller draws in between', () => {
    const options = { dataset, batchSize: 8, shuffle: true, augmentation: { padding: 2, horizontalFlip: true } } as const;
    const plain = [...iterateBatches({ ...options, rng: createRng({ seed: 5 }) })];
    const rng = createRng({ seed: 5 });
    const interleaved: ImageBatch[] = [];
    for (const batch of iterateBatches({ ...options, rng })) {
      rng.float();
      interleaved.push(batch);
    }
    expect(interleaved.map((batch) => Array.from(batch.images))).toEqual(plain.map((batch) => Array.from(batch.images)));
    expect(allIndices(interleaved)).toEqual(allIndices(plain));
  });

  it('drops the last partial batch when asked', () => {
    const batches = [...iterateBatches({ dataset, batchSize: 10, shuffle: true, dropLast: true, rng: createRng({ seed: 2 }) })];
    expect(batches.length).toBe(10);
    expect(new Set(allIndices(batches)).size).toBe(100);
    expect([...iterateBatches({ dataset, batchSize: 200, dropLast: true })].length).toBe(0);
  });

  it('normalises each channel and keeps labels and pixels with their example', () => {
    const normalization = computeChannelStatistics({ dataset });
    const batches = [...iterateBatches({ dataset, batchSize: 32, shuffle: true, rng: createRng({ seed: 3 }), normalization })];
    for (const batch of batches) {
      for (let position = 0; position < batch.size; position += 1) {
        const index = batch.indices[position]!;
        expect(batch.labels[position]).toBe(dataset.labels[index]);
        for (const offset of [0, 1, 17, exampleSize - 1]) {
          const byte = dataset.images[index * exampleSize + offset]!;
          const channel = offset % 2;
          const expected = Math.fround((byte / 255 - normalization.mean[channel]!) / normalization.standardDeviation[channel]!);
          expect(batch.images[position * exampleSize + offset]).toBe(expected);
        }
      }
    }
    const unit = [...iterateBatches({ dataset, batchSize: 200 })][0]!;
    expect(unit.images[7]).toBe(Math.fround(dataset.images[7]! / 255));
    // The normalised batches have mean ~0 and standard deviation ~1 per channel.
    const values = batches.flatMap((batch) => Array.from(batch.images.filter((_, index) => index % 2 === 1)));
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    const deviation = Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length);
    expect(mean).toBeCloseTo(0, 5);
    expect(deviation).toBeCloseTo(1, 5);
  });

  it('augments each example with one of the (2p+1)^2 x 2 crops and flips of its own image', () => {
    const grey = patternDataset({ count: 40, height: 5, width: 5, channels: 1 });
    const padding = 1;
    const seen = new Set<string>();
    for (const batch of iterateBatches({ dataset: grey, batchSize: 16, rng: createRng({ seed: 8 }), augmentation: { padding, horizontalFlip: true, paddingFill: 'normalized-zero' } })) {
      for (let position = 0; position < batch.size; position += 1) {
        const index = batch.indices[position]!;
        const output = Array.from(batch.images.subarray(position * 25, position * 25 + 25));
        const matches: string[] = [];
        for (let offsetY = 0; offsetY <= 2 * padding; offsetY += 1) {
          for (let offsetX = 0; offsetX <= 2 * padding; offsetX += 1) {
            for (const flip of [false, true]) {
              const candidate: number[] = [];
              for (let y = 0; y < 5; y += 1) {
                for (let x = 0; x < 5; x += 1) {
                  const sourceY = y + offsetY - padding;
                  const sourceX = (flip ? 4 - x : x) + offsetX - padding;
                  const inside = sourceY >= 0 && sourceY < 5 && sourceX >= 0 && sourceX < 5;
                  candidate.push(inside ? Math.fround(grey.images[index * 25 + sourceY * 5 + sourceX]! / 255) : 0);
                }
              }
              if (candidate.every((value, k) => value === output[k])) matches.push(`${offsetY},${offsetX},${flip}`);
            }
          }
        }
        expect(matches.length).toBeGreaterThan(0);
        seen.add(matches[0]!);
      }
    }
    // 40 draws over 18 variants: the crops and flips really vary.
    expect(seen.size).toBeGreaterThan(8);
  });

  it("fills the padded border with black ('raw-zero', torchvision) or with 0 after normalisation", () => {
    const white = createImageDataset({ images: new Uint8Array(8 * 4 * 4).fill(255), labels: new Uint8Array(8), height: 4, width: 4, channels: 1, classes: 1 });
    const normalization = { mean: [0.5], standardDeviation: [0.25] };
    const border = (paddingFill: 'raw-zero' | 'normalized-zero') => {
      const values = new Set<number>();
      for (const batch of iterateBatches({ dataset: white, batchSize: 8, rng: createRng({ seed: 4 }), normalization, augmentation: { padding: 3, paddingFill } })) {
        batch.images.forEach((value) => values.add(value));
      }
      return [...values].sort((a, b) => a - b);
    };
    // White is (1 - 0.5) / 0.25 = 2; black is (0 - 0.5) / 0.25 = -2.
    expect(border('raw-zero')).toEqual([-2, 2]);
    expect(border('normalized-zero')).toEqual([0, 2]);
  });

  it('reuses its arrays only when asked', () => {
    const fresh = [...iterateBatches({ dataset, batchSize: 50 })];
    expect(fresh[0]!.images.buffer).not.toBe(fresh[1]!.images.buffer);
    const reused: Array<{ buffer: ArrayBufferLike; first: number }> = [];
    for (const batch of iterateBatches({ dataset, batchSize: 50, reuseBuffers: true })) reused.push({ buffer: batch.images.buffer, first: batch.images[0]! });
    expect(reused[0]!.buffer).toBe(reused[2]!.buffer);
    expect(reused[1]!.first).toBe(Math.fround(dataset.images[50 * exampleSize]! / 255));
  });

  it('checks its options when called, before iterating', () => {
    expect(() => iterateBatches({ dataset, batchSize: 10, shuffle: true })).toThrow(InvalidArgumentError);
    expect(() => iterateBatches({ dataset, batchSize: 10, shuffle: true })).toThrow('iterateBatches: options.rng: shuffle and augmentation need an rng');
    expect(() => iterateBatches({ dataset, batchSize: 10, augmentation: { horizontalFlip: true } })).toThrow('options.rng');
    expect(() => iterateBatches({ dataset, batchSize: 0 })).toThrow('iterateBatches: options.batchSize: expected a positive integer, got number 0');
    expect(() => iterateBatches({ dataset, batchSize: 4, normalization: { mean: [0.5], standardDeviation: [0.2] } })).toThrow(
      'options.normalization: expected { mean, standardDeviation } with 2 finite value(s) each',
    );
    expect(() => iterateBatches({ dataset, batchSize: 4, rng: createRng({ seed: 1 }), augmentation: { padding: 2, paddingFill: 'edge' as 'raw-zero' } })).toThrow(
      "options.augmentation.paddingFill: expected 'raw-zero' or 'normalized-zero', got \"edge\"",
    );
  });
});
