import { InvalidArgumentError, OutOfRangeError, type Rng } from '@fewshot/core';
import type { ImageDataset } from '../image-dataset.js';
import { gather, indicesByClass, shuffleInPlace } from '../internal/gather.js';
import { checkDataset, checkOptionalBoolean, checkOptions, checkRng, describeValue } from '../internal/validate.js';

/**
 * Options of {@link splitDataset}: the part sizes as `counts` or as
 * `fractions` (exactly one of the two).
 *
 * @example
 * ```ts
 * const byCount: SplitDatasetOptions<'train' | 'validation'> = {
 *   dataset: train, rng: createRng({ seed: 1 }), counts: { train: 8000, validation: 2000 }, stratified: true,
 * };
 * const byFraction: SplitDatasetOptions<'train' | 'validation'> = {
 *   dataset: train, rng: createRng({ seed: 1 }), fractions: { train: 0.8, validation: 0.2 },
 * };
 * ```
 */
export type SplitDatasetOptions<Name extends string> = SplitDatasetCommonOptions &
  (
    | {
        /** Examples per part; their sum may not exceed `dataset.count` (the rest is dropped). */
        readonly counts: Readonly<Record<Name, number>>;
        /** Not allowed together with `counts`: give the sizes one way only. */
        readonly fractions?: never;
      }
    | {
        /**
         * Fraction of the data set per part, each in [0, 1], summing to at most 1.
         * Each part gets `floor(fraction * count)` examples; when the fractions
         * sum to 1 the leftover examples go to the parts with the largest
         * remainders, so every example is used.
         */
        readonly fractions: Readonly<Record<Name, number>>;
        /** Not allowed together with `fractions`: give the sizes one way only. */
        readonly counts?: never;
      }
  );

/**
 * The options of {@link splitDataset} shared by both ways of giving sizes.
 *
 * @example
 * ```ts
 * const common: SplitDatasetCommonOptions = { dataset: train, rng: createRng({ seed: 1 }), stratified: true };
 * ```
 */
export interface SplitDatasetCommonOptions {
  /** The data set to split (not modified). */
  readonly dataset: ImageDataset;
  /** Drives the shuffle; the same seed gives the same split. */
  readonly rng: Rng;
  /**
   * Keep the class proportions in every part (each part's per-class count is
   * within one or two of its proportional share). Default false: a plain
   * uniform shuffle.
   */
  readonly stratified?: boolean;
}

/**
 * Splits a data set into disjoint named parts (e.g. train / validation /
 * test) after a seeded shuffle, optionally stratified by class. Parts are
 * taken in the order of the keys; inside each part the examples keep their
 * data set order (shuffle per epoch when batching).
 *
 * Plain split: the indices are shuffled with `rng` (Fisher–Yates) and cut into
 * consecutive blocks. Stratified split: each class's indices are shuffled, the
 * example of rank `r` in a class of `n` gets the key `(r + u) / n` with `u` a
 * uniform offset drawn per class, and the indices sorted by key are cut into
 * blocks — every prefix of that order holds each class in proportion.
 *
 * @throws InvalidArgumentError when neither or both of `counts` and
 * `fractions` are given or a size is malformed; OutOfRangeError when the
 * parts need more examples than the data set has.
 *
 * @example
 * ```ts
 * import { createRng } from '@fewshot/core';
 * import { loadEmbeddedFashionMnist, splitDataset } from '@fewshot/datasets';
 * const { train: full } = await loadEmbeddedFashionMnist();
 * const { train, validation } = splitDataset({
 *   dataset: full,
 *   counts: { train: 8000, validation: 2000 },
 *   rng: createRng({ seed: 1 }),
 *   stratified: true,
 * });
 * ```
 */
export function splitDataset<Name extends string>(options: SplitDatasetOptions<Name>): Record<Name, ImageDataset> {
  const functionName = 'splitDataset';
  checkOptions(functionName, options);
  const { dataset, rng } = options;
  checkDataset(functionName, 'options.dataset', dataset);
  checkRng(functionName, 'options.rng', rng);
  checkOptionalBoolean(functionName, 'options.stratified', options.stratified);
  const sizes = partSizes<Name>(functionName, options, dataset.count);
  const order = options.stratified === true ? stratifiedOrder(dataset, rng) : plainOrder(dataset.count, rng);
  const result = {} as Record<Name, ImageDataset>;
  let start = 0;
  for (const [name, size] of sizes) {
    const indices = order.slice(start, start + size).sort();
    result[name] = gather(dataset, indices);
    start += size;
  }
  return result;
}

