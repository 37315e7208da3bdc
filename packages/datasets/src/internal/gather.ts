import type { Rng } from '@fewshot/core';
import type { ImageDataset } from '../image-dataset.js';
import { datasetOf } from './dataset-of.js';

/** Copies the examples at `indices` (in that order) into a new data set. */
export function gather(dataset: ImageDataset, indices: ArrayLike<number>): ImageDataset {
  const size = dataset.height * dataset.width * dataset.channels;
  const images = new Uint8Array(indices.length * size);
  const labels = new Uint8Array(indices.length);
  for (let position = 0; position < indices.length; position += 1) {
    const index = indices[position] as number;
    images.set(dataset.images.subarray(index * size, (index + 1) * size), position * size);
    labels[position] = dataset.labels[index] as number;
  }
  return datasetOf({
    images,
    labels,
    height: dataset.height,
    width: dataset.width,
    channels: dataset.channels,
    classes: dataset.classes,
    classNames: dataset.classNames,
  });
}

/** In-place Fisher–Yates shuffle of an index array, with the same draws as `Rng.shuffle`. */
export function shuffleInPlace(indices: Int32Array | number[], rng: Rng): void {
  for (let i = indices.length - 1; i > 0; i -= 1) {
    const j = rng.integer(i + 1);
    const temporary = indices[i] as number;
    indices[i] = indices[j] as number;
    indices[j] = temporary;
  }
}

/** The example indices of each class, in data set order. */
export function indicesByClass(dataset: ImageDataset): Int32Array[] {
  const counts = new Int32Array(dataset.classes);
  for (let index = 0; index < dataset.count; index += 1) {
    const label = dataset.labels[index] as number;
    counts[label] = (counts[label] as number) + 1;
  }
  const result = Array.from(counts, (count) => new Int32Array(count));
  const filled = new Int32Array(dataset.classes);
  for (let index = 0; index < dataset.count; index += 1) {
    const label = dataset.labels[index] as number;
    (result[label] as Int32Array)[filled[label] as number] = index;
    filled[label] = (filled[label] as number) + 1;
  }
  return result;
}
