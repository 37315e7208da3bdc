import type { TrainTestDatasets } from '../fashion-mnist/load-fashion-mnist.js';
import { loadIdxDirectory } from '../internal/load-idx-directory.js';
import { checkOptions } from '../internal/validate.js';
import type { ResizeOptions } from '../transforms/resize-dataset.js';

/**
 * The ten MNIST classes (the digits), in label order.
 *
 * @example
 * ```ts
 * mnistClassNames[7]; // '7'
 * ```
 */
export const mnistClassNames: readonly string[] = Object.freeze(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

/**
 * Options of {@link loadMnist}.
 *
 * @example
 * ```ts
 * const options: LoadMnistOptions = { directory: 'data/mnist' };
 * ```
 */
export interface LoadMnistOptions {
  /** Folder of `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte` (each gzipped or not; `train-images.idx3-ubyte` spellings also accepted). */
  readonly directory: string;
  /** Resize both parts at load time (see {@link resizeDataset}). Default: keep 28x28. */
  readonly resize?: ResizeOptions;
}

/**
 * Loads MNIST (60,000 training and 10,000 test digits, 28x28 grey) from its
 * four IDX files. No copy of MNIST ships with this package.
 *
 * @throws NotFoundError when a file is missing; FileFormatError (naming the
 * file) when a file is malformed.
 *
 * @example
 * ```ts
 * import { loadMnist } from '@fewshot/datasets';
 * const { train, test } = await loadMnist({ directory: 'data/mnist' });
 * train.classNames?.[3]; // '3'
 * ```
 */
export async function loadMnist(options: LoadMnistOptions): Promise<TrainTestDatasets> {
  const functionName = 'loadMnist';
  checkOptions(functionName, options);
  return loadIdxDirectory({
    functionName,
    directory: options.directory,
    missingHint:
      'options.directory must hold train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (gzipped or not)',
    classNames: mnistClassNames,
    resize: options.resize,
  });
}
