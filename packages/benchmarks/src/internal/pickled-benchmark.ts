import { FileFormatError, NotFoundError } from '@fewshot/core';
import { ArchitectureIndex } from './architecture-index.js';
import { createRecordBackend } from './record-backend.js';
import { LruCache } from './lru-cache.js';
import { hpsOf, readMetaArchitectures } from './nats-meta.js';
import { describeValue, field, normaliseArchitecture, type ArchRecord, type NormaliseContext } from './nats-records.js';
import type { LatencyTable } from './latency-table.js';
import type { BenchmarkBackend } from './benchmark-backend.js';
import type { NasBench201SourceKind } from '../nb201/nb201-types.js';

/**
 * A backend over a whole unpickled benchmark object `{meta_archs, arch2infos, evaluated_indexes}`
 * (NATS single-file archive or NB201 `.pth`); records are normalised on demand.
 */
export function createPickledBackend(options: {
  context: NormaliseContext;
  source: NasBench201SourceKind;
  path: string;
  object: unknown;
  hpNames?: ReadonlyMap<string, string>;
  latency?: (architectures: ArchitectureIndex) => LatencyTable | undefined;
}): BenchmarkBackend {
  const { context, object } = options;
  const { strings, space } = readMetaArchitectures(context, 'object', object);
  const infos = field(context, 'object', object, 'arch2infos');
  if (!(infos instanceof Map)) {
    throw new FileFormatError({
      functionName: context.functionName,
      argument: context.argument,
      message: `${context.path}: object.arch2infos: expected a dict {index: results}, got ${describeValue(infos)}`,
    });
  }
  const architectures = ArchitectureIndex.fromStrings({ space, strings, ...context });
  const hpNames = options.hpNames ?? new Map<string, string>();
  const hps = options.hpNames ? [...new Set(options.hpNames.values())] : hpsOf(space);
  const cache = new LruCache<number, ArchRecord>(256);
  const load = (index: number, caller: string): ArchRecord => {
    const cached = cache.get(index);
    if (cached) return cached;
    const value = infos.get(index);
    if (value === undefined) {
      throw new NotFoundError({ functionName: caller, argument: 'options.index', message: `architecture ${index} has no results in ${options.path} (not among the evaluated indexes)` });
    }
    const record = normaliseArchitecture({ ...context, functionName: caller }, `arch2infos[${index}]`, value, index, strings[index] as string, hpNames);
    cache.set(index, record);
    return record;
  };
  return createRecordBackend({
    space,
    source: options.source,
    path: options.path,
    hps,
    architectures,
    load,
    has: (index) => infos.has(index),
    latencyTable: options.latency?.(architectures),
  });
}
