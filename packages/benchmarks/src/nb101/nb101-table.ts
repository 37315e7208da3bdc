import { basename } from 'node:path';
import { FileFormatError, InvalidArgumentError, NotFoundError } from '@fewshot/core';
import { writeFileAtomically } from '../internal/atomic-write.js';
import { checkPath } from '../internal/check-path.js';
import { checkOptions, describe } from '../internal/check-values.js';
import { decodeContainer, encodeContainer, type BlockInput } from '../internal/container.js';
import { readWholeFile } from '../internal/read-file.js';
import { hashNasBench101Cell, type NasBench101Cell } from '../internal/search-space-adapter.js';
import { readNasBench101Records } from './nb101-record.js';

const tableFormat = 'nas-bench-101';
const tableFormatVersion = 1;
const innerOperations = ['conv3x3-bn-relu', 'conv1x1-bn-relu', 'maxpool3x3'] as const;
/** The 21 (from, to) pairs of a 7-vertex upper triangle, in row-major order. */
const pairs: readonly (readonly [number, number])[] = Array.from({ length: 7 }, (_, from) => Array.from({ length: 7 - from - 1 }, (_, offset) => [from, from + offset + 1] as const)).flat();

/** Per-budget statistics that the table stores (means over repeats). */
const statistics = ['validation-accuracy', 'test-accuracy', 'training-time', 'halfway-validation-accuracy', 'halfway-test-accuracy', 'repeats'] as const;

/**
 * Options of {@link convertNasBench101}.
 *
 * @example
 * ```ts
 * const options: ConvertNasBench101Options = { input: 'nasbench_only108.tfrecord', output: 'nb101.fsbench' };
 * ```
 */
export interface ConvertNasBench101Options {
  /** `nasbench_only108.tfrecord` or `nasbench_full.tfrecord`. */
  readonly input: string;
  /** The table file to write (atomically). */
  readonly output: string;
  /** Stops the conversion. */
  readonly signal?: AbortSignal;
}

/**
 * What {@link convertNasBench101} wrote.
 *
 * @example
 * ```ts
 * const summary: NasBench101ConversionSummary = await convertNasBench101({ input, output });
 * summary.architectures; // 423,624 for the official file
 * ```
 */
export interface NasBench101ConversionSummary {
  /** The file written. */
  readonly path: string;
  /** Records read. */
  readonly records: number;
  /** Distinct module hashes. */
  readonly architectures: number;
  /** The epoch budgets found, increasing. */
  readonly budgets: readonly number[];
  /** File size in bytes. */
  readonly bytes: number;
}

class Growable {
  values = new Float64Array(1024);
  ensure(size: number): void {
    if (size <= this.values.length) return;
    const next = new Float64Array(Math.max(size, this.values.length * 2));
    next.set(this.values);
    this.values = next;
  }
}

function packCell(cell: { matrix: readonly (readonly number[])[]; operations: readonly string[] }, fail: (message: string) => never): { adjacency: number; operations: number } {
  const size = cell.matrix.length;
  let adjacency = size << 24;
  for (let from = 0; from < size; from += 1) {
    for (let to = 0; to < size; to += 1) {
      if ((cell.matrix[from] as readonly number[])[to] !== 1) continue;
      if (to <= from) fail(`the adjacency matrix is not upper triangular (edge ${from} -> ${to})`);
      adjacency |= 1 << pairs.findIndex(([a, b]) => a === from && b === to);
    }
  }
  if (cell.operations[0] !== 'input' || cell.operations[size - 1] !== 'output') fail(`expected operations to start with input and end with output, got ${cell.operations.join(',')}`);
  let operations = 0;
  for (let vertex = 1; vertex < size - 1; vertex += 1) {
    const code = innerOperations.indexOf(cell.operations[vertex] as (typeof innerOperations)[number]);
    if (code < 0) fail(`unknown operation ${JSON.stringify(cell.operations[vertex])} (expected ${innerOperations.join(', ')})`);
    operations |= code << (2 * (vertex - 1));
  }
  return { adjacency: adjacency >>> 0, operations };
}

