import { InvalidArgumentError } from '@fewshot/core';
import type { ImageDataset } from '../image-dataset.js';
import { checkOptions, describeValue } from '../internal/validate.js';
import { readCifar } from './read-cifar.js';

/**
 * Options of {@link readCifar100}.
 *
 * @example
 * ```ts
 * const options: ReadCifar100Options = { directory: 'data/cifar-100-binary', split: 'test', labels: 'coarse' };
 * ```
 */
export interface ReadCifar100Options {
  /**
   * Folder holding `train.bin` and `test.bin` (the `cifar-100-binary` folder
   * of the official binary archive, or the folder that contains it). Files may
   * be gzipped.
   */
  readonly directory: string;
  /** `'train'` (50,000 images) or `'test'` (10,000). */
  readonly split: 'train' | 'test';
  /** Which label to keep: `'fine'` (100 classes, default) or `'coarse'` (20 super-classes). */
  readonly labels?: 'fine' | 'coarse';
}

/**
 * Reads the CIFAR-100 binary version into an {@link ImageDataset} of 32x32
 * RGB images (NHWC). Each record holds a coarse and a fine label; both are
 * checked (coarse < 20, fine < 100) and the one chosen by `labels` is kept.
 * Class names come from `fine_label_names.txt` / `coarse_label_names.txt`
 * when present.
 *
 * @throws NotFoundError when the split's file is missing; FileFormatError
 * (naming the file) when its size is not a multiple of the 3,074-byte record
 * or a label is out of range.
 *
 * @example
 * ```ts
 * import { readCifar100 } from '@fewshot/datasets';
 * const test = await readCifar100({ directory: 'data/cifar-100-binary', split: 'test' });
 * test.classes; // 100
 * ```
 */
export async function readCifar100(options: ReadCifar100Options): Promise<ImageDataset> {
  const functionName = 'readCifar100';
  checkOptions(functionName, options);
  const labels = options.labels ?? 'fine';
  if (labels !== 'fine' && labels !== 'coarse') {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.labels',
      message: `options.labels: expected 'fine' or 'coarse', got ${describeValue(labels)}`,
    });
  }
  const fine = labels === 'fine';
  return readCifar(
    {
      functionName,
      archiveFolder: 'cifar-100-binary',
      trainFiles: ['train.bin'],
      testFiles: ['test.bin'],
      labelBytes: 2,
      labelIndex: fine ? 1 : 0,
      labelLimits: [20, 100],
      labelNames: ['coarse', 'fine'],
      classes: fine ? 100 : 20,
      namesFile: fine ? 'fine_label_names.txt' : 'coarse_label_names.txt',
      defaultClassNames: undefined,
    },
    { directory: options.directory, split: options.split },
  );
}
