import { CancelledError, FewshotError, InvalidArgumentError, type Architecture, type EvaluateOptions, type Evaluation, type Evaluator, type Rng } from '@fewshot/core';
import { checkOptions, describe } from '../internal/check-values.js';
import { backendOf, resolveHp } from '../internal/create-benchmark.js';
import { canonicalNasBench201Architecture } from '../internal/search-space-adapter.js';
import type { NasBench201CostModel } from './cost-model.js';
import { checkDataset, checkSplit, resolveChecked } from './resolve-split.js';
import type { NasBench201Benchmark, NasBench201Dataset, NasBench201Hp, NasBench201Split } from './nb201-types.js';

/**
 * Options of {@link createNasBench201Evaluator}.
 *
 * @example
 * ```ts
 * const options: CreateNasBench201EvaluatorOptions = { benchmark, dataset: 'cifar10', split: 'valid', hp: 200 };
 * ```
 */
export interface CreateNasBench201EvaluatorOptions {
  /** Any benchmark of this package (CSV, compact, NATS, `.pth`). */
  readonly benchmark: NasBench201Benchmark;
  /** The dataset whose results answer, e.g. `cifar10-valid` (see {@link NasBench201Dataset}). */
  readonly dataset: NasBench201Dataset;
  /** The split whose accuracy is the reward (`valid` for search, `test` for reporting). */
  readonly split: NasBench201Split;
  /** Training schedule when `evaluate` gets no `fidelity`; default 200 (topology) or 90 (size). */
  readonly hp?: NasBench201Hp;
  /** 0-based epoch; default the last one of the schedule. */
  readonly epoch?: number;
  /** One fixed training seed; default the mean over seeds. */
  readonly seed?: number;
  /** Draw one of the recorded seeds per evaluation (NATS `is_random=True`); needs per-seed results. */
  readonly rng?: Rng;
  /**
   * `own` (default): each architecture answers its own row (the benchmark's truth);
   * `canonical`: every member of an isomorphism class answers the row of the class's
   * canonical architecture, so equivalent cells always score the same.
   */
  readonly isomorphism?: 'own' | 'canonical';
  /** How to compute `cost`; default the benchmark's recorded training time when it has one. */
  readonly costModel?: NasBench201CostModel;
  /** Report `metrics.latencyMs` on this device of the attached latency table (e.g. `pixel3`). */
  readonly latencyDevice?: string;
  /** A latency constraint in milliseconds on `latencyDevice`: violators get `metrics.feasible = 0`. */
  readonly maxLatencyMs?: number;
  /** The accuracy given to architectures that violate `maxLatencyMs` (default: their true accuracy). */
  readonly infeasibleAccuracy?: number;
  /** Name for reports; default `nas-bench-201 <dataset> <split> hp<hp>`. */
  readonly name?: string;
}

/**
 * A benchmark as an `Evaluator` (the `@fewshot/core` contract): `accuracy` is
 * the benchmark's accuracy in percent, `cost` the recorded training seconds at
 * that fidelity (or what `costModel` says), `metrics` holds `index`, `params` and
 * `flops` (millions), `latency` (seconds, the benchmark's own) and `latencyMs` /
 * `feasible` when a latency device is set. `fidelity` in `evaluate` selects the
 * schedule (hp 12 or 200; 1, 12, 90 in the size space).
 *
 * @example
 * ```ts
 * import { createNasBench201Evaluator, loadNasBench201Csv } from '@fewshot/benchmarks';
 * const benchmark = await loadNasBench201Csv({ path: 'nb201.csv' });
 * const evaluator = createNasBench201Evaluator({ benchmark, dataset: 'cifar10', split: 'test' });
 * const [best] = await evaluator.evaluate({ architectures: [[3, 3, 3, 1, 3, 2]] });
 * best.accuracy; // 94.3733
 * ```
 */