function unpackCell(adjacency: number, operations: number): NasBench101Cell {
  const size = adjacency >>> 24;
  const matrix = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  pairs.forEach(([from, to], bit) => {
    if (adjacency & (1 << bit)) (matrix[from] as number[])[to] = 1;
  });
  const names = Array.from({ length: size }, (_, vertex) =>
    vertex === 0 ? 'input' : vertex === size - 1 ? 'output' : (innerOperations[(operations >>> (2 * (vertex - 1))) & 3] as string),
  );
  return { matrix, operations: names };
}

function hexToBytes(hash: string, target: Uint8Array, offset: number): void {
  for (let position = 0; position < 16; position += 1) target[offset + position] = Number.parseInt(hash.slice(2 * position, 2 * position + 2), 16);
}

function bytesToHex(bytes: Uint8Array, offset: number): string {
  let text = '';
  for (let position = 0; position < 16; position += 1) text += (bytes[offset + position] as number).toString(16).padStart(2, '0');
  return text;
}

/**
 * Converts a NAS-Bench-101 TFRecord file to our compact hash-keyed table: per
 * module hash, the cell, its trainable parameters and, at each budget, the mean
 * over repeats of the final validation and test accuracy (percent), the final
 * training time (seconds), the halfway accuracies and the number of repeats.
 * The input is streamed (constant memory for the reader; the table itself grows
 * with the number of distinct hashes). The output is written atomically.
 *
 * @example
 * ```ts
 * import { convertNasBench101 } from '@fewshot/benchmarks';
 * const summary = await convertNasBench101({ input: 'nasbench_only108.tfrecord', output: 'nb101.fsbench' });
 * console.log(summary.records, summary.architectures, summary.budgets);
 * ```
 */
