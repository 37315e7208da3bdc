import { FileFormatError, UnsupportedError } from '@fewshot/core';
import { BufferReader } from 'pickleparser';
import { hexPrefix } from '../internal/bzip2.js';
import { checkOptionalPath, checkPath } from '../internal/check-path.js';
import { checkOptions } from '../internal/check-values.js';
import { createBenchmark } from '../internal/create-benchmark.js';
import { createPickledBackend } from '../internal/pickled-benchmark.js';
import { describeValue } from '../internal/nats-records.js';
import { readWholeFile } from '../internal/read-file.js';
import { unpickle } from '../internal/unpickle.js';
import { isZip, readZipEntries } from '../internal/zip.js';
import { checkLatencyOrder, readLatencyCsv, type ParsedLatencyCsv } from './latency-csv.js';
import type { NasBench201Benchmark } from './nb201-types.js';

/**
 * Options of {@link loadNasBench201Pth}.
 *
 * @example
 * ```ts
 * const options: LoadNasBench201PthOptions = { path: 'NAS-Bench-201-v1_1-096897.pth' };
 * ```
 */
export interface LoadNasBench201PthOptions {
  /** A NAS-Bench-201 `.pth` (`NAS-Bench-201-v1_0-e61699.pth`, `NAS-Bench-201-v1_1-096897.pth`). */
  readonly path: string;
  /** Optional latency table (`nb201-latency-ms.csv`) to attach. */
  readonly latencyPath?: string;
}

/** The pickle `80 02 8a 0a <LE 0x1950a86a20f9469cfc6c> 2e` that starts every legacy torch file. */
const legacyMagic = Uint8Array.of(0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e);

/** hp keys of the NB201 file: `less` is the 12-epoch schedule, `full` the 200-epoch one. */
const nb201HpNames = new Map([
  ['less', '12'],
  ['full', '200'],
]);

/**
 * Loads a NAS-Bench-201 `.pth` file written by `torch.save`: the legacy format
 * (five consecutive pickles: magic number, protocol version 1001, `sys_info`, the
 * object, the storage keys) or the ZIP format of torch >= 1.6 (`archive/data.pkl`),
 * told apart by the `PK\x03\x04` signature. The object is
 * `{meta_archs, arch2infos: {index: {'less': results, 'full': results}}, evaluated_indexes}`;
 * `less` answers hp 12 and `full` hp 200. The files hold no tensors: any
 * persistent id (tensor storage) is rejected with a `FileFormatError`.
 *
 * Tested on files written by `torch.save` (torch 1.13) in the documented structure;
 * **not verified on a real NAS-Bench-201 release file.** The whole file is read
 * and unpickled in memory (the real files are 2.2 and 4.7 GB: expect several times
 * that in memory; convert once to the compact format).
 *
 * @example
 * ```ts
 * import { loadNasBench201Pth } from '@fewshot/benchmarks';
 * const benchmark = await loadNasBench201Pth({ path: 'NAS-Bench-201-v1_1-096897.pth' });
 * benchmark.query({ index: 6111, dataset: 'cifar10', split: 'test' }).accuracy;
 * ```
 */
export async function loadNasBench201Pth(options: LoadNasBench201PthOptions): Promise<NasBench201Benchmark> {
  const functionName = 'loadNasBench201Pth';
  const checked = checkOptions(functionName, options);
  const path = checkPath(functionName, 'options.path', checked['path']);
  const latencyPath = checkOptionalPath(functionName, 'options.latencyPath', checked['latencyPath']);
  const argument = 'options.path';
  const context = { functionName, argument, path };
  const bytes = await readWholeFile(functionName, argument, path);
  const object = isZip(bytes) ? readZipObject(context, bytes) : readLegacyObject(context, bytes);
  const latency: ParsedLatencyCsv | undefined = latencyPath === undefined ? undefined : await readLatencyCsv(functionName, 'options.latencyPath', latencyPath);
  return createBenchmark(
    createPickledBackend({
      context,
      source: 'nb201-pth',
      path,
      object,
      hpNames: nb201HpNames,
      latency: (architectures) => {
        if (!latency || latencyPath === undefined) return undefined;
        checkLatencyOrder(functionName, 'options.latencyPath', latencyPath, latency, architectures);
        return latency.table;
      },
    }),
  );
}

interface Context {
  readonly functionName: string;
  readonly argument: string;
  readonly path: string;
}

function readZipObject(context: Context, bytes: Uint8Array): unknown {
  const entries = readZipEntries({ ...context, bytes });
  const data = entries.find((entry) => entry.name === 'data.pkl' || entry.name.endsWith('/data.pkl'));
  if (!data) {
    throw new FileFormatError({ ...context, message: `${context.path} is a ZIP archive without data.pkl, not a torch file (entries: ${entries.slice(0, 5).map((entry) => entry.name).join(', ')})` });
  }
  return unpickle({ ...context, bytes: data.read(), what: 'pickle data.pkl' });
}

function readLegacyObject(context: Context, bytes: Uint8Array): unknown {
  const { path } = context;
  if (bytes.length < legacyMagic.length || !legacyMagic.every((byte, position) => bytes[position] === byte)) {
    throw new FileFormatError({
      ...context,
      message: `${path} is not a torch file (expected the legacy magic-number pickle "80 02 8a 0a 6c fc 9c 46" or a ZIP archive, got ${hexPrefix(bytes)})`,
    });
  }
  const reader = new BufferReader(bytes.subarray(legacyMagic.length));
  const version = unpickle({ ...context, reader, what: 'protocol-version pickle' });
  if (version !== 1001) {
    throw new FileFormatError({ ...context, message: `${path}: unsupported torch legacy protocol version ${describeValue(version)} (expected 1001)` });
  }
  const systemInformation = unpickle({ ...context, reader, what: 'sys_info pickle' });
  if (!(systemInformation instanceof Map) || systemInformation.get('little_endian') !== true) {
    throw new UnsupportedError({ ...context, message: `${path}: expected sys_info with little_endian=True, got ${describeValue(systemInformation)}` });
  }
  const object = unpickle({ ...context, reader, what: 'object pickle' });
  const storageKeys = unpickle({ ...context, reader, what: 'storage-keys pickle' });
  if (!Array.isArray(storageKeys)) {
    throw new FileFormatError({ ...context, message: `${path}: expected a list of storage keys after the object, got ${describeValue(storageKeys)}` });
  }
  return object;
}
