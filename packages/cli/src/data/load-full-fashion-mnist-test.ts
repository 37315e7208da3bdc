import { loadFashionMnist, resizeDataset, type ImageDataset } from '@fewshot/datasets';
import type { DataConfig } from '../config/experiment-config.js';

/**
 * Debian's full Fashion-MNIST test set (10,000 images), resized like the experiment's data: the
 * less noisy scoring set of the ground-truth tables. Throws a `NotFoundError` (with the
 * `apt-get install dataset-fashion-mnist` hint) when the files are missing.
 *
 * @example
 * ```ts
 * const test = await loadFullFashionMnistTest({ data: config.data });
 * ```
 */
export async function loadFullFashionMnistTest(options: {
  /** The experiment's `data` section: only its `resize` is used. */
  readonly data: DataConfig;
}): Promise<ImageDataset> {
  const { test } = await loadFashionMnist({});
  return options.data.resize === undefined ? test : resizeDataset({ dataset: test, ...options.data.resize });
}
