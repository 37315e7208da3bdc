/** Scores several models on the same evaluation data (batched in order, no augmentation). */
import type { Architecture, Evaluation } from '@fewshot/core';
import { iterateBatches } from '@fewshot/datasets';
import { batchToTensors, crossEntropy, type EvaluationData } from '@fewshot/trainers';
import * as tf from '@tensorflow/tfjs-core';

export async function scoreArchitectures(options: {
  readonly architectures: readonly Architecture[];
  readonly data: EvaluationData;
  readonly forward: (images: tf.Tensor4D, architecture: Architecture) => tf.Tensor2D;
}): Promise<Evaluation[]> {
  const { data, architectures } = options;
  const batches = [
    ...iterateBatches({
      dataset: data.dataset,
      batchSize: data.batchSize ?? 256,
      ...(data.normalization === undefined ? {} : { normalization: data.normalization }),
    }),
  ].map((batch) => ({ ...batchToTensors(batch), size: batch.size }));
  try {
    const evaluations: Evaluation[] = [];
    for (const architecture of architectures) {
      const totals = tf.tidy(() => {
        let lossSum: tf.Tensor = tf.scalar(0);
        let correctSum: tf.Tensor = tf.scalar(0);
        for (const batch of batches) {
          const { loss, correct } = crossEntropy({ logits: options.forward(batch.images, architecture), labels: batch.labels });
          lossSum = tf.add(lossSum, tf.mul(loss, batch.size));
          correctSum = tf.add(correctSum, correct);
        }
        return tf.stack([lossSum, correctSum]);
      });
      const [lossSum, correctSum] = (await totals.data()) as Float32Array;
      totals.dispose();
      evaluations.push({
        architecture,
        accuracy: (100 * (correctSum as number)) / data.dataset.count,
        loss: (lossSum as number) / data.dataset.count,
        cost: 0,
      });
    }
    return evaluations;
  } finally {
    for (const batch of batches) tf.dispose([batch.images, batch.labels]);
  }
}
