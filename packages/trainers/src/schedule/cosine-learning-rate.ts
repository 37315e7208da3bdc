import { checkInteger, checkNumber, checkOptions } from '../internal/validate.js';

/**
 * Options of {@link cosineLearningRate}.
 *
 * @example
 * ```ts
 * const options: CosineLearningRateOptions = { initial: 0.025, final: 0.001, totalSteps: 600 * 1042 };
 * ```
 */
export interface CosineLearningRateOptions {
  /** Learning rate at step 0. */
  readonly initial: number;
  /** Learning rate reached at `totalSteps`. Default 0. */
  readonly final?: number;
  /** Length of the schedule in optimiser steps (the schedule is updated per iteration). */
  readonly totalSteps: number;
}

/**
 * A cosine learning-rate schedule evaluated per iteration, as in the few-shot NAS release:
 * `final + (initial - final) * (1 + cos(pi * step / totalSteps)) / 2`, constant at `final`
 * after `totalSteps`.
 *
 * @example
 * ```ts
 * const learningRate = cosineLearningRate({ initial: 0.025, final: 0.001, totalSteps: 1000 });
 * learningRate(0);    // 0.025
 * learningRate(500);  // 0.013
 * learningRate(1000); // 0.001
 * ```
 */
export function cosineLearningRate(options: CosineLearningRateOptions): (step: number) => number {
  const functionName = 'cosineLearningRate';
  checkOptions(functionName, options);
  checkNumber(functionName, 'options.initial', options.initial, { minimum: 0 });
  const final = options.final ?? 0;
  checkNumber(functionName, 'options.final', final, { minimum: 0 });
  checkInteger(functionName, 'options.totalSteps', options.totalSteps, 1);
  const { initial, totalSteps } = options;
  return (step: number): number => {
    const progress = Math.min(Math.max(step, 0), totalSteps) / totalSteps;
    return final + ((initial - final) * (1 + Math.cos(Math.PI * progress))) / 2;
  };
}
