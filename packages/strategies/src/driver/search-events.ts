import type { Proposal } from '../contracts/strategy.js';
import type { BestSoFar, SearchProgress, SearchResult, TrajectoryPoint } from './search-result.js';

/**
 * How much a search may spend. At least one limit is required; the search stops as soon as
 * one is reached.
 *
 * @example
 * ```ts
 * const budget: SearchBudget = { evaluations: 1000 };
 * const timed: SearchBudget = { simulatedSeconds: 12_000 }; // NAS-Bench-201's usual search budget
 * ```
 */
export interface SearchBudget {
  /** Maximum number of evaluations (across fidelities). */
  readonly evaluations?: number;
  /**
   * Maximum simulated time: the sum of `Evaluation.cost` (seconds). With this limit the
   * driver evaluates one proposal at a time; the evaluation that reaches the limit is kept.
   */
  readonly simulatedSeconds?: number;
}

/**
 * Emitted once before the first evaluation.
 *
 * @example
 * ```ts
 * const event: SearchStartEvent = { type: 'search-start', strategy: 'bohb', evaluator: 'nb201', budget: { evaluations: 10 }, previousEvaluations: 0 };
 * ```
 */
export interface SearchStartEvent {
  /** Discriminant. */
  readonly type: 'search-start';
  /** The strategy's name. */
  readonly strategy: string;
  /** The evaluator's name. */
  readonly evaluator: string;
  /** The budget in force (it includes the evaluations of a `previous` run). */
  readonly budget: SearchBudget;
  /** Evaluations carried over from `previous`. */
  readonly previousEvaluations: number;
}

/**
 * Emitted before a batch of proposals goes to the evaluator.
 *
 * @example
 * ```ts
 * onEvent: (event) => { if (event.type === 'batch-start') console.log(event.proposals.length); }
 * ```
 */
export interface BatchStartEvent {
  /** Discriminant. */
  readonly type: 'batch-start';
  /** The proposals about to be evaluated. */
  readonly proposals: readonly Proposal[];
}

/**
 * Emitted for every evaluation, in order, after the strategy has been told its batch.
 *
 * @example
 * ```ts
 * onEvent: (event) => { if (event.type === 'evaluation-end') console.log(event.point.best.accuracy); }
 * ```
 */
export interface EvaluationEndEvent {
  /** Discriminant. */
  readonly type: 'evaluation-end';
  /** The new trajectory point. */
  readonly point: TrajectoryPoint;
}

/**
 * Emitted right after the `evaluation-end` of an evaluation that changed the incumbent.
 *
 * @example
 * ```ts
 * onEvent: (event) => { if (event.type === 'best-change') console.log(event.best.accuracy, event.best.trueAccuracy); }
 * ```
 */
export interface BestChangeEvent {
  /** Discriminant. */
  readonly type: 'best-change';
  /** The new incumbent. */
  readonly best: BestSoFar;
  /** The trajectory point that produced it. */
  readonly point: TrajectoryPoint;
}

/**
 * Emitted after a batch was evaluated and told to the strategy: the moment to save
 * `strategy.getState()` together with the partial result.
 *
 * @example
 * ```ts
 * onEvent: (event) => { if (event.type === 'batch-end') save(strategy.getState(), event.progress); }
 * ```
 */
export interface BatchEndEvent {
  /** Discriminant. */
  readonly type: 'batch-end';
  /** The search so far; pass it as `previous` to continue after a restart. */
  readonly progress: SearchProgress;
}

/**
 * Emitted once when the search ends normally (not when it is cancelled or fails).
 *
 * @example
 * ```ts
 * onEvent: (event) => { if (event.type === 'search-end') console.log(event.result.stopReason); }
 * ```
 */
export interface SearchEndEvent {
  /** Discriminant. */
  readonly type: 'search-end';
  /** The final result, as returned by `runSearch`. */
  readonly result: SearchResult;
}

/**
 * Any event of `runSearch`; switch on `type`.
 *
 * @example
 * ```ts
 * const onEvent = (event: SearchEvent) => {
 *   if (event.type === 'evaluation-end') console.log(event.point.evaluations, event.point.evaluation.accuracy);
 * };
 * ```
 */
export type SearchEvent = SearchStartEvent | BatchStartEvent | EvaluationEndEvent | BestChangeEvent | BatchEndEvent | SearchEndEvent;