function partSizes<Name extends string>(
  functionName: string,
  options: SplitDatasetOptions<Name>,
  total: number,
): Array<[Name, number]> {
  const hasCounts = options.counts !== undefined;
  const hasFractions = options.fractions !== undefined;
  if (hasCounts === hasFractions) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.counts',
      message: 'options.counts: give exactly one of options.counts and options.fractions',
    });
  }
  const argument = hasCounts ? 'options.counts' : 'options.fractions';
  const record = (hasCounts ? options.counts : options.fractions) as unknown;
  if (record === null || typeof record !== 'object' || Array.isArray(record) || Object.keys(record).length === 0) {
    throw new InvalidArgumentError({
      functionName,
      argument,
      message: `${argument}: expected an object of named part sizes such as { train: ..., validation: ... }, got ${describeValue(record)}`,
    });
  }
  const entries = Object.entries(record as Record<string, unknown>) as Array<[Name, unknown]>;
  let sizes: Array<[Name, number]>;
  if (hasCounts) {
    sizes = entries.map(([name, value]) => {
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
        throw new InvalidArgumentError({
          functionName,
          argument: `${argument}.${name}`,
          message: `${argument}.${name}: expected a non-negative integer, got ${describeValue(value)}`,
        });
      }
      return [name, value];
    });
  } else {
    let fractionSum = 0;
    for (const [name, value] of entries) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
        throw new InvalidArgumentError({
          functionName,
          argument: `${argument}.${name}`,
          message: `${argument}.${name}: expected a fraction in [0, 1], got ${describeValue(value)}`,
        });
      }
      fractionSum += value;
    }
    if (fractionSum > 1 + 1e-9) {
      throw new InvalidArgumentError({
        functionName,
        argument,
        message: `${argument}: the fractions sum to ${fractionSum}, more than 1`,
      });
    }
    const exact = entries.map(([, value]) => (value as number) * total);
    sizes = entries.map(([name], position) => [name, Math.floor((exact[position] as number) + 1e-9)]);
    if (Math.abs(fractionSum - 1) <= 1e-9) {
      let leftover = total - sizes.reduce((sum, [, size]) => sum + size, 0);
      const byRemainder = sizes
        .map(([, size], position) => ({ position, remainder: (exact[position] as number) - size }))
        .sort((a, b) => b.remainder - a.remainder || a.position - b.position);
      for (const { position } of byRemainder) {
        if (leftover <= 0) break;
        (sizes[position] as [Name, number])[1] += 1;
        leftover -= 1;
      }
    }
  }
  const needed = sizes.reduce((sum, [, size]) => sum + size, 0);
  if (needed > total) {
    throw new OutOfRangeError({
      functionName,
      argument,
      message: `${argument}: the parts need ${needed} examples but the data set has ${total}`,
    });
  }
  return sizes;
}

function plainOrder(count: number, rng: Rng): Int32Array {
  const order = new Int32Array(count);
  for (let index = 0; index < count; index += 1) order[index] = index;
  shuffleInPlace(order, rng);
  return order;
}

function stratifiedOrder(dataset: ImageDataset, rng: Rng): Int32Array {
  const byClass = indicesByClass(dataset);
  for (const members of byClass) shuffleInPlace(members, rng);
  const offsets = byClass.map(() => rng.float());
  const keys = new Float64Array(dataset.count);
  const classOf = new Int32Array(dataset.count);
  const order = new Int32Array(dataset.count);
  let filled = 0;
  byClass.forEach((members, label) => {
    const offset = offsets[label] as number;
    for (let rank = 0; rank < members.length; rank += 1) {
      const index = members[rank] as number;
      keys[index] = (rank + offset) / members.length;
      classOf[index] = label;
      order[filled] = index;
      filled += 1;
    }
  });
  return order.sort((a, b) => (keys[a] as number) - (keys[b] as number) || (classOf[a] as number) - (classOf[b] as number) || a - b);
}
