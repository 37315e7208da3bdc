import { checkOptionalPath, checkPath } from '../internal/check-path.js';
import { checkOptions } from '../internal/check-values.js';
import { decompressBzip2 } from '../internal/bzip2.js';
import { createBenchmark } from '../internal/create-benchmark.js';
import { createPickledBackend } from '../internal/pickled-benchmark.js';
import { readWholeFile } from '../internal/read-file.js';
import { unpickle } from '../internal/unpickle.js';
import { checkLatencyOrder, readLatencyCsv, type ParsedLatencyCsv } from './latency-csv.js';
import type { NasBench201Benchmark } from './nb201-types.js';

/**
 * Options of {@link loadNatsBenchArchive}.
 *
 * @example
 * ```ts
 * const options: LoadNatsBenchArchiveOptions = { path: 'NATS-tss-v1_0-3ffb9.pickle.pbz2' };
 * ```
 */
export interface LoadNatsBenchArchiveOptions {
  /** The single-file archive (`NATS-tss-v1_0-3ffb9.pickle.pbz2` or `NATS-sss-v1_0-50262.pickle.pbz2`). */
  readonly path: string;
  /** Optional latency table (`nb201-latency-ms.csv`, topology space only) to attach. */
  readonly latencyPath?: string;
}

/**
 * Loads a NATS-Bench single-file archive: one bzip2 stream around one pickle
 * (protocol 4) of `{meta_archs, arch2infos: {index: {hp: results}}, evaluated_indexes}`.
 * The whole file is decompressed and unpickled in memory (the official archive of
 * the topology space needs several GB; prefer the "simple" folder, which
 * {@link openNatsBenchSimple} reads lazily, or convert once to the compact format).
 * Query semantics are those of {@link openNatsBenchSimple}.
 *
 * @example
 * ```ts
 * import { loadNatsBenchArchive } from '@fewshot/benchmarks';
 * const benchmark = await loadNatsBenchArchive({ path: 'NATS-tss-v1_0-3ffb9.pickle.pbz2' });
 * benchmark.query({ index: 0, dataset: 'cifar10', split: 'test' }).accuracy; // 85.8633...
 * ```
 */
export async function loadNatsBenchArchive(options: LoadNatsBenchArchiveOptions): Promise<NasBench201Benchmark> {
  const functionName = 'loadNatsBenchArchive';
  const checked = checkOptions(functionName, options);
  const path = checkPath(functionName, 'options.path', checked['path']);
  const latencyPath = checkOptionalPath(functionName, 'options.latencyPath', checked['latencyPath']);
  const context = { functionName, argument: 'options.path', path };
  const bytes = decompressBzip2({ ...context, bytes: await readWholeFile(functionName, 'options.path', path) });
  const object = unpickle({ ...context, bytes });
  const latency: ParsedLatencyCsv | undefined = latencyPath === undefined ? undefined : await readLatencyCsv(functionName, 'options.latencyPath', latencyPath);
  return createBenchmark(
    createPickledBackend({
      context,
      source: 'nats-archive',
      path,
      object,
      latency: (architectures) => {
        if (!latency || latencyPath === undefined) return undefined;
        checkLatencyOrder(functionName, 'options.latencyPath', latencyPath, latency, architectures);
        return latency.table;
      },
    }),
  );
}
