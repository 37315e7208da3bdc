import { InvalidArgumentError, UnsupportedError } from '@fewshot/core';
import { checkDistanceMatrix } from './internal/check-distance-matrix.js';
import { checkInteger, checkOptions, describeValue } from './internal/validate.js';

/** Partitions examined at most (exact enumeration); beyond it the call is refused. */
const maximumPartitions = 5_000_000;

/**
 * Options of {@link partitionByMinimumCut}.
 *
 * @example
 * ```ts
 * const options: PartitionByMinimumCutOptions = { distances: [[0, 1, 0.1], [1, 0, 0.9], [0.1, 0.9, 0]], groupCount: 2 };
 * ```
 */
export interface PartitionByMinimumCutOptions {
  /** A symmetric matrix of pairwise distances between the items (only the upper triangle is read). */
  readonly distances: readonly (readonly number[])[];
  /** Number of non-empty groups. */
  readonly groupCount: number;
  /**
   * Constrain group sizes to differ by at most one (GM-NAS on NAS-Bench-201: 5 ops into groups of
   * 2 and 3). Default true.
   */
  readonly balanced?: boolean;
}

/**
 * The result of {@link partitionByMinimumCut}.
 *
 * @example
 * ```ts
 * const { groups, cut, within }: MinimumCutPartition = partitionByMinimumCut({ distances, groupCount: 2 });
 * ```
 */
export interface MinimumCutPartition {
  /** Item indices per group; each group increasing, groups ordered by their smallest item. */
  readonly groups: readonly (readonly number[])[];
  /** Summed distance over pairs of items in different groups (the cut). */
  readonly cut: number;
  /** Summed distance over pairs of items in the same group (what is minimised). */
  readonly within: number;
}

/**
 * Splits items into `groupCount` groups so that items that are close end up together: it
 * minimises the summed distance inside groups, which is the same as maximising the summed distance
 * across groups (the cut). With balanced groups the number of cut pairs is fixed, so for a cosine
 * distance `d = 1 - s` this is exactly the minimum cut of the graph weighted by the similarities
 * `s` — GM-NAS's graph min-cut. Exact: it enumerates every partition (restricted growth strings
 * with branch and bound), keeping the first optimum in lexicographic order, so ties resolve the
 * same way every time. 5 items into 2 balanced groups is 10 partitions.
 *
 * @throws InvalidArgumentError for a matrix that is not square, finite and symmetric, or a
 * `groupCount` outside 1..items; UnsupportedError when the number of partitions exceeds 5,000,000
 * (about 13 items into 4 groups).
 *
 * @example
 * ```ts
 * // Items 0 and 2 are close, item 1 is far from both.
 * const { groups, cut } = partitionByMinimumCut({ distances: [[0, 1, 0.1], [1, 0, 0.9], [0.1, 0.9, 0]], groupCount: 2 });
 * groups; // [[0, 2], [1]]
 * cut;    // 1.9
 * ```
 */
export function partitionByMinimumCut(options: PartitionByMinimumCutOptions): MinimumCutPartition {
  const functionName = 'partitionByMinimumCut';
  checkOptions(functionName, options, '{ distances, groupCount, balanced? }');
  const distances = checkDistanceMatrix(functionName, 'options.distances', options.distances);
  const count = distances.length;
  checkInteger(functionName, 'options.groupCount', options.groupCount, 1, Math.max(1, count));
  const groupCount = options.groupCount;
  const balanced = options.balanced ?? true;
  if (typeof balanced !== 'boolean') {
    throw new InvalidArgumentError({ functionName, argument: 'options.balanced', message: `expected a boolean, got ${describeValue(balanced)}` });
  }
  if (count === 0) {
    throw new InvalidArgumentError({ functionName, argument: 'options.distances', message: 'expected at least one item' });
  }
  if (stirlingSecondKind(count, groupCount) > maximumPartitions) {
    throw new UnsupportedError({
      functionName,
      argument: 'options.distances',
      message: `${count} items into ${groupCount} groups has more than ${maximumPartitions.toLocaleString('en-US')} partitions; exact enumeration is limited to small option counts`,
    });
  }
  const largest = Math.ceil(count / groupCount);
  const smallest = balanced ? Math.floor(count / groupCount) : 1;
  const canPrune = distances.every((row) => row.every((value) => value >= 0));

  const assignment = new Array<number>(count).fill(0);
  const sizes = new Array<number>(groupCount).fill(0);
  let best: number[] | undefined;
  let bestWithin = Number.POSITIVE_INFINITY;

  const visit = (item: number, used: number, within: number): void => {
    if (canPrune && within >= bestWithin) return;
    const remaining = count - item;
    // Enough items left to open the missing groups and to fill every group to the minimum size?
    if (used + remaining < groupCount) return;
    let deficit = 0;
    for (let group = 0; group < groupCount; group += 1) {
      if (group < used) deficit += Math.max(0, smallest - (sizes[group] as number));
      else deficit += smallest;
    }
    if (deficit > remaining) return;
    if (item === count) {
      if (within < bestWithin) {
        bestWithin = within;
        best = [...assignment];
      }
      return;
    }
    const limit = Math.min(used + 1, groupCount);
    for (let group = 0; group < limit; group += 1) {
      if (balanced && (sizes[group] as number) >= largest) continue;
      let added = 0;
      for (let other = 0; other < item; other += 1) {
        if (assignment[other] === group) added += (distances[other] as number[])[item] as number;
      }
      assignment[item] = group;
      sizes[group] = (sizes[group] as number) + 1;
      visit(item + 1, group === used ? used + 1 : used, within + added);
      sizes[group] = (sizes[group] as number) - 1;
    }
    assignment[item] = 0;
  };
  visit(0, 0, 0);
  if (best === undefined) {
    // Unreachable for 1 <= groupCount <= count; kept as a guard.
    throw new InvalidArgumentError({ functionName, argument: 'options.groupCount', message: `no partition of ${count} items into ${groupCount} groups exists` });
  }
  const chosen = best;
  const groups = Array.from({ length: groupCount }, (_, group) => chosen.flatMap((owner, item) => (owner === group ? [item] : [])));
  let total = 0;
  for (let i = 0; i < count; i += 1) for (let j = i + 1; j < count; j += 1) total += (distances[i] as number[])[j] as number;
  let within = 0;
  for (const group of groups) {
    for (let a = 0; a < group.length; a += 1) {
      for (let b = a + 1; b < group.length; b += 1) within += (distances[group[a] as number] as number[])[group[b] as number] as number;
    }
  }
  return { groups, cut: total - within, within };
}

/** S(n, k), the number of partitions of n items into k non-empty groups (as a float; fine for bounds). */
function stirlingSecondKind(n: number, k: number): number {
  let row = [1];
  for (let i = 1; i <= n; i += 1) {
    const next = new Array<number>(i + 1).fill(0);
    for (let j = 1; j <= i; j += 1) next[j] = j * (row[j] ?? 0) + (row[j - 1] ?? 0);
    row = next;
  }
  return row[k] ?? 0;
}
