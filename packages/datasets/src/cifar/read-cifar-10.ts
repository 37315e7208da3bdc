import type { ImageDataset } from '../image-dataset.js';
import { readCifar } from './read-cifar.js';

/**
 * The ten CIFAR-10 classes, in label order.
 *
 * @example
 * ```ts
 * cifar10ClassNames[3]; // 'cat'
 * ```
 */
export const cifar10ClassNames: readonly string[] = Object.freeze([
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
]);

/**
 * Options of {@link readCifar10}.
 *
 * @example
 * ```ts
 * const options: ReadCifar10Options = { directory: 'data/cifar-10-batches-bin', split: 'train' };
 * ```
 */
export interface ReadCifar10Options {
  /**
   * Folder holding `data_batch_1.bin` ... `data_batch_5.bin` and
   * `test_batch.bin` (the `cifar-10-batches-bin` folder of the official
   * binary archive, or the folder that contains it). Files may be gzipped.
   */
  readonly directory: string;
  /** `'train'` (the five data batches, 50,000 images) or `'test'` (10,000). */
  readonly split: 'train' | 'test';
}

/**
 * Reads the CIFAR-10 binary version into an {@link ImageDataset} of 32x32 RGB
 * images (converted from the files' planar layout to NHWC), 10 classes, with
 * the class names of `batches.meta.txt` when present. Any whole number of
 * records per file is accepted, so subsets in the same format work too.
 *
 * @throws NotFoundError when a file of the split is missing; FileFormatError
 * (naming the file) when a file's size is not a multiple of the 3,073-byte
 * record or a label is above 9.
 *
 * @example
 * ```ts
 * import { readCifar10 } from '@fewshot/datasets';
 * const train = await readCifar10({ directory: 'data/cifar-10-batches-bin', split: 'train' });
 * train.count; // 50000
 * ```
 */
export async function readCifar10(options: ReadCifar10Options): Promise<ImageDataset> {
  return readCifar(
    {
      functionName: 'readCifar10',
      archiveFolder: 'cifar-10-batches-bin',
      trainFiles: ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'],
      testFiles: ['test_batch.bin'],
      labelBytes: 1,
      labelIndex: 0,
      labelLimits: [10],
      labelNames: ['class'],
      classes: 10,
      namesFile: 'batches.meta.txt',
      defaultClassNames: cifar10ClassNames,
    },
    options,
  );
}
