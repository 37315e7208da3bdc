import { FileFormatError, InvalidArgumentError } from '@fewshot/core';
import { ArchitectureIndex } from '../internal/architecture-index.js';
import { checkOptionalPath, checkPath } from '../internal/check-path.js';
import { checkOptions, describe } from '../internal/check-values.js';
import type { NamedColumn } from '../internal/benchmark-backend.js';
import { createColumnBackend } from '../internal/column-backend.js';
import { accuracyKey, costKey } from '../internal/column-keys.js';
import { createBenchmark } from '../internal/create-benchmark.js';
import { parseCsv, parseNumberField } from '../internal/csv.js';
import { readWholeFile } from '../internal/read-file.js';
import { checkLatencyOrder, readLatencyCsv } from './latency-csv.js';
import type { NasBench201Benchmark, NasBench201ColumnarBenchmark } from './nb201-types.js';

/**
 * Which release answers CIFAR-10 `ori-test` at 200 epochs in `nb201.csv`, which holds
 * both: `nats` (NATS-tss-v1_0, column `c10_test_200_nats`) or `nb201`
 * (NAS-Bench-201-v1_1 `.pth`, column `c10_test_200_nb201pth`). They differ on 2,416
 * architectures because they hold different seeds.
 *
 * @example
 * ```ts
 * const release: NasBench201CsvRelease = 'nats';
 * ```
 */
export type NasBench201CsvRelease = 'nats' | 'nb201';

/**
 * Options of {@link loadNasBench201Csv}.
 *
 * @example
 * ```ts
 * const options: LoadNasBench201CsvOptions = { path: 'nb201.csv', latencyPath: 'nb201-latency-ms.csv' };
 * ```
 */
export interface LoadNasBench201CsvOptions {
  /** Path of a CSV in the layout of `nb201.csv` (`index, arch_str, <columns>...`). */
  readonly path: string;
  /** Optional latency table (`nb201-latency-ms.csv`) to attach (see {@link NasBench201Benchmark.deviceLatency}). */
  readonly latencyPath?: string;
  /** Release of the CIFAR-10 200-epoch test column; default `nats`. */
  readonly release?: NasBench201CsvRelease;
}

/**
 * A benchmark read from the `nb201.csv` layout, with its raw columns by name.
 *
 * @example
 * ```ts
 * const table = await loadNasBench201Csv({ path: 'nb201.csv' });
 * table.column('c10valid_valid_200_nb201pth')[6111]; // 91.6067
 * ```
 */
export interface NasBench201CsvBenchmark extends NasBench201ColumnarBenchmark {
  /** The release answering CIFAR-10 `ori-test` at 200 epochs. */
  readonly release: NasBench201CsvRelease;
}

/** Where each known column of `nb201.csv` answers queries (hp, dataset, set; mean over seeds at the last epoch). */
export function csvColumnKeys(name: string, release: NasBench201CsvRelease): string[] {
  const final = (hp: string, dataset: string, set: string) => accuracyKey(hp, dataset, set, 'mean', Number(hp) - 1);
  switch (name) {
    case 'c10_test_200_nats':
      return release === 'nats' ? [final('200', 'cifar10', 'ori-test')] : [];
    case 'c10_test_200_nb201pth':
      return release === 'nb201' ? [final('200', 'cifar10', 'ori-test')] : [];
    case 'c100_test_200_nats':
      return [final('200', 'cifar100', 'x-test')];
    case 'in16_test_200_nats':
      return [final('200', 'ImageNet16-120', 'x-test')];
    case 'c10valid_valid_200_nb201pth':
      return [final('200', 'cifar10-valid', 'x-valid')];
    case 'c10valid_test_200_nb201pth':
      return [final('200', 'cifar10-valid', 'ori-test')];
    case 'params_c10_M':
      return ['12', '200'].flatMap((hp) => [costKey('params', hp, 'cifar10'), costKey('params', hp, 'cifar10-valid')]);
    case 'c10_test_12':
      return [final('12', 'cifar10', 'ori-test')];
    case 'c10valid_valid_12':
      return [final('12', 'cifar10-valid', 'x-valid')];
    case 'c100_test_12':
      return [final('12', 'cifar100', 'x-test')];
    case 'c100_valid_12':
      return [final('12', 'cifar100', 'x-valid')];
    case 'in16_test_12':
      return [final('12', 'ImageNet16-120', 'x-test')];
    case 'in16_valid_12':
      return [final('12', 'ImageNet16-120', 'x-valid')];
    default:
      return [];
  }
}

