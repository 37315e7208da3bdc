import { CancelledError, type FewshotErrorOptions } from '@fewshot/core';
import type { SearchResult } from './search-result.js';

/**
 * The `CancelledError` (code `cancelled`) that `runSearch` rejects with when its signal
 * aborts. It carries the partial result: every evaluation that completed and was told to
 * the strategy. The batch that was being evaluated is lost; its proposals stay pending in
 * the strategy, and a later `runSearch` on the same (or a restored) strategy evaluates them
 * first.
 *
 * @example
 * ```ts
 * try {
 *   await runSearch({ strategy, evaluator, budget: { evaluations: 1000 }, signal });
 * } catch (error) {
 *   if (error instanceof SearchCancelledError) {
 *     const { result } = error; // partial trajectory
 *     await runSearch({ strategy, evaluator, budget: { evaluations: 1000 }, previous: result });
 *   }
 * }
 * ```
 */
export class SearchCancelledError extends CancelledError {
  /** The search up to the cancellation (stop reason `cancelled`). */
  readonly result: SearchResult;

  constructor(
    options: FewshotErrorOptions & {
      /** The search up to the cancellation, kept as {@link SearchCancelledError.result}. */
      readonly result: SearchResult;
    },
  ) {
    super(options);
    this.result = options.result;
  }
}
