import { FileFormatError } from '@fewshot/core';
import { describe } from './check-values.js';

/** One training run (dataset, seed) of one architecture under one hp, normalised from `ResultsCount.__dict__`. */
export interface RunRecord {
  readonly dataset: string;
  readonly seed: number;
  readonly epochs: number;
  /** Train accuracy per epoch (NaN where missing). */
  readonly trainAccuracy: Float64Array;
  /** Train seconds per epoch, or undefined when not recorded. */
  readonly trainTimes: Float64Array | undefined;
  /** Accuracy per evaluation set per epoch (NaN where missing). */
  readonly evalAccuracy: ReadonlyMap<string, Float64Array>;
  /** Evaluation seconds per set per epoch (NaN where missing). */
  readonly evalTimes: ReadonlyMap<string, Float64Array>;
  readonly params: number | undefined;
  readonly flops: number | undefined;
  /** The latency list in seconds (undefined for None). */
  readonly latency: readonly number[] | undefined;
}

/** One hp of one architecture, normalised from `ArchResults.__dict__`. */
export interface HpRecord {
  readonly datasetSeeds: ReadonlyMap<string, readonly number[]>;
  /** Keyed by `${dataset}|${seed}`. */
  readonly runs: ReadonlyMap<string, RunRecord>;
}

/** Every hp of one architecture. */
export interface ArchRecord {
  readonly index: number;
  readonly architecture: string;
  /** Keyed by hp (`'12'`, `'200'`, or `'01'`, `'12'`, `'90'`). */
  readonly hps: ReadonlyMap<string, HpRecord>;
}

/** Context for error messages: who reads which file. */
export interface NormaliseContext {
  readonly functionName: string;
  readonly argument: string;
  readonly path: string;
}

function fail(context: NormaliseContext, where: string, message: string): never {
  throw new FileFormatError({
    functionName: context.functionName,
    argument: context.argument,
    message: `${context.path}: ${where}: ${message}`,
  });
}

/** Reads a key of a pickled dict (a Map). */
export function field(context: NormaliseContext, where: string, value: unknown, key: string): unknown {
  if (!(value instanceof Map)) fail(context, where, `expected a dict, got ${describeValue(value)}`);
  if (!value.has(key)) fail(context, where, `missing key ${JSON.stringify(key)}`);
  return value.get(key);
}

function optionalField(value: Map<unknown, unknown>, key: string): unknown {
  return value.get(key);
}

function toNumber(context: NormaliseContext, where: string, value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return fail(context, where, `expected a number, got ${describeValue(value)}`);
}

/** A short description of a pickled value. */
export function describeValue(value: unknown): string {
  if (value instanceof Map) return `a dict with ${value.size} keys`;
  if (value instanceof Set) return `a set of ${value.size}`;
  if (value !== null && typeof value === 'object' && 'pythonClass' in value) return `a Python ${(value as { pythonClass: string }).pythonClass}`;
  if (value !== null && typeof value === 'object' && '__module__' in value) {
    const object = value as { __module__: string; __name__: string };
    return `a Python ${object.__module__}.${object.__name__}`;
  }
  return describe(value);
}

function epochSeries(context: NormaliseContext, where: string, value: unknown, epochs: number): Float64Array {
  const series = new Float64Array(epochs).fill(Number.NaN);
  if (value instanceof Map) {
    for (const [key, entry] of value) {
      const epoch = toNumber(context, `${where} key`, key);
      if (Number.isInteger(epoch) && epoch >= 0 && epoch < epochs) series[epoch] = toNumber(context, `${where}[${epoch}]`, entry);
    }
    return series;
  }
  if (Array.isArray(value)) {
    value.forEach((entry, epoch) => {
      if (epoch < epochs) series[epoch] = toNumber(context, `${where}[${epoch}]`, entry);
    });
    return series;
  }
  return fail(context, where, `expected a dict or list of per-epoch values, got ${describeValue(value)}`);
}

function evalSeries(context: NormaliseContext, where: string, value: unknown, epochs: number): Map<string, Float64Array> {
  const result = new Map<string, Float64Array>();
  if (value === null || value === undefined) return result;
  if (!(value instanceof Map)) fail(context, where, `expected a dict "<set>@<epoch>" -> value, got ${describeValue(value)}`);
  for (const [key, entry] of value) {
    if (typeof key !== 'string') fail(context, where, `expected string keys "<set>@<epoch>", got ${describeValue(key)}`);
    const at = key.lastIndexOf('@');
    const epoch = Number(key.slice(at + 1));
    if (at <= 0 || !Number.isInteger(epoch) || epoch < 0) fail(context, where, `expected keys "<set>@<epoch>", got ${JSON.stringify(key)}`);
    if (epoch >= epochs) continue;
    const set = key.slice(0, at);
    let series = result.get(set);
    if (!series) {
      series = new Float64Array(epochs).fill(Number.NaN);
      result.set(set, series);
    }
    series[epoch] = toNumber(context, `${where}[${JSON.stringify(key)}]`, entry);
  }
  return result;
}

