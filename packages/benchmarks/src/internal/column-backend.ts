import { NotFoundError, OutOfRangeError } from '@fewshot/core';
import type { ArchitectureIndex, BenchmarkSpace } from './architecture-index.js';
import type { BenchmarkBackend, NamedColumn, RawSet, ValueAnswer, ValueRequest } from './benchmark-backend.js';
import { accuracyKey, costKey, deviceKey, evaluationTimeKey, parseKey, trainTimeKey } from './column-keys.js';
import type { LatencyTable } from './latency-table.js';
import type { NasBench201Dataset, NasBench201SourceKind } from '../nb201/nb201-types.js';

/** Options of {@link createColumnBackend}. */
export interface ColumnBackendOptions {
  readonly space: BenchmarkSpace;
  readonly source: NasBench201SourceKind;
  readonly path: string;
  readonly hps: readonly string[];
  readonly architectures: ArchitectureIndex;
  readonly columns: readonly NamedColumn[];
  /** Seeds that have per-seed columns, keyed `${hp}|${dataset}`. */
  readonly seeds: ReadonlyMap<string, readonly number[]>;
  readonly latencyTable?: LatencyTable | undefined;
  /** Sparse storage: the indices that have values (see ColumnExport.rows). */
  readonly rows?: Uint32Array | undefined;
  /** Names the source in error messages. */
  readonly describeSource: string;
}

/*
 * The hot paths are module-level functions over a state object (not per-instance
 * closures), so V8's type feedback is shared by every loaded benchmark.
 */
interface ColumnState {
  readonly options: ColumnBackendOptions;
  readonly columns: ReadonlyMap<string, Float64Array>;
  readonly rowOf: Int32Array | undefined;
}

/** The value of an architecture in a (dense or sparse) column. */
function read(state: ColumnState, column: Float64Array, index: number): number {
  const { rowOf } = state;
  if (!rowOf) return column[index] as number;
  const row = rowOf[index] as number;
  return row < 0 ? Number.NaN : (column[row] as number);
}

/** A dense copy of a column. */
function dense(state: ColumnState, column: Float64Array): Float64Array {
  const { rows, architectures } = state.options;
  if (!rows) return Float64Array.from(column);
  const result = new Float64Array(architectures.size).fill(Number.NaN);
  rows.forEach((index, row) => {
    result[index] = column[row] as number;
  });
  return result;
}

function available(state: ColumnState, hp: string): string {
  const pairs = new Set<string>();
  for (const key of state.columns.keys()) {
    const parts = parseKey(key);
    if (parts[0] === 'accuracy' && parts[1] === hp) pairs.add(`${parts[2]}/${parts[3]}`);
  }
  return pairs.size > 0 ? [...pairs].join(', ') : 'nothing';
}

function lookup(state: ColumnState, request: Omit<ValueRequest, 'index'>): { column: Float64Array; epoch: number } {
  const { describeSource, seeds } = state.options;
  const { functionName, hp, dataset, set, seed } = request;
  const epochs = Number(hp);
  const epoch = request.epoch ?? epochs - 1;
  if (epoch < 0 || epoch >= epochs) {
    throw new OutOfRangeError({ functionName, argument: 'options.epoch', message: `expected an epoch in 0..${epochs - 1} for hp ${hp}, got ${epoch}` });
  }
  if (seed !== undefined) {
    const recorded = seeds.get(`${hp}|${dataset}`) ?? [];
    if (!recorded.includes(seed)) {
      throw new NotFoundError({
        functionName,
        argument: 'options.seed',
        message: recorded.length === 0
          ? `${describeSource} holds no per-seed values for ${dataset} at hp ${hp} (only means over seeds)`
          : `seed ${seed} is not recorded for ${dataset} at hp ${hp} (seeds: ${recorded.join(', ')})`,
      });
    }
  }
  const column = state.columns.get(accuracyKey(hp, dataset, set, seed ?? 'mean', epoch));
  if (!column) {
    const finalColumn = state.columns.get(accuracyKey(hp, dataset, set, seed ?? 'mean', epochs - 1));
    let message: string;
    if (finalColumn && seed !== undefined) message = `${describeSource} holds per-seed values only at the last epoch (${epochs - 1}); epoch ${epoch} is available as a mean over seeds when converted with curves`;
    else if (finalColumn) message = `${describeSource} holds no learning curve for ${dataset}/${set} at hp ${hp}, only the last epoch (${epochs - 1}); convert with curves to keep every epoch`;
    else message = `${describeSource} has no ${set} accuracy for ${dataset} at hp ${hp} (it has ${available(state, hp)})`;
    throw new NotFoundError({ functionName, argument: 'options.split', message });
  }
  return { column, epoch };
}

