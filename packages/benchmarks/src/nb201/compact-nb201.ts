import { basename } from 'node:path';
import { FileFormatError, InvalidArgumentError } from '@fewshot/core';
import { ArchitectureIndex, type BenchmarkSpace } from '../internal/architecture-index.js';
import { writeFileAtomically } from '../internal/atomic-write.js';
import type { NamedColumn } from '../internal/benchmark-backend.js';
import { checkPath } from '../internal/check-path.js';
import { checkOptions, describe } from '../internal/check-values.js';
import { createColumnBackend } from '../internal/column-backend.js';
import { deviceKey } from '../internal/column-keys.js';
import { decodeContainer, encodeContainer, type BlockInput } from '../internal/container.js';
import { backendOf, createBenchmark } from '../internal/create-benchmark.js';
import { createLatencyTable } from '../internal/latency-table.js';
import { readWholeFile } from '../internal/read-file.js';
import { recordsToColumns } from '../internal/records-to-columns.js';
import type { NasBench201Benchmark, NasBench201ColumnarBenchmark, NasBench201SourceKind } from './nb201-types.js';

/** The `format` of the compact NAS-Bench-201 / NATS file, and its version. */
const compactFormat = 'nas-bench-201';
const compactFormatVersion = 1;

/**
 * Options of {@link writeNasBench201Compact}.
 *
 * @example
 * ```ts
 * const options: WriteNasBench201CompactOptions = { benchmark, path: 'nb201.fsbench', curves: true };
 * ```
 */
export interface WriteNasBench201CompactOptions {
  /** Any benchmark returned by a loader of this package. */
  readonly benchmark: NasBench201Benchmark;
  /** The file to write (atomically: a temporary file, then a rename). */
  readonly path: string;
  /** Keep the mean accuracy at every epoch, not only the last (pickle sources; larger file). Default false. */
  readonly curves?: boolean;
  /** Skip architectures whose results are missing (a partial NATS folder) instead of failing. Default false. */
  readonly allowMissing?: boolean;
}

/**
 * What {@link writeNasBench201Compact} wrote.
 *
 * @example
 * ```ts
 * const summary: NasBench201CompactSummary = await writeNasBench201Compact({ benchmark, path: 'nb201.fsbench' });
 * summary.columns; // 40
 * ```
 */
export interface NasBench201CompactSummary {
  /** The file written. */
  readonly path: string;
  /** Number of architectures. */
  readonly size: number;
  /** Number of stored columns (device latency columns included). */
  readonly columns: number;
  /** Architectures without results (skipped with `allowMissing`). */
  readonly missing: number;
  /** File size in bytes. */
  readonly bytes: number;
}

/**
 * Writes a benchmark to our compact single file (layout in the guide
 * `docs/guides/benchmarks.md`: magic `FSBENCH\0`, a JSON header listing the
 * columns, then 8-byte-aligned little-endian float64 columns, CRC-32C checked).
 * From pickle sources it stores, per hp / dataset / evaluation set, the mean over
 * seeds and every seed at the last epoch (and with `curves` the mean at every
 * epoch), training and evaluation times, params, FLOPs and latency; from the CSV
 * table, its columns. An attached latency table is stored too.
 * Reading every architecture of a NATS "simple" folder takes minutes (one bzip2 +
 * pickle per file); the result loads in milliseconds.
 *
 * @example
 * ```ts
 * import { loadNasBench201Csv, writeNasBench201Compact } from '@fewshot/benchmarks';
 * const csv = await loadNasBench201Csv({ path: 'nb201.csv', latencyPath: 'nb201-latency-ms.csv' });
 * await writeNasBench201Compact({ benchmark: csv, path: 'nb201.fsbench' });
 * ```
 */
