import { join } from 'node:path';
import { InvalidArgumentError, NotFoundError } from '@fewshot/core';
import { ArchitectureIndex } from '../internal/architecture-index.js';
import { decompressBzip2 } from '../internal/bzip2.js';
import { checkOptionalPath, checkPath } from '../internal/check-path.js';
import { checkOptions, describe } from '../internal/check-values.js';
import { createBenchmark } from '../internal/create-benchmark.js';
import { LruCache } from '../internal/lru-cache.js';
import { hpsOf, readMetaArchitectures } from '../internal/nats-meta.js';
import { normaliseArchitecture, type ArchRecord } from '../internal/nats-records.js';
import { listFolder, pathKind, readWholeFile, readWholeFileSync } from '../internal/read-file.js';
import { createRecordBackend } from '../internal/record-backend.js';
import { unpickle } from '../internal/unpickle.js';
import { checkLatencyOrder, readLatencyCsv } from './latency-csv.js';
import type { NasBench201Benchmark } from './nb201-types.js';

/**
 * Options of {@link openNatsBenchSimple}.
 *
 * @example
 * ```ts
 * const options: OpenNatsBenchSimpleOptions = { path: 'NATS-tss-v1_0-3ffb9-simple', cacheSize: 64 };
 * ```
 */
export interface OpenNatsBenchSimpleOptions {
  /** The "simple" folder (`meta.pickle.pbz2` + one `NNNNNN.pickle.pbz2` per architecture). */
  readonly path: string;
  /** Optional latency table (`nb201-latency-ms.csv`, topology space only) to attach. */
  readonly latencyPath?: string;
  /** How many decoded architectures to keep in memory; default 128. */
  readonly cacheSize?: number;
}

/**
 * Opens a NATS-Bench "simple" folder (topology `NATS-tss-v1_0-3ffb9-simple` or size
 * `NATS-sss-v1_0-50262-simple`, as the official API's `fast_mode=True` reads it).
 * Only `meta.pickle.pbz2` is read up front; each architecture's file is read,
 * bzip2-decoded and unpickled on its first query (synchronously) and kept in a
 * small LRU cache, so memory does not grow with the folder. Both `000123.pickle.pbz2`
 * and `123.pickle.pbz2` names are accepted; the folder is listed once when opened.
 *
 * Semantics are those of the official API: the value is the mean over every seed of
 * `dataset_seed[dataset]` at `epoch` (default the last), or one seed; `trainingTime`
 * is the mean `train-all-time`.
 *
 * @example
 * ```ts
 * import { openNatsBenchSimple } from '@fewshot/benchmarks';
 * const benchmark = await openNatsBenchSimple({ path: 'NATS-tss-v1_0-3ffb9-simple' });
 * benchmark.query({ index: 11, dataset: 'cifar100', split: 'valid', hp: 12 }).accuracy; // 33.64
 * ```
 */
export async function openNatsBenchSimple(options: OpenNatsBenchSimpleOptions): Promise<NasBench201Benchmark> {
  const functionName = 'openNatsBenchSimple';
  const checked = checkOptions(functionName, options);
  const path = checkPath(functionName, 'options.path', checked['path']);
  const latencyPath = checkOptionalPath(functionName, 'options.latencyPath', checked['latencyPath']);
  const cacheSize = checked['cacheSize'] ?? 128;
  if (typeof cacheSize !== 'number' || !Number.isInteger(cacheSize) || cacheSize < 1) {
    throw new InvalidArgumentError({ functionName, argument: 'options.cacheSize', message: `expected a positive integer, got ${describe(cacheSize)}` });
  }
  if ((await pathKind(functionName, 'options.path', path)) !== 'folder') {
    throw new InvalidArgumentError({ functionName, argument: 'options.path', message: `${path} is a file; expected a NATS-Bench "simple" folder holding meta.pickle.pbz2` });
  }
  const metaPath = join(path, 'meta.pickle.pbz2');
  const argument = 'options.path';
  const metaBytes = decompressBzip2({ functionName, argument, path: metaPath, bytes: await readWholeFile(functionName, argument, metaPath) });
  const meta = unpickle({ functionName, argument, path: metaPath, bytes: metaBytes });
  const { strings, space } = readMetaArchitectures({ functionName, argument, path: metaPath }, 'meta', meta);
  const architectures = ArchitectureIndex.fromStrings({ space, strings, functionName, argument, path: metaPath });

  let latencyTable;
  if (latencyPath !== undefined) {
    const latency = await readLatencyCsv(functionName, 'options.latencyPath', latencyPath);
    checkLatencyOrder(functionName, 'options.latencyPath', latencyPath, latency, architectures);
    latencyTable = latency.table;
  }

  // One listing up front: which indices have a file (either name form).
  const available = new Map<number, string>();
  for (const name of await listFolder(functionName, 'options.path', path)) {
    const match = /^(\d+)\.pickle\.pbz2$/.exec(name);
    if (!match) continue;
    const index = Number(match[1]);
    if (index < architectures.size && (!available.has(index) || (match[1] as string).length === 6)) available.set(index, join(path, name));
  }
  const cache = new LruCache<number, ArchRecord>(cacheSize);
  const load = (index: number, caller: string): ArchRecord => {
    const cached = cache.get(index);
    if (cached) return cached;
    const file = available.get(index);
    if (file === undefined) {
      throw new NotFoundError({
        functionName: caller,
        argument: 'options.index',
        message: `architecture ${index} has no file in ${path} (expected ${String(index).padStart(6, '0')}.pickle.pbz2)`,
      });
    }
    const context = { functionName: caller, argument: 'options.path', path: file };
    const bytes = decompressBzip2({ ...context, bytes: readWholeFileSync(caller, 'options.path', file) });
    const record = normaliseArchitecture(context, 'archive', unpickle({ ...context, bytes }), index, strings[index] as string);
    cache.set(index, record);
    return record;
  };

  return createBenchmark(
    createRecordBackend({ space, source: 'nats-simple', path, hps: hpsOf(space), architectures, load, has: (index) => available.has(index), latencyTable }),
  );
}