function seedsAt(state: ColumnState, index: number, hp: string, dataset: string): number[] {
  const recorded = state.options.seeds.get(`${hp}|${dataset}`);
  if (!recorded || recorded.length === 0) return [];
  return recorded.filter((seed) => {
    const column = state.columns.get(trainTimeKey(hp, dataset, seed)) ?? state.columns.get(accuracyKey(hp, dataset, 'train', seed, Number(hp) - 1));
    return column !== undefined && !Number.isNaN(read(state, column, index));
  });
}

function valueAt(state: ColumnState, key: string, index: number): number | undefined {
  const column = state.columns.get(key);
  if (!column) return undefined;
  const value = read(state, column, index);
  return Number.isNaN(value) ? undefined : value;
}

/** Exact at the last epoch; pro rata before it (exact for NATS, whose per-epoch times are constant). */
function proRata(total: number | undefined, hp: string, epoch: number): number | undefined {
  const epochs = Number(hp);
  return total === undefined ? undefined : epoch === epochs - 1 ? total : (total * (epoch + 1)) / epochs;
}

function valueOf(state: ColumnState, request: ValueRequest): ValueAnswer {
  const { column, epoch } = lookup(state, request);
  const { functionName, index, hp, dataset, set, seed } = request;
  const accuracy = read(state, column, index);
  if (Number.isNaN(accuracy)) {
    throw new NotFoundError({
      functionName,
      argument: 'options.split',
      message: `architecture ${index} has no ${set} accuracy for ${dataset} at hp ${hp}, epoch ${epoch}${seed === undefined ? '' : `, seed ${seed}`}`,
    });
  }
  return {
    accuracy,
    seeds: seed === undefined ? seedsAt(state, index, hp, dataset) : [seed],
    epoch,
    trainingTime: proRata(valueAt(state, trainTimeKey(hp, dataset, seed ?? 'mean'), index), hp, epoch),
  };
}

/** A backend over columns (one value per architecture, or per row when sparse), as CSV and compact files store them. */
export function createColumnBackend(options: ColumnBackendOptions): BenchmarkBackend {
  const { architectures, rows } = options;
  const columns = new Map<string, Float64Array>();
  for (const column of options.columns) for (const key of column.keys) columns.set(key, column.values);
  let rowOf: Int32Array | undefined;
  if (rows) {
    const map = new Int32Array(architectures.size).fill(-1);
    rows.forEach((index, row) => {
      map[index] = row;
    });
    rowOf = map;
  }
  const state: ColumnState = { options, columns, rowOf };
  return {
    space: options.space,
    source: options.source,
    path: options.path,
    hps: options.hps,
    architectures,
    devices: options.latencyTable?.devices ?? [],
    value: (request) => valueOf(state, request),
    column: (request) => dense(state, lookup(state, request).column),
    costInfo: ({ index, hp, dataset }) => {
      const total = valueAt(state, trainTimeKey(hp, dataset, 'mean'), index);
      return {
        params: valueAt(state, costKey('params', hp, dataset), index),
        flops: valueAt(state, costKey('flops', hp, dataset), index),
        latency: valueAt(state, costKey('latency', hp, dataset), index),
        trainingTimePerEpoch: total === undefined ? undefined : total / Number(hp),
        seeds: seedsAt(state, index, hp, dataset),
      };
    },
    trainingTime: ({ functionName, index, hp, dataset, epoch }) => {
      const epochs = Number(hp);
      const reached = epoch ?? epochs - 1;
      if (reached < 0 || reached >= epochs) {
        throw new OutOfRangeError({ functionName, argument: 'options.epoch', message: `expected an epoch in 0..${epochs - 1} for hp ${hp}, got ${reached}` });
      }
      return proRata(valueAt(state, trainTimeKey(hp, dataset, 'mean'), index), hp, reached);
    },
    evaluationTimePerEpoch: ({ index, hp, dataset, set }: { index: number; hp: string; dataset: NasBench201Dataset; set: RawSet }) =>
      valueAt(state, evaluationTimeKey(hp, dataset, set), index),
    deviceLatency: ({ functionName, index, device }) => {
      if (!options.latencyTable) {
        throw new NotFoundError({ functionName, argument: 'options.device', message: `no latency table is attached to ${options.describeSource} (pass latencyPath when loading or converting)` });
      }
      return options.latencyTable.latency(functionName, index, device);
    },
    exportColumns: () => {
      const latency = options.latencyTable;
      const deviceColumns = latency
        ? latency.devices.map((device) => {
            const values = latency.columns.get(device) as Float64Array;
            return { name: device, keys: [deviceKey(device)], values: rows ? Float64Array.from(rows, (index) => values[index] as number) : values };
          })
        : [];
      return { columns: [...options.columns, ...deviceColumns], seeds: options.seeds, rows };
    },
  };
}
