import type { Architecture } from '@fewshot/core';

/**
 * The four NAS-Bench-201 / NATS-Bench dataset keys: `cifar10-valid` (trained on 25k
 * CIFAR-10 images), `cifar10` (trained on all 50k), `cifar100`, `ImageNet16-120`.
 *
 * @example
 * ```ts
 * const dataset: NasBench201Dataset = 'cifar10-valid';
 * ```
 */
export type NasBench201Dataset = 'cifar10-valid' | 'cifar10' | 'cifar100' | 'ImageNet16-120';

/**
 * The dataset keys, in the order of the official releases.
 *
 * @example
 * ```ts
 * import { nasBench201Datasets } from '@fewshot/benchmarks';
 * nasBench201Datasets.includes('cifar100'); // true
 * ```
 */
export const nasBench201Datasets: readonly NasBench201Dataset[] = ['cifar10-valid', 'cifar10', 'cifar100', 'ImageNet16-120'];

/**
 * A split name. The raw evaluation sets are `train`, `x-valid`, `x-test` and
 * `ori-test`; `valid` and `test` are resolved per dataset as the official API does
 * (see {@link resolveNasBench201Split}).
 *
 * @example
 * ```ts
 * const split: NasBench201Split = 'test';
 * ```
 */
export type NasBench201Split = 'train' | 'valid' | 'test' | 'x-valid' | 'x-test' | 'ori-test';

/**
 * The split names accepted by queries.
 *
 * @example
 * ```ts
 * import { nasBench201Splits } from '@fewshot/benchmarks';
 * nasBench201Splits.length; // 6
 * ```
 */
export const nasBench201Splits: readonly NasBench201Split[] = ['train', 'valid', 'test', 'x-valid', 'x-test', 'ori-test'];

/**
 * A training schedule ("hp"): the number of epochs, `12` or `200` in the topology
 * space (`1`, `12`, `90` in the NATS size space). Strings such as `'200'` or `'01'`
 * are accepted too.
 *
 * @example
 * ```ts
 * const hp: NasBench201Hp = 200;
 * ```
 */
export type NasBench201Hp = number | string;

/**
 * Which architecture a query is about: exactly one of `index` (official index) or
 * `architecture` (a search-space vector, or the benchmark's architecture string).
 *
 * @example
 * ```ts
 * const byIndex: NasBench201ArchitectureSelector = { index: 6111 };
 * const byVector: NasBench201ArchitectureSelector = { architecture: [3, 3, 3, 1, 3, 2] };
 * ```
 */
export interface NasBench201ArchitectureSelector {
  /** Official index (0-based position in `meta_archs`). */
  readonly index?: number;
  /**
   * A vector of option indices (topology space: six op indices in edge order
   * `1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2`; size space: five channel option indices
   * into `8, 16, ..., 64`), or the architecture string (`|nor_conv_3x3~0|+|...|`, `'8:16:32:64:64'`).
   */
  readonly architecture?: Architecture | string;
}

/**
 * Options of {@link NasBench201Benchmark.query}.
 *
 * @example
 * ```ts
 * const options: NasBench201QueryOptions = { index: 6111, dataset: 'cifar10', split: 'test', hp: 200 };
 * ```
 */
export interface NasBench201QueryOptions extends NasBench201ArchitectureSelector {
  /** The dataset to read, e.g. `cifar10` (see {@link NasBench201Dataset}). */
  readonly dataset: NasBench201Dataset;
  /** The split; `valid` / `test` are resolved per dataset (see {@link resolveNasBench201Split}). */
  readonly split: NasBench201Split;
  /** Training schedule; default 200 (topology) or 90 (size space). */
  readonly hp?: NasBench201Hp;
  /** 0-based epoch; default the last one (`hp - 1`). */
  readonly epoch?: number;
  /** One training seed (e.g. 777); default: the mean over every seed the benchmark holds. */
  readonly seed?: number;
}