export async function writeNasBench201Compact(options: WriteNasBench201CompactOptions): Promise<NasBench201CompactSummary> {
  const functionName = 'writeNasBench201Compact';
  const checked = checkOptions(functionName, options);
  const backend = backendOf(functionName, 'options.benchmark', checked['benchmark']);
  const path = checkPath(functionName, 'options.path', checked['path']);
  const curves = checkBoolean(functionName, 'options.curves', checked['curves']);
  const allowMissing = checkBoolean(functionName, 'options.allowMissing', checked['allowMissing']);
  let exported;
  let missing = 0;
  if (backend.exportColumns) {
    exported = backend.exportColumns();
  } else if (backend.recordAt) {
    const recordAt = backend.recordAt.bind(backend);
    const converted = recordsToColumns({
      functionName,
      path: backend.path,
      size: backend.architectures.size,
      recordAt: (index) => recordAt(index, functionName),
      hasRecord: backend.hasRecord?.bind(backend),
      curves,
      allowMissing,
    });
    missing = converted.missing;
    const rows = converted.rows;
    const latency = backend.devices.map((device) => ({
      name: device,
      keys: [deviceKey(device)],
      values: rows
        ? Float64Array.from(rows, (index) => backend.deviceLatency({ functionName, index, device }))
        : Float64Array.from({ length: backend.architectures.size }, (_, index) => backend.deviceLatency({ functionName, index, device })),
    }));
    exported = { columns: [...converted.columns, ...latency], seeds: converted.seeds, rows };
  } else {
    throw new InvalidArgumentError({ functionName, argument: 'options.benchmark', message: 'this benchmark cannot be exported' });
  }
  const blocks: BlockInput[] = [
    { name: 'architectures', data: backend.architectures.vectors, meta: { kind: 'architectures', width: backend.architectures.width } },
    ...(exported.rows ? [{ name: 'rows', data: exported.rows, meta: { kind: 'rows' } }] : []),
    ...exported.columns.map((column) => ({ name: column.name, data: column.values, meta: { kind: 'column', keys: column.keys } })),
  ];
  const encoded = encodeContainer({
    format: compactFormat,
    formatVersion: compactFormatVersion,
    fields: {
      space: backend.space,
      size: backend.architectures.size,
      hps: backend.hps,
      source: { kind: backend.source, file: basename(backend.path) },
      seeds: Object.fromEntries(exported.seeds),
    },
    blocks,
  });
  await writeFileAtomically({ functionName, argument: 'options.path', path, pieces: encoded.pieces });
  return { path, size: backend.architectures.size, columns: exported.columns.length, missing, bytes: encoded.byteLength };
}

function checkBoolean(functionName: string, argument: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new InvalidArgumentError({ functionName, argument, message: `expected true or false, got ${describe(value)}` });
  return value;
}

/**
 * Options of {@link loadNasBench201Compact}.
 *
 * @example
 * ```ts
 * const options: LoadNasBench201CompactOptions = { path: 'nb201.fsbench' };
 * ```
 */
export interface LoadNasBench201CompactOptions {
  /** A file written by {@link writeNasBench201Compact} or `fewshot-bench convert`. */
  readonly path: string;
  /** Check the CRC-32C of the data (default true; a few ms per 10 MB). */
  readonly verifyChecksum?: boolean;
}

/**
 * Loads a compact file written by {@link writeNasBench201Compact} (or
 * `fewshot-bench convert`). The columns are typed-array views of the file's
 * bytes: loading is one read, a header parse and a checksum.
 *
 * @example
 * ```ts
 * import { loadNasBench201Compact } from '@fewshot/benchmarks';
 * const benchmark = await loadNasBench201Compact({ path: 'nb201.fsbench' });
 * benchmark.query({ index: 6111, dataset: 'cifar10', split: 'test' }).accuracy; // 94.3733...
 * ```
 */
export async function loadNasBench201Compact(options: LoadNasBench201CompactOptions): Promise<NasBench201ColumnarBenchmark> {
  const functionName = 'loadNasBench201Compact';
  const checked = checkOptions(functionName, options);
  const path = checkPath(functionName, 'options.path', checked['path']);
  const verifyChecksum = checked['verifyChecksum'] === undefined ? true : checkBoolean(functionName, 'options.verifyChecksum', checked['verifyChecksum']);
  const bytes = await readWholeFile(functionName, 'options.path', path);
  return compactFromBytes({ functionName, path, bytes, verifyChecksum });
}

