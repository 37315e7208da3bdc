/**
 * Gradient of 2-D average pooling with forward ops.
 *
 * Why: the `AvgPoolGrad` kernels of TensorFlow.js 4.22 (cpu and wasm) divide
 * every window by the full filter size, while the forward `AvgPool` divides by
 * the number of values inside the input (padding is left out of the count): with
 * any padding ('same', numbers) the gradient is wrong at every position near a
 * border (checked against finite differences in network-gradients.test.ts). The
 * wasm kernel is also a plain loop, 20x slower than the forward `AvgPool` on
 * [64, 32, 32, 16] (52 ms against 2.5 ms).
 *
 * In general, avgPool(x) = depthwiseConv(x, ones) / count, where count (per
 * output) = conv(ones, ones) with the same geometry; the gradient is therefore
 * the input gradient of that depthwise convolution applied to dy / count.
 * Two common shapes have cheaper exact forms:
 *
 * Stride 1, 'same': TensorFlow.js leaves the padding out of the count, so output
 * p averages count(p) inputs, and the windows containing p are the window around
 * p. Hence dx = avgPool(dy / count) * count, with count(h, w) the number of valid
 * rows times valid columns around (h, w); on wasm one kernel of our own computes
 * that sum directly (wasm-average-pool-gradient.ts).
 * Stride k, 'valid', filter k: every input lies in at most one window, of k*k
 * values: dx = dy / (k*k) copied to its block; trailing rows/columns that no
 * window covers get zero.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap } from '@tensorflow/tfjs-core';
import { depthwiseInputGradient } from './convolution-by-forward-ops.js';
import { pairOf } from './gradient-kit.js';
import { averagePoolGradientByKernel } from './wasm-average-pool-gradient.js';

function validCounts(size: number, radius: number): number[] {
  return Array.from({ length: size }, (_unused, index) => Math.min(index + radius, size - 1) - Math.max(index - radius, 0) + 1);
}

/** The exact gradient of `tf.avgPool` (any filter, strides and padding; NHWC). */
export function averagePoolGradient(options: {
  readonly dy: tf.Tensor4D;
  readonly x: tf.Tensor4D;
  readonly attrs: NamedAttrMap;
}): tf.Tensor4D {
  const { dy, x, attrs } = options;
  const [filterHeight, filterWidth] = pairOf(attrs['filterSize']);
  const [strideHeight, strideWidth] = pairOf(attrs['strides']);
  const info = tf.backend_util.computePool2DInfo(
    x.shape,
    [filterHeight, filterWidth],
    [strideHeight, strideWidth],
    1,
    attrs['pad'] as 'valid' | 'same' | number,
    attrs['dimRoundingMode'] as 'floor' | 'round' | 'ceil' | undefined,
  );
  const [batch, height, width, channels] = x.shape;
  const { top, left, bottom, right } = info.padInfo;
  const symmetricSame =
    strideHeight === 1 &&
    strideWidth === 1 &&
    filterHeight % 2 === 1 &&
    filterWidth % 2 === 1 &&
    top === (filterHeight - 1) / 2 &&
    bottom === top &&
    left === (filterWidth - 1) / 2 &&
    right === left &&
    info.outHeight === height &&
    info.outWidth === width;
  if (symmetricSame) {
    const fused = averagePoolGradientByKernel(dy, top, left);
    if (fused !== undefined) return fused;
    const rows = validCounts(height, top);
    const columns = validCounts(width, left);
    const counts = new Float32Array(height * width);
    rows.forEach((rowCount, row) => {
      columns.forEach((columnCount, column) => {
        counts[row * width + column] = rowCount * columnCount;
      });
    });
    const count = tf.tensor4d(counts, [1, height, width, 1]);
    const pooled = tf.avgPool(tf.div(dy, count) as tf.Tensor4D, [filterHeight, filterWidth], 1, 'same');
    return tf.mul(pooled, count) as tf.Tensor4D;
  }
  const tiling =
    strideHeight === filterHeight &&
    strideWidth === filterWidth &&
    top === 0 &&
    left === 0 &&
    bottom === 0 &&
    right === 0;
  if (tiling) {
    const { outHeight, outWidth } = info;
    const spread = tf.mul(
      tf.reshape(tf.div(dy, filterHeight * filterWidth), [batch, outHeight, 1, outWidth, 1, channels]),
      tf.ones([1, 1, filterHeight, 1, filterWidth, 1]),
    );
    const blocks = tf.reshape(spread, [batch, outHeight * filterHeight, outWidth * filterWidth, channels]);
    const missingRows = height - outHeight * filterHeight;
    const missingColumns = width - outWidth * filterWidth;
    if (missingRows === 0 && missingColumns === 0) return blocks as tf.Tensor4D;
    return tf.pad(blocks, [
      [0, 0],
      [0, missingRows],
      [0, missingColumns],
      [0, 0],
    ]) as tf.Tensor4D;
  }
  const explicit: tf.backend_util.ExplicitPadding = [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
  const count = tf.conv2d(
    tf.ones([1, height, width, 1]) as tf.Tensor4D,
    tf.ones([filterHeight, filterWidth, 1, 1]) as tf.Tensor4D,
    [strideHeight, strideWidth],
    explicit,
  );
  return depthwiseInputGradient({
    dy: tf.div(dy, count) as tf.Tensor4D,
    filter: tf.ones([filterHeight, filterWidth, channels, 1]) as tf.Tensor4D,
    inputShape: x.shape,
    geometry: { strides: [strideHeight, strideWidth], dilations: [1, 1], padding: { top, left } },
  });
}