/**
 * The answer of {@link NasBench201Benchmark.query}.
 *
 * @example
 * ```ts
 * const result: NasBench201Result = benchmark.query({ index: 6111, dataset: 'cifar10', split: 'test' });
 * result.accuracy; // 94.3733...
 * ```
 */
export interface NasBench201Result {
  /** Official index: 0-based position in the release's `meta_archs` (0-15624 in the topology space, 0-32767 in the size space). */
  readonly index: number;
  /** The release's architecture string: `|nor_conv_3x3~0|+|...|` in the topology space, channels such as `64:64:64:64:64` in the size space. */
  readonly architecture: string;
  /** The dataset the value was read from (after resolving `valid` on `cifar10` to `cifar10-valid`). */
  readonly dataset: NasBench201Dataset;
  /** The evaluation set the value was read from (`train`, `x-valid`, `x-test` or `ori-test`). */
  readonly split: 'train' | 'x-valid' | 'x-test' | 'ori-test';
  /** The hp key, e.g. `'200'`. */
  readonly hp: string;
  /** 0-based epoch. */
  readonly epoch: number;
  /** Top-1 accuracy in percent. */
  readonly accuracy: number;
  /** The seeds averaged (or the one seed asked for); empty when the source does not record them (CSV). */
  readonly seeds: readonly number[];
  /**
   * Seconds of training to reach the end of `epoch` (NATS `train-all-time`, mean over
   * the seeds); `undefined` when the source records no times (the CSV tables).
   */
  readonly trainingTime: number | undefined;
}

/**
 * Options of {@link NasBench201Benchmark.costInfo}.
 *
 * @example
 * ```ts
 * const options: NasBench201CostInfoOptions = { index: 0, dataset: 'cifar100', hp: 12 };
 * ```
 */
export interface NasBench201CostInfoOptions extends NasBench201ArchitectureSelector {
  /** The dataset key (the network differs by its number of classes). */
  readonly dataset: NasBench201Dataset;
  /** Training schedule; default 200 (topology) or 90 (size space). */
  readonly hp?: NasBench201Hp;
}

/**
 * Size, compute and time of one architecture on one dataset, as the official
 * `get_cost_info` / `get_more_info` report them. A field is `undefined` when the
 * source does not record it.
 *
 * @example
 * ```ts
 * const info: NasBench201CostInfo = benchmark.costInfo({ index: 0, dataset: 'cifar10' });
 * info.flops; // 15.64737 (millions)
 * ```
 */
export interface NasBench201CostInfo {
  /** Official index: 0-based position in the release's `meta_archs` (0-15624 in the topology space, 0-32767 in the size space). */
  readonly index: number;
  /** Parameters in millions. */
  readonly params: number | undefined;
  /** FLOPs in millions. */
  readonly flops: number | undefined;
  /** The benchmark's own latency in seconds (mean of its list; NATS `get_latency`). */
  readonly latency: number | undefined;
  /** Training seconds per epoch (NATS `train-per-time`, mean over seeds). */
  readonly trainingTimePerEpoch: number | undefined;
  /** The seeds recorded for this dataset and hp; empty when the source does not record them. */
  readonly seeds: readonly number[];
}

/**
 * Options of {@link NasBench201Benchmark.accuracies}.
 *
 * @example
 * ```ts
 * const options: NasBench201ColumnOptions = { dataset: 'cifar100', split: 'test', hp: 200 };
 * ```
 */
export interface NasBench201ColumnOptions {
  /** The dataset to read, e.g. `cifar100` (see {@link NasBench201Dataset}). */
  readonly dataset: NasBench201Dataset;
  /** The split; `valid` / `test` are resolved per dataset (see {@link resolveNasBench201Split}). */
  readonly split: NasBench201Split;
  /** Training schedule; default 200 (topology) or 90 (size space). */
  readonly hp?: NasBench201Hp;
  /** 0-based epoch; default the last one. */
  readonly epoch?: number;
  /** One seed; default the mean over seeds. */
  readonly seed?: number;
}

