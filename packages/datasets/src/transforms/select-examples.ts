import { InvalidArgumentError, OutOfRangeError } from '@fewshot/core';
import type { ImageDataset } from '../image-dataset.js';
import { gather } from '../internal/gather.js';
import { checkDataset, checkOptions, describeValue } from '../internal/validate.js';

/**
 * Options of {@link selectExamples}.
 *
 * @example
 * ```ts
 * const options: SelectExamplesOptions = { dataset: train, indices: [0, 5, 9] };
 * ```
 */
export interface SelectExamplesOptions {
  /** The data set to copy from (not modified). */
  readonly dataset: ImageDataset;
  /** Example indices, in the order wanted; repeats are allowed. */
  readonly indices: ArrayLike<number>;
}

/**
 * Copies the examples at the given indices, in the given order, into a new
 * data set.
 *
 * @throws OutOfRangeError when an index is not an integer in `0..count - 1`.
 *
 * @example
 * ```ts
 * import { selectExamples } from '@fewshot/datasets';
 * const firstHundred = selectExamples({ dataset: train, indices: Array.from({ length: 100 }, (_, i) => i) });
 * firstHundred.count; // 100
 * ```
 */
export function selectExamples(options: SelectExamplesOptions): ImageDataset {
  const functionName = 'selectExamples';
  checkOptions(functionName, options);
  const { dataset, indices } = options;
  checkDataset(functionName, 'options.dataset', dataset);
  if (indices === null || typeof indices !== 'object' || typeof indices.length !== 'number') {
    throw new InvalidArgumentError({ functionName, argument: 'options.indices', message: `options.indices: expected an array of indices, got ${describeValue(indices)}` });
  }
  for (let position = 0; position < indices.length; position += 1) {
    const index = indices[position];
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= dataset.count) {
      throw new OutOfRangeError({
        functionName,
        argument: 'options.indices',
        message: `options.indices: index ${describeValue(index)} at position ${position} is not in 0..${dataset.count - 1}`,
      });
    }
  }
  return gather(dataset, indices);
}
