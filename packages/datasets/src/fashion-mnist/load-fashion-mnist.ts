import type { ImageDataset } from '../image-dataset.js';
import { loadIdxDirectory } from '../internal/load-idx-directory.js';
import { checkOptions } from '../internal/validate.js';
import type { ResizeOptions } from '../transforms/resize-dataset.js';
import { fashionMnistClassNames } from './fashion-mnist-class-names.js';

/**
 * Where Debian's `dataset-fashion-mnist` package installs the full data set.
 *
 * @example
 * ```ts
 * import { existsSync } from 'node:fs';
 * const installed = existsSync(debianFashionMnistDirectory);
 * ```
 */
export const debianFashionMnistDirectory = '/usr/share/datasets/fashion-mnist';

/**
 * The training and test parts of a data set, as the loaders return them.
 *
 * @example
 * ```ts
 * const { train, test }: TrainTestDatasets = await loadEmbeddedFashionMnist();
 * ```
 */
export interface TrainTestDatasets {
  /** The official training part. */
  readonly train: ImageDataset;
  /** The official test part. */
  readonly test: ImageDataset;
}

/**
 * Options of {@link loadFashionMnist}.
 *
 * @example
 * ```ts
 * const options: LoadFashionMnistOptions = { directory: '/data/fashion-mnist', resize: { height: 16, width: 16 } };
 * ```
 */
export interface LoadFashionMnistOptions {
  /** Folder of the four IDX files (gzipped or not). Default {@link debianFashionMnistDirectory}. */
  readonly directory?: string;
  /** Resize both parts at load time (see {@link resizeDataset}). Default: keep 28x28. */
  readonly resize?: ResizeOptions;
}

/**
 * Loads the full Fashion-MNIST data set (60,000 training and 10,000 test
 * images, 28x28 grey, 10 classes) from its four IDX files, by default where
 * Debian's `dataset-fashion-mnist` package puts them.
 *
 * @throws NotFoundError (telling how to install it) when a file is missing;
 * FileFormatError (naming the file) when a file is malformed.
 *
 * @example
 * ```ts
 * import { loadFashionMnist } from '@fewshot/datasets';
 * const { train, test } = await loadFashionMnist({});          // apt-get install dataset-fashion-mnist
 * const small = await loadFashionMnist({ resize: { height: 16, width: 16 } });
 * [train.count, test.count]; // [60000, 10000]
 * ```
 */
export async function loadFashionMnist(options: LoadFashionMnistOptions = {}): Promise<TrainTestDatasets> {
  const functionName = 'loadFashionMnist';
  checkOptions(functionName, options);
  const directory = options.directory ?? debianFashionMnistDirectory;
  return loadIdxDirectory({
    functionName,
    directory,
    missingHint:
      options.directory === undefined
        ? 'install Debian\'s package (apt-get install dataset-fashion-mnist) or pass options.directory, the folder of train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz (or use loadEmbeddedFashionMnist for the bundled subset)'
        : 'options.directory must hold train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz (gzipped or not); apt-get install dataset-fashion-mnist installs them in /usr/share/datasets/fashion-mnist, the default folder',
    classNames: fashionMnistClassNames,
    resize: options.resize,
  });
}
