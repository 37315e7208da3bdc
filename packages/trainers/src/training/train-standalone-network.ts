import { InvalidArgumentError } from '@fewshot/core';
import type { StandaloneNetwork } from '@fewshot/supernet';
import { runTrainingLoop, validateTrainingLoopOptions, type TrainingLoopOptions } from '../internal/training-loop.js';
import type { TrainingSummary } from './training-events.js';

/**
 * Options of {@link trainStandaloneNetwork}.
 *
 * @example
 * ```ts
 * const options: TrainStandaloneNetworkOptions = { network, data: { dataset: train, batchSize: 64 }, epochs: 10, seed: 1 };
 * ```
 */
export interface TrainStandaloneNetworkOptions extends TrainingLoopOptions {
  /** The network to train from its current weights (changed in place). */
  readonly network: StandaloneNetwork;
}

/**
 * Trains one architecture's standalone network (affine BN with running statistics) from
 * scratch with the same data pipeline, optimiser, schedule, checkpoints and resume as
 * {@link trainSupernet}: the ground truth on data sets without a benchmark table.
 *
 * @example
 * ```ts
 * import { createStandaloneNetwork } from '@fewshot/supernet';
 * const network = createStandaloneNetwork({ architecture: [3, 3, 3, 1, 3, 2], channels: 8, cellsPerStage: 1, inputShape: [28, 28, 1] });
 * await trainStandaloneNetwork({ network, data: { dataset: train, batchSize: 64 }, epochs: 5, seed: 1 });
 * const { accuracy } = await evaluateNetwork({ network, data: { dataset: test } });
 * ```
 */
export async function trainStandaloneNetwork(options: TrainStandaloneNetworkOptions): Promise<TrainingSummary> {
  const functionName = 'trainStandaloneNetwork';
  const network = options?.network;
  if (network === null || typeof network !== 'object' || typeof network.trainableVariables !== 'function') {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.network',
      message: 'expected a StandaloneNetwork from @fewshot/supernet',
    });
  }
  validateTrainingLoopOptions(functionName, options, network);
  const variables = network.trainableVariables();
  return runTrainingLoop(options, {
    functionName,
    network,
    planStep: () => ({ variables, forward: (images) => network.forward({ input: images, training: true }) }),
    fingerprintParts: { kind: 'standalone', network: network.networkOptions, architecture: network.architectureString },
  });
}
