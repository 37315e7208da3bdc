import { createRegion, nasBench201 } from '@fewshot/search-space';
import { describe, expect, it } from 'vitest';
import { tinyData, tinyNetwork, tinyTraining } from '../testing/tiny-configs.js';
import { estimatedJobCost, longestJobsFirst } from './estimated-job-cost.js';
import type { EvaluateJob, SupernetJob } from './training-jobs.js';

const supernetJob = (id: string, epochs: number, overrides: Partial<SupernetJob> = {}): SupernetJob => ({
  kind: 'supernet',
  id,
  data: tinyData,
  network: tinyNetwork,
  training: { ...tinyTraining, epochs },
  seed: 1,
  region: createRegion({ space: nasBench201 }).toJSON(),
  initialization: 'copy',
  checkpointDirectory: `/tmp/${id}/checkpoints`,
  outputDirectory: `/tmp/${id}/supernet`,
  ...overrides,
});

const evaluateJob = (id: string, architectures: number): EvaluateJob => ({
  kind: 'evaluate',
  id,
  data: tinyData,
  members: [],
  architectures: Array.from({ length: architectures }, () => '|none~0|+|none~0|none~1|+|none~0|none~1|none~2|'),
  batchSize: 500,
});

describe('estimatedJobCost', () => {
  it('grows with epochs, images, pixels, channels squared and cells', () => {
    const base = estimatedJobCost(supernetJob('a', 2));
    expect(estimatedJobCost(supernetJob('a', 10))).toBe(5 * base);
    expect(estimatedJobCost(supernetJob('a', 2, { data: { ...tinyData, trainPerClass: 30 } }))).toBe(3 * base);
    expect(estimatedJobCost(supernetJob('a', 2, { data: { ...tinyData, resize: { height: 32, width: 32 } } }))).toBe(4 * base);
    expect(estimatedJobCost(supernetJob('a', 2, { network: { ...tinyNetwork, channels: 8 } }))).toBe(4 * base);
    expect(estimatedJobCost(supernetJob('a', 2, { network: { ...tinyNetwork, cellsPerStage: 5 } }))).toBe(5 * base);
  });

  it('counts the whole training set without trainPerClass, and the native size without resize', () => {
    const { trainPerClass: _unused, resize: _unusedToo, ...whole } = tinyData;
    // 10,000 images of 28x28 against 100 images (10 per class) of 16x16.
    expect(estimatedJobCost(supernetJob('a', 1, { data: whole })) / estimatedJobCost(supernetJob('a', 1))).toBeCloseTo((10_000 * 784) / (100 * 256), 10);
  });

  it('costs evaluation jobs by architectures', () => {
    expect(estimatedJobCost(evaluateJob('e', 30))).toBe(3 * estimatedJobCost(evaluateJob('e', 10)));
  });
});

describe('longestJobsFirst', () => {
  it('puts the longest jobs (here an equal-budget one-shot job queued late) first and keeps ties in their order', () => {
    const jobs = [supernetJob('c0', 2), supernetJob('c1', 2), supernetJob('c2', 2), supernetJob('equal-budget', 10), supernetJob('c3', 4)];
    expect(longestJobsFirst(jobs).map((job) => job.id)).toEqual(['equal-budget', 'c3', 'c0', 'c1', 'c2']);
    // The input is not reordered in place.
    expect(jobs.map((job) => job.id)).toEqual(['c0', 'c1', 'c2', 'equal-budget', 'c3']);
  });
});
