import type { RegionJson } from '@fewshot/core';
import type { GradientMatchingScores } from './gradient-matching-scores.js';

/**
 * How a {@link SplitPlan} chose its decision and groups.
 *
 * - `'fixed-edge'`: a decision and grouping chosen by the caller (few-shot NAS: edge `1<-0`, one
 *   option per child);
 * - `'random'`: a uniformly random decision and a random balanced grouping (GM-NAS's baseline);
 * - `'gradient-matching'`: GM-NAS (Hu et al., ICLR 2022): the edge whose options disagree most
 *   about how to update the shared weights, grouped by minimum cut.
 *
 * @example
 * ```ts
 * const criterion: SplitCriterion = 'gradient-matching';
 * ```
 */
export type SplitCriterion = 'fixed-edge' | 'random' | 'gradient-matching';

/**
 * One split decision, as plain JSON: which region it splits, on which decision, into which groups
 * of options (one child per group), and why. {@link applySplitPlan} turns it into child regions,
 * `splitSupernet` into sub-supernets; {@link splitPlanFromJson} validates one read from a file.
 *
 * @example
 * ```ts
 * const plan: SplitPlan = {
 *   criterion: 'fixed-edge',
 *   region: { space: 'nas-bench-201', allowed: [[0, 1, 2, 3, 4], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4]] },
 *   decision: 0,
 *   groups: [[0], [1], [2], [3], [4]],
 *   reason: 'fixed edge 1<-0, one child per option',
 * };
 * ```
 */
export interface SplitPlan {
  /** How the decision and groups were chosen. */
  readonly criterion: SplitCriterion;
  /** The region being split (the parent's region), as `Region.toJSON()` gives it. */
  readonly region: RegionJson;
  /** The decision (edge) to split. */
  readonly decision: number;
  /**
   * The groups of option indices, one child per group, in child order. Each group is increasing;
   * together they hold exactly the options the region allows for `decision`.
   */
  readonly groups: readonly (readonly number[])[];
  /** A readable explanation, e.g. `gradient matching (cosine, 8 batches): edge 2<-1 has the largest cut ...`. */
  readonly reason: string;
  /** For `'gradient-matching'`: the measurements behind the choice. */
  readonly scores?: GradientMatchingScores;
}
