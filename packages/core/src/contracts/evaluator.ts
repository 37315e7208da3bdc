import type { Architecture } from './architecture.js';

/**
 * What an {@link Evaluator} says about one architecture.
 *
 * @example
 * ```ts
 * const evaluation: Evaluation = { architecture: [3, 3, 3, 1, 3, 2], accuracy: 94.37, cost: 1_620 };
 * ```
 */
export interface Evaluation {
  /** The architecture that was evaluated. */
  readonly architecture: Architecture;
  /** Top-1 accuracy in percent (0–100). Higher is better. */
  readonly accuracy: number;
  /** The loss on the same data, when the evaluator computes one. */
  readonly loss?: number;
  /**
   * Seconds of training this answer stands for (a benchmark's recorded training
   * time, or the measured time of training from scratch); 0 for a supernet lookup.
   */
  readonly cost?: number;
  /** Further named numbers (e.g. `latencyMs`, `params`). */
  readonly metrics?: Readonly<Record<string, number>>;
}

/**
 * Options of {@link Evaluator.evaluate}.
 *
 * @example
 * ```ts
 * const options: EvaluateOptions = { architectures: [[3, 3, 3, 1, 3, 2]], fidelity: 200 };
 * ```
 */
export interface EvaluateOptions {
  /** The architectures to evaluate. */
  readonly architectures: readonly Architecture[];
  /**
   * The budget of each evaluation in training epochs (a benchmark's hp 12 / 200,
   * or a training length). Evaluators without fidelities ignore it.
   */
  readonly fidelity?: number;
  /** Cancels the evaluation; the evaluator rejects with a `CancelledError`. */
  readonly signal?: AbortSignal;
}

/**
 * Anything that estimates or looks up the accuracy of architectures: a benchmark
 * table, a one-shot supernet, a few-shot ensemble, or training from scratch.
 * Search strategies only ever see this contract.
 *
 * @example
 * ```ts
 * const evaluator: Evaluator = {
 *   name: 'constant',
 *   evaluate: async ({ architectures }) => architectures.map((architecture) => ({ architecture, accuracy: 50 })),
 * };
 * const [first] = await evaluator.evaluate({ architectures: [[0, 0, 0, 0, 0, 0]] });
 * ```
 */
export interface Evaluator {
  /** A short name for reports, e.g. `nas-bench-201 cifar10 test` or `few-shot ensemble`. */
  readonly name: string;
  /** Evaluates the architectures, in order. */
  evaluate(options: EvaluateOptions): Promise<readonly Evaluation[]>;
}
