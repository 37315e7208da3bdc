import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileFormatError, NotFoundError } from '@fewshot/core';
import { afterAll, describe, expect, it } from 'vitest';
import { cifarPixel, cifarRecords, temporaryDirectory, writeFile } from '../testing/fixtures.js';
import { cifar10ClassNames, readCifar10 } from './read-cifar-10.js';
import { readCifar100 } from './read-cifar-100.js';

const folder = temporaryDirectory();
afterAll(folder.remove);

function pixelOf(images: Uint8Array, example: number, y: number, x: number, channel: number): number {
  return images[((example * 32 + y) * 32 + x) * 3 + channel] as number;
}

describe('readCifar10', () => {
  const cifar10 = join(folder.path, 'cifar-10-batches-bin');
  mkdirSync(cifar10);
  // Five training batches of 3, 2, 1, 2, 2 records (seeds 1..5) and a test batch of 4 records.
  const trainSizes = [3, 2, 1, 2, 2];
  trainSizes.forEach((size, batch) => {
    writeFile(cifar10, `data_batch_${batch + 1}.bin`, cifarRecords({ labels: Array.from({ length: size }, (_, record) => [(batch * 3 + record) % 10]), seed: batch + 1 }), batch === 2);
  });
  writeFile(cifar10, 'test_batch.bin', cifarRecords({ labels: [[9], [0], [5], [3]], seed: 9 }));

  it('converts the planar records of every training batch to NHWC, in file order', async () => {
    const train = await readCifar10({ directory: cifar10, split: 'train' });
    expect([train.count, train.height, train.width, train.channels, train.classes]).toEqual([10, 32, 32, 3, 10]);
    expect(Array.from(train.labels)).toEqual([0, 1, 2, 3, 4, 6, 9, 0, 2, 3]);
    // Example 5 is record 0 of data_batch_3.bin (seed 3, gzipped on disk).
    for (const [y, x, channel] of [
      [0, 0, 0],
      [31, 31, 2],
      [7, 19, 1],
      [12, 3, 2],
    ] as const) {
      expect(pixelOf(train.images, 5, y, x, channel)).toBe(cifarPixel(0, y, x, channel, 3));
      expect(pixelOf(train.images, 9, y, x, channel)).toBe(cifarPixel(1, y, x, channel, 5));
    }
    let mismatches = 0;
    for (let y = 0; y < 32; y += 1) {
      for (let x = 0; x < 32; x += 1) {
        for (let channel = 0; channel < 3; channel += 1) {
          if (pixelOf(train.images, 1, y, x, channel) !== cifarPixel(1, y, x, channel, 1)) mismatches += 1;
        }
      }
    }
    expect(mismatches).toBe(0);
    expect(train.classNames).toEqual(cifar10ClassNames);
  });

  it('reads the test batch, from the archive folder or the folder containing it, with batches.meta.txt names', async () => {
    writeFileSync(join(cifar10, 'batches.meta.txt'), 'a0\na1\na2\na3\na4\na5\na6\na7\na8\na9\n\n');
    const test = await readCifar10({ directory: folder.path, split: 'test' });
    expect(Array.from(test.labels)).toEqual([9, 0, 5, 3]);
    expect(pixelOf(test.images, 3, 30, 1, 1)).toBe(cifarPixel(3, 30, 1, 1, 9));
    expect(test.classNames?.[3]).toBe('a3');
  });

  it('rejects a file whose size is not a whole number of records', async () => {
    const broken = join(folder.path, 'broken');
    mkdirSync(broken);
    const path = writeFile(broken, 'test_batch.bin', cifarRecords({ labels: [[1], [2]], seed: 0 }).subarray(0, 3073 + 100));
    await expect(readCifar10({ directory: broken, split: 'test' })).rejects.toThrow(FileFormatError);
    await expect(readCifar10({ directory: broken, split: 'test' })).rejects.toThrow(
      `readCifar10: ${path} has the wrong size: 3173 bytes is not a positive multiple of the 3073-byte record`,
    );
  });

  it('rejects a label above 9, naming the record and the file', async () => {
    const bad = join(folder.path, 'bad-label');
    mkdirSync(bad);
    const path = writeFile(bad, 'test_batch.bin', cifarRecords({ labels: [[1], [10]], seed: 0 }));
    await expect(readCifar10({ directory: bad, split: 'test' })).rejects.toThrow(`readCifar10: class label 10 of record 1 in ${path} is out of range: expected 0..9`);
  });

  it('throws NotFoundError naming the missing batch', async () => {
    const partial = join(folder.path, 'partial');
    mkdirSync(partial);
    writeFile(partial, 'data_batch_1.bin', cifarRecords({ labels: [[1]], seed: 0 }));
    await expect(readCifar10({ directory: partial, split: 'train' })).rejects.toThrow(NotFoundError);
    await expect(readCifar10({ directory: partial, split: 'train' })).rejects.toThrow(`readCifar10: no data_batch_2.bin in ${partial}`);
    await expect(readCifar10({ directory: partial, split: 'validation' as 'test' })).rejects.toThrow(`options.split: expected 'train' or 'test', got "validation"`);
  });
});

