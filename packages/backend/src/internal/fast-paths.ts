/**
 * Formulations that are much faster on tfjs-backend-wasm 4.22 than the
 * obvious op, measured in bench/ (minimum of 15 runs, [65536, 16] float32):
 *
 * - `matMul(a, b, transposeA, transposeB)` with a transpose flag falls off
 *   XNNPACK's fast path: xT.dy took 12.6 ms and dy.WT 28 ms, against 4.5 ms for
 *   an explicit `transpose` followed by a plain `matMul` and 1.8 ms when the
 *   transposed operand is a small weight matrix;
 * - `sum(x, [0, 1, 2])` over all but the channel axis took 2.2 ms on
 *   [64, 32, 32, 16] (the reduction transposes its input) and
 *   `matMul(ones[1, N], x[N, C])` 3.8 ms, against 0.5 ms for one average pooling
 *   window covering everything (XNNPACK's pooling is vectorised over channels).
 *
 * On other backends these helpers use the plain ops.
 */
import * as tf from '@tensorflow/tfjs-core';

function onWasm(): boolean {
  return tf.getBackend() === 'wasm';
}

/** `tf.matMul(a, b, transposeA, transposeB)`; on wasm with the transposes done explicitly. */
export function matrixProduct(a: tf.Tensor, b: tf.Tensor, transposeA: boolean, transposeB: boolean): tf.Tensor {
  if (!onWasm() || (!transposeA && !transposeB)) return tf.matMul(a, b, transposeA, transposeB);
  const swapLastTwo = (tensor: tf.Tensor): tf.Tensor => {
    const permutation = tensor.shape.map((_extent, axis) => axis);
    const last = permutation.length - 1;
    [permutation[last - 1], permutation[last]] = [last, last - 1];
    return tf.transpose(tensor, permutation);
  };
  return tf.matMul(transposeA ? swapLastTwo(a) : a, transposeB ? swapLastTwo(b) : b);
}

/** Sums over every axis but the last: `[..., C]` -> `[C]`. */
export function channelSums(x: tf.Tensor): tf.Tensor1D {
  const channels = x.shape[x.rank - 1] ?? 1;
  if (!onWasm()) {
    const axes = Array.from({ length: x.rank - 1 }, (_unused, axis) => axis);
    return tf.sum(x, axes) as tf.Tensor1D;
  }
  const rows = x.size / channels;
  const width = x.rank >= 3 ? (x.shape[x.rank - 2] ?? 1) : 1;
  const image = tf.reshape(x, [1, rows / width, width, channels]) as tf.Tensor4D;
  const average = tf.avgPool(image, [rows / width, width], 1, 'valid');
  return tf.reshape(tf.mul(average, rows), [channels]);
}
