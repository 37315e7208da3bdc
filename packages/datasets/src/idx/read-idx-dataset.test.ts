import { FileFormatError, NotFoundError } from '@fewshot/core';
import { afterAll, describe, expect, it } from 'vitest';
import { patternDataset, temporaryDirectory, writeFile } from '../testing/fixtures.js';
import { encodeIdx } from './encode-idx.js';
import { readIdxDataset } from './read-idx-dataset.js';
import { readIdxFile } from './read-idx-file.js';

const folder = temporaryDirectory();
afterAll(folder.remove);

const source = patternDataset({ count: 12, height: 5, width: 4 });
const imageBytes = encodeIdx({ dimensions: [12, 5, 4], data: source.images });
const labelBytes = encodeIdx({ dimensions: [12], data: source.labels });

describe('readIdxFile', () => {
  it('reads raw and gzipped files alike, whatever their names', async () => {
    const raw = writeFile(folder.path, 'images-raw.gz', imageBytes, false);
    const gzipped = writeFile(folder.path, 'images-gzipped', imageBytes, true);
    for (const path of [raw, gzipped]) {
      const array = await readIdxFile({ path });
      expect(array.dimensions).toEqual([12, 5, 4]);
      expect(Array.from(array.data)).toEqual(Array.from(source.images));
    }
  });

  it('throws NotFoundError for a missing file and names it', async () => {
    const missing = `${folder.path}/nope.idx`;
    await expect(readIdxFile({ path: missing })).rejects.toThrow(NotFoundError);
    await expect(readIdxFile({ path: missing })).rejects.toThrow(`readIdxFile: no such file: ${missing}`);
  });

  it('names the file in format errors', async () => {
    const path = writeFile(folder.path, 'truncated.gz', imageBytes.subarray(0, 100), true);
    await expect(readIdxFile({ path })).rejects.toThrow(FileFormatError);
    await expect(readIdxFile({ path })).rejects.toThrow(`readIdxFile: ${path} is truncated: dimensions [12, 5, 4] need 240 data bytes, the file has 84`);
  });
});

describe('readIdxDataset', () => {
  it('reads an image/label pair into an NHWC data set', async () => {
    const dataset = await readIdxDataset({
      imagesPath: writeFile(folder.path, 'pair-images.gz', imageBytes, true),
      labelsPath: writeFile(folder.path, 'pair-labels', labelBytes, false),
    });
    expect([dataset.count, dataset.height, dataset.width, dataset.channels, dataset.classes]).toEqual([12, 5, 4, 1, 10]);
    expect(Array.from(dataset.labels)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    expect(Array.from(dataset.images)).toEqual(Array.from(source.images));
  });

  it('reads four-dimensional image files as multi-channel images', async () => {
    const rgb = patternDataset({ count: 3, height: 2, width: 2, channels: 3, classes: 3 });
    const dataset = await readIdxDataset({
      imagesPath: writeFile(folder.path, 'rgb-images', encodeIdx({ dimensions: [3, 2, 2, 3], data: rgb.images })),
      labelsPath: writeFile(folder.path, 'rgb-labels', encodeIdx({ dimensions: [3], data: rgb.labels })),
      classNames: ['a', 'b', 'c'],
    });
    expect([dataset.channels, dataset.classes]).toEqual([3, 3]);
    expect(dataset.classNames).toEqual(['a', 'b', 'c']);
    expect(Array.from(dataset.images)).toEqual(Array.from(rgb.images));
  });

  it('rejects an image/label count mismatch, naming both files', async () => {
    const imagesPath = writeFile(folder.path, 'mismatch-images', imageBytes);
    const labelsPath = writeFile(folder.path, 'mismatch-labels', encodeIdx({ dimensions: [11], data: source.labels.subarray(0, 11) }));
    await expect(readIdxDataset({ imagesPath, labelsPath })).rejects.toThrow(
      `readIdxDataset: image/label count mismatch: ${imagesPath} holds 12 images but ${labelsPath} holds 11 labels`,
    );
  });

  it('rejects a label out of range', async () => {
    const labels = source.labels.slice();
    labels[7] = 10;
    const labelsPath = writeFile(folder.path, 'range-labels', encodeIdx({ dimensions: [12], data: labels }));
    const call = readIdxDataset({ imagesPath: writeFile(folder.path, 'range-images', imageBytes), labelsPath });
    await expect(call).rejects.toThrow(FileFormatError);
    await expect(readIdxDataset({ imagesPath: `${folder.path}/range-images`, labelsPath })).rejects.toThrow(
      `label 10 of example 7 in ${labelsPath} is out of range: expected 0..9`,
    );
    const fine = await readIdxDataset({ imagesPath: `${folder.path}/range-images`, labelsPath, classes: 11 });
    expect(fine.classes).toBe(11);
  });

  it('rejects swapped files by their dimensions', async () => {
    const imagesPath = writeFile(folder.path, 'swap-images', imageBytes);
    const labelsPath = writeFile(folder.path, 'swap-labels', labelBytes);
    await expect(readIdxDataset({ imagesPath: labelsPath, labelsPath: imagesPath })).rejects.toThrow(
      `${labelsPath} has dimensions [12]; expected [count, height, width] or [count, height, width, channels]`,
    );
  });
});
