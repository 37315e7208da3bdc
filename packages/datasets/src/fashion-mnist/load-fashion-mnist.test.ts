import { existsSync } from 'node:fs';
import { NotFoundError } from '@fewshot/core';
import { afterAll, describe, expect, it } from 'vitest';
import { countExamplesPerClass } from '../transforms/count-examples-per-class.js';
import { patternDataset, temporaryDirectory, writeIdxDirectory } from '../testing/fixtures.js';
import { debianFashionMnistDirectory, loadFashionMnist } from './load-fashion-mnist.js';

const folder = temporaryDirectory();
afterAll(folder.remove);

const debianPresent = existsSync(`${debianFashionMnistDirectory}/train-images-idx3-ubyte.gz`);
if (!debianPresent) {
  console.warn(`SKIPPED: full Fashion-MNIST tests: ${debianFashionMnistDirectory} is missing (apt-get install dataset-fashion-mnist)`);
}

describe.skipIf(!debianPresent)(`loadFashionMnist on Debian's files in ${debianFashionMnistDirectory} (skipped when dataset-fashion-mnist is not installed)`, () => {
  it('loads 60,000 + 10,000 images with 6,000 / 1,000 per class', async () => {
    const { train, test } = await loadFashionMnist({});
    expect([train.count, train.height, train.width, train.channels]).toEqual([60000, 28, 28, 1]);
    expect(test.count).toBe(10000);
    expect(countExamplesPerClass({ dataset: train })).toEqual(new Array(10).fill(6000));
    expect(countExamplesPerClass({ dataset: test })).toEqual(new Array(10).fill(1000));
    expect(train.classNames?.[9]).toBe('Ankle boot');
    // The first training label of Fashion-MNIST is 9 (ankle boot), the first test label 9 too.
    expect([train.labels[0], test.labels[0]]).toEqual([9, 9]);
  });
});

describe('loadFashionMnist', () => {
  it('reads any folder of the four files, raw or gzipped', async () => {
    writeIdxDirectory({
      directory: folder.path,
      train: patternDataset({ count: 20, height: 28, width: 28 }),
      test: patternDataset({ count: 10, height: 28, width: 28 }),
      gzip: false,
    });
    const { train, test } = await loadFashionMnist({ directory: folder.path, resize: { height: 16, width: 16 } });
    expect([train.count, test.count, train.height]).toEqual([20, 10, 16]);
  });

  it('says how to get the files when they are missing', async () => {
    const empty = temporaryDirectory();
    try {
      const call = loadFashionMnist({ directory: empty.path });
      await expect(call).rejects.toThrow(NotFoundError);
      await expect(loadFashionMnist({ directory: empty.path })).rejects.toThrow(
        `loadFashionMnist: no train-images-idx3-ubyte.gz (or train-images-idx3-ubyte) in ${empty.path}; options.directory must hold`,
      );
      await expect(loadFashionMnist({ directory: empty.path })).rejects.toThrow('apt-get install dataset-fashion-mnist');
    } finally {
      empty.remove();
    }
  });
});
