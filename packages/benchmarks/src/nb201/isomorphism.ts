import { checkOptions } from '../internal/check-values.js';
import { backendOf } from '../internal/create-benchmark.js';
import { canonicalNasBench201Architecture, formatNasBench201Architecture } from '../internal/search-space-adapter.js';
import { InvalidArgumentError } from '@fewshot/core';
import type { NasBench201Benchmark } from './nb201-types.js';

/**
 * Options of {@link groupNasBench201ByCanonicalForm}.
 *
 * @example
 * ```ts
 * const options: GroupNasBench201ByCanonicalFormOptions = { benchmark };
 * ```
 */
export interface GroupNasBench201ByCanonicalFormOptions {
  /** A topology-space benchmark. */
  readonly benchmark: NasBench201Benchmark;
}

/**
 * One isomorphism class of NAS-Bench-201 cells, as
 * {@link groupNasBench201ByCanonicalForm} returns it.
 *
 * @example
 * ```ts
 * const group: NasBench201IsomorphismGroup = { canonical: '|none~0|+|none~0|none~1|+|none~0|none~1|none~2|', canonicalIndex: 0, indices: [0, 3] };
 * ```
 */
export interface NasBench201IsomorphismGroup {
  /** The canonical architecture string of the class (`canonicalNasBench201Architecture` of `@fewshot/search-space`). */
  readonly canonical: string;
  /** Official index of the canonical architecture. */
  readonly canonicalIndex: number;
  /** Official indices of every member, increasing. */
  readonly indices: readonly number[];
}

/**
 * Groups the architectures of a topology benchmark by the canonical form of
 * `@fewshot/search-space` (cells that compute the same function for every value of
 * the weights). NAS-Bench-201 trained every one of the 15,625 strings separately,
 * so members of a group have different recorded accuracies (seed noise); queries
 * always answer a string's own row. Use the groups to de-duplicate a search or to
 * average over a class. Groups come in order of their canonical index.
 *
 * @example
 * ```ts
 * import { groupNasBench201ByCanonicalForm } from '@fewshot/benchmarks';
 * const groups = groupNasBench201ByCanonicalForm({ benchmark });
 * const largest = groups.reduce((a, b) => (b.indices.length > a.indices.length ? b : a));
 * ```
 */
export function groupNasBench201ByCanonicalForm(options: GroupNasBench201ByCanonicalFormOptions): NasBench201IsomorphismGroup[] {
  const functionName = 'groupNasBench201ByCanonicalForm';
  const checked = checkOptions(functionName, options);
  const backend = backendOf(functionName, 'options.benchmark', checked['benchmark']);
  if (backend.space !== 'topology') {
    throw new InvalidArgumentError({ functionName, argument: 'options.benchmark', message: 'isomorphism classes exist only in the topology space' });
  }
  const { architectures } = backend;
  const members = new Map<number, number[]>();
  for (let index = 0; index < architectures.size; index += 1) {
    const canonical = canonicalNasBench201Architecture(architectures.vectorAt(index));
    const canonicalIndex = architectures.indexOf(functionName, 'options.benchmark', canonical);
    const list = members.get(canonicalIndex);
    if (list) list.push(index);
    else members.set(canonicalIndex, [index]);
  }
  return [...members]
    .sort(([a], [b]) => a - b)
    .map(([canonicalIndex, indices]) => ({ canonical: formatNasBench201Architecture(architectures.vectorAt(canonicalIndex)), canonicalIndex, indices }));
}
