import { InvalidArgumentError } from '@fewshot/core';
import { checkOptions, describe } from '../internal/check-values.js';
import { nasBench201Datasets, nasBench201Splits, type NasBench201Dataset, type NasBench201Split } from './nb201-types.js';

/**
 * Options of {@link resolveNasBench201Split}.
 *
 * @example
 * ```ts
 * const options: ResolveNasBench201SplitOptions = { dataset: 'cifar10', split: 'valid' };
 * ```
 */
export interface ResolveNasBench201SplitOptions {
  /** The dataset key asked for. */
  readonly dataset: NasBench201Dataset;
  /** The split asked for. */
  readonly split: NasBench201Split;
}

/**
 * Where a dataset / split pair is read from, as {@link resolveNasBench201Split} returns it.
 *
 * @example
 * ```ts
 * const resolved: ResolvedNasBench201Split = { dataset: 'cifar10-valid', split: 'x-valid' };
 * ```
 */
export interface ResolvedNasBench201Split {
  /** The dataset key whose records hold the value. */
  readonly dataset: NasBench201Dataset;
  /** The raw evaluation set. */
  readonly split: 'train' | 'x-valid' | 'x-test' | 'ori-test';
}

/**
 * Maps a dataset and split name to the record and evaluation set that hold it, as
 * the official APIs do (`remap_dataset_set_names`, NATS `get_more_info`):
 *
 * | asked | read from |
 * |---|---|
 * | `cifar10` / `valid` | `cifar10-valid` / `x-valid` (the 25k held-out train images) |
 * | `cifar10` / `test` | `cifar10` / `ori-test` |
 * | `cifar10-valid` / `valid` | `cifar10-valid` / `x-valid` |
 * | `cifar10-valid` / `test` | `cifar10-valid` / `ori-test` |
 * | `cifar100`, `ImageNet16-120` / `valid` | same dataset / `x-valid` |
 * | `cifar100`, `ImageNet16-120` / `test` | same dataset / `x-test` |
 * | any / `train`, `x-valid`, `x-test`, `ori-test` | unchanged |
 *
 * @example
 * ```ts
 * import { resolveNasBench201Split } from '@fewshot/benchmarks';
 * resolveNasBench201Split({ dataset: 'cifar10', split: 'valid' }); // { dataset: 'cifar10-valid', split: 'x-valid' }
 * resolveNasBench201Split({ dataset: 'cifar100', split: 'test' }); // { dataset: 'cifar100', split: 'x-test' }
 * ```
 */
export function resolveNasBench201Split(options: ResolveNasBench201SplitOptions): ResolvedNasBench201Split {
  const functionName = 'resolveNasBench201Split';
  const checked = checkOptions(functionName, options);
  const dataset = checkDataset(functionName, 'options.dataset', checked['dataset']);
  const split = checkSplit(functionName, 'options.split', checked['split']);
  return resolveChecked(dataset, split);
}

/** The mapping of {@link resolveNasBench201Split} on checked values. */
export function resolveChecked(dataset: NasBench201Dataset, split: NasBench201Split): ResolvedNasBench201Split {
  if (split === 'valid') {
    return { dataset: dataset === 'cifar10' ? 'cifar10-valid' : dataset, split: 'x-valid' };
  }
  if (split === 'test') {
    if (dataset === 'cifar10' || dataset === 'cifar10-valid') return { dataset, split: 'ori-test' };
    return { dataset, split: 'x-test' };
  }
  return { dataset, split };
}

/** Checks a dataset key. */
export function checkDataset(functionName: string, argument: string, value: unknown): NasBench201Dataset {
  if (typeof value === 'string' && (nasBench201Datasets as readonly string[]).includes(value)) return value as NasBench201Dataset;
  throw new InvalidArgumentError({
    functionName,
    argument,
    message: `unknown dataset ${describe(value)}; expected one of ${nasBench201Datasets.join(', ')}`,
  });
}

/** Checks a split name. */
export function checkSplit(functionName: string, argument: string, value: unknown): NasBench201Split {
  if (typeof value === 'string' && (nasBench201Splits as readonly string[]).includes(value)) return value as NasBench201Split;
  throw new InvalidArgumentError({
    functionName,
    argument,
    message: `unknown split ${describe(value)}; expected one of ${nasBench201Splits.join(', ')}`,
  });
}