export async function convertNasBench101(options: ConvertNasBench101Options): Promise<NasBench101ConversionSummary> {
  const functionName = 'convertNasBench101';
  const checked = checkOptions(functionName, options);
  const input = checkPath(functionName, 'options.input', checked['input']);
  const output = checkPath(functionName, 'options.output', checked['output']);
  const signal = checked['signal'] as AbortSignal | undefined;
  const slots = new Map<string, number>();
  const adjacency: number[] = [];
  const operations: number[] = [];
  const parameters: number[] = [];
  const perBudget = new Map<number, Record<(typeof statistics)[number], Growable>>();
  let records = 0;
  for await (const record of readNasBench101Records({ path: input, ...(signal === undefined ? {} : { signal }) })) {
    const where = `${input} record ${records}`;
    const fail = (message: string): never => {
      throw new FileFormatError({ functionName, argument: 'options.input', message: `${where}: ${message}` });
    };
    let slot = slots.get(record.hash);
    const packed = packCell(record.cell, fail);
    if (slot === undefined) {
      slot = slots.size;
      slots.set(record.hash, slot);
      adjacency.push(packed.adjacency);
      operations.push(packed.operations);
      parameters.push(record.trainableParameters);
    } else if (adjacency[slot] !== packed.adjacency || operations[slot] !== packed.operations || parameters[slot] !== record.trainableParameters) {
      fail(`hash ${record.hash} appears with a different cell or parameter count than before`);
    }
    let accumulators = perBudget.get(record.epochs);
    if (!accumulators) {
      accumulators = Object.fromEntries(statistics.map((name) => [name, new Growable()])) as Record<(typeof statistics)[number], Growable>;
      perBudget.set(record.epochs, accumulators);
    }
    const final = record.evaluations[record.evaluations.length - 1];
    const halfway = record.evaluations.length >= 3 ? record.evaluations[1] : undefined;
    if (!final || record.evaluations.length < 2) fail(`expected at least 2 evaluations (initial and final), got ${record.evaluations.length}`);
    const add = (name: (typeof statistics)[number], value: number) => {
      const accumulator = (accumulators as Record<(typeof statistics)[number], Growable>)[name];
      accumulator.ensure((slot as number) + 1);
      accumulator.values[slot as number] = (accumulator.values[slot as number] as number) + value;
    };
    add('validation-accuracy', (final as { validationAccuracy: number }).validationAccuracy);
    add('test-accuracy', (final as { testAccuracy: number }).testAccuracy);
    add('training-time', (final as { trainingTime: number }).trainingTime);
    add('halfway-validation-accuracy', halfway?.validationAccuracy ?? Number.NaN);
    add('halfway-test-accuracy', halfway?.testAccuracy ?? Number.NaN);
    add('repeats', 1);
    records += 1;
  }
  if (records === 0) throw new FileFormatError({ functionName, argument: 'options.input', message: `${input} holds no records` });

  const size = slots.size;
  const order = [...slots].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const hashes = new Uint8Array(16 * size);
  const sortedAdjacency = new Uint32Array(size);
  const sortedOperations = new Uint32Array(size);
  const sortedParameters = new Float64Array(size);
  order.forEach(([hash, slot], position) => {
    hexToBytes(hash, hashes, 16 * position);
    sortedAdjacency[position] = adjacency[slot] as number;
    sortedOperations[position] = operations[slot] as number;
    sortedParameters[position] = parameters[slot] as number;
  });
  const budgets = [...perBudget.keys()].sort((a, b) => a - b);
  const blocks: BlockInput[] = [
    { name: 'hashes', data: hashes },
    { name: 'adjacency', data: sortedAdjacency },
    { name: 'operations', data: sortedOperations },
    { name: 'parameters', data: sortedParameters },
  ];
  for (const budget of budgets) {
    const accumulators = perBudget.get(budget) as Record<(typeof statistics)[number], Growable>;
    const repeats = accumulators.repeats;
    repeats.ensure(size);
    for (const name of statistics) {
      const accumulator = accumulators[name];
      accumulator.ensure(size);
      const column = new Float64Array(size);
      order.forEach(([, slot], position) => {
        const count = repeats.values[slot] as number;
        const sum = accumulator.values[slot] as number;
        column[position] = count === 0 ? Number.NaN : name === 'repeats' ? count : sum / count;
      });
      blocks.push({ name: `${name}|${budget}`, data: column, meta: { statistic: name, budget } });
    }
  }
  const encoded = encodeContainer({
    format: tableFormat,
    formatVersion: tableFormatVersion,
    fields: { size, budgets, records, source: { file: basename(input) }, accuracyUnit: 'percent', timeUnit: 'seconds' },
    blocks,
  });
  await writeFileAtomically({ functionName, argument: 'options.output', path: output, pieces: encoded.pieces });
  return { path: output, records, architectures: size, budgets, bytes: encoded.byteLength };
}

/**
 * Options of {@link NasBench101Table.query}.
 *
 * @example
 * ```ts
 * const options: NasBench101QueryOptions = { hash: '28cfc7874f6d200472e1a9dcd8650aa0', epochs: 108 };
 * ```
 */
export interface NasBench101QueryOptions {
  /** The module hash (or give `cell`). */
  readonly hash?: string;
  /** A cell, hashed with `hashNasBench101Cell` of `@fewshot/search-space` after pruning (or give `hash`). */
  readonly cell?: NasBench101Cell;
  /** The budget; default 108. */
  readonly epochs?: number;
}

/**
 * The answer of {@link NasBench101Table.query}: means over the repeats at one budget.
 *
 * @example
 * ```ts
 * const result: NasBench101Result = table.query({ hash });
 * result.validationAccuracy; // percent
 * ```
 */
export interface NasBench101Result {
  /** The module hash. */
  readonly hash: string;
  /** The budget in epochs. */
  readonly epochs: number;
  /** Mean final validation accuracy, percent. */
  readonly validationAccuracy: number;
  /** Mean final test accuracy, percent. */
  readonly testAccuracy: number;
  /** Mean final training time, seconds. */
  readonly trainingTime: number;
  /** Mean halfway validation accuracy, percent (NaN when not recorded). */
  readonly halfwayValidationAccuracy: number;
  /** Mean halfway test accuracy, percent (NaN when not recorded). */
  readonly halfwayTestAccuracy: number;
  /** Trainable parameters. */
  readonly trainableParameters: number;
  /** Number of repeats averaged (3 in the official files). */
  readonly repeats: number;
}

