import { FewshotError, InvalidArgumentError, NotFoundError, OutOfRangeError } from '@fewshot/core';
import type { ArchitectureIndex } from './architecture-index.js';
import type { BenchmarkBackend } from './benchmark-backend.js';
import { checkOptions, describe } from './check-values.js';
import { checkDataset, checkSplit, resolveChecked } from '../nb201/resolve-split.js';
import type {
  NasBench201Benchmark,
  NasBench201ColumnOptions,
  NasBench201CostInfo,
  NasBench201CostInfoOptions,
  NasBench201DeviceLatencyOptions,
  NasBench201QueryOptions,
  NasBench201Result,
} from '../nb201/nb201-types.js';

const backends = new WeakMap<NasBench201Benchmark, BenchmarkBackend>();

/** The backend of a benchmark created by {@link createBenchmark}. */
export function backendOf(functionName: string, argument: string, benchmark: unknown): BenchmarkBackend {
  const backend = typeof benchmark === 'object' && benchmark !== null ? backends.get(benchmark as NasBench201Benchmark) : undefined;
  if (!backend) {
    throw new InvalidArgumentError({
      functionName,
      argument,
      message: `expected a benchmark returned by a @fewshot/benchmarks loader (loadNasBench201Csv, openNasBench201, ...), got ${describe(benchmark)}`,
    });
  }
  return backend;
}

/** Resolves an hp argument against the hp keys of a benchmark. */
export function resolveHp(functionName: string, argument: string, value: unknown, backend: BenchmarkBackend): string {
  if (value === undefined) {
    const preferred = backend.space === 'topology' ? '200' : '90';
    return backend.hps.includes(preferred) ? preferred : (backend.hps[backend.hps.length - 1] as string);
  }
  if (typeof value === 'string' && backend.hps.includes(value)) return value;
  if ((typeof value === 'number' && Number.isInteger(value)) || (typeof value === 'string' && /^\d+$/.test(value))) {
    const found = backend.hps.find((hp) => Number(hp) === Number(value));
    if (found !== undefined) return found;
  }
  throw new InvalidArgumentError({ functionName, argument, message: `unknown hp ${describe(value)}; this benchmark holds ${backend.hps.join(', ')}` });
}

function checkOptionalInteger(functionName: string, argument: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new InvalidArgumentError({ functionName, argument, message: `expected an integer, got ${describe(value)}` });
  }
  return value;
}

/** Resolves `index` / `architecture` of an options object to an index. */
export function resolveIndex(
  functionName: string,
  options: Record<string, unknown>,
  backend: { readonly architectures: ArchitectureIndex },
): number {
  const hasIndex = options['index'] !== undefined;
  const hasArchitecture = options['architecture'] !== undefined;
  if (hasIndex === hasArchitecture) {
    throw new InvalidArgumentError({
      functionName,
      argument: hasIndex ? 'options.architecture' : 'options.index',
      message: hasIndex ? 'pass either index or architecture, not both' : 'expected an index or an architecture',
    });
  }
  if (hasIndex) return backend.architectures.checkIndex(functionName, 'options.index', options['index']);
  return backend.architectures.indexOf(functionName, 'options.architecture', options['architecture']);
}

/*
 * The methods are module-level functions (shared by every benchmark object, so V8's
 * type feedback survives across loads); each object only holds thin closures.
 */

function queryWith(backend: BenchmarkBackend, options: NasBench201QueryOptions): NasBench201Result {
  const functionName = 'NasBench201Benchmark.query';
  const checked = checkOptions(functionName, options);
  const index = resolveIndex(functionName, checked, backend);
  const resolved = resolveChecked(
    checkDataset(functionName, 'options.dataset', checked['dataset']),
    checkSplit(functionName, 'options.split', checked['split']),
  );
  const hp = resolveHp(functionName, 'options.hp', checked['hp'], backend);
  const answer = backend.value({
    functionName,
    index,
    hp,
    dataset: resolved.dataset,
    set: resolved.split,
    epoch: checkOptionalInteger(functionName, 'options.epoch', checked['epoch']),
    seed: checkOptionalInteger(functionName, 'options.seed', checked['seed']),
  });
  return {
    index,
    architecture: backend.architectures.stringAt(index),
    dataset: resolved.dataset,
    split: resolved.split,
    hp,
    epoch: answer.epoch,
    accuracy: answer.accuracy,
    seeds: answer.seeds,
    trainingTime: answer.trainingTime,
  };
}

