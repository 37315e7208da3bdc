/** The tensor ops of the NAS-Bench-201 network, on NHWC tensors. Call inside `tf.tidy`. */
import * as tf from '@tensorflow/tfjs-core';

/**
 * A convolution with symmetric zero padding `(k - 1) / 2` on every side (PyTorch's
 * `padding=(k-1)//2`), no bias. With stride 2 this differs from TensorFlow's 'same'
 * padding, which pads only at the bottom and right for even sizes.
 */
export function convolution(x: tf.Tensor4D, kernel: tf.Tensor4D, stride: 1 | 2): tf.Tensor4D {
  const kernelSize = kernel.shape[0];
  const padding = (kernelSize - 1) / 2;
  return tf.conv2d(x, kernel, stride, padding === 0 ? 'valid' : padding);
}

/**
 * Average pooling 3x3, stride 1, padding 1, with padded positions NOT counted
 * (PyTorch `count_include_pad=False`): the mean over the in-image part of each window.
 *
 * Computed as zero padding + a 'valid' average pool (which divides by 9) rescaled by
 * 9 / (number of in-image positions). This avoids relying on how a backend treats 'same'
 * padding: TensorFlow.js's cpu kernel excludes padding in the forward pass but its gradient
 * divides by 9 everywhere, which would make the gradient disagree with the forward pass.
 */
export function averagePool3x3(x: tf.Tensor4D): tf.Tensor4D {
  const [, height, width] = x.shape;
  const padded = tf.pad(x, [
    [0, 0],
    [1, 1],
    [1, 1],
    [0, 0],
  ]);
  const pooled = tf.avgPool(padded, 3, 1, 'valid');
  return tf.mul(pooled, inverseCoverage(height, width)) as tf.Tensor4D;
}

/** 9 / (in-image positions of the 3x3 window at each output position), shape [1, H, W, 1]. */
function inverseCoverage(height: number, width: number): tf.Tensor4D {
  const values = new Float32Array(height * width);
  for (let row = 0; row < height; row += 1) {
    const rows = (row > 0 ? 1 : 0) + 1 + (row < height - 1 ? 1 : 0);
    for (let column = 0; column < width; column += 1) {
      const columns = (column > 0 ? 1 : 0) + 1 + (column < width - 1 ? 1 : 0);
      values[row * width + column] = 9 / (rows * columns);
    }
  }
  return tf.tensor4d(values, [1, height, width, 1]);
}

/** Average pooling 2x2, stride 2, no padding (the reduction block's shortcut). */
export function averagePool2x2(x: tf.Tensor4D): tf.Tensor4D {
  return tf.avgPool(x, 2, 2, 'valid');
}
