/** The loss / gradient / update building blocks every gradient method is made of. */
import { NumericalError } from '@fewshot/core';
import type { ImageBatch } from '@fewshot/datasets';
import { batchToTensors, crossEntropy, type SgdOptimizer } from '@fewshot/trainers';
import * as tf from '@tensorflow/tfjs-core';
import type { AdamOptimizer } from '../optimizer/adam-optimizer.js';

/** Logits of a batch of images; called inside `tf.variableGrads` / `tf.tidy`. */
export type Forward = (images: tf.Tensor4D) => tf.Tensor2D;

/** Loss and top-1 accuracy (percent) of one step. */
export interface StepMetrics {
  readonly loss: number;
  readonly accuracy: number;
}

function checkFinite(functionName: string, loss: number, what: string, argument: string): void {
  if (!Number.isFinite(loss)) {
    throw new NumericalError({
      functionName,
      argument,
      message: `the ${what} loss became ${loss}; lower the learning rate or enable gradient clipping`,
    });
  }
}

/**
 * Computes the cross-entropy of `forward` on `batch` and its gradients in `variables`, then hands
 * the gradients (only those that exist: variables on a dead path get none) to `apply`.
 */
export async function gradientStep(options: {
  readonly functionName: string;
  readonly what: 'weight' | 'architecture';
  readonly argument: string;
  readonly batch: ImageBatch;
  readonly forward: Forward;
  readonly variables: readonly tf.Variable[];
  readonly apply: (variables: tf.Variable[], gradients: tf.NamedTensorMap) => void;
}): Promise<StepMetrics> {
  const { batch, forward, variables } = options;
  const { images, labels } = batchToTensors(batch);
  let correct: tf.Scalar | undefined;
  let result: { value: tf.Scalar; grads: tf.NamedTensorMap } | undefined;
  try {
    result = tf.variableGrads(() => {
      const logits = forward(images);
      const scored = crossEntropy({ logits, labels });
      correct = tf.keep(scored.correct);
      return scored.loss;
    }, [...variables]);
    const loss = (await result.value.data())[0] as number;
    const correctCount = (await (correct as tf.Scalar).data())[0] as number;
    checkFinite(options.functionName, loss, options.what, options.argument);
    const grads = result.grads;
    options.apply(
      variables.filter((variable) => grads[variable.name] !== undefined),
      grads,
    );
    return { loss, accuracy: (100 * correctCount) / batch.size };
  } finally {
    tf.dispose([images, labels]);
    if (correct !== undefined) correct.dispose();
    if (result !== undefined) tf.dispose([result.value, ...Object.values(result.grads)]);
  }
}

/** An SGD update with a given learning rate, as `gradientStep`'s `apply`. */
export function sgdApply(optimizer: SgdOptimizer, learningRate: number) {
  return (variables: tf.Variable[], gradients: tf.NamedTensorMap): void => {
    optimizer.step({ variables, gradients, learningRate });
  };
}

/** An Adam update, as `gradientStep`'s `apply`. */
export function adamApply(optimizer: AdamOptimizer) {
  return (variables: tf.Variable[], gradients: tf.NamedTensorMap): void => {
    optimizer.step({ variables, gradients });
  };
}

/** Loss and top-1 accuracy (percent) of `forward` on one batch, without gradients. */
export async function scoreBatch(options: { readonly batch: ImageBatch; readonly forward: Forward }): Promise<StepMetrics> {
  const { images, labels } = batchToTensors(options.batch);
  try {
    const scores = tf.tidy(() => {
      const { loss, correct } = crossEntropy({ logits: options.forward(images), labels });
      return tf.stack([loss, correct]);
    });
    const [loss, correct] = (await scores.data()) as Float32Array;
    scores.dispose();
    return { loss: loss as number, accuracy: (100 * (correct as number)) / options.batch.size };
  } finally {
    tf.dispose([images, labels]);
  }
}

/** The index of the highest score; the first one on a tie. */
export function argmaxIndex(values: readonly number[]): number {
  let best = 0;
  values.forEach((value, index) => {
    if (value > (values[best] as number)) best = index;
  });
  return best;
}
