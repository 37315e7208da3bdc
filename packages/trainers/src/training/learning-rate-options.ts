/**
 * The cosine learning-rate schedule of a trainer, evaluated per iteration over the whole run.
 *
 * @example
 * ```ts
 * const schedule: LearningRateOptions = { initial: 0.025, final: 0.001 };
 * ```
 */
export interface LearningRateOptions {
  /** Learning rate of the first step. Default 0.025. */
  readonly initial?: number;
  /** Learning rate reached at the last step. Default 0.001. */
  readonly final?: number;
}
