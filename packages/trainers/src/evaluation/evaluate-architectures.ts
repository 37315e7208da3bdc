import { CancelledError, InvalidArgumentError, type Architecture, type Evaluation, yieldToEventLoop } from '@fewshot/core';
import { iterateBatches } from '@fewshot/datasets';
import type { Supernet } from '@fewshot/supernet';
import * as tf from '@tensorflow/tfjs-core';
import { checkInteger, checkOptions } from '../internal/validate.js';
import { batchToTensors } from '../training/batch-to-tensors.js';
import { crossEntropy } from '../training/cross-entropy.js';
import type { EvaluationData } from '../training/training-data.js';

/**
 * Options of {@link evaluateArchitectures}.
 *
 * @example
 * ```ts
 * const options: EvaluateArchitecturesOptions = { supernet, architectures: [[3, 3, 3, 1, 3, 2]], data: { dataset: test, batchSize: 48 } };
 * ```
 */
export interface EvaluateArchitecturesOptions {
  /** The supernet whose shared weights score the architectures (not changed). */
  readonly supernet: Supernet;
  /** The architectures, each used in all cells. Each must lie in the supernet's region. */
  readonly architectures: readonly Architecture[];
  /** The examples to score on. */
  readonly data: EvaluationData;
  /** Called after each architecture with the number done so far. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Cancels between architectures with a `CancelledError`. */
  readonly signal?: AbortSignal;
}

/**
 * Scores architectures with a supernet's shared weights: top-1 accuracy (percent) and mean
 * cross-entropy on the data, each architecture used in all cells, BN as the supernet's
 * `cellBatchNorm` says (batch statistics by default, so `data.batchSize` matters). The data is
 * turned into tensors once and reused for every architecture.
 *
 * @example
 * ```ts
 * const evaluations = await evaluateArchitectures({ supernet, architectures, data: { dataset: test, batchSize: 48 } });
 * evaluations[0].accuracy; // e.g. 81.4
 * ```
 */
export async function evaluateArchitectures(options: EvaluateArchitecturesOptions): Promise<Evaluation[]> {
  const functionName = 'evaluateArchitectures';
  checkOptions(functionName, options);
  const { supernet, architectures, data } = options;
  if (supernet === null || typeof supernet !== 'object' || typeof supernet.forward !== 'function') {
    throw new InvalidArgumentError({ functionName, argument: 'options.supernet', message: 'expected a Supernet from @fewshot/supernet' });
  }
  if (!Array.isArray(architectures)) {
    throw new InvalidArgumentError({ functionName, argument: 'options.architectures', message: 'expected an array of architectures' });
  }
  architectures.forEach((architecture, index) => {
    if (!supernet.region.contains(architecture)) {
      throw new InvalidArgumentError({
        functionName,
        argument: `options.architectures[${index}]`,
        message: `[${architecture.join(', ')}] is not an architecture of this supernet's region; evaluate it with the sub-supernet that owns it`,
      });
    }
  });
  const scores = await scoreWithBatches({
    functionName,
    data,
    count: architectures.length,
    signal: options.signal,
    onModelDone: (done) => options.onProgress?.(done, architectures.length),
    forward: (images, index) => supernet.forward({ input: images, training: false, architecture: architectures[index] as Architecture }),
  });
  return scores.map((score, index) => ({
    architecture: architectures[index] as Architecture,
    accuracy: score.accuracy,
    loss: score.loss,
    cost: 0,
  }));
}

/**
 * Scores `count` models on the same batches; `forward(images, model)` gives the logits.
 * @internal
 */
export async function scoreWithBatches(options: {
  readonly functionName: string;
  readonly data: EvaluationData;
  readonly count: number;
  readonly signal?: AbortSignal | undefined;
  readonly onModelDone?: (done: number) => void;
  readonly forward: (images: tf.Tensor4D, model: number) => tf.Tensor2D;
}): Promise<{ accuracy: number; loss: number }[]> {
  const { functionName, data, count, signal, forward } = options;
  checkOptions(functionName, data);
  const batchSize = data.batchSize ?? 256;
  checkInteger(functionName, 'options.data.batchSize', batchSize, 1);
  const batches = [
    ...iterateBatches({
      dataset: data.dataset,
      batchSize,
      ...(data.normalization === undefined ? {} : { normalization: data.normalization }),
    }),
  ].map((batch) => ({ ...batchToTensors(batch), size: batch.size }));
  try {
    const results: { accuracy: number; loss: number }[] = [];
    for (let model = 0; model < count; model += 1) {
      await yieldToEventLoop();
      if (signal?.aborted) {
        throw new CancelledError({ functionName, argument: 'options.signal', message: `cancelled after ${model} of ${count}` });
      }
      const totals = tf.tidy(() => {
        let lossSum: tf.Tensor = tf.scalar(0);
        let correctSum: tf.Tensor = tf.scalar(0);
        for (const batch of batches) {
          const logits = forward(batch.images, model);
          const { loss, correct } = crossEntropy({ logits, labels: batch.labels });
          lossSum = tf.add(lossSum, tf.mul(loss, batch.size));
          correctSum = tf.add(correctSum, correct);
        }
        return tf.stack([lossSum, correctSum]);
      });
      const [lossSum, correctSum] = (await totals.data()) as Float32Array;
      totals.dispose();
      results.push({ loss: (lossSum as number) / data.dataset.count, accuracy: (100 * (correctSum as number)) / data.dataset.count });
      options.onModelDone?.(model + 1);
    }
    return results;
  } finally {
    for (const batch of batches) tf.dispose([batch.images, batch.labels]);
  }
}
