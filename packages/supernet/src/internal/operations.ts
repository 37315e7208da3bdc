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
 * TensorFlow.js's `avgPool` with 'same' padding averages exactly this way on every backend
 * (cpu, wasm/XNNPACK, tfjs-node), and `@fewshot/backend` registers an exact gradient for it
 * (TensorFlow.js 4.22's own `AvgPoolGrad` divides by 9 everywhere). One kernel instead of
 * padding, a 'valid' pool and a rescaling, whose gradient needed a slow slice on wasm
 * (measured: docs/results/speed.md).
 */
export function averagePool3x3(x: tf.Tensor4D): tf.Tensor4D {
  return tf.avgPool(x, 3, 1, 'same');
}

/** Average pooling 2x2, stride 2, no padding (the reduction block's shortcut). */
export function averagePool2x2(x: tf.Tensor4D): tf.Tensor4D {
  return tf.avgPool(x, 2, 2, 'valid');
}