function costInfoWith(backend: BenchmarkBackend, options: NasBench201CostInfoOptions): NasBench201CostInfo {
  const functionName = 'NasBench201Benchmark.costInfo';
  const checked = checkOptions(functionName, options);
  const index = resolveIndex(functionName, checked, backend);
  const dataset = checkDataset(functionName, 'options.dataset', checked['dataset']);
  const hp = resolveHp(functionName, 'options.hp', checked['hp'], backend);
  return { index, ...backend.costInfo({ functionName, index, hp, dataset }) };
}

function accuraciesWith(backend: BenchmarkBackend, options: NasBench201ColumnOptions): Float64Array {
  const functionName = 'NasBench201Benchmark.accuracies';
  const checked = checkOptions(functionName, options);
  const resolved = resolveChecked(
    checkDataset(functionName, 'options.dataset', checked['dataset']),
    checkSplit(functionName, 'options.split', checked['split']),
  );
  const request = {
    functionName,
    hp: resolveHp(functionName, 'options.hp', checked['hp'], backend),
    dataset: resolved.dataset,
    set: resolved.split,
    epoch: checkOptionalInteger(functionName, 'options.epoch', checked['epoch']),
    seed: checkOptionalInteger(functionName, 'options.seed', checked['seed']),
  };
  const direct = backend.column?.(request);
  if (direct) return direct;
  const result = new Float64Array(backend.architectures.size);
  let found = 0;
  let firstError: unknown;
  for (let index = 0; index < result.length; index += 1) {
    if (backend.hasRecord && !backend.hasRecord(index)) {
      result[index] = Number.NaN;
      continue;
    }
    try {
      result[index] = backend.value({ ...request, index }).accuracy;
      found += 1;
    } catch (error) {
      if (!(error instanceof NotFoundError) || error instanceof OutOfRangeError) throw error;
      firstError ??= error;
      result[index] = Number.NaN;
    }
  }
  if (found === 0 && firstError) throw firstError as FewshotError;
  return result;
}

function deviceLatencyWith(backend: BenchmarkBackend, options: NasBench201DeviceLatencyOptions): number {
  const functionName = 'NasBench201Benchmark.deviceLatency';
  const checked = checkOptions(functionName, options);
  const index = resolveIndex(functionName, checked, backend);
  if (typeof checked['device'] !== 'string') {
    throw new InvalidArgumentError({ functionName, argument: 'options.device', message: `expected a device name, got ${describe(checked['device'])}` });
  }
  return backend.deviceLatency({ functionName, index, device: checked['device'] });
}

/** Builds the public benchmark object over a backend. */
export function createBenchmark<Extra extends object = Record<never, never>>(
  backend: BenchmarkBackend,
  extra?: Extra,
): NasBench201Benchmark & Extra {
  const { architectures } = backend;
  const benchmark: NasBench201Benchmark = {
    space: backend.space,
    source: backend.source,
    path: backend.path,
    size: architectures.size,
    hps: backend.hps,
    devices: backend.devices,
    architectureString: (index: number) => architectures.stringAt(architectures.checkIndex('NasBench201Benchmark.architectureString', 'index', index)),
    architectureAt: (index: number) => architectures.vectorAt(architectures.checkIndex('NasBench201Benchmark.architectureAt', 'index', index)),
    indexOf: (architecture) => architectures.indexOf('NasBench201Benchmark.indexOf', 'architecture', architecture),
    query: (options) => queryWith(backend, options),
    costInfo: (options) => costInfoWith(backend, options),
    accuracies: (options) => accuraciesWith(backend, options),
    deviceLatency: (options) => deviceLatencyWith(backend, options),
  };
  const result = Object.assign(benchmark, extra) as NasBench201Benchmark & Extra;
  backends.set(result, backend);
  return Object.freeze(result);
}
