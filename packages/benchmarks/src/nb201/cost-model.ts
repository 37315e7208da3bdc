import { InvalidArgumentError, NotFoundError, type Architecture } from '@fewshot/core';
import { checkOptions, describe } from '../internal/check-values.js';
import { backendOf, resolveHp, resolveIndex } from '../internal/create-benchmark.js';
import { checkDataset, checkSplit, resolveChecked } from './resolve-split.js';
import type { NasBench201Benchmark, NasBench201Dataset, NasBench201Hp, NasBench201Split } from './nb201-types.js';

/**
 * Options of {@link createNasBench201CostModel}.
 *
 * @example
 * ```ts
 * const options: CreateNasBench201CostModelOptions = { benchmark, dataset: 'cifar10', split: 'valid', includeEvaluation: true };
 * ```
 */
export interface CreateNasBench201CostModelOptions {
  /** The benchmark whose recorded times to use. */
  readonly benchmark: NasBench201Benchmark;
  /** The dataset trained on. */
  readonly dataset: NasBench201Dataset;
  /** The split evaluated (resolved as in queries, so `cifar10` / `valid` costs `cifar10-valid` training). Default `valid`. */
  readonly split?: NasBench201Split;
  /**
   * `seconds` (default): the benchmark's recorded training time (NATS `train-all-time`,
   * mean over seeds); `epochs`: the number of training epochs, for sources without
   * times such as the CSV table.
   */
  readonly unit?: 'seconds' | 'epochs';
  /** Add one epoch's evaluation time of the split, as NATS `simulate_train_eval` does (seconds only). Default false. */
  readonly includeEvaluation?: boolean;
}

/**
 * Options of {@link NasBench201CostModel.cost}.
 *
 * @example
 * ```ts
 * const options: NasBench201CostOptions = { architecture: [3, 3, 3, 1, 3, 2], hp: 12 };
 * ```
 */
export interface NasBench201CostOptions {
  /** Official index (or give `architecture`). */
  readonly index?: number;
  /** Architecture vector or string (or give `index`). */
  readonly architecture?: Architecture | string;
  /** Training schedule; default 200 (topology) or 90 (size space). */
  readonly hp?: NasBench201Hp;
  /** 0-based epoch reached; default the last one. */
  readonly epoch?: number;
}

/**
 * The simulated cost of training an architecture, for search strategies that
 * count time as the benchmark records it.
 *
 * @example
 * ```ts
 * const model: NasBench201CostModel = createNasBench201CostModel({ benchmark, dataset: 'cifar10' });
 * model.cost({ index: 11, hp: 200 }); // 2492.41 seconds (cifar10-valid, 200 epochs)
 * ```
 */
export interface NasBench201CostModel {
  /** `seconds` or `epochs`. */
  readonly unit: 'seconds' | 'epochs';
  /** The cost of training one architecture to the end of `epoch` of schedule `hp`. */
  cost(options: NasBench201CostOptions): number;
}

/**
 * Creates a cost model over a benchmark's recorded training times (or over epochs).
 * In `seconds`, the cost of reaching epoch `e` is the mean over seeds of the
 * recorded training seconds of epochs `0..e` (NATS `train-all-time`), plus one
 * epoch of evaluation of the split with `includeEvaluation`; a source without
 * recorded times (the CSV table) throws a `NotFoundError` — use `unit: 'epochs'`.
 *
 * @example
 * ```ts
 * import { createNasBench201CostModel, openNatsBenchSimple } from '@fewshot/benchmarks';
 * const benchmark = await openNatsBenchSimple({ path: 'NATS-tss-v1_0-3ffb9-simple' });
 * const model = createNasBench201CostModel({ benchmark, dataset: 'cifar10' });
 * model.cost({ index: 11, hp: 12 }); // 149.54 seconds
 * ```
 */
export function createNasBench201CostModel(options: CreateNasBench201CostModelOptions): NasBench201CostModel {
  const functionName = 'createNasBench201CostModel';
  const checked = checkOptions(functionName, options);
  const benchmark = checked['benchmark'] as NasBench201Benchmark;
  const backend = backendOf(functionName, 'options.benchmark', benchmark);
  const resolved = resolveChecked(
    checkDataset(functionName, 'options.dataset', checked['dataset']),
    checkSplit(functionName, 'options.split', checked['split'] ?? 'valid'),
  );
  const unit = checked['unit'] ?? 'seconds';
  if (unit !== 'seconds' && unit !== 'epochs') {
    throw new InvalidArgumentError({ functionName, argument: 'options.unit', message: `expected 'seconds' or 'epochs', got ${describe(unit)}` });
  }
  const includeEvaluation = checked['includeEvaluation'] ?? false;
  if (typeof includeEvaluation !== 'boolean') {
    throw new InvalidArgumentError({ functionName, argument: 'options.includeEvaluation', message: `expected true or false, got ${describe(includeEvaluation)}` });
  }
  return Object.freeze({
    unit,
    cost(costOptions: NasBench201CostOptions): number {
      const name = 'NasBench201CostModel.cost';
      const costChecked = checkOptions(name, costOptions);
      const index = resolveIndex(name, costChecked, backend);
      const hp = resolveHp(name, 'options.hp', costChecked['hp'], backend);
      const epoch = costChecked['epoch'];
      if (epoch !== undefined && (typeof epoch !== 'number' || !Number.isInteger(epoch))) {
        throw new InvalidArgumentError({ functionName: name, argument: 'options.epoch', message: `expected an integer, got ${describe(epoch)}` });
      }
      if (unit === 'epochs') {
        const epochs = Number(hp);
        const reached = (epoch ?? epochs - 1) + 1;
        if (reached < 1 || reached > epochs) {
          throw new InvalidArgumentError({ functionName: name, argument: 'options.epoch', message: `expected an epoch in 0..${epochs - 1}, got ${String(epoch)}` });
        }
        return reached;
      }
      const trainingTime = backend.trainingTime({ functionName: name, index, hp, dataset: resolved.dataset, epoch: epoch as number | undefined });
      if (trainingTime === undefined) {
        throw new NotFoundError({
          functionName: name,
          argument: 'options.benchmark',
          message: `${backend.source === 'csv' ? 'the CSV table' : backend.path} records no training times for ${resolved.dataset} at hp ${hp}; use unit 'epochs'`,
        });
      }
      if (!includeEvaluation) return trainingTime;
      const evaluation = backend.evaluationTimePerEpoch({ index, hp, dataset: resolved.dataset, set: resolved.split });
      if (evaluation === undefined) {
        throw new NotFoundError({
          functionName: name,
          argument: 'options.includeEvaluation',
          message: `no evaluation time is recorded for ${resolved.dataset}/${resolved.split} at hp ${hp} (architecture ${index})`,
        });
      }
      return trainingTime + evaluation;
    },
  });
}
