import type { Rng } from '@fewshot/core';
import type { ImageDataset } from '../image-dataset.js';
import { gather } from '../internal/gather.js';
import { selectPerClassIndices } from '../internal/select-per-class-indices.js';
import { checkDataset, checkNonNegativeInteger, checkOptions, checkRng } from '../internal/validate.js';

/**
 * Options of {@link selectPerClass}.
 *
 * @example
 * ```ts
 * const options: SelectPerClassOptions = { dataset: train, perClass: 100, rng: createRng({ seed: 1 }) };
 * ```
 */
export interface SelectPerClassOptions {
  /** The data set to select from (not modified). */
  readonly dataset: ImageDataset;
  /** Examples to keep of every class. */
  readonly perClass: number;
  /**
   * Without it, the first `perClass` examples of each class (in data set
   * order) are kept; with it, a uniformly random `perClass` of each class.
   */
  readonly rng?: Rng;
}

/**
 * A class-balanced subset: `perClass` examples of every class, kept in data
 * set order. With an `rng`, each class's examples are shuffled with it
 * (Fisher–Yates, class 0 first) and the first `perClass` are kept, so the same
 * seed selects the same subset.
 *
 * @throws OutOfRangeError when a class has fewer than `perClass` examples.
 *
 * @example
 * ```ts
 * import { createRng } from '@fewshot/core';
 * import { selectPerClass } from '@fewshot/datasets';
 * const hundredEach = selectPerClass({ dataset: train, perClass: 100, rng: createRng({ seed: 7 }) });
 * const firstTenEach = selectPerClass({ dataset: train, perClass: 10 });
 * ```
 */
export function selectPerClass(options: SelectPerClassOptions): ImageDataset {
  const functionName = 'selectPerClass';
  checkOptions(functionName, options);
  const { dataset, perClass, rng } = options;
  checkDataset(functionName, 'options.dataset', dataset);
  checkNonNegativeInteger(functionName, 'options.perClass', perClass);
  if (rng !== undefined) checkRng(functionName, 'options.rng', rng);
  return gather(dataset, selectPerClassIndices(functionName, dataset, perClass, rng));
}