/**
 * Loads a NAS-Bench-201 table in the CSV layout of `nb201.csv` (one row per
 * architecture in official index order; accuracies in percent, mean over the
 * release's seeds, at the last epoch). The known columns answer
 * {@link NasBench201Benchmark.query}:
 *
 * | column | dataset / split / hp |
 * |---|---|
 * | `c10_test_200_nats` (or `c10_test_200_nb201pth` with `release: 'nb201'`) | `cifar10` / `test` (`ori-test`) / 200 |
 * | `c100_test_200_nats`, `in16_test_200_nats` | `cifar100`, `ImageNet16-120` / `test` (`x-test`) / 200 |
 * | `c10valid_valid_200_nb201pth`, `c10valid_test_200_nb201pth` | `cifar10-valid` / `valid` (`x-valid`), `test` (`ori-test`) / 200 |
 * | `c10_test_12`, `c10valid_valid_12` | `cifar10` / `test`, `cifar10-valid` / `valid` / 12 |
 * | `c100_test_12`, `c100_valid_12`, `in16_test_12`, `in16_valid_12` | `x-test` / `x-valid` / 12 |
 * | `params_c10_M` | `costInfo(...).params` for `cifar10` and `cifar10-valid` |
 *
 * Every column (known or not) is also available raw through `column(name)`.
 * The CSV records no training times, seeds or FLOPs: `trainingTime` is `undefined`
 * and per-seed queries throw a `NotFoundError`.
 *
 * @example
 * ```ts
 * import { loadNasBench201Csv } from '@fewshot/benchmarks';
 * const benchmark = await loadNasBench201Csv({ path: '../shared/data/nb201/nb201.csv' });
 * benchmark.query({ index: 6111, dataset: 'cifar10', split: 'test' }).accuracy; // 94.37333333333333
 * benchmark.query({ index: 857, dataset: 'ImageNet16-120', split: 'test' }).accuracy; // 47.31111...
 * ```
 */
export async function loadNasBench201Csv(options: LoadNasBench201CsvOptions): Promise<NasBench201CsvBenchmark> {
  const functionName = 'loadNasBench201Csv';
  const checked = checkOptions(functionName, options);
  const path = checkPath(functionName, 'options.path', checked['path']);
  const latencyPath = checkOptionalPath(functionName, 'options.latencyPath', checked['latencyPath']);
  const release = checked['release'] ?? 'nats';
  if (release !== 'nats' && release !== 'nb201') {
    throw new InvalidArgumentError({ functionName, argument: 'options.release', message: `expected 'nats' or 'nb201', got ${describe(release)}` });
  }
  const bytes = await readWholeFile(functionName, 'options.path', path);
  const { header, rows } = parseCsv({ functionName, argument: 'options.path', path, text: new TextDecoder().decode(bytes) });
  if (header[0] !== 'index' || header[1] !== 'arch_str') {
    throw new FileFormatError({
      functionName,
      argument: 'options.path',
      message: `${path} is not in the nb201.csv layout (expected the header to start with "index,arch_str", got ${JSON.stringify(header.slice(0, 2).join(','))})`,
    });
  }
  const strings = rows.map((row, position) => {
    if (row[0] !== String(position)) {
      throw new FileFormatError({ functionName, argument: 'options.path', message: `${path}: data row ${position + 1} has index ${JSON.stringify(row[0])}, expected ${position}` });
    }
    return row[1] as string;
  });
  const architectures = ArchitectureIndex.fromStrings({ space: 'topology', strings, functionName, argument: 'options.path', path });
  const named = new Map<string, Float64Array>();
  const columns: NamedColumn[] = [];
  header.slice(2).forEach((name, offset) => {
    const position = offset + 2;
    const column = Float64Array.from(rows, (row, rowIndex) =>
      parseNumberField({ functionName, argument: 'options.path', path, row: rowIndex, column: name, text: row[position] as string }),
    );
    named.set(name, column);
    columns.push({ name, keys: csvColumnKeys(name, release), values: column });
  });
  let latencyTable;
  if (latencyPath !== undefined) {
    const latency = await readLatencyCsv(functionName, 'options.latencyPath', latencyPath);
    checkLatencyOrder(functionName, 'options.latencyPath', latencyPath, latency, architectures);
    latencyTable = latency.table;
  }
  const backend = createColumnBackend({
    space: 'topology',
    source: 'csv',
    path,
    hps: ['12', '200'],
    architectures,
    columns,
    seeds: new Map(),
    latencyTable,
    describeSource: `the CSV table ${path}`,
  });
  const columnNames = [...named.keys()];
  const extra: Omit<NasBench201CsvBenchmark, keyof NasBench201Benchmark> = {
    columnNames,
    release: release as NasBench201CsvRelease,
    column(name: string): Float64Array {
      const column = named.get(name);
      if (!column) {
        throw new InvalidArgumentError({
          functionName: 'NasBench201CsvBenchmark.column',
          argument: 'name',
          message: `unknown column ${describe(name)}; the table has ${columnNames.join(', ')}`,
        });
      }
      return Float64Array.from(column);
    },
  };
  return createBenchmark(backend, extra);
}