/**
 * A NAS-Bench-101 table loaded by {@link loadNasBench101Table}.
 *
 * @example
 * ```ts
 * const table: NasBench101Table = await loadNasBench101Table({ path: 'nb101.fsbench' });
 * table.has('28cfc7874f6d200472e1a9dcd8650aa0');
 * ```
 */
export interface NasBench101Table {
  /** The file read. */
  readonly path: string;
  /** Number of distinct module hashes. */
  readonly size: number;
  /** The budgets, increasing (`[108]` for only108, `[4, 12, 36, 108]` for the full file). */
  readonly budgets: readonly number[];
  /** True when the table holds the hash. */
  has(hash: string): boolean;
  /** Means over repeats of one cell at one budget. */
  query(options: NasBench101QueryOptions): NasBench101Result;
  /** The (pruned) cell stored for a hash. */
  cellOf(hash: string): NasBench101Cell;
  /** The hash at a position of the sorted table (0..size-1). */
  hashAt(position: number): string;
}

/**
 * Options of {@link loadNasBench101Table}.
 *
 * @example
 * ```ts
 * const options: LoadNasBench101TableOptions = { path: 'nb101.fsbench' };
 * ```
 */
export interface LoadNasBench101TableOptions {
  /** A table written by {@link convertNasBench101} or `fewshot-bench convert`. */
  readonly path: string;
  /** Check the CRC-32C of the data (default true). */
  readonly verifyChecksum?: boolean;
}

/**
 * Loads a NAS-Bench-101 table written by {@link convertNasBench101}. Lookups are
 * binary searches over the sorted 16-byte hashes.
 *
 * @example
 * ```ts
 * import { loadNasBench101Table } from '@fewshot/benchmarks';
 * const table = await loadNasBench101Table({ path: 'nb101.fsbench' });
 * table.query({ hash: '28cfc7874f6d200472e1a9dcd8650aa0' }).testAccuracy;
 * ```
 */
