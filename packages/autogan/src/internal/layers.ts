/** Layer math shared by the generator, the discriminator and the classifiers (NHWC). */
import * as tf from '@tensorflow/tfjs-core';
import type { AutoGanUpsampling } from '../space/autogan-space.js';

/** A stride-1 convolution with 'same' padding plus bias; kernel [k, k, in, out]. */
export function convolution(x: tf.Tensor4D, kernel: tf.Tensor, bias: tf.Tensor | undefined): tf.Tensor4D {
  const convolved = tf.conv2d(x, kernel as tf.Tensor4D, 1, 'same');
  return bias === undefined ? convolved : tf.add(convolved, bias);
}

/**
 * PyTorch's ConvTranspose2d(kernel 2, stride 2): every input pixel becomes a 2x2 block,
 * `out[2i + a, 2j + b, o] = sum_c x[i, j, c] * kernel[c, a, b, o] + bias[o]`.
 * Computed as one matrix product and a depth-to-space reshuffle; kernel [in, 2, 2, out].
 */
export function transposedConvolution2x2(x: tf.Tensor4D, kernel: tf.Tensor, bias: tf.Tensor): tf.Tensor4D {
  const [batch, height, width, inChannels] = x.shape;
  const outChannels = kernel.shape[3] as number;
  const flat = tf.reshape(x, [batch * height * width, inChannels]);
  const product = tf.matMul(flat, tf.reshape(kernel, [inChannels, 4 * outChannels]));
  const blocks = tf.reshape(product, [batch, height, width, 2, 2, outChannels]);
  const arranged = tf.transpose(blocks, [0, 1, 3, 2, 4, 5]);
  return tf.add(tf.reshape(arranged, [batch, height * 2, width * 2, outChannels]), bias) as tf.Tensor4D;
}

/** Resizes with PyTorch's `F.interpolate` semantics: bilinear with half-pixel centres, or nearest (floor). */
export function interpolate(x: tf.Tensor4D, mode: Exclude<AutoGanUpsampling, 'deconvolution'>, size: readonly [number, number]): tf.Tensor4D {
  if (mode === 'bilinear') return tf.image.resizeBilinear(x, [size[0], size[1]], false, true);
  return tf.image.resizeNearestNeighbor(x, [size[0], size[1]], false, false);
}

/** Instance normalisation without affine parameters (PyTorch's InstanceNorm2d defaults), epsilon 1e-5. */
export function instanceNormalization(x: tf.Tensor4D): tf.Tensor4D {
  const { mean, variance } = tf.moments(x, [1, 2], true);
  return tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))) as tf.Tensor4D;
}

/** 2x2 average pooling, stride 2. */
export function averagePool2x2(x: tf.Tensor4D): tf.Tensor4D {
  return tf.avgPool(x, 2, 2, 'valid');
}
