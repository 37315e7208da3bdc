import type { ImageDataset } from '../image-dataset.js';
import { checkDataset, checkOptions } from '../internal/validate.js';

/**
 * Options of {@link countExamplesPerClass}.
 *
 * @example
 * ```ts
 * const options: CountExamplesPerClassOptions = { dataset: train };
 * ```
 */
export interface CountExamplesPerClassOptions {
  /** The data set to count. */
  readonly dataset: ImageDataset;
}

/**
 * The number of examples of each class (the label histogram).
 *
 * @example
 * ```ts
 * import { countExamplesPerClass, loadEmbeddedFashionMnist } from '@fewshot/datasets';
 * const { train } = await loadEmbeddedFashionMnist();
 * countExamplesPerClass({ dataset: train }); // [1000, 1000, ..., 1000]
 * ```
 */
export function countExamplesPerClass(options: CountExamplesPerClassOptions): number[] {
  const functionName = 'countExamplesPerClass';
  checkOptions(functionName, options);
  const { dataset } = options;
  checkDataset(functionName, 'options.dataset', dataset);
  const counts = new Array<number>(dataset.classes).fill(0);
  for (let index = 0; index < dataset.count; index += 1) {
    const label = dataset.labels[index] as number;
    counts[label] = (counts[label] as number) + 1;
  }
  return counts;
}
