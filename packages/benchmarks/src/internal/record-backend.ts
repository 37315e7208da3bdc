import { NotFoundError, OutOfRangeError } from '@fewshot/core';
import type { ArchitectureIndex, BenchmarkSpace } from './architecture-index.js';
import type { BenchmarkBackend, CostAnswer, RawSet, ValueAnswer, ValueRequest } from './benchmark-backend.js';
import type { ArchRecord, HpRecord, RunRecord } from './nats-records.js';
import type { LatencyTable } from './latency-table.js';
import type { NasBench201Dataset, NasBench201SourceKind } from '../nb201/nb201-types.js';

/** A backend over per-architecture pickle records (loaded eagerly or on demand). */
export function createRecordBackend(options: {
  space: BenchmarkSpace;
  source: NasBench201SourceKind;
  path: string;
  hps: readonly string[];
  architectures: ArchitectureIndex;
  load: (index: number, functionName: string) => ArchRecord;
  has: (index: number) => boolean;
  latencyTable?: LatencyTable | undefined;
}): BenchmarkBackend {
  const { load, architectures } = options;

  const runsOf = (functionName: string, index: number, hp: string, dataset: NasBench201Dataset, seed: number | undefined) => {
    const record = load(index, functionName);
    const hpRecord: HpRecord | undefined = record.hps.get(hp);
    if (!hpRecord) {
      throw new NotFoundError({ functionName, argument: 'options.hp', message: `architecture ${index} has no results for hp ${hp} (it has ${[...record.hps.keys()].join(', ')})` });
    }
    const seeds = hpRecord.datasetSeeds.get(dataset);
    if (!seeds || seeds.length === 0) {
      throw new NotFoundError({
        functionName,
        argument: 'options.dataset',
        message: `architecture ${index} has no ${dataset} results for hp ${hp} (it has ${[...hpRecord.datasetSeeds.keys()].join(', ') || 'none'})`,
      });
    }
    if (seed !== undefined && !seeds.includes(seed)) {
      throw new NotFoundError({
        functionName,
        argument: 'options.seed',
        message: `seed ${seed} is not recorded for ${dataset} at hp ${hp} (architecture ${index} has seeds ${seeds.join(', ')})`,
      });
    }
    const chosen = seed === undefined ? seeds : [seed];
    return { seeds: chosen, runs: chosen.map((one) => hpRecord.runs.get(`${dataset}|${one}`) as RunRecord) };
  };

  const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

  const timeOf = (runs: readonly RunRecord[], epoch: number): number | undefined => {
    if (!runs.every((run) => run.trainTimes !== undefined)) return undefined;
    const totals = runs.map((run) => {
      let total = 0;
      for (let at = 0; at <= epoch; at += 1) total += (run.trainTimes as Float64Array)[at] as number;
      return total;
    });
    return totals.some((total) => Number.isNaN(total)) ? undefined : mean(totals);
  };

  return {
    space: options.space,
    source: options.source,
    path: options.path,
    hps: options.hps,
    architectures,
    devices: options.latencyTable?.devices ?? [],
    value(request: ValueRequest): ValueAnswer {
      const { functionName, index, hp, dataset, set } = request;
      const { seeds, runs } = runsOf(functionName, index, hp, dataset, request.seed);
      const epochs = Math.min(...runs.map((run) => run.epochs));
      const epoch = request.epoch ?? epochs - 1;
      if (epoch < 0 || epoch >= epochs) {
        throw new OutOfRangeError({ functionName, argument: 'options.epoch', message: `expected an epoch in 0..${epochs - 1} for hp ${hp}, got ${epoch}` });
      }
      const values = runs.map((run) => (set === 'train' ? run.trainAccuracy[epoch] : run.evalAccuracy.get(set)?.[epoch]));
      if (values.some((value) => value === undefined || Number.isNaN(value))) {
        const sets = [...new Set(runs.flatMap((run) => [...run.evalAccuracy.keys()]))].join(', ');
        throw new NotFoundError({
          functionName,
          argument: 'options.split',
          message: `architecture ${index} has no ${set} accuracy for ${dataset} at epoch ${epoch} (hp ${hp}); its evaluation sets are ${sets}` +
            (set === 'train' ? '' : ' (NATS records some sets only at the last epoch)'),
        });
      }
      const trainingTime = timeOf(runs, epoch);
      return { accuracy: mean(values as number[]), seeds, epoch, trainingTime };
    },
    costInfo({ functionName, index, hp, dataset }): CostAnswer {
      const { seeds, runs } = runsOf(functionName, index, hp, dataset, undefined);
      const defined = (values: (number | undefined)[]) => (values.every((value) => value !== undefined) ? mean(values as number[]) : undefined);
      const latencies = runs
        .map((run) => (run.latency && run.latency.length > 0 ? mean(run.latency) : -1))
        .filter((value) => value > 0);
      const totals = runs.map((run) => {
        if (!run.trainTimes) return undefined;
        let total = 0;
        for (const value of run.trainTimes) total += value;
        return Number.isNaN(total) ? undefined : total;
      });
      const meanTotal = defined(totals);
      const epochs = Math.min(...runs.map((run) => run.epochs));
      return {
        params: defined(runs.map((run) => run.params)),
        flops: defined(runs.map((run) => run.flops)),
        latency: latencies.length > 0 ? mean(latencies) : undefined,
        trainingTimePerEpoch: meanTotal === undefined ? undefined : meanTotal / epochs,
        seeds,
      };
    },
    trainingTime({ functionName, index, hp, dataset, epoch }) {
      const { runs } = runsOf(functionName, index, hp, dataset, undefined);
      const epochs = Math.min(...runs.map((run) => run.epochs));
      const reached = epoch ?? epochs - 1;
      if (reached < 0 || reached >= epochs) {
        throw new OutOfRangeError({ functionName, argument: 'options.epoch', message: `expected an epoch in 0..${epochs - 1} for hp ${hp}, got ${reached}` });
      }
      return timeOf(runs, reached);
    },
    evaluationTimePerEpoch({ index, hp, dataset, set }: { index: number; hp: string; dataset: NasBench201Dataset; set: RawSet }) {
      try {
        const { runs } = runsOf('evaluationTimePerEpoch', index, hp, dataset, undefined);
        const perEpoch = runs.map((run) => {
          const series = run.evalTimes.get(set);
          if (!series) return Number.NaN;
          let total = 0;
          let count = 0;
          for (const value of series) {
            if (!Number.isNaN(value)) {
              total += value;
              count += 1;
            }
          }
          return count === 0 ? Number.NaN : total / count;
        });
        const value = mean(perEpoch);
        return Number.isNaN(value) ? undefined : value;
      } catch {
        return undefined;
      }
    },
    deviceLatency({ functionName, index, device }) {
      if (!options.latencyTable) {
        throw new NotFoundError({ functionName, argument: 'options.device', message: 'no latency table is attached to this benchmark (pass latencyPath when loading)' });
      }
      return options.latencyTable.latency(functionName, index, device);
    },
    recordAt(index: number, functionName: string) {
      return load(index, functionName);
    },
    hasRecord: options.has,
  };
}