/** Decodes compact bytes into a benchmark (shared with openNasBench201). */
export function compactFromBytes(options: { functionName: string; path: string; bytes: Uint8Array; verifyChecksum: boolean }): NasBench201ColumnarBenchmark {
  const { functionName, path } = options;
  const argument = 'options.path';
  const container = decodeContainer({ ...options, argument, format: compactFormat, formatVersion: compactFormatVersion });
  const { header } = container;
  const fail = (message: string): never => {
    throw new FileFormatError({ functionName, argument, message: `${path}: corrupt compact header (${message})` });
  };
  const space = header['space'] as BenchmarkSpace;
  if (space !== 'topology' && space !== 'size') fail(`unknown space ${describe(space)}`);
  const architecturesBlock = container.blocks.get('architectures');
  if (!architecturesBlock || !(architecturesBlock.data instanceof Uint8Array)) return fail('no architectures block');
  const architectures = new ArchitectureIndex(space, architecturesBlock.data);
  if (architectures.size !== header['size']) fail(`size ${describe(header['size'])} but ${architectures.size} architectures`);
  const rowsBlock = container.blocks.get('rows');
  let rows: Uint32Array | undefined;
  if (rowsBlock) {
    if (!(rowsBlock.data instanceof Uint32Array) || !rowsBlock.data.every((index, row, all) => index < architectures.size && (row === 0 || index > (all[row - 1] as number)))) {
      fail('the rows block is not an increasing list of indices');
    }
    rows = rowsBlock.data as Uint32Array;
  }
  const rowCount = rows ? rows.length : architectures.size;
  const columns: NamedColumn[] = [];
  const devices = new Map<string, Float64Array>();
  for (const { entry, data } of container.blocks.values()) {
    if (entry['kind'] !== 'column') continue;
    if (!(data instanceof Float64Array) || data.length !== rowCount) fail(`column ${JSON.stringify(entry.name)} has the wrong type or length`);
    const keys = Array.isArray(entry['keys']) ? (entry['keys'] as string[]) : [];
    const device = keys.find((key) => key.startsWith('device-latency-ms|'));
    if (device) devices.set(device.slice('device-latency-ms|'.length), data as Float64Array);
    else columns.push({ name: entry.name, keys, values: data as Float64Array });
  }
  /** A dense copy of a (possibly sparse) column. */
  function expand(values: Float64Array): Float64Array {
    if (!rows) return values;
    const result = new Float64Array(architectures.size).fill(Number.NaN);
    rows.forEach((index, row) => {
      result[index] = values[row] as number;
    });
    return result;
  }
  const seedsField = header['seeds'];
  const seeds = new Map<string, number[]>(
    seedsField !== null && typeof seedsField === 'object' ? Object.entries(seedsField as Record<string, number[]>) : [],
  );
  const hps = Array.isArray(header['hps']) ? (header['hps'] as string[]) : fail('no hps');
  const source = header['source'] as { kind?: NasBench201SourceKind } | undefined;
  const backend = createColumnBackend({
    space,
    source: 'compact',
    path,
    hps,
    architectures,
    columns,
    seeds,
    latencyTable: devices.size > 0 ? createLatencyTable(rows ? new Map([...devices].map(([device, values]) => [device, expand(values)])) : devices) : undefined,
    rows,
    describeSource: `the compact file ${path} (converted from ${source?.kind ?? 'an unknown source'})`,
  });
  const named = new Map<string, Float64Array>([...columns.map((column) => [column.name, column.values] as const), ...devices]);
  const columnNames = [...named.keys()];
  const extra: Omit<NasBench201ColumnarBenchmark, keyof NasBench201Benchmark> = {
    columnNames,
    column(name: string): Float64Array {
      const column = named.get(name);
      if (!column) {
        throw new InvalidArgumentError({
          functionName: 'NasBench201ColumnarBenchmark.column',
          argument: 'name',
          message: `unknown column ${describe(name)}; the file has ${columnNames.slice(0, 20).join(', ')}${columnNames.length > 20 ? ', ...' : ''}`,
        });
      }
      return rows ? expand(column) : Float64Array.from(column);
    },
  };
  return createBenchmark(backend, extra);
}
