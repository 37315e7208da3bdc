import type { Architecture, Evaluation } from '@fewshot/core';
import type { Proposal } from '../contracts/strategy.js';

/**
 * The best evaluation seen so far. Evaluations at a higher fidelity always rank above
 * evaluations at a lower one (an evaluation without fidelity counts as the highest), and
 * within a fidelity the higher accuracy wins; the earlier evaluation wins ties.
 *
 * @example
 * ```ts
 * const best: BestSoFar = { architecture: [3, 3, 3, 1, 3, 2], accuracy: 94.37, foundAt: 71, trueAccuracy: 94.37 };
 * ```
 */
export interface BestSoFar {
  /** The incumbent architecture. */
  readonly architecture: Architecture;
  /** Its accuracy according to the search's evaluator (percent). */
  readonly accuracy: number;
  /** The fidelity it was evaluated at, when the proposal had one. */
  readonly fidelity?: number;
  /** The evaluation count (1-based) at which it was found. */
  readonly foundAt: number;
  /** Its accuracy according to the `truth` evaluator, when one is attached (percent). */
  readonly trueAccuracy?: number;
}

/**
 * One evaluation of a search, with the running totals after it.
 *
 * @example
 * ```ts
 * const point: TrajectoryPoint = result.points[0];
 * console.log(point.evaluations, point.evaluation.accuracy, point.best.accuracy, point.distinctArchitectures);
 * ```
 */
export interface TrajectoryPoint {
  /** Evaluations so far, including this one (1-based index of this evaluation). */
  readonly evaluations: number;
  /** What was evaluated. */
  readonly proposal: Proposal;
  /** What the evaluator answered. */
  readonly evaluation: Evaluation;
  /** Sum of `evaluation.cost` so far (seconds; missing costs count as 0). */
  readonly simulatedSeconds: number;
  /** Distinct architectures evaluated so far (at any fidelity). */
  readonly distinctArchitectures: number;
  /** The incumbent after this evaluation. */
  readonly best: BestSoFar;
}

/**
 * Why a search ended.
 *
 * @example
 * ```ts
 * const reason: StopReason = 'evaluations';
 * ```
 */
export type StopReason = 'evaluations' | 'simulated-seconds' | 'strategy-finished' | 'cancelled';

/**
 * A search so far: the full trajectory and the totals. Plain data (JSON-safe as long as
 * the evaluator's answers are), so it can be saved and passed back to `runSearch` as
 * `previous` to continue.
 *
 * @example
 * ```ts
 * let progress: SearchProgress | undefined;
 * await runSearch({ strategy, evaluator, budget, onEvent: (event) => { if (event.type === 'batch-end') progress = event.progress; } });
 * ```
 */
export interface SearchProgress {
  /** The strategy's name. */
  readonly strategy: string;
  /** The evaluator's name. */
  readonly evaluator: string;
  /** Every evaluation in order (including those of a `previous` run). */
  readonly points: readonly TrajectoryPoint[];
  /** The current incumbent; `null` when nothing was evaluated. */
  readonly best: BestSoFar | null;
  /** Evaluations done. */
  readonly evaluations: number;
  /** Distinct architectures evaluated. */
  readonly distinctArchitectures: number;
  /** Sum of the evaluations' costs in seconds. */
  readonly simulatedSeconds: number;
}

/**
 * The outcome of `runSearch`: a {@link SearchProgress} and why the search ended.
 *
 * @example
 * ```ts
 * const result: SearchResult = await runSearch({ strategy, evaluator, budget: { evaluations: 100 } });
 * console.log(result.best?.accuracy, result.distinctArchitectures, result.stopReason);
 * ```
 */
export interface SearchResult extends SearchProgress {
  /** Why the search ended. */
  readonly stopReason: StopReason;
}
