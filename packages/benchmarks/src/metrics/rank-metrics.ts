import { FewshotError, InvalidArgumentError } from '@fewshot/core';
import { checkOptions, describe, toPairedArrays, type NumberSequence } from '../internal/check-values.js';
import { kendallTau } from './kendall-tau.js';
import { pearson } from './pearson.js';
import { precisionOfArrays } from './precision-at-k.js';
import { regretOfArrays } from './regret.js';
import { spearman } from './spearman.js';

/**
 * Every rank-quality number of one set of architectures, as {@link rankMetrics}
 * and {@link rankMetricsByGroup} report them.
 *
 * @example
 * ```ts
 * const metrics: RankMetrics = rankMetrics({ predicted: [1, 2, 3], truth: [90, 91, 93] });
 * metrics.kendallTau; // 1
 * ```
 */
export interface RankMetrics {
  /** Number of architectures. */
  readonly count: number;
  /** Kendall tau-b; `null` when undefined (fewer than two architectures or a constant sample). */
  readonly kendallTau: number | null;
  /** Spearman's rho (average ranks for ties); `null` when undefined. */
  readonly spearman: number | null;
  /** Pearson's r; `null` when undefined. */
  readonly pearson: number | null;
  /** The k used for precision at top-k (the requested k, capped at `count`). */
  readonly k: number;
  /** Precision at top-k. */
  readonly precisionAtK: number;
  /** Regret of the estimate's best architecture, in the units of `truth`. */
  readonly regret: number;
  /** Mean of the estimates (compare with `meanTruth` for cross-region calibration). */
  readonly meanPredicted: number;
  /** Mean of the true scores. */
  readonly meanTruth: number;
}

/**
 * Options of {@link rankMetrics}.
 *
 * @example
 * ```ts
 * const options: RankMetricsOptions = { predicted: [0.2, 0.9, 0.5], truth: [70, 94, 91], k: 1 };
 * ```
 */
export interface RankMetricsOptions {
  /** Estimated scores (higher is better). */
  readonly predicted: NumberSequence;
  /** True scores, same length. */
  readonly truth: NumberSequence;
  /** k of precision at top-k; default 10, capped at the number of architectures. */
  readonly k?: number;
}

/**
 * Kendall tau-b, Spearman, Pearson, precision at top-k, regret and the two means,
 * for one set of architectures. Correlations that are undefined (fewer than two
 * architectures, or a constant sample) are `null`, never `NaN`.
 *
 * @example
 * ```ts
 * import { rankMetrics } from '@fewshot/benchmarks';
 * const metrics = rankMetrics({ predicted: [0.2, 0.5, 0.4, 0.9], truth: [70, 91, 89, 94], k: 2 });
 * // { count: 4, kendallTau: 1, spearman: 1, pearson: 0.93..., k: 2, precisionAtK: 1, regret: 0, ... }
 * ```
 */
export function rankMetrics(options: RankMetricsOptions): RankMetrics {
  const functionName = 'rankMetrics';
  const checked = checkOptions(functionName, options);
  const [predicted, truth] = toPairedArrays(functionName, ['predicted', 'truth'], checked['predicted'], checked['truth'], 1);
  const k = checkRequestedK(functionName, checked['k']);
  return metricsOfArrays(predicted, truth, k);
}

/**
 * Options of {@link rankMetricsByGroup}.
 *
 * @example
 * ```ts
 * const options: RankMetricsByGroupOptions = { predicted: [1, 2, 2, 1], truth: [90, 91, 80, 81], groups: ['a', 'a', 'b', 'b'] };
 * ```
 */
export interface RankMetricsByGroupOptions extends RankMetricsOptions {
  /** The group (region label or index) of each architecture, same length as `predicted`. */
  readonly groups: ArrayLike<string | number>;
}

/**
 * The metrics of one group, as returned by {@link rankMetricsByGroup}.
 *
 * @example
 * ```ts
 * const [first]: GroupRankMetrics[] = rankMetricsByGroup({ predicted, truth, groups });
 * console.log(first.group, first.kendallTau);
 * ```
 */
