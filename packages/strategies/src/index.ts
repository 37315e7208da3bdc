/**
 * Search strategies for neural architecture search behind one ask/tell contract, and the
 * driver that runs them against any `Evaluator` (a benchmark table, a one-shot supernet,
 * a few-shot ensemble, training from scratch). Pure TypeScript, no TensorFlow.js.
 *
 * - Strategies: random search, regularized evolution, REINFORCE, TPE, HyperBand, BOHB;
 *   each takes an explicit seed or `Rng` and saves/restores its complete state as JSON.
 * - `runSearch`: budget (evaluations or simulated seconds), cancellation, events, and the
 *   trajectory with best-so-far and (optionally) its ground-truth accuracy.
 * - `checkStrategyConformance`: the contract checks, for your own strategies too.
 *
 * @packageDocumentation
 */
export type { JsonValue } from './contracts/json.js';
export type { AskOptions, Proposal, SearchStrategy, StrategyResult, StrategyState } from './contracts/strategy.js';
export { createProposalLedger, type ProposalLedger, type ProposalLedgerState } from './ledger/proposal-ledger.js';
export { createRandomSearch, type RandomSearchOptions } from './strategies/random-search.js';
export { createRegularizedEvolution, type RegularizedEvolutionOptions } from './strategies/regularized-evolution.js';
export { createReinforce, type ReinforceOptions } from './strategies/reinforce.js';
export {
  createTreeStructuredParzenEstimator,
  type TreeStructuredParzenEstimatorOptions,
} from './strategies/tree-structured-parzen-estimator.js';
export { createHyperband, type HyperbandOptions, type MultiFidelityOptions } from './strategies/hyperband.js';
export { createBohb, type BohbOptions } from './strategies/bohb.js';
export { builtInStrategyNames, restoreStrategy } from './strategies/restore-strategy.js';
export { runSearch, type RunSearchOptions } from './driver/run-search.js';
export { SearchCancelledError } from './driver/search-cancelled-error.js';
export type {
  BatchEndEvent,
  BatchStartEvent,
  BestChangeEvent,
  EvaluationEndEvent,
  SearchBudget,
  SearchEndEvent,
  SearchEvent,
  SearchStartEvent,
} from './driver/search-events.js';
export type { BestSoFar, SearchProgress, SearchResult, StopReason, TrajectoryPoint } from './driver/search-result.js';
export {
  checkStrategyConformance,
  type ConformanceCheck,
  type ConformanceCheckName,
  type ConformanceReport,
  type StrategyConformanceOptions,
} from './conformance/check-strategy-conformance.js';
