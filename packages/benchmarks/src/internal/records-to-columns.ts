import { FileFormatError, NotFoundError } from '@fewshot/core';
import type { ColumnExport, NamedColumn } from './benchmark-backend.js';
import { accuracyKey, costKey, evaluationTimeKey, trainTimeKey } from './column-keys.js';
import type { ArchRecord, RunRecord } from './nats-records.js';

/** The arithmetic mean in the given order (as the record backend computes it). */
export function meanOf(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/**
 * Turns per-architecture records into columns: per hp / dataset / set the mean
 * over seeds and each seed at the last epoch, optionally the mean at every epoch
 * (`curves`), training seconds (all epochs), evaluation seconds per epoch, params,
 * FLOPs and latency. Missing records (NotFoundError) are skipped when `allowMissing`.
 */
export function recordsToColumns(options: {
  functionName: string;
  path: string;
  size: number;
  recordAt: (index: number) => ArchRecord;
  hasRecord?: ((index: number) => boolean) | undefined;
  curves: boolean;
  allowMissing: boolean;
  onProgress?: (done: number) => void;
}): ColumnExport & { missing: number } {
  const { size } = options;
  // Which indices have records: a partial source (allowMissing) is stored sparse.
  const present: number[] = [];
  if (options.allowMissing && options.hasRecord) {
    for (let index = 0; index < size; index += 1) if (options.hasRecord(index)) present.push(index);
  }
  const sparse = options.allowMissing && options.hasRecord !== undefined && present.length < size;
  const rowCount = sparse ? present.length : size;
  const rowOf = sparse ? new Int32Array(size).fill(-1) : undefined;
  present.forEach((index, row) => {
    if (rowOf) rowOf[index] = row;
  });
  const columns = new Map<string, Float64Array>();
  const seeds = new Map<string, Set<number>>();
  const put = (key: string, index: number, value: number | undefined) => {
    if (value === undefined || Number.isNaN(value)) return;
    let column = columns.get(key);
    if (!column) {
      column = new Float64Array(rowCount).fill(Number.NaN);
      columns.set(key, column);
    }
    column[rowOf ? (rowOf[index] as number) : index] = value;
  };
  let missing = 0;
  for (let index = 0; index < size; index += 1) {
    if (options.allowMissing && options.hasRecord && !options.hasRecord(index)) {
      missing += 1;
      continue;
    }
    let record: ArchRecord;
    try {
      record = options.recordAt(index);
    } catch (error) {
      if (options.allowMissing && error instanceof NotFoundError) {
        missing += 1;
        continue;
      }
      throw error;
    }
    for (const [hp, hpRecord] of record.hps) {
      const epochs = Number(hp);
      for (const [dataset, datasetSeeds] of hpRecord.datasetSeeds) {
        const runs = datasetSeeds.map((seed) => hpRecord.runs.get(`${dataset}|${seed}`) as RunRecord);
        for (const run of runs) {
          if (run.epochs !== epochs) {
            throw new FileFormatError({
              functionName: options.functionName,
              argument: 'options.input',
              message: `${options.path}: architecture ${index}, hp ${hp}, ${dataset} seed ${run.seed} has ${run.epochs} epochs; the compact format expects hp ${hp} to mean ${epochs} epochs`,
            });
          }
        }
        const seedSet = seeds.get(`${hp}|${dataset}`) ?? new Set<number>();
        seeds.set(`${hp}|${dataset}`, seedSet);
        for (const seed of datasetSeeds) seedSet.add(seed);
        const final = epochs - 1;
        const sets = new Set<string>(['train']);
        for (const run of runs) for (const set of run.evalAccuracy.keys()) sets.add(set);
        for (const set of sets) {
          const series = runs.map((run) => (set === 'train' ? run.trainAccuracy : run.evalAccuracy.get(set)));
          series.forEach((values, position) => put(accuracyKey(hp, dataset, set, datasetSeeds[position] as number, final), index, values?.[final]));
          const firstEpoch = options.curves ? 0 : final;
          for (let epoch = firstEpoch; epoch <= final; epoch += 1) {
            const values = series.map((one) => one?.[epoch]);
            if (values.every((value) => value !== undefined && !Number.isNaN(value))) put(accuracyKey(hp, dataset, set, 'mean', epoch), index, meanOf(values as number[]));
          }
          const evaluationTimes = runs.map((run) => {
            const times = run.evalTimes.get(set);
            if (!times) return Number.NaN;
            const recorded = Array.from(times).filter((value) => !Number.isNaN(value));
            return recorded.length === 0 ? Number.NaN : meanOf(recorded);
          });
          if (set !== 'train') put(evaluationTimeKey(hp, dataset, set), index, meanOf(evaluationTimes));
        }
        const totals = runs.map((run) => {
          if (!run.trainTimes) return Number.NaN;
          let total = 0;
          for (const value of run.trainTimes) total += value;
          return total;
        });
        totals.forEach((total, position) => put(trainTimeKey(hp, dataset, datasetSeeds[position] as number), index, total));
        if (!totals.some((total) => Number.isNaN(total))) put(trainTimeKey(hp, dataset, 'mean'), index, meanOf(totals));
        const params = runs.map((run) => run.params);
        const flops = runs.map((run) => run.flops);
        if (params.every((value) => value !== undefined)) put(costKey('params', hp, dataset), index, meanOf(params as number[]));
        if (flops.every((value) => value !== undefined)) put(costKey('flops', hp, dataset), index, meanOf(flops as number[]));
        const latencies = runs.map((run) => (run.latency && run.latency.length > 0 ? meanOf(run.latency) : -1)).filter((value) => value > 0);
        if (latencies.length > 0) put(costKey('latency', hp, dataset), index, meanOf(latencies));
      }
    }
    options.onProgress?.(index + 1);
  }
  const named: NamedColumn[] = [...columns].map(([key, values]) => ({ name: key, keys: [key], values }));
  return {
    columns: named,
    seeds: new Map([...seeds].map(([key, set]) => [key, [...set].sort((a, b) => a - b)])),
    rows: sparse ? Uint32Array.from(present) : undefined,
    missing,
  };
}
