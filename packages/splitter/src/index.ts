/**
 * Few-shot NAS on TensorFlow.js: split a trained weight-sharing supernet into sub-supernets.
 * Split plans say which decision to split, into which groups, and why — a fixed edge (few-shot
 * NAS), a random edge, or gradient matching (GM-NAS) — and serialise to JSON, also as hierarchies
 * (split trees). `splitSupernet` makes the sub-supernets (exact copies of the parent's weights, or
 * fresh ones), and `createFewShotEnsemble` routes each architecture to its sub-supernet behind the
 * core `Evaluator` contract, so any search strategy can use it.
 *
 * @packageDocumentation
 */
export type { SplitCriterion, SplitPlan } from './split-plan.js';
export type { EdgeGradientScore, GradientMatchingScores, SharedVariables } from './gradient-matching-scores.js';
export type { CandidateDecisions } from './candidate-decisions.js';
export { applySplitPlan, type ApplySplitPlanOptions } from './apply-split-plan.js';
export { splitPlanFromJson, type SplitPlanFromJsonOptions } from './split-plan-from-json.js';
export { planFixedEdgeSplit, type PlanFixedEdgeSplitOptions } from './plan-fixed-edge-split.js';
export { planRandomSplit, type PlanRandomSplitOptions } from './plan-random-split.js';
export {
  planGradientMatchingSplit,
  type PlanGradientMatchingSplitOptions,
} from './plan-gradient-matching-split.js';
export {
  gradientDistance,
  gradientDistances,
  type GradientDistance,
  type GradientDistanceOptions,
  type GradientValues,
} from './gradient-distance.js';
export {
  partitionByMinimumCut,
  type MinimumCutPartition,
  type PartitionByMinimumCutOptions,
} from './minimum-cut-partition.js';
export {
  splitSupernet,
  type SplitInitialization,
  type SplitSupernetOptions,
  type SubSupernet,
} from './split-supernet.js';
export {
  buildSplitTree,
  createSplitTree,
  extendSplitTree,
  splitTreeFromJson,
  splitTreeLeaves,
  type BuildSplitTreeOptions,
  type CreateSplitTreeOptions,
  type ExtendSplitTreeOptions,
  type SplitLevel,
  type SplitTree,
  type SplitTreeFromJsonOptions,
  type SplitTreeLeavesOptions,
} from './split-tree.js';
export { assertRegionPartition, type AssertRegionPartitionOptions } from './assert-region-partition.js';
export { routeArchitecture, type RouteArchitectureOptions } from './route-architecture.js';
export {
  createFewShotEnsemble,
  type CreateFewShotEnsembleOptions,
  type FewShotEnsemble,
} from './few-shot-ensemble.js';
