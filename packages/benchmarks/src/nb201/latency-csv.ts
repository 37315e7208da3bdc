import { FileFormatError, InvalidArgumentError, type Architecture } from '@fewshot/core';
import { ArchitectureIndex } from '../internal/architecture-index.js';
import { checkPath } from '../internal/check-path.js';
import { checkOptions, describe } from '../internal/check-values.js';
import { parseCsv, parseNumberField } from '../internal/csv.js';
import { createLatencyTable, type LatencyTable } from '../internal/latency-table.js';
import { readWholeFile } from '../internal/read-file.js';
import { resolveIndex } from '../internal/create-benchmark.js';

/**
 * Options of {@link loadNasBench201LatencyCsv}.
 *
 * @example
 * ```ts
 * const options: LoadNasBench201LatencyCsvOptions = { path: '../shared/data/nb201/nb201-latency-ms.csv' };
 * ```
 */
export interface LoadNasBench201LatencyCsvOptions {
  /** Path of a CSV with columns `index, arch_str, <device>...` (milliseconds), e.g. `nb201-latency-ms.csv`. */
  readonly path: string;
}

/**
 * Measured latency of every NAS-Bench-201 network on a set of devices, in
 * milliseconds per forward pass (the HELP / HW-NAS-Bench table).
 *
 * @example
 * ```ts
 * const table = await loadNasBench201LatencyCsv({ path: 'nb201-latency-ms.csv' });
 * table.latency({ index: 0, device: 'pixel3' }); // 3.60585
 * ```
 */
export interface NasBench201LatencyTable {
  /** The file read. */
  readonly path: string;
  /** Number of architectures. */
  readonly size: number;
  /** Device column names, e.g. `1080ti_1`, `pixel3`, `raspi4`, `fpga`. */
  readonly devices: readonly string[];
  /** Latency in milliseconds of one architecture (by index, vector or string) on one device. */
  latency(options: {
    /** The architecture's 0-based row (the NAS-Bench-201 index); give this or `architecture`. */
    readonly index?: number;
    /** The architecture as six op indices or a NAS-Bench-201 string; give this or `index`. */
    readonly architecture?: Architecture | string;
    /** One of {@link NasBench201LatencyTable.devices}, e.g. `pixel3`. */
    readonly device: string;
  }): number;
  /** The latency of every architecture on one device, in index order (a copy). */
  column(device: string): Float64Array;
}

/** What the loader builds; shared with the benchmark loaders. */
export interface ParsedLatencyCsv {
  readonly architectures: ArchitectureIndex;
  readonly table: LatencyTable;
  readonly strings: readonly string[];
}

/** Reads a latency CSV into architecture strings and device columns. */
export async function readLatencyCsv(functionName: string, argument: string, path: string): Promise<ParsedLatencyCsv> {
  const bytes = await readWholeFile(functionName, argument, path);
  const { header, rows } = parseCsv({ functionName, argument, path, text: new TextDecoder().decode(bytes) });
  if (header[0] !== 'index' || header[1] !== 'arch_str' || header.length < 3) {
    throw new FileFormatError({
      functionName,
      argument,
      message: `${path} is not a latency table (expected the header "index,arch_str,<device>,...", got ${JSON.stringify(header.slice(0, 3).join(','))})`,
    });
  }
  const strings = rows.map((row, position) => {
    if (row[0] !== String(position)) {
      throw new FileFormatError({ functionName, argument, message: `${path}: data row ${position + 1} has index ${JSON.stringify(row[0])}, expected ${position}` });
    }
    return row[1] as string;
  });
  const architectures = ArchitectureIndex.fromStrings({ space: 'topology', strings, functionName, argument, path });
  const columns = new Map<string, Float64Array>();
  header.slice(2).forEach((device, offset) => {
    const column = offset + 2;
    columns.set(
      device,
      Float64Array.from(rows, (row, position) =>
        parseNumberField({ functionName, argument, path, row: position, column: device, text: row[column] as string }),
      ),
    );
  });
  return { architectures, table: createLatencyTable(columns), strings };
}

/** Checks that a latency table lists the same architectures in the same order as a benchmark. */
export function checkLatencyOrder(functionName: string, argument: string, path: string, latency: ParsedLatencyCsv, architectures: ArchitectureIndex): void {
  if (latency.architectures.size !== architectures.size) {
    throw new FileFormatError({ functionName, argument, message: `${path} has ${latency.architectures.size} architectures, the benchmark has ${architectures.size}` });
  }
  const a = latency.architectures.vectors;
  const b = architectures.vectors;
  for (let position = 0; position < a.length; position += 1) {
    if (a[position] !== b[position]) {
      const index = Math.floor(position / architectures.width);
      throw new FileFormatError({
        functionName,
        argument,
        message: `${path}: row ${index} is ${latency.architectures.stringAt(index)}, but the benchmark has ${architectures.stringAt(index)} at index ${index}`,
      });
    }
  }
}

/**
 * Loads the measured latency table `nb201-latency-ms.csv` (27 device settings:
 * GPUs at batch 1/32/256, server CPUs, phones, Raspberry Pi 4, FPGA, Eyeriss).
 * Use it as an objective or a constraint, or attach it to a benchmark with the
 * `latencyPath` option of the loaders.
 *
 * @example
 * ```ts
 * import { loadNasBench201LatencyCsv } from '@fewshot/benchmarks';
 * const latency = await loadNasBench201LatencyCsv({ path: '../shared/data/nb201/nb201-latency-ms.csv' });
 * latency.devices.length; // 27
 * latency.latency({ architecture: [3, 3, 3, 1, 3, 2], device: 'raspi4' });
 * ```
 */
export async function loadNasBench201LatencyCsv(options: LoadNasBench201LatencyCsvOptions): Promise<NasBench201LatencyTable> {
  const functionName = 'loadNasBench201LatencyCsv';
  const checked = checkOptions(functionName, options);
  const path = checkPath(functionName, 'options.path', checked['path']);
  const parsed = await readLatencyCsv(functionName, 'options.path', path);
  const { table, architectures } = parsed;
  return Object.freeze({
    path,
    size: architectures.size,
    devices: table.devices,
    latency(latencyOptions: { readonly index?: number; readonly architecture?: Architecture | string; readonly device: string }) {
      const name = 'NasBench201LatencyTable.latency';
      const latencyChecked = checkOptions(name, latencyOptions);
      const index = resolveIndex(name, latencyChecked, { architectures });
      if (typeof latencyChecked['device'] !== 'string') {
        throw new InvalidArgumentError({ functionName: name, argument: 'options.device', message: `expected a device name, got ${describe(latencyChecked['device'])}` });
      }
      return table.latency(name, index, latencyChecked['device']);
    },
    column(device: string) {
      const column = table.columns.get(device);
      if (!column) table.latency('NasBench201LatencyTable.column', 0, device);
      return Float64Array.from(column as Float64Array);
    },
  });
}
