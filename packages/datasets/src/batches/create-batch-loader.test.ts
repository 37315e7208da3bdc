import { createRng } from '@fewshot/core';
import { describe, expect, it } from 'vitest';
import { patternDataset } from '../testing/fixtures.js';
import { createBatchLoader } from './create-batch-loader.js';

const dataset = patternDataset({ count: 70, height: 4, width: 4 });

function epochIndices(loader: ReturnType<typeof createBatchLoader>, epoch: number): number[] {
  return [...loader.epoch({ epoch })].flatMap((batch) => Array.from(batch.indices));
}

describe('createBatchLoader', () => {
  it('reproduces any epoch on its own, in any order of requests', () => {
    const options = { dataset, batchSize: 16, shuffle: true, augmentation: { padding: 1, horizontalFlip: true } } as const;
    const loader = createBatchLoader({ ...options, rng: createRng({ seed: 12 }) });
    const again = createBatchLoader({ ...options, rng: createRng({ seed: 12 }) });
    const epochs = [0, 1, 2].map((epoch) => epochIndices(loader, epoch));
    expect(epochIndices(again, 2)).toEqual(epochs[2]);
    expect(epochIndices(again, 0)).toEqual(epochs[0]);
    expect(epochIndices(loader, 1)).toEqual(epochs[1]);
    const images = (source: typeof loader, epoch: number) => [...source.epoch({ epoch })].map((batch) => Array.from(batch.images));
    expect(images(again, 1)).toEqual(images(loader, 1));
    expect(epochs[0]).not.toEqual(epochs[1]);
    for (const order of epochs) expect(order.slice().sort((a, b) => a - b)).toEqual(Array.from({ length: 70 }, (_, index) => index));
  });

  it('differs between seeds and reports its epoch size', () => {
    const a = createBatchLoader({ dataset, batchSize: 16, shuffle: true, dropLast: true, rng: createRng({ seed: 1 }) });
    const b = createBatchLoader({ dataset, batchSize: 16, shuffle: true, dropLast: true, rng: createRng({ seed: 2 }) });
    expect([a.batchesPerEpoch, a.examplesPerEpoch]).toEqual([4, 64]);
    expect(epochIndices(a, 0)).not.toEqual(epochIndices(b, 0));
    expect(epochIndices(a, 0).length).toBe(64);
  });

  it('needs no rng for sequential, unaugmented batches', () => {
    const loader = createBatchLoader({ dataset, batchSize: 32 });
    expect([loader.batchesPerEpoch, loader.examplesPerEpoch]).toEqual([3, 70]);
    expect(epochIndices(loader, 4)).toEqual(Array.from({ length: 70 }, (_, index) => index));
    expect(() => createBatchLoader({ dataset, batchSize: 32, shuffle: true })).toThrow('createBatchLoader: options.rng: shuffle and augmentation need an rng');
    expect(() => loader.epoch({ epoch: -1 })).toThrow('BatchLoader.epoch: options.epoch: expected a non-negative integer, got number -1');
  });
});