/** Normalises one `ResultsCount.__dict__`. */
export function normaliseRun(context: NormaliseContext, where: string, value: unknown, dataset: string, seed: number): RunRecord {
  if (!(value instanceof Map)) fail(context, where, `expected a dict (ResultsCount state), got ${describeValue(value)}`);
  const epochs = toNumber(context, `${where}.epochs`, field(context, where, value, 'epochs'));
  if (!Number.isInteger(epochs) || epochs < 1 || epochs > 100_000) fail(context, `${where}.epochs`, `expected a positive integer, got ${epochs}`);
  const trainTimesValue = optionalField(value, 'train_times');
  const evalTimesValue = optionalField(value, 'eval_times');
  const latencyValue = optionalField(value, 'latency');
  const paramsValue = optionalField(value, 'params');
  const flopsValue = optionalField(value, 'flop');
  let latency: number[] | undefined;
  if (Array.isArray(latencyValue)) latency = latencyValue.map((entry, position) => toNumber(context, `${where}.latency[${position}]`, entry));
  else if (latencyValue !== null && latencyValue !== undefined) fail(context, `${where}.latency`, `expected a list or None, got ${describeValue(latencyValue)}`);
  return {
    dataset,
    seed,
    epochs,
    trainAccuracy: epochSeries(context, `${where}.train_acc1es`, field(context, where, value, 'train_acc1es'), epochs),
    trainTimes: trainTimesValue === null || trainTimesValue === undefined ? undefined : epochSeries(context, `${where}.train_times`, trainTimesValue, epochs),
    evalAccuracy: evalSeries(context, `${where}.eval_acc1es`, field(context, where, value, 'eval_acc1es'), epochs),
    evalTimes: evalSeries(context, `${where}.eval_times`, evalTimesValue, epochs),
    params: paramsValue === null || paramsValue === undefined ? undefined : toNumber(context, `${where}.params`, paramsValue),
    flops: flopsValue === null || flopsValue === undefined ? undefined : toNumber(context, `${where}.flop`, flopsValue),
    latency,
  };
}

/** Normalises one `ArchResults.__dict__` (one hp of one architecture). */
export function normaliseHp(context: NormaliseContext, where: string, value: unknown): HpRecord {
  const allResults = field(context, where, value, 'all_results');
  const datasetSeedValue = field(context, where, value, 'dataset_seed');
  if (!(allResults instanceof Map)) fail(context, `${where}.all_results`, `expected a dict, got ${describeValue(allResults)}`);
  if (!(datasetSeedValue instanceof Map)) fail(context, `${where}.dataset_seed`, `expected a dict, got ${describeValue(datasetSeedValue)}`);
  const datasetSeeds = new Map<string, number[]>();
  for (const [dataset, seeds] of datasetSeedValue) {
    if (typeof dataset !== 'string' || !Array.isArray(seeds)) fail(context, `${where}.dataset_seed`, `expected str -> list of seeds, got ${describeValue(dataset)} -> ${describeValue(seeds)}`);
    datasetSeeds.set(dataset, seeds.map((seed, position) => toNumber(context, `${where}.dataset_seed[${JSON.stringify(dataset)}][${position}]`, seed)));
  }
  const runs = new Map<string, RunRecord>();
  for (const [key, run] of allResults) {
    if (!Array.isArray(key) || key.length !== 2 || typeof key[0] !== 'string') {
      fail(context, `${where}.all_results`, `expected keys (dataset, seed), got ${describeValue(key)}`);
    }
    const dataset = key[0] as string;
    const seed = toNumber(context, `${where}.all_results key`, key[1]);
    runs.set(`${dataset}|${seed}`, normaliseRun(context, `${where}.all_results[('${dataset}', ${seed})]`, run, dataset, seed));
  }
  for (const [dataset, seeds] of datasetSeeds) {
    for (const seed of seeds) {
      if (!runs.has(`${dataset}|${seed}`)) fail(context, `${where}.dataset_seed`, `lists seed ${seed} for ${dataset} but all_results has no ('${dataset}', ${seed})`);
    }
  }
  return { datasetSeeds, runs };
}

/** Reads the arch string of one hp state (`arch_str`), if present. */
export function architectureStringOf(value: unknown): string | undefined {
  if (value instanceof Map && typeof value.get('arch_str') === 'string') return value.get('arch_str') as string;
  return undefined;
}

/**
 * Normalises the per-architecture dict `{hp: ArchResults state}`; `hpNames` maps
 * stored keys to hp keys (`less` -> `12`, `full` -> `200` for the NB201 `.pth`).
 */
export function normaliseArchitecture(
  context: NormaliseContext,
  where: string,
  value: unknown,
  index: number,
  architecture: string,
  hpNames: ReadonlyMap<string, string> = new Map(),
): ArchRecord {
  if (!(value instanceof Map)) fail(context, where, `expected a dict {hp: results}, got ${describeValue(value)}`);
  const hps = new Map<string, HpRecord>();
  for (const [key, state] of value) {
    if (typeof key !== 'string') fail(context, where, `expected string hp keys, got ${describeValue(key)}`);
    const hp = hpNames.get(key) ?? key;
    const storedString = architectureStringOf(state);
    if (storedString !== undefined && storedString !== architecture) {
      fail(context, `${where}[${JSON.stringify(key)}].arch_str`, `is ${JSON.stringify(storedString)} but the meta list has ${JSON.stringify(architecture)} at index ${index}`);
    }
    hps.set(hp, normaliseHp(context, `${where}[${JSON.stringify(key)}]`, state));
  }
  if (hps.size === 0) fail(context, where, 'holds no hp results');
  return { index, architecture, hps };
}