/**
 * Options of {@link NasBench201Benchmark.deviceLatency}.
 *
 * @example
 * ```ts
 * const options: NasBench201DeviceLatencyOptions = { index: 6111, device: 'pixel3' };
 * ```
 */
export interface NasBench201DeviceLatencyOptions extends NasBench201ArchitectureSelector {
  /** A device column of `nb201-latency-ms.csv`, e.g. `1080ti_1`, `pixel3`, `raspi4`. */
  readonly device: string;
}

/**
 * Where a {@link NasBench201Benchmark} was read from.
 *
 * @example
 * ```ts
 * const kind: NasBench201SourceKind = 'nats-simple';
 * ```
 */
export type NasBench201SourceKind = 'csv' | 'compact' | 'nats-simple' | 'nats-archive' | 'nb201-pth';

/**
 * A NAS-Bench-201 / NATS-Bench table, whatever file it was read from: the NATS
 * "simple" folder (lazily), the NATS single-file archive, a NAS-Bench-201 `.pth`,
 * our compact file, or the `nb201.csv` layout. Queries are synchronous.
 *
 * Every one of the 15,625 topology strings has its own trained result in the
 * benchmark, isomorphic or not: a query by any string answers that string's own
 * row (the benchmark's truth). Use {@link groupNasBench201ByCanonicalForm} to work
 * with isomorphism classes.
 *
 * @example
 * ```ts
 * import { loadNasBench201Csv } from '@fewshot/benchmarks';
 * const benchmark = await loadNasBench201Csv({ path: 'nb201.csv' });
 * benchmark.query({ architecture: [3, 3, 3, 1, 3, 2], dataset: 'cifar10', split: 'test' }).accuracy; // 94.3733
 * ```
 */
export interface NasBench201Benchmark {
  /** `topology` (NAS-Bench-201 / NATS tss, 15,625 cells) or `size` (NATS sss, 32,768 channel configurations). */
  readonly space: 'topology' | 'size';
  /** What was read. */
  readonly source: NasBench201SourceKind;
  /** The file or folder read. */
  readonly path: string;
  /** Number of architectures. */
  readonly size: number;
  /** The hp keys the source holds, e.g. `['12', '200']`. */
  readonly hps: readonly string[];
  /** Device names of the attached latency table (empty when none). */
  readonly devices: readonly string[];
  /** The architecture string at an index. */
  architectureString(index: number): string;
  /** The architecture vector at an index (op indices, or channel option indices in the size space). */
  architectureAt(index: number): Architecture;
  /** The official index of an architecture (vector or string). Throws a typed error for one of another space. */
  indexOf(architecture: Architecture | string): number;
  /** Accuracy of one architecture at one dataset / split / hp / epoch, mean over seeds or one seed. */
  query(options: NasBench201QueryOptions): NasBench201Result;
  /** Parameters, FLOPs, latency and training time per epoch of one architecture. */
  costInfo(options: NasBench201CostInfoOptions): NasBench201CostInfo;
  /** The accuracy of every architecture (index order) at one dataset / split / hp / epoch; `NaN` where the source has no value. */
  accuracies(options: NasBench201ColumnOptions): Float64Array;
  /** Measured latency in milliseconds on a device of the attached latency table. */
  deviceLatency(options: NasBench201DeviceLatencyOptions): number;
}

/**
 * A benchmark that also exposes the columns it stores by name (the CSV table and
 * compact files).
 *
 * @example
 * ```ts
 * const benchmark: NasBench201ColumnarBenchmark = await loadNasBench201Compact({ path: 'nb201.fsbench' });
 * benchmark.columnNames.includes('pixel3'); // true when converted with a latency table
 * ```
 */
export interface NasBench201ColumnarBenchmark extends NasBench201Benchmark {
  /** The stored column names. */
  readonly columnNames: readonly string[];
  /** A copy of one stored column, in index order (`NaN` where empty). */
  column(name: string): Float64Array;
}
