import { OutOfRangeError, type Rng } from '@fewshot/core';
import type { ImageDataset } from '../image-dataset.js';
import { indicesByClass, shuffleInPlace } from './gather.js';

/**
 * The indices of `perClass` examples of every class, in ascending order: the
 * first ones of each class in data set order, or (with `rng`) a uniformly
 * random choice within each class — class by class, the class's indices are
 * shuffled with `rng` (Fisher–Yates) and the first `perClass` are kept.
 */
export function selectPerClassIndices(functionName: string, dataset: ImageDataset, perClass: number, rng: Rng | undefined): Int32Array {
  const byClass = indicesByClass(dataset);
  const selected = new Int32Array(perClass * dataset.classes);
  let filled = 0;
  for (let label = 0; label < byClass.length; label += 1) {
    const members = byClass[label] as Int32Array;
    if (members.length < perClass) {
      throw new OutOfRangeError({
        functionName,
        argument: 'options.perClass',
        message: `options.perClass: class ${label}${dataset.classNames ? ` (${dataset.classNames[label]})` : ''} has ${members.length} examples, fewer than perClass = ${perClass}`,
      });
    }
    if (rng !== undefined) shuffleInPlace(members, rng);
    selected.set(members.subarray(0, perClass), filled);
    filled += perClass;
  }
  return selected.sort();
}
