import { FileFormatError, InvalidArgumentError } from '@fewshot/core';
import { hexPrefix } from '../internal/bzip2.js';
import { checkOptionalPath, checkPath } from '../internal/check-path.js';
import { checkOptions, describe } from '../internal/check-values.js';
import { readWholeFile } from '../internal/read-file.js';
import { sniffBenchmarkPath } from '../internal/sniff.js';
import { compactFromBytes, writeNasBench201Compact, type NasBench201CompactSummary } from './compact-nb201.js';
import { loadNasBench201Csv, type NasBench201CsvRelease } from './load-nb201-csv.js';
import { loadNasBench201Pth } from './load-nb201-pth.js';
import { loadNatsBenchArchive } from './load-nats-archive.js';
import type { NasBench201Benchmark } from './nb201-types.js';
import { openNatsBenchSimple } from './open-nats-simple.js';

/**
 * Options of {@link openNasBench201}.
 *
 * @example
 * ```ts
 * const options: OpenNasBench201Options = { path: 'NATS-tss-v1_0-3ffb9-simple', latencyPath: 'nb201-latency-ms.csv' };
 * ```
 */
export interface OpenNasBench201Options {
  /** A NATS "simple" folder, a NATS archive, a NAS-Bench-201 `.pth`, a compact file or a CSV in the `nb201.csv` layout. */
  readonly path: string;
  /** Optional latency table to attach (ignored for compact files, which store their own). */
  readonly latencyPath?: string;
  /** For CSV input: the release answering CIFAR-10 test at 200 epochs (default `nats`). */
  readonly release?: NasBench201CsvRelease;
}

/**
 * Opens any supported NAS-Bench-201 / NATS-Bench source, recognised by content
 * (not by name): a folder is a NATS "simple" folder; `FSBENCH\0` a compact file;
 * `BZh` a NATS single-file archive; the torch magic-number pickle or `PK\x03\x04`
 * a NAS-Bench-201 `.pth`; a text starting with `index,arch_str` the CSV layout.
 *
 * @example
 * ```ts
 * import { openNasBench201 } from '@fewshot/benchmarks';
 * const benchmark = await openNasBench201({ path: 'nb201.fsbench' });
 * console.log(benchmark.source, benchmark.size);
 * ```
 */
export async function openNasBench201(options: OpenNasBench201Options): Promise<NasBench201Benchmark> {
  const functionName = 'openNasBench201';
  const checked = checkOptions(functionName, options);
  const path = checkPath(functionName, 'options.path', checked['path']);
  const latencyPath = checkOptionalPath(functionName, 'options.latencyPath', checked['latencyPath']);
  const release = checked['release'];
  if (release !== undefined && release !== 'nats' && release !== 'nb201') {
    throw new InvalidArgumentError({ functionName, argument: 'options.release', message: `expected 'nats' or 'nb201', got ${describe(release)}` });
  }
  const extra = latencyPath === undefined ? {} : { latencyPath };
  const sniffed = await sniffBenchmarkPath(functionName, 'options.path', path);
  switch (sniffed.kind) {
    case 'folder':
      return openNatsBenchSimple({ path, ...extra });
    case 'compact':
      if (sniffed.format !== undefined && sniffed.format !== 'nas-bench-201') {
        throw new FileFormatError({ functionName, argument: 'options.path', message: `${path} is a compact ${sniffed.format} file, not NAS-Bench-201 (use loadNasBench101Table for NAS-Bench-101)` });
      }
      return compactFromBytes({ functionName, path, bytes: await readWholeFile(functionName, 'options.path', path), verifyChecksum: true });
    case 'nats-archive':
      return loadNatsBenchArchive({ path, ...extra });
    case 'nb201-pth':
      return loadNasBench201Pth({ path, ...extra });
    case 'csv':
      return loadNasBench201Csv({ path, ...extra, ...(release === undefined ? {} : { release: release as NasBench201CsvRelease }) });
    case 'tfrecord':
      throw new FileFormatError({
        functionName,
        argument: 'options.path',
        message: `${path} is a TFRecord file (NAS-Bench-101?), not a NAS-Bench-201 source; use convertNasBench101 and loadNasBench101Table`,
      });
    default:
      throw new FileFormatError({
        functionName,
        argument: 'options.path',
        message: `${path} is not a NAS-Bench-201 source (expected a NATS folder or archive, a .pth, a compact file or an nb201.csv-layout CSV; it starts with ${hexPrefix(sniffed.head)})`,
      });
  }
}

/**
 * Options of {@link convertNasBench201}.
 *
 * @example
 * ```ts
 * const options: ConvertNasBench201Options = { input: 'nb201.csv', output: 'nb201.fsbench', latencyPath: 'nb201-latency-ms.csv' };
 * ```
 */
export interface ConvertNasBench201Options {
  /** Any source {@link openNasBench201} reads. */
  readonly input: string;
  /** The compact file to write (atomically). */
  readonly output: string;
  /** Optional latency table to store with it. */
  readonly latencyPath?: string;
  /** For CSV input: the release answering CIFAR-10 test at 200 epochs. */
  readonly release?: NasBench201CsvRelease;
  /** Keep the mean accuracy at every epoch (pickle sources). Default false. */
  readonly curves?: boolean;
  /** Skip architectures without results (a partial folder). Default false. */
  readonly allowMissing?: boolean;
}

/**
 * Converts any NAS-Bench-201 / NATS-Bench source to our compact file
 * ({@link openNasBench201} then {@link writeNasBench201Compact}).
 *
 * @example
 * ```ts
 * import { convertNasBench201 } from '@fewshot/benchmarks';
 * const summary = await convertNasBench201({ input: 'NATS-tss-v1_0-3ffb9-simple', output: 'nats-tss.fsbench' });
 * console.log(summary.columns, summary.bytes);
 * ```
 */
export async function convertNasBench201(options: ConvertNasBench201Options): Promise<NasBench201CompactSummary> {
  const functionName = 'convertNasBench201';
  const checked = checkOptions(functionName, options);
  const input = checkPath(functionName, 'options.input', checked['input']);
  const output = checkPath(functionName, 'options.output', checked['output']);
  const latencyPath = checkOptionalPath(functionName, 'options.latencyPath', checked['latencyPath']);
  const benchmark = await openNasBench201({
    path: input,
    ...(latencyPath === undefined ? {} : { latencyPath }),
    ...(checked['release'] === undefined ? {} : { release: checked['release'] as NasBench201CsvRelease }),
  });
  return writeNasBench201Compact({
    benchmark,
    path: output,
    ...(checked['curves'] === undefined ? {} : { curves: checked['curves'] as boolean }),
    ...(checked['allowMissing'] === undefined ? {} : { allowMissing: checked['allowMissing'] as boolean }),
  });
}