export async function loadNasBench101Table(options: LoadNasBench101TableOptions): Promise<NasBench101Table> {
  const functionName = 'loadNasBench101Table';
  const checked = checkOptions(functionName, options);
  const path = checkPath(functionName, 'options.path', checked['path']);
  const verifyChecksum = checked['verifyChecksum'] ?? true;
  if (typeof verifyChecksum !== 'boolean') {
    throw new InvalidArgumentError({ functionName, argument: 'options.verifyChecksum', message: `expected true or false, got ${describe(verifyChecksum)}` });
  }
  const bytes = await readWholeFile(functionName, 'options.path', path);
  const container = decodeContainer({ functionName, argument: 'options.path', path, bytes, format: tableFormat, formatVersion: tableFormatVersion, verifyChecksum });
  const fail = (message: string): never => {
    throw new FileFormatError({ functionName, argument: 'options.path', message: `${path}: corrupt table (${message})` });
  };
  const size = container.header['size'];
  const budgets = container.header['budgets'];
  if (typeof size !== 'number' || !Array.isArray(budgets)) return fail('missing size or budgets');
  const block = (name: string, length: number): Float64Array | Uint8Array | Uint32Array => {
    const found = container.blocks.get(name);
    if (!found || found.data.length !== length) return fail(`block ${name} is missing or has the wrong length`);
    return found.data;
  };
  const hashes = block('hashes', 16 * size) as Uint8Array;
  const adjacency = block('adjacency', size) as Uint32Array;
  const operations = block('operations', size) as Uint32Array;
  const parameters = block('parameters', size) as Float64Array;
  const columns = new Map<string, Float64Array>();
  for (const budget of budgets as number[]) for (const name of statistics) columns.set(`${name}|${budget}`, block(`${name}|${budget}`, size) as Float64Array);

  const probe = new Uint8Array(16);
  const find = (hash: string): number => {
    hexToBytes(hash, probe, 0);
    let low = 0;
    let high = size - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      let comparison = 0;
      for (let position = 0; position < 16 && comparison === 0; position += 1) comparison = (hashes[16 * middle + position] as number) - (probe[position] as number);
      if (comparison === 0) return middle;
      if (comparison < 0) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  };
  const checkHash = (caller: string, argument: string, value: unknown): string => {
    if (typeof value !== 'string' || !/^[0-9a-f]{32}$/.test(value)) {
      throw new InvalidArgumentError({ functionName: caller, argument, message: `expected a 32-digit lowercase hex module hash, got ${describe(value)}` });
    }
    return value;
  };
  const positionOf = (caller: string, argument: string, hash: string): number => {
    const position = find(hash);
    if (position < 0) throw new NotFoundError({ functionName: caller, argument, message: `hash ${hash} is not in ${path}` });
    return position;
  };

  return Object.freeze({
    path,
    size,
    budgets: budgets as number[],
    has(hash: string): boolean {
      return find(checkHash('NasBench101Table.has', 'hash', hash)) >= 0;
    },
    hashAt(position: number): string {
      if (typeof position !== 'number' || !Number.isInteger(position) || position < 0 || position >= size) {
        throw new InvalidArgumentError({ functionName: 'NasBench101Table.hashAt', argument: 'position', message: `expected an integer in 0..${size - 1}, got ${describe(position)}` });
      }
      return bytesToHex(hashes, 16 * position);
    },
    cellOf(hash: string): NasBench101Cell {
      const position = positionOf('NasBench101Table.cellOf', 'hash', checkHash('NasBench101Table.cellOf', 'hash', hash));
      return unpackCell(adjacency[position] as number, operations[position] as number);
    },
    query(queryOptions: NasBench101QueryOptions): NasBench101Result {
      const caller = 'NasBench101Table.query';
      const query = checkOptions(caller, queryOptions);
      if ((query['hash'] === undefined) === (query['cell'] === undefined)) {
        throw new InvalidArgumentError({ functionName: caller, argument: 'options.hash', message: 'expected exactly one of hash or cell' });
      }
      let hash: string;
      if (query['cell'] !== undefined) {
        const computed = hashNasBench101Cell(query['cell'] as NasBench101Cell);
        if (computed === null) {
          throw new InvalidArgumentError({ functionName: caller, argument: 'options.cell', message: 'the cell is outside NAS-Bench-101 (input and output disconnected, or too many vertices or edges after pruning)' });
        }
        hash = computed;
      } else {
        hash = checkHash(caller, 'options.hash', query['hash']);
      }
      const epochs = query['epochs'] ?? 108;
      if (typeof epochs !== 'number' || !(budgets as number[]).includes(epochs)) {
        throw new InvalidArgumentError({ functionName: caller, argument: 'options.epochs', message: `unknown budget ${describe(epochs)}; the table holds ${(budgets as number[]).join(', ')}` });
      }
      const position = positionOf(caller, query['cell'] === undefined ? 'options.hash' : 'options.cell', hash);
      const value = (name: (typeof statistics)[number]) => (columns.get(`${name}|${epochs}`) as Float64Array)[position] as number;
      const repeats = value('repeats');
      if (Number.isNaN(repeats)) throw new NotFoundError({ functionName: caller, argument: 'options.epochs', message: `hash ${hash} has no runs at ${epochs} epochs` });
      return {
        hash,
        epochs,
        validationAccuracy: value('validation-accuracy'),
        testAccuracy: value('test-accuracy'),
        trainingTime: value('training-time'),
        halfwayValidationAccuracy: value('halfway-validation-accuracy'),
        halfwayTestAccuracy: value('halfway-test-accuracy'),
        trainableParameters: parameters[position] as number,
        repeats,
      };
    },
  });
}
