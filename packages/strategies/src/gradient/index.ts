/**
 * `@fewshot/strategies/gradient`: the gradient-based NAS methods on the NAS-Bench-201 supernet of
 * `@fewshot/supernet`, behind one trainer-like contract, in one-shot and few-shot form. Needs
 * `@tensorflow/tfjs-core` (an optional peer of `@fewshot/strategies`; the main entry stays pure).
 *
 * - Methods: DARTS (first and second order), PC-DARTS, GDAS, SETN, ENAS — `createX(options)`,
 *   defaults from the NAS-Bench-201 release, every hyper-parameter an option.
 * - `runGradientSearch`: one method on one supernet; `runFewShotGradientSearch`: on every
 *   sub-supernet, then the best by validation accuracy.
 * - Building blocks: `createAdamOptimizer` (state keyed by variable name), `createLstmController`
 *   (ENAS), `channelShuffle` (PC-DARTS).
 *
 * @packageDocumentation
 */
export type {
  ArchitectureParameterValues,
  GradientSearchEpochSummary,
  GradientSearchEvaluateOptions,
  GradientSearchMethod,
  GradientSearchSession,
  GradientSearchSessionContext,
  GradientSearchStepOptions,
  GradientSearchStepRecord,
} from './contracts/gradient-search-method.js';
export type { GradientSearchEpochRecord, GradientSearchResult } from './contracts/gradient-search-result.js';
export type { GradientSearchEvent } from './contracts/gradient-search-events.js';
export type { ArchitectureOptimizerOptions, WeightTrainingOptions } from './contracts/method-options.js';
export { runGradientSearch, type RunGradientSearchOptions } from './run-gradient-search.js';
export {
  runFewShotGradientSearch,
  type FewShotGradientSearchEvent,
  type FewShotGradientSearchResult,
  type FewShotSelectionRule,
  type RunFewShotGradientSearchOptions,
  type SubSupernet,
} from './run-few-shot-gradient-search.js';
export { createDarts, type DartsOptions } from './methods/darts.js';
export { createPcDarts, type PcDartsOptions } from './methods/pc-darts.js';
export { createGdas, type GdasOptions } from './methods/gdas.js';
export { createSetn, type SetnOptions } from './methods/setn.js';
export { createEnas, type EnasControllerOptions, type EnasOptions } from './methods/enas.js';
export {
  createLstmController,
  LstmController,
  type LstmControllerOptions,
  type LstmControllerSampleOptions,
  type LstmControllerScores,
} from './controller/lstm-controller.js';
export { AdamOptimizer, createAdamOptimizer, type AdamOptimizerOptions, type AdamStepOptions } from './optimizer/adam-optimizer.js';
export { channelShuffle, type ChannelShuffleOptions } from './operations/channel-shuffle.js';
