import * as tf from '@tensorflow/tfjs-core';

/**
 * Mean softmax cross-entropy of `logits` against integer `labels`, plus the number of correct
 * top-1 predictions (a scalar). The caller owns both tensors.
 *
 * @example
 * ```ts
 * const { loss, correct } = crossEntropy({ logits, labels });
 * ```
 */
export function crossEntropy(options: {
  /** `[batch, classes]` unnormalised scores (before softmax). Not disposed. */
  readonly logits: tf.Tensor2D;
  /** `[batch]` int32 class indices in `[0, classes)`. Not disposed. */
  readonly labels: tf.Tensor1D;
}): {
  /** Scalar mean softmax cross-entropy over the batch (natural log). */
  readonly loss: tf.Scalar;
  /** Scalar float32 count of examples whose arg-max logit equals the label. */
  readonly correct: tf.Scalar;
} {
  const { logits, labels } = options;
  return tf.tidy(() => {
    const classes = logits.shape[1];
    const logProbabilities = tf.logSoftmax(logits);
    const oneHot = tf.oneHot(labels, classes);
    const loss = tf.neg(tf.mean(tf.sum(tf.mul(oneHot, logProbabilities), 1))) as tf.Scalar;
    const correct = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32')) as tf.Scalar;
    return { loss, correct };
  });
}
