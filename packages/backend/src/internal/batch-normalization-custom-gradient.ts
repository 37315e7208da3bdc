/**
 * The custom-gradient plumbing shared by the two batch-normalisation formulations (by ops,
 * by the fused wasm kernels): unpacking x, scale and offset, keeping the batch statistics, and
 * handing them to the caller's scope.
 */
import * as tf from '@tensorflow/tfjs-core';

/** The output and the batch statistics of one batch normalisation (all owned by the caller). */
export interface NormalizedBatch {
  readonly output: tf.Tensor;
  readonly mean: tf.Tensor1D;
  readonly variance: tf.Tensor1D;
}

/** What a formulation computes inside the custom gradient. */
export interface NormalizationPass {
  readonly value: tf.Tensor;
  readonly mean: tf.Tensor1D;
  readonly variance: tf.Tensor1D;
  /** The gradients w.r.t. x, then scale and offset where they were given. */
  readonly gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor[];
}

/** One formulation: the forward pass (which saves what its gradient needs) and its gradient. */
export type NormalizationFormula = (
  input: tf.Tensor,
  scale: tf.Tensor | undefined,
  offset: tf.Tensor | undefined,
  save: tf.GradSaveFunc,
) => NormalizationPass;

/** Runs `formula` on x (and scale, offset) inside `tf.customGrad`, and returns the output and the statistics. */
export function normalizeWithCustomGradient(
  x: tf.Tensor,
  scale: tf.Tensor | undefined,
  offset: tf.Tensor | undefined,
  formula: NormalizationFormula,
): NormalizedBatch {
  let keptMean: tf.Tensor1D | undefined;
  let keptVariance: tf.Tensor1D | undefined;
  const normalize = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const gamma = scale === undefined ? undefined : (args[1] as tf.Tensor);
    const beta = offset === undefined ? undefined : (args[scale === undefined ? 1 : 2] as tf.Tensor);
    const { value, mean, variance, gradFunc } = formula(args[0] as tf.Tensor, gamma, beta, save);
    keptMean = tf.keep(mean);
    keptVariance = tf.keep(variance);
    return { value, gradFunc };
  });
  const inputs: tf.Tensor[] = [x];
  if (scale !== undefined) inputs.push(scale);
  if (offset !== undefined) inputs.push(offset);
  const output = normalize(...inputs);
  try {
    // Move the kept statistics into the caller's scope (clones share the data).
    return { output, mean: tf.clone(keptMean as tf.Tensor1D), variance: tf.clone(keptVariance as tf.Tensor1D) };
  } finally {
    keptMean?.dispose();
    keptVariance?.dispose();
  }
}
