import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRng } from '@fewshot/core';
import { describe, expect, it } from 'vitest';
import { selectExamples } from '../transforms/select-examples.js';
import { selectPerClass } from '../transforms/select-per-class.js';
import { computeChannelStatistics } from '../transforms/channel-statistics.js';
import { countExamplesPerClass } from '../transforms/count-examples-per-class.js';
import { fnv1a } from '../testing/fixtures.js';
import { fashionMnistClassNames } from './fashion-mnist-class-names.js';
import { loadEmbeddedFashionMnist } from './load-embedded-fashion-mnist.js';
import { debianFashionMnistDirectory, loadFashionMnist } from './load-fashion-mnist.js';

const dataDirectory = fileURLToPath(new URL('../../data/fashion-mnist-subset/', import.meta.url));
const manifest = JSON.parse(readFileSync(`${dataDirectory}subset.json`, 'utf8')) as {
  selection: { seed: string; train: { sourceIndices: number[] }; test: { sourceIndices: number[] } };
  files: Record<string, string>;
};
const sum = (bytes: Uint8Array): number => bytes.reduce((total, value) => total + value, 0);

describe('loadEmbeddedFashionMnist', () => {
  it('reads the committed IDX files: 10,000 + 2,000 class-balanced 28x28 images', async () => {
    const { train, test } = await loadEmbeddedFashionMnist();
    expect([train.count, train.height, train.width, train.channels, train.classes]).toEqual([10000, 28, 28, 1, 10]);
    expect(test.count).toBe(2000);
    expect(countExamplesPerClass({ dataset: train })).toEqual(new Array(10).fill(1000));
    expect(countExamplesPerClass({ dataset: test })).toEqual(new Array(10).fill(200));
    expect(train.classNames).toEqual(fashionMnistClassNames);
  });

  it('holds exactly the pinned pixels and labels', async () => {
    const { train, test } = await loadEmbeddedFashionMnist();
    expect(sum(train.images)).toBe(571837917);
    expect(fnv1a(train.images)).toBe(1055347516);
    expect(fnv1a(train.labels)).toBe(95597695);
    expect(Array.from(train.labels.subarray(0, 10))).toEqual([0, 3, 4, 3, 8, 3, 0, 2, 3, 2]);
    expect(sum(test.images)).toBe(115233778);
    expect(fnv1a(test.images)).toBe(697481347);
    expect(fnv1a(test.labels)).toBe(3049990413);
    const statistics = computeChannelStatistics({ dataset: train });
    expect(statistics.mean[0]).toBeCloseTo(0.286033, 6);
    expect(statistics.standardDeviation[0]).toBeCloseTo(0.353106, 6);
  });

  it('matches the file digests recorded in subset.json', () => {
    for (const [name, digest] of Object.entries(manifest.files)) {
      expect(createHash('sha256').update(readFileSync(`${dataDirectory}${name}`)).digest('hex'), name).toBe(digest);
    }
    expect(existsSync(`${dataDirectory}LICENSE`)).toBe(true);
    expect(readFileSync(`${dataDirectory}LICENSE`, 'utf8')).toContain('Copyright © [2017] Zalando SE');
  });

  it('resizes at load time when asked', async () => {
    const { train, test } = await loadEmbeddedFashionMnist({ resize: { height: 16, width: 16 } });
    expect([train.height, train.width, train.images.length, test.images.length]).toEqual([16, 16, 10000 * 256, 2000 * 256]);
    expect(Array.from(train.labels.subarray(0, 10))).toEqual([0, 3, 4, 3, 8, 3, 0, 2, 3, 2]);
  });
});

const debianPresent = existsSync(`${debianFashionMnistDirectory}/train-images-idx3-ubyte.gz`);
if (!debianPresent) {
  console.warn(`SKIPPED: the embedded subset was not cross-checked against the full data set: ${debianFashionMnistDirectory} is missing (apt-get install dataset-fashion-mnist)`);
}

describe.skipIf(!debianPresent)(`the embedded subset against the full data set in ${debianFashionMnistDirectory} (skipped when dataset-fashion-mnist is not installed)`, () => {
  it('equals the recorded source indices of the official files, and selectPerClass with the recorded seed reproduces it', async () => {
    const [full, embedded] = await Promise.all([loadFashionMnist({}), loadEmbeddedFashionMnist()]);
    const fromIndices = selectExamples({ dataset: full.train, indices: manifest.selection.train.sourceIndices });
    expect(fnv1a(fromIndices.images)).toBe(fnv1a(embedded.train.images));
    expect(fnv1a(fromIndices.labels)).toBe(fnv1a(embedded.train.labels));
    const rng = createRng({ seed: manifest.selection.seed });
    const train = selectPerClass({ dataset: full.train, perClass: 1000, rng });
    const test = selectPerClass({ dataset: full.test, perClass: 200, rng });
    expect(fnv1a(train.images)).toBe(1055347516);
    expect(fnv1a(test.images)).toBe(697481347);
    expect(fnv1a(selectExamples({ dataset: full.test, indices: manifest.selection.test.sourceIndices }).images)).toBe(697481347);
  });
});
