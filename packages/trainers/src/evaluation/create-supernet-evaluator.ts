import { InvalidArgumentError, type EvaluateOptions, type Evaluator } from '@fewshot/core';
import type { Supernet } from '@fewshot/supernet';
import { checkOptions } from '../internal/validate.js';
import type { EvaluationData } from '../training/training-data.js';
import { evaluateArchitectures } from './evaluate-architectures.js';

/**
 * Options of {@link createSupernetEvaluator}.
 *
 * @example
 * ```ts
 * const options: CreateSupernetEvaluatorOptions = { supernet, data: { dataset: validation, batchSize: 48 } };
 * ```
 */
export interface CreateSupernetEvaluatorOptions {
  /** The supernet whose shared weights score architectures. Stays owned by the caller. */
  readonly supernet: Supernet;
  /** The data to score on. */
  readonly data: EvaluationData;
  /** A name for reports; default `one-shot supernet`. */
  readonly name?: string;
}

/**
 * A one-shot supernet as an `Evaluator` (`@fewshot/core`): any search strategy can query it.
 * Answers are supernet estimates (accuracy in percent, `cost` 0); `fidelity` is ignored.
 *
 * @example
 * ```ts
 * const evaluator = createSupernetEvaluator({ supernet, data: { dataset: validation, batchSize: 48 } });
 * const [evaluation] = await evaluator.evaluate({ architectures: [[3, 3, 3, 1, 3, 2]] });
 * ```
 */
export function createSupernetEvaluator(options: CreateSupernetEvaluatorOptions): Evaluator {
  const functionName = 'createSupernetEvaluator';
  checkOptions(functionName, options);
  if (options.supernet === null || typeof options.supernet !== 'object' || typeof options.supernet.forward !== 'function') {
    throw new InvalidArgumentError({ functionName, argument: 'options.supernet', message: 'expected a Supernet from @fewshot/supernet' });
  }
  checkOptions(functionName, options.data);
  const { supernet, data } = options;
  return {
    name: options.name ?? 'one-shot supernet',
    evaluate: (request: EvaluateOptions) =>
      evaluateArchitectures({
        supernet,
        architectures: request.architectures,
        data,
        ...(request.signal === undefined ? {} : { signal: request.signal }),
      }),
  };
}
