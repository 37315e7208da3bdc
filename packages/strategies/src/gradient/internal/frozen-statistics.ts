/**
 * Runs a computation and then puts every non-trainable variable of a supernet (the BN running
 * statistics) back to its value before it: the architecture-side forward passes of a gradient
 * method (validation batches, unrolled and perturbed weights, candidate scoring in training mode)
 * must not move the statistics that evaluation uses. Only the weight steps update them.
 */
import type { Supernet } from '@fewshot/supernet';
import * as tf from '@tensorflow/tfjs-core';

export function withFrozenStatistics<T>(supernet: Supernet, compute: () => T): T {
  const frozen = [...supernet.namedVariables().values()].filter((variable) => !variable.trainable);
  const saved = frozen.map((variable) => tf.clone(variable));
  try {
    return compute();
  } finally {
    frozen.forEach((variable, index) => variable.assign(saved[index] as tf.Tensor));
    tf.dispose(saved);
  }
}

/** The async form: restores after the promise settles. */
export async function withFrozenStatisticsAsync<T>(supernet: Supernet, compute: () => Promise<T>): Promise<T> {
  const frozen = [...supernet.namedVariables().values()].filter((variable) => !variable.trainable);
  const saved = frozen.map((variable) => tf.clone(variable));
  try {
    return await compute();
  } finally {
    frozen.forEach((variable, index) => variable.assign(saved[index] as tf.Tensor));
    tf.dispose(saved);
  }
}
