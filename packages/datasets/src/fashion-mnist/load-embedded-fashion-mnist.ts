import { fileURLToPath } from 'node:url';
import { NotFoundError } from '@fewshot/core';
import { findFile } from '../internal/find-file.js';
import { loadIdxDirectory } from '../internal/load-idx-directory.js';
import { checkOptions } from '../internal/validate.js';
import type { ResizeOptions } from '../transforms/resize-dataset.js';
import { fashionMnistClassNames } from './fashion-mnist-class-names.js';
import type { TrainTestDatasets } from './load-fashion-mnist.js';

/**
 * Options of {@link loadEmbeddedFashionMnist}.
 *
 * @example
 * ```ts
 * const options: LoadEmbeddedFashionMnistOptions = { resize: { height: 16, width: 16 } };
 * ```
 */
export interface LoadEmbeddedFashionMnistOptions {
  /** Resize both parts at load time (see {@link resizeDataset}). Default: keep 28x28. */
  readonly resize?: ResizeOptions;
}

/**
 * Loads the Fashion-MNIST subset that ships inside this package: 10,000
 * training images (1,000 per class) drawn from the official 60,000 and 2,000
 * test images (200 per class) drawn from the official 10,000, at the original
 * 28x28, stored as gzipped IDX files in the package's
 * `data/fashion-mnist-subset/` folder (about 5 MB; Fashion-MNIST is MIT
 * licensed, see the NOTICE there). The selection is seeded and documented in
 * that folder's `subset.json`. Works offline, from source and from the
 * published build.
 *
 * @throws NotFoundError when the data folder is missing from the install.
 *
 * @example
 * ```ts
 * import { countExamplesPerClass, loadEmbeddedFashionMnist } from '@fewshot/datasets';
 * const { train, test } = await loadEmbeddedFashionMnist({ resize: { height: 16, width: 16 } });
 * [train.count, test.count, train.height]; // [10000, 2000, 16]
 * countExamplesPerClass({ dataset: test }); // [200, 200, ..., 200]
 * ```
 */
export async function loadEmbeddedFashionMnist(options: LoadEmbeddedFashionMnistOptions = {}): Promise<TrainTestDatasets> {
  const functionName = 'loadEmbeddedFashionMnist';
  checkOptions(functionName, options);
  return loadIdxDirectory({
    functionName,
    directory: embeddedDirectory(functionName),
    missingHint: 'the @fewshot/datasets install is incomplete (its data/ folder is missing); reinstall the package',
    classNames: fashionMnistClassNames,
    resize: options.resize,
  });
}

/**
 * The folder of the embedded files: `../data/...` from the built
 * `dist/index.js`, `../../data/...` from the source file
 * `src/fashion-mnist/load-embedded-fashion-mnist.ts`.
 */
function embeddedDirectory(functionName: string): string {
  const candidates = ['../data/fashion-mnist-subset/', '../../data/fashion-mnist-subset/'].map((relative) =>
    fileURLToPath(new URL(relative, import.meta.url)),
  );
  for (const candidate of candidates) {
    if (findFile(candidate, ['train-images-idx3-ubyte.gz']) !== undefined) return candidate;
  }
  throw new NotFoundError({
    functionName,
    message: `the embedded Fashion-MNIST files are missing: looked in ${candidates.join(' and ')}; reinstall @fewshot/datasets`,
  });
}
