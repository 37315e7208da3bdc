import type { Architecture, Evaluation, SearchSpace } from '@fewshot/core';
import type { JsonValue } from './json.js';

/**
 * One architecture that a {@link SearchStrategy} wants evaluated.
 *
 * @example
 * ```ts
 * const proposal: Proposal = { id: 7, architecture: [3, 3, 3, 1, 3, 2], fidelity: 200 };
 * ```
 */
export interface Proposal {
  /** Unique within one strategy run; issued in increasing order starting at 0. */
  readonly id: number;
  /** The architecture to evaluate; always a member of the strategy's space. */
  readonly architecture: Architecture;
  /**
   * The budget to evaluate it at (training epochs, e.g. a benchmark's hp 12 or 200).
   * Absent: the evaluator's default (full) fidelity. Only multi-fidelity strategies set it.
   */
  readonly fidelity?: number;
}

/**
 * The answer to one {@link Proposal}, as given to {@link SearchStrategy.tell}.
 *
 * @example
 * ```ts
 * const result: StrategyResult = {
 *   proposal: { id: 0, architecture: [3, 3, 3, 1, 3, 2] },
 *   evaluation: { architecture: [3, 3, 3, 1, 3, 2], accuracy: 94.37 },
 * };
 * ```
 */
export interface StrategyResult {
  /** The proposal exactly as the strategy returned it from {@link SearchStrategy.ask}. */
  readonly proposal: Proposal;
  /** What the evaluator said; strategies maximise `evaluation.accuracy`. */
  readonly evaluation: Evaluation;
}

/**
 * Options of {@link SearchStrategy.ask}.
 *
 * @example
 * ```ts
 * const options: AskOptions = { limit: 1 };
 * ```
 */
export interface AskOptions {
  /**
   * Return at most this many proposals (a positive integer). Without it the strategy
   * returns its natural batch (one architecture for sequential methods, a whole
   * HyperBand rung for HyperBand/BOHB). Proposals held back are returned by later calls,
   * so the sequence of proposals does not depend on the limits used.
   */
  readonly limit?: number;
}

/**
 * The complete, JSON-serialisable state of a {@link SearchStrategy}: hyper-parameters,
 * generator state, model, and the proposals still waiting for results. Passing it back
 * as `createX({ space, state })` (or to `restoreStrategy`) continues the run exactly.
 *
 * @example
 * ```ts
 * const saved: StrategyState = JSON.parse(JSON.stringify(strategy.getState()));
 * const again = createRegularizedEvolution({ space: nasBench201, state: saved });
 * ```
 */
export interface StrategyState {
  /** The strategy's {@link SearchStrategy.name}, e.g. `regularized-evolution`. */
  readonly strategy: string;
  /** Format version of this state; a strategy rejects versions it cannot read. */
  readonly version: number;
  /** The `id` of the search space the state belongs to. */
  readonly space: string;
  /** Strategy-specific fields. */
  readonly [key: string]: JsonValue;
}

/**
 * A search-based NAS method behind an ask/tell interface. The strategy never evaluates
 * anything itself: a driver (`runSearch`, or your own loop) asks for proposals,
 * evaluates them with any `Evaluator`, and tells the results back. All randomness comes
 * from the seeded generator given at creation, and {@link SearchStrategy.getState}
 * captures everything needed to continue the run bit for bit.
 *
 * Contract (checked by `checkStrategyConformance`):
 * - `ask` returns only architectures of `space`, with ids never used before;
 *   an empty array means the strategy has nothing more to propose until it gets
 *   the results it is waiting for, or, with nothing {@link SearchStrategy.pending}, that it is finished.
 * - `tell` accepts results of pending proposals in any order and in any grouping;
 *   a result for an unknown or already-told proposal is rejected with an
 *   `InvalidArgumentError` and changes nothing.
 * - `getState` has no side effects; restoring it and continuing gives the same
 *   proposals as never having stopped.
 *
 * @example
 * ```ts
 * const strategy: SearchStrategy = createRandomSearch({ space: nasBench201, seed: 1 });
 * const [proposal] = strategy.ask();
 * const [evaluation] = await evaluator.evaluate({ architectures: [proposal.architecture] });
 * strategy.tell([{ proposal, evaluation }]);
 * ```
 */
export interface SearchStrategy {
  /** A stable identifier, e.g. `regularized-evolution`; also the `strategy` field of its state. */
  readonly name: string;
  /** The space the strategy searches. */
  readonly space: SearchSpace;
  /** The next proposals to evaluate (see {@link AskOptions}). */
  ask(options?: AskOptions): Proposal[];
  /** Reports results of earlier proposals. */
  tell(results: readonly StrategyResult[]): void;
  /** Proposals returned by `ask` whose results have not been told yet, in id order. */
  pending(): Proposal[];
  /** A JSON-serialisable snapshot; see {@link StrategyState}. */
  getState(): StrategyState;
}
