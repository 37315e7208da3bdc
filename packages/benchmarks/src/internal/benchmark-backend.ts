import type { ArchitectureIndex, BenchmarkSpace } from './architecture-index.js';
import type { ArchRecord } from './nats-records.js';
import type { NasBench201Dataset, NasBench201SourceKind } from '../nb201/nb201-types.js';

/** A raw evaluation set. */
export type RawSet = 'train' | 'x-valid' | 'x-test' | 'ori-test';

/** What a backend is asked for (arguments already checked and resolved). */
export interface ValueRequest {
  readonly functionName: string;
  readonly index: number;
  readonly hp: string;
  readonly dataset: NasBench201Dataset;
  readonly set: RawSet;
  readonly epoch: number | undefined;
  readonly seed: number | undefined;
}

/** What a backend answers. */
export interface ValueAnswer {
  readonly accuracy: number;
  readonly seeds: readonly number[];
  readonly epoch: number;
  readonly trainingTime: number | undefined;
}

/** Cost information without the index. */
export interface CostAnswer {
  readonly params: number | undefined;
  readonly flops: number | undefined;
  readonly latency: number | undefined;
  readonly trainingTimePerEpoch: number | undefined;
  readonly seeds: readonly number[];
}

/** The storage-specific half of a benchmark; the public object adds checking and resolution. */
export interface BenchmarkBackend {
  readonly space: BenchmarkSpace;
  readonly source: NasBench201SourceKind;
  readonly path: string;
  readonly hps: readonly string[];
  readonly architectures: ArchitectureIndex;
  readonly devices: readonly string[];
  value(request: ValueRequest): ValueAnswer;
  costInfo(request: { functionName: string; index: number; hp: string; dataset: NasBench201Dataset }): CostAnswer;
  /** Training seconds to the end of `epoch` (default the last), mean over seeds; undefined when not recorded. */
  trainingTime(request: { functionName: string; index: number; hp: string; dataset: NasBench201Dataset; epoch: number | undefined }): number | undefined;
  /** Evaluation seconds per epoch of one set (mean over seeds), when recorded. */
  evaluationTimePerEpoch(request: { index: number; hp: string; dataset: NasBench201Dataset; set: RawSet }): number | undefined;
  /** A whole column at once, when the storage has it as one (undefined: fall back to per-index values). */
  column?(request: Omit<ValueRequest, 'index'>): Float64Array | undefined;
  deviceLatency(request: { functionName: string; index: number; device: string }): number;
  /** The record of one architecture (pickle sources only); NotFoundError when it has none. */
  recordAt?(index: number, functionName: string): ArchRecord;
  /** False when the source certainly holds no record for the index (pickle sources). */
  hasRecord?(index: number): boolean;
  /** The stored columns (CSV and compact sources), for conversion. */
  exportColumns?(): ColumnExport;
}

/** A named column with the query keys it answers. */
export interface NamedColumn {
  readonly name: string;
  readonly keys: readonly string[];
  readonly values: Float64Array;
}

/** Everything a column backend stores. */
export interface ColumnExport {
  readonly columns: readonly NamedColumn[];
  /**
   * Sparse storage: the increasing indices that have values; every column then holds
   * one value per entry of `rows` instead of one per architecture.
   */
  readonly rows?: Uint32Array | undefined;
  /** Seeds with per-seed columns, keyed `${hp}|${dataset}`. */
  readonly seeds: ReadonlyMap<string, readonly number[]>;
}
