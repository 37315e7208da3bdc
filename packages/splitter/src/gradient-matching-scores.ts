import type { PathSampling } from '@fewshot/trainers';
import type { GradientDistance } from './gradient-distance.js';

/**
 * What gradient matching measured on one candidate edge (decision): the averaged distance
 * matrix between its options, the partition with the minimum cut, and the cut's value.
 *
 * @example
 * ```ts
 * const edge: EdgeGradientScore = {
 *   decision: 0, label: '1<-0', options: [0, 1, 2, 3, 4],
 *   distances: [[0, 0.9, 0.8, 0.8, 0.9], [0.9, 0, 0.7, 0.7, 0.2], [0.8, 0.7, 0, 0.1, 0.7], [0.8, 0.7, 0.1, 0, 0.7], [0.9, 0.2, 0.7, 0.7, 0]],
 *   groups: [[0, 1, 4], [2, 3]], cut: 4.6, within: 2.0,
 * };
 * ```
 */
export interface EdgeGradientScore {
  /** The decision (edge) index. */
  readonly decision: number;
  /** Its label, e.g. `1<-0`. */
  readonly label: string;
  /** The option indices that were compared (the region's allowed options), increasing. */
  readonly options: readonly number[];
  /**
   * `distances[i][j]`: the distance between the shared-weight gradients of `options[i]` and
   * `options[j]`, averaged over the batches (symmetric; the diagonal is each option against
   * itself, which is 0 for `'mse'` and about 0 for the cosine distances).
   */
  readonly distances: readonly (readonly number[])[];
  /** The partition of `options` with the minimum cut (option indices, each group increasing). */
  readonly groups: readonly (readonly number[])[];
  /** The edge score: the summed distance of every pair of options in different groups. */
  readonly cut: number;
  /** The summed distance of every pair of options in the same group (what the partition minimises). */
  readonly within: number;
}

/**
 * The measurements behind a gradient-matching {@link SplitPlan}: every candidate edge's score, and
 * the settings they were taken with. Plain JSON.
 *
 * @example
 * ```ts
 * const plan = await planGradientMatchingSplit({ supernet, data, batchCount: 8, rng });
 * for (const edge of plan.scores!.edges) console.log(edge.label, edge.cut.toFixed(3), JSON.stringify(edge.groups));
 * ```
 */
export interface GradientMatchingScores {
  /** The distance between gradients. */
  readonly distance: GradientDistance;
  /** The number of batches the distances were averaged over. */
  readonly batchCount: number;
  /** How the path on the other edges was drawn for each batch. */
  readonly sampling: PathSampling;
  /** Which variables were compared. */
  readonly sharedVariables: SharedVariables;
  /** Whether partitions were constrained to balanced group sizes. */
  readonly balanced: boolean;
  /** One entry per candidate edge, in decision order. */
  readonly edges: readonly EdgeGradientScore[];
}

/**
 * Which variables gradient matching compares.
 *
 * - `'all'` (default): every trainable variable the compared paths share — the stem, the cells'
 *   op weights on the other edges, the reduction blocks and the head — i.e. everything but the
 *   candidate edge's own op weights (in every cell).
 * - `'cells-and-reductions'`: only the cells' op weights on the other edges and the reduction
 *   blocks, as the GM-NAS release does on NAS-Bench-201 (its `get_split_gradients` walks the
 *   model's list of cells, which holds neither the stem nor the classifier).
 *
 * @example
 * ```ts
 * const asReleased: SharedVariables = 'cells-and-reductions';
 * ```
 */
export type SharedVariables = 'all' | 'cells-and-reductions';
