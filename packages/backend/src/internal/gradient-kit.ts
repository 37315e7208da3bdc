/**
 * Small helpers shared by the gradient definitions of this package.
 *
 * Everything here runs inside a gradient function, i.e. inside the engine's
 * own memory scope: intermediate tensors are freed by the engine.
 */
import * as tf from '@tensorflow/tfjs-core';

/** The gradient of one input: a thunk the engine calls when it needs it. */
export type GradientThunk = () => tf.Tensor;

/** Sums `gradient` over the axes that broadcasting added or stretched, then reshapes to `shape`. */
export function reduceToShape(gradient: tf.Tensor, shape: readonly number[]): tf.Tensor {
  const axes = tf.backend_util.getReductionAxes(shape as number[], gradient.shape);
  const reduced = axes.length > 0 ? tf.sum(gradient, axes) : gradient;
  return tf.reshape(reduced, shape as number[]);
}

/** Multiplies `value` by ones of `shape`: a broadcast that never uses the (slow on wasm) Tile kernel. */
export function broadcastWithoutTile(value: tf.Tensor, shape: readonly number[]): tf.Tensor {
  if (tf.util.arraysEqual(value.shape, shape as number[])) return value;
  return tf.mul(value, tf.ones(shape as number[], value.dtype === 'int32' ? 'int32' : 'float32'));
}

/** A float32 view of `tensor` (gradients are always float32). */
export function asFloat(tensor: tf.Tensor): tf.Tensor {
  return tensor.dtype === 'float32' ? tensor : tf.cast(tensor, 'float32');
}

/** The first tensor of `dy`, for kernels with one output. */
export function singleGradient(dy: tf.Tensor | tf.Tensor[]): tf.Tensor {
  if (Array.isArray(dy)) {
    const first = dy[0];
    if (first === undefined) throw new Error('@fewshot/backend: a gradient function received no output gradient');
    return first;
  }
  return dy;
}

/** The i-th saved tensor, checked. */
export function savedTensor(saved: tf.Tensor[], index: number, kernelName: string): tf.Tensor {
  const tensor = saved[index];
  if (tensor === undefined) {
    throw new Error(`@fewshot/backend: the ${kernelName} gradient expected saved tensor #${index}`);
  }
  return tensor;
}

/** Axis list of a reduction attribute (`null`/`undefined` = all axes; negatives allowed). */
export function reductionAxes(axis: unknown, shape: readonly number[]): number[] {
  const value = axis === undefined || axis === null ? null : (axis as number | number[]);
  return tf.util.parseAxisParam(value as number | number[], shape as number[]);
}

/** `shape` with every axis in `axes` set to 1 (the keepDims shape of a reduction). */
export function keptDimensionsShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((size, axis) => (axes.includes(axis) ? 1 : size));
}

/** A pair from a `number | [number, number]` attribute. */
export function pairOf(value: unknown): [number, number] {
  if (typeof value === 'number') return [value, value];
  const pair = value as readonly number[];
  return [pair[0] ?? 1, pair[1] ?? pair[0] ?? 1];
}
