import { FileFormatError, NotFoundError } from '@fewshot/core';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeIdx } from '../idx/encode-idx.js';
import { patternDataset, temporaryDirectory, writeFile, writeIdxDirectory } from '../testing/fixtures.js';
import { loadMnist, mnistClassNames } from './load-mnist.js';

const folders = [temporaryDirectory(), temporaryDirectory()];
afterAll(() => folders.forEach((folder) => folder.remove()));

describe('loadMnist', () => {
  it('reads gzipped files and the dotted file names of some MNIST copies', async () => {
    const train = patternDataset({ count: 30, height: 28, width: 28 });
    const test = patternDataset({ count: 10, height: 28, width: 28, labelOf: (example) => 9 - example });
    writeIdxDirectory({ directory: folders[0]!.path, train, test, gzip: true });
    writeIdxDirectory({ directory: folders[1]!.path, train, test, gzip: false, dotted: true });
    for (const folder of folders) {
      const loaded = await loadMnist({ directory: folder.path });
      expect(Array.from(loaded.train.images)).toEqual(Array.from(train.images));
      expect(Array.from(loaded.test.labels)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
      expect(loaded.train.classNames).toEqual(mnistClassNames);
    }
  });

  it('names the function and the file for a corrupt file', async () => {
    const broken = writeFile(folders[0]!.path, 't10k-labels-idx1-ubyte.gz', encodeIdx({ dimensions: [9], data: new Uint8Array(9) }), true);
    const call = loadMnist({ directory: folders[0]!.path });
    await expect(call).rejects.toThrow(FileFormatError);
    await expect(loadMnist({ directory: folders[0]!.path })).rejects.toThrow(/^loadMnist: image\/label count mismatch: .*t10k-images-idx3-ubyte\.gz holds 10 images but .*t10k-labels-idx1-ubyte\.gz holds 9 labels/);
    expect(broken).toContain('t10k-labels');
  });

  it('throws NotFoundError for a folder without the files', async () => {
    await expect(loadMnist({ directory: '/nonexistent/mnist' })).rejects.toThrow(NotFoundError);
    await expect(loadMnist({ directory: '' })).rejects.toThrow('loadMnist: options.directory: expected a directory path');
  });
});