describe('readCifar100', () => {
  const cifar100 = join(folder.path, 'cifar-100-binary');
  mkdirSync(cifar100);
  writeFile(cifar100, 'train.bin', cifarRecords({ labels: [[19, 99], [0, 0], [7, 42]], seed: 4 }));
  writeFile(cifar100, 'test.bin', cifarRecords({ labels: [[3, 12]], seed: 8 }), true);

  it('keeps the fine or the coarse label, and the image in NHWC', async () => {
    const fine = await readCifar100({ directory: cifar100, split: 'train' });
    expect([fine.count, fine.classes]).toEqual([3, 100]);
    expect(Array.from(fine.labels)).toEqual([99, 0, 42]);
    const coarse = await readCifar100({ directory: folder.path, split: 'train', labels: 'coarse' });
    expect(coarse.classes).toBe(20);
    expect(Array.from(coarse.labels)).toEqual([19, 0, 7]);
    expect(pixelOf(fine.images, 2, 17, 23, 2)).toBe(cifarPixel(2, 17, 23, 2, 4));
    expect(Array.from(coarse.images)).toEqual(Array.from(fine.images));
    const test = await readCifar100({ directory: cifar100, split: 'test' });
    expect(Array.from(test.labels)).toEqual([12]);
    expect(pixelOf(test.images, 0, 31, 0, 0)).toBe(cifarPixel(0, 31, 0, 0, 8));
  });

  it('checks both labels against their ranges', async () => {
    const bad = join(folder.path, 'bad-100');
    mkdirSync(bad);
    const path = writeFile(bad, 'test.bin', cifarRecords({ labels: [[1, 5], [20, 5]], seed: 0 }));
    await expect(readCifar100({ directory: bad, split: 'test' })).rejects.toThrow(`readCifar100: coarse label 20 of record 1 in ${path} is out of range: expected 0..19`);
    writeFile(bad, 'test.bin', cifarRecords({ labels: [[1, 100]], seed: 0 }));
    await expect(readCifar100({ directory: bad, split: 'test', labels: 'coarse' })).rejects.toThrow('fine label 100 of record 0');
  });

  it('rejects CIFAR-10 records (one label byte) by their size', async () => {
    const wrong = join(folder.path, 'wrong-100');
    mkdirSync(wrong);
    writeFile(wrong, 'test.bin', cifarRecords({ labels: [[1], [2]], seed: 0 }));
    await expect(readCifar100({ directory: wrong, split: 'test' })).rejects.toThrow('6146 bytes is not a positive multiple of the 3074-byte record (2 label bytes + 3072 pixel bytes)');
  });

  it('reads the class names files and checks their length', async () => {
    writeFileSync(join(cifar100, 'coarse_label_names.txt'), Array.from({ length: 20 }, (_, index) => `coarse${index}`).join('\n'));
    const coarse = await readCifar100({ directory: cifar100, split: 'test', labels: 'coarse' });
    expect(coarse.classNames?.[3]).toBe('coarse3');
    writeFileSync(join(cifar100, 'fine_label_names.txt'), 'only\ntwo\n');
    await expect(readCifar100({ directory: cifar100, split: 'test' })).rejects.toThrow('fine_label_names.txt lists 2 class names, expected 100');
  });
});
