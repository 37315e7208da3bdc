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
export function crossEntropy(options: { readonly logits: tf.Tensor2D; readonly labels: tf.Tensor1D }): {
  readonly loss: tf.Scalar;
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