export interface GroupRankMetrics extends RankMetrics {
  /** The label of the group, as given in `groups` (e.g. a region's name). */
  readonly group: string | number;
}

/**
 * {@link rankMetrics} computed separately inside each group (e.g. the region of the
 * sub-supernet that scored each architecture), in order of first appearance.
 * Per-region tau measures ranking inside a region; comparing `meanPredicted` with
 * `meanTruth` across groups measures calibration between regions.
 *
 * @example
 * ```ts
 * import { rankMetricsByGroup } from '@fewshot/benchmarks';
 * const perRegion = rankMetricsByGroup({
 *   predicted: [1, 2, 3, 3, 2, 1],
 *   truth: [90, 91, 92, 80, 81, 82],
 *   groups: ['conv', 'conv', 'conv', 'pool', 'pool', 'pool'],
 * });
 * perRegion.map((entry) => [entry.group, entry.kendallTau]); // [['conv', 1], ['pool', -1]]
 * ```
 */
export function rankMetricsByGroup(options: RankMetricsByGroupOptions): GroupRankMetrics[] {
  const functionName = 'rankMetricsByGroup';
  const checked = checkOptions(functionName, options);
  const [predicted, truth] = toPairedArrays(functionName, ['predicted', 'truth'], checked['predicted'], checked['truth'], 1);
  const k = checkRequestedK(functionName, checked['k']);
  const groups = checked['groups'] as ArrayLike<unknown> | undefined;
  if (groups === null || typeof groups !== 'object' || typeof groups.length !== 'number') {
    throw new InvalidArgumentError({ functionName, argument: 'options.groups', message: `expected an array of group labels, got ${describe(groups)}` });
  }
  if (groups.length !== predicted.length) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.groups',
      message: `expected ${predicted.length} group labels (one per architecture), got ${groups.length}`,
    });
  }
  const members = new Map<string | number, number[]>();
  for (let index = 0; index < groups.length; index += 1) {
    const group = groups[index];
    if (typeof group !== 'string' && !(typeof group === 'number' && Number.isFinite(group))) {
      throw new InvalidArgumentError({
        functionName,
        argument: `options.groups[${index}]`,
        message: `expected a string or finite number at groups[${index}], got ${describe(group)}`,
      });
    }
    const list = members.get(group);
    if (list) list.push(index);
    else members.set(group, [index]);
  }
  const result: GroupRankMetrics[] = [];
  for (const [group, indices] of members) {
    const groupPredicted = Float64Array.from(indices, (index) => predicted[index] as number);
    const groupTruth = Float64Array.from(indices, (index) => truth[index] as number);
    result.push({ group, ...metricsOfArrays(groupPredicted, groupTruth, k) });
  }
  return result;
}

function checkRequestedK(functionName: string, value: unknown): number {
  if (value === undefined) return 10;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InvalidArgumentError({ functionName, argument: 'options.k', message: `expected a positive integer k, got ${describe(value)}` });
  }
  return value;
}

function metricsOfArrays(predicted: Float64Array, truth: Float64Array, requestedK: number): RankMetrics {
  const count = predicted.length;
  const k = Math.min(requestedK, count);
  let sumPredicted = 0;
  let sumTruth = 0;
  for (let index = 0; index < count; index += 1) {
    sumPredicted += predicted[index] as number;
    sumTruth += truth[index] as number;
  }
  return {
    count,
    kendallTau: orNull(() => kendallTau({ x: predicted, y: truth })),
    spearman: orNull(() => spearman({ x: predicted, y: truth })),
    pearson: orNull(() => pearson({ x: predicted, y: truth })),
    k,
    precisionAtK: precisionOfArrays(predicted, truth, k),
    regret: regretOfArrays(predicted, truth, 1),
    meanPredicted: sumPredicted / count,
    meanTruth: sumTruth / count,
  };
}

function orNull(compute: () => number): number | null {
  try {
    return compute();
  } catch (error) {
    if (FewshotError.isInstance(error) && error.code === 'invalid-argument') return null;
    throw error;
  }
}