export function createNasBench201Evaluator(options: CreateNasBench201EvaluatorOptions): Evaluator {
  const functionName = 'createNasBench201Evaluator';
  const checked = checkOptions(functionName, options);
  const benchmark = checked['benchmark'] as NasBench201Benchmark;
  const backend = backendOf(functionName, 'options.benchmark', benchmark);
  const dataset = checkDataset(functionName, 'options.dataset', checked['dataset']);
  const split = checkSplit(functionName, 'options.split', checked['split']);
  const resolved = resolveChecked(dataset, split);
  const defaultHp = resolveHp(functionName, 'options.hp', checked['hp'], backend);
  const epoch = optionalInteger(functionName, 'options.epoch', checked['epoch']);
  const seed = optionalInteger(functionName, 'options.seed', checked['seed']);
  const rng = checked['rng'] as Rng | undefined;
  if (rng !== undefined && (typeof rng !== 'object' || rng === null || typeof (rng as Rng).integer !== 'function')) {
    throw new InvalidArgumentError({ functionName, argument: 'options.rng', message: `expected an Rng from createRng, got ${describe(rng)}` });
  }
  if (rng !== undefined && seed !== undefined) {
    throw new InvalidArgumentError({ functionName, argument: 'options.rng', message: 'pass either seed or rng, not both' });
  }
  const isomorphism = checked['isomorphism'] ?? 'own';
  if (isomorphism !== 'own' && isomorphism !== 'canonical') {
    throw new InvalidArgumentError({ functionName, argument: 'options.isomorphism', message: `expected 'own' or 'canonical', got ${describe(isomorphism)}` });
  }
  if (isomorphism === 'canonical' && backend.space !== 'topology') {
    throw new InvalidArgumentError({ functionName, argument: 'options.isomorphism', message: 'isomorphism classes exist only in the topology space' });
  }
  const costModel = checked['costModel'] as NasBench201CostModel | undefined;
  if (costModel !== undefined && (typeof costModel !== 'object' || costModel === null || typeof costModel.cost !== 'function')) {
    throw new InvalidArgumentError({ functionName, argument: 'options.costModel', message: `expected a cost model from createNasBench201CostModel, got ${describe(costModel)}` });
  }
  const latencyDevice = checked['latencyDevice'];
  if (latencyDevice !== undefined && (typeof latencyDevice !== 'string' || !backend.devices.includes(latencyDevice))) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.latencyDevice',
      message: backend.devices.length === 0
        ? 'the benchmark has no latency table (load it with latencyPath)'
        : `unknown device ${describe(latencyDevice)}; expected one of ${backend.devices.join(', ')}`,
    });
  }
  const maxLatencyMs = checked['maxLatencyMs'];
  if (maxLatencyMs !== undefined && (typeof maxLatencyMs !== 'number' || !(maxLatencyMs > 0) || latencyDevice === undefined)) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.maxLatencyMs',
      message: latencyDevice === undefined ? 'a latency constraint needs latencyDevice' : `expected a positive number of milliseconds, got ${describe(maxLatencyMs)}`,
    });
  }
  const infeasibleAccuracy = checked['infeasibleAccuracy'];
  if (infeasibleAccuracy !== undefined && (typeof infeasibleAccuracy !== 'number' || !Number.isFinite(infeasibleAccuracy))) {
    throw new InvalidArgumentError({ functionName, argument: 'options.infeasibleAccuracy', message: `expected a number, got ${describe(infeasibleAccuracy)}` });
  }
  const name = typeof checked['name'] === 'string' ? checked['name'] : `nas-bench-201 ${dataset} ${split} hp${defaultHp}`;

  const evaluateOne = (architecture: unknown, position: number, hp: string): Evaluation => {
    const caller = `${name}.evaluate`;
    const argument = `options.architectures[${position}]`;
    let index: number;
    try {
      index = backend.architectures.indexOf(caller, argument, architecture);
      if (isomorphism === 'canonical') {
        index = backend.architectures.indexOf(caller, argument, canonicalNasBench201Architecture(backend.architectures.vectorAt(index)));
      }
    } catch (error) {
      if (FewshotError.isInstance(error)) throw error;
      throw new InvalidArgumentError({ functionName: caller, argument, message: `not an architecture of this benchmark: ${describe(architecture)}`, cause: error });
    }
    let chosenSeed = seed;
    if (rng !== undefined) {
      const seeds = backend.costInfo({ functionName: caller, index, hp, dataset: resolved.dataset }).seeds;
      if (seeds.length === 0) {
        throw new InvalidArgumentError({ functionName, argument: 'options.rng', message: `${backend.path} holds no per-seed results to draw from (only means)` });
      }
      chosenSeed = seeds[rng.integer(seeds.length)];
    }
    const answer = backend.value({ functionName: caller, index, hp, dataset: resolved.dataset, set: resolved.split, epoch, seed: chosenSeed });
    const info = backend.costInfo({ functionName: caller, index, hp, dataset: resolved.dataset });
    const metrics: Record<string, number> = { index };
    if (info.params !== undefined) metrics['params'] = info.params;
    if (info.flops !== undefined) metrics['flops'] = info.flops;
    if (info.latency !== undefined) metrics['latency'] = info.latency;
    if (chosenSeed !== undefined) metrics['seed'] = chosenSeed;
    let accuracy = answer.accuracy;
    if (typeof latencyDevice === 'string') {
      const latencyMs = backend.deviceLatency({ functionName: caller, index, device: latencyDevice });
      metrics['latencyMs'] = latencyMs;
      if (typeof maxLatencyMs === 'number') {
        const feasible = latencyMs <= maxLatencyMs;
        metrics['feasible'] = feasible ? 1 : 0;
        if (!feasible && typeof infeasibleAccuracy === 'number') accuracy = infeasibleAccuracy;
      }
    }
    const cost = costModel ? costModel.cost({ index, hp, ...(epoch === undefined ? {} : { epoch }) }) : answer.trainingTime;
    const vector: Architecture = Array.isArray(architecture) ? (architecture as Architecture) : backend.architectures.vectorAt(index);
    return cost === undefined ? { architecture: vector, accuracy, metrics } : { architecture: vector, accuracy, cost, metrics };
  };

  return Object.freeze({
    name,
    async evaluate(evaluateOptions: EvaluateOptions): Promise<readonly Evaluation[]> {
      const caller = `${name}.evaluate`;
      const evaluateChecked = checkOptions(caller, evaluateOptions);
      const architectures = evaluateChecked['architectures'];
      if (!Array.isArray(architectures)) {
        throw new InvalidArgumentError({ functionName: caller, argument: 'options.architectures', message: `expected an array of architectures, got ${describe(architectures)}` });
      }
      const signal = evaluateChecked['signal'] as AbortSignal | undefined;
      const fidelity = evaluateChecked['fidelity'];
      const hp = fidelity === undefined ? defaultHp : resolveHp(caller, 'options.fidelity', fidelity, backend);
      const results: Evaluation[] = [];
      for (let position = 0; position < architectures.length; position += 1) {
        if (signal?.aborted) {
          throw new CancelledError({ functionName: caller, argument: 'options.signal', message: `cancelled after ${position} of ${architectures.length} evaluations` });
        }
        results.push(evaluateOne(architectures[position], position, hp));
      }
      return results;
    },
  });
}

function optionalInteger(functionName: string, argument: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new InvalidArgumentError({ functionName, argument, message: `expected an integer, got ${describe(value)}` });
  }
  return value;
}
