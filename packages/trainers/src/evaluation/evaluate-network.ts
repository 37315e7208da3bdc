import { InvalidArgumentError } from '@fewshot/core';
import type { StandaloneNetwork } from '@fewshot/supernet';
import { checkOptions } from '../internal/validate.js';
import type { EvaluationData } from '../training/training-data.js';
import { scoreWithBatches } from './evaluate-architectures.js';

/**
 * Top-1 accuracy (percent) and mean cross-entropy of a standalone network on a data set, with
 * its BN running statistics (evaluation mode).
 *
 * @example
 * ```ts
 * const { accuracy, loss } = await evaluateNetwork({ network, data: { dataset: test, normalization } });
 * ```
 */
export async function evaluateNetwork(options: {
  /** The trained network (not changed). */
  readonly network: StandaloneNetwork;
  /** The examples to score on. */
  readonly data: EvaluationData;
}): Promise<{
  /** Top-1 accuracy over all examples, percent (0-100). */
  readonly accuracy: number;
  /** Mean softmax cross-entropy over all examples. */
  readonly loss: number;
}> {
  const functionName = 'evaluateNetwork';
  checkOptions(functionName, options);
  const { network } = options;
  if (network === null || typeof network !== 'object' || typeof network.forward !== 'function') {
    throw new InvalidArgumentError({ functionName, argument: 'options.network', message: 'expected a StandaloneNetwork from @fewshot/supernet' });
  }
  const [score] = await scoreWithBatches({
    functionName,
    data: options.data,
    count: 1,
    forward: (images) => network.forward({ input: images, training: false }),
  });
  return score as { accuracy: number; loss: number };
}
