/**
 * Gradients of 2-D convolutions (regular and depthwise, NHWC) computed with
 * forward operations only: `conv2d`, `depthwiseConv2d`, `matMul`, `transpose`,
 * `reverse`, `pad`, `slice`.
 *
 * They exist because tfjs-backend-wasm 4.22 has no `Conv2DBackpropFilter`,
 * `DepthwiseConv2dNativeBackpropFilter` or `DepthwiseConv2dNativeBackpropInput`
 * kernel, and its `Conv2DBackpropInput` kernel is a plain loop that runs 5-9
 * times slower than a forward convolution of the same size (XNNPACK).
 *
 * Notation: x [B, H, W, Ci], filter [kh, kw, Ci, Co] (depthwise: [kh, kw, C, m]),
 * dy [B, Ho, Wo, Co]; s = stride, d = dilation; `top`/`left` = the padding
 * TensorFlow.js puts before the first row/column.
 *
 * Filter gradient: dF[i, j, ci, co] = sum over b, y, x of
 * xPadded[b, y*s + i*d, x*s + j*d, ci] * dy[b, y, x, co], which is itself a
 * convolution: the input is x with batch and channels swapped
 * ([Ci, H, W, B]), the "filter" is dy ([Ho, Wo, B, Co]) applied with
 * dilation s, and the output ([Ci, kh, kw, Co]) is taken with stride d.
 *
 * On wasm, the filter gradient of a dilation-1 convolution whose output channels suit it
 * runs as one WebAssembly SIMD kernel instead (wasm-convolution-filter-gradient.ts), input
 * channels padded with zeros to a multiple of 4 where needed.
 *
 * Input gradient: dx = a stride-1 convolution of dy (with s - 1 zeros inserted
 * between its rows and columns when s > 1) with the spatially flipped filter
 * whose in/out channels are swapped, dilated by d, with the padding chosen so
 * that the result has H x W positions.
 */
import * as tf from '@tensorflow/tfjs-core';
import { matrixProduct } from './fast-paths.js';
import { filterGradientByKernel, fusedFilterGradientApplies } from './wasm-convolution-filter-gradient.js';
import { flippedFilter, flippedFilterKernelApplies } from './wasm-flipped-filter.js';

/** Padding before/after along height and width, as computed by TensorFlow.js. */
export interface SpatialPadding {
  readonly top: number;
  readonly left: number;
}

/** Geometry of a convolution (strides, dilations, padding). */
export interface ConvolutionGeometry {
  readonly strides: readonly [number, number];
  readonly dilations: readonly [number, number];
  readonly padding: SpatialPadding;
}

type Shape4 = [number, number, number, number];
type ExplicitPadding = [[number, number], [number, number], [number, number], [number, number]];

/**
 * Removes negative padding by cropping `x` (NHWC) and returns the cropped tensor
 * with the remaining non-negative explicit padding.
 */
function cropNegativePadding(
  x: tf.Tensor4D,
  heightPadding: [number, number],
  widthPadding: [number, number],
): { readonly cropped: tf.Tensor4D; readonly padding: ExplicitPadding } {
  const [batch, height, width, channels] = x.shape;
  const cropTop = Math.max(0, -heightPadding[0]);
  const cropBottom = Math.max(0, -heightPadding[1]);
  const cropLeft = Math.max(0, -widthPadding[0]);
  const cropRight = Math.max(0, -widthPadding[1]);
  const cropped =
    cropTop + cropBottom + cropLeft + cropRight === 0
      ? x
      : tf.slice(
          x,
          [0, cropTop, cropLeft, 0],
          [batch, height - cropTop - cropBottom, width - cropLeft - cropRight, channels],
        );
  return {
    cropped,
    padding: [
      [0, 0],
      [Math.max(0, heightPadding[0]), Math.max(0, heightPadding[1])],
      [Math.max(0, widthPadding[0]), Math.max(0, widthPadding[1])],
      [0, 0],
    ],
  };
}

/** Inserts `stride - 1` zeros after every row/column of `dy` (NHWC); the result has Ho*sh x Wo*sw positions. */
function insertZeros(dy: tf.Tensor4D, strides: readonly [number, number]): tf.Tensor4D {
  const [strideHeight, strideWidth] = strides;
  if (strideHeight === 1 && strideWidth === 1) return dy;
  const [batch, height, width, channels] = dy.shape;
  const spread = tf.pad(tf.reshape(dy, [batch, height, 1, width, 1, channels]), [
    [0, 0],
    [0, 0],
    [0, strideHeight - 1],
    [0, 0],
    [0, strideWidth - 1],
    [0, 0],
  ]);
  return tf.reshape(spread, [batch, height * strideHeight, width * strideWidth, channels]);
}

/** Rows [0, (k-1)*d] of `filterGradient` sampled every d (when both strides and dilations exceed 1). */
function sampleEvery(tensor: tf.Tensor4D, dilations: readonly [number, number]): tf.Tensor4D {
  if (dilations[0] === 1 && dilations[1] === 1) return tensor;
  return tf.stridedSlice(tensor, [0, 0, 0, 0], tensor.shape, [1, dilations[0], dilations[1], 1]) as tf.Tensor4D;
}

/**
 * x padded (or cropped) so that exactly the rows and columns a convolution with
 * this geometry reads are present: (Ho-1)*s + (k-1)*d + 1 of them.
 */
function padForFilterGradient(
  x: tf.Tensor4D,
  outputSize: readonly [number, number],
  kernelSize: readonly [number, number],
  geometry: ConvolutionGeometry,
): { readonly cropped: tf.Tensor4D; readonly padding: ExplicitPadding } {
  const [, height, width] = x.shape;
  const neededHeight = (outputSize[0] - 1) * geometry.strides[0] + (kernelSize[0] - 1) * geometry.dilations[0] + 1;
  const neededWidth = (outputSize[1] - 1) * geometry.strides[1] + (kernelSize[1] - 1) * geometry.dilations[1] + 1;
  const { top, left } = geometry.padding;
  return cropNegativePadding(x, [top, neededHeight - height - top], [left, neededWidth - width - left]);
}

/** Gradient of a regular convolution with respect to its filter, from x and dy. */
export function convolutionFilterGradient(options: {
  readonly x: tf.Tensor4D;
  readonly dy: tf.Tensor4D;
  readonly filterShape: Shape4;
  readonly geometry: ConvolutionGeometry;
}): tf.Tensor4D {
  const { x, dy, filterShape, geometry } = options;
  const [kernelHeight, kernelWidth, inChannels, outChannels] = filterShape;
  const [, outHeight, outWidth] = dy.shape;
  const { strides, dilations } = geometry;
  if (dilations[0] === 1 && dilations[1] === 1) {
    const { top, left } = geometry.padding;
    if (fusedFilterGradientApplies(x, dy)) return filterGradientByKernel(x, dy, filterShape, top, left, strides);
    const missing = (4 - (inChannels % 4)) % 4;
    if (missing > 0) {
      // Input channels not in 4s (an RGB stem): zero channels up to the next multiple of 4 for
      // the fused kernel, and drop their gradients.
      const paddedShape: Shape4 = [kernelHeight, kernelWidth, inChannels + missing, outChannels];
      const gradient = tf.tidy(() => {
        const padded = tf.pad(x, [[0, 0], [0, 0], [0, 0], [0, missing]]);
        if (!fusedFilterGradientApplies(padded, dy)) return undefined;
        return tf.slice(filterGradientByKernel(padded, dy, paddedShape, top, left, strides), [0, 0, 0, 0], [...filterShape]);
      });
      if (gradient !== undefined) return gradient;
    }
  }
  const { cropped, padding } = padForFilterGradient(x, [outHeight, outWidth], [kernelHeight, kernelWidth], geometry);
  if (kernelHeight === 1 && kernelWidth === 1) {
    const padded = tf.pad(cropped, padding);
    const sampled =
      strides[0] === 1 && strides[1] === 1
        ? padded
        : tf.stridedSlice(padded, [0, 0, 0, 0], padded.shape, [1, strides[0], strides[1], 1]);
    const product = matrixProduct(tf.reshape(sampled, [-1, inChannels]), tf.reshape(dy, [-1, outChannels]), true, false);
    return tf.reshape(product, filterShape);
  }
  const swapped = tf.transpose(cropped, [3, 1, 2, 0]) as tf.Tensor4D; // [Ci, H, W, B]
  const dyAsFilter = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D; // [Ho, Wo, B, Co]
  const dilationsAreOne = dilations[0] === 1 && dilations[1] === 1;
  const stridesAreOne = strides[0] === 1 && strides[1] === 1;
  let result: tf.Tensor4D;
  if (dilationsAreOne) {
    result = tf.conv2d(swapped, dyAsFilter, 1, padding, 'NHWC', [strides[0], strides[1]]);
  } else if (stridesAreOne) {
    result = tf.conv2d(swapped, dyAsFilter, [dilations[0], dilations[1]], padding, 'NHWC', 1);
  } else {
    result = sampleEvery(tf.conv2d(swapped, dyAsFilter, 1, padding, 'NHWC', [strides[0], strides[1]]), dilations);
  }
  return tf.transpose(result, [1, 2, 0, 3]) as tf.Tensor4D; // [kh, kw, Ci, Co]
}

/** Gradient of a depthwise convolution with respect to its filter, from x and dy. */
export function depthwiseFilterGradient(options: {
  readonly x: tf.Tensor4D;
  readonly dy: tf.Tensor4D;
  readonly filterShape: Shape4;
  readonly geometry: ConvolutionGeometry;
}): tf.Tensor4D {
  const { x, dy, filterShape, geometry } = options;
  const [kernelHeight, kernelWidth, channels, multiplier] = filterShape;
  const [batch, outHeight, outWidth] = dy.shape;
  const { cropped, padding } = padForFilterGradient(x, [outHeight, outWidth], [kernelHeight, kernelWidth], geometry);
  const [, croppedHeight, croppedWidth] = cropped.shape;
  // One "channel" per (c, b) pair: [1, H, W, C*B]; dy as a depthwise filter [Ho, Wo, C*B, m].
  const pairs = tf.reshape(tf.transpose(cropped, [1, 2, 3, 0]), [1, croppedHeight, croppedWidth, channels * batch]);
  const dyAsFilter = tf.reshape(
    tf.transpose(tf.reshape(dy, [batch, outHeight, outWidth, channels, multiplier]), [1, 2, 3, 0, 4]),
    [outHeight, outWidth, channels * batch, multiplier],
  );
  const { strides, dilations } = geometry;
  const dilationsAreOne = dilations[0] === 1 && dilations[1] === 1;
  const stridesAreOne = strides[0] === 1 && strides[1] === 1;
  let result: tf.Tensor4D;
  if (dilationsAreOne) {
    result = tf.depthwiseConv2d(pairs as tf.Tensor4D, dyAsFilter as tf.Tensor4D, 1, padding, 'NHWC', [
      strides[0],
      strides[1],
    ]);
  } else if (stridesAreOne) {
    result = tf.depthwiseConv2d(
      pairs as tf.Tensor4D,
      dyAsFilter as tf.Tensor4D,
      [dilations[0], dilations[1]],
      padding,
      'NHWC',
      1,
    );
  } else {
    result = sampleEvery(
      tf.depthwiseConv2d(pairs as tf.Tensor4D, dyAsFilter as tf.Tensor4D, 1, padding, 'NHWC', [strides[0], strides[1]]),
      dilations,
    );
  }
  // [1, kh, kw, C*B*m] -> [kh, kw, C, B, m] -> sum over B.
  return tf.sum(tf.reshape(result, [kernelHeight, kernelWidth, channels, batch, multiplier]), 3) as tf.Tensor4D;
}

/** Padding of the stride-1 convolution that computes an input gradient. */
function inputGradientPadding(
  inputSize: readonly [number, number],
  spreadSize: readonly [number, number],
  kernelSize: readonly [number, number],
  geometry: ConvolutionGeometry,
): { heightPadding: [number, number]; widthPadding: [number, number] } {
  const effectiveHeight = (kernelSize[0] - 1) * geometry.dilations[0] + 1;
  const effectiveWidth = (kernelSize[1] - 1) * geometry.dilations[1] + 1;
  const top = effectiveHeight - 1 - geometry.padding.top;
  const left = effectiveWidth - 1 - geometry.padding.left;
  // spread + before + after - effective + 1 = input size
  const bottom = inputSize[0] - spreadSize[0] - top + effectiveHeight - 1;
  const right = inputSize[1] - spreadSize[1] - left + effectiveWidth - 1;
  return { heightPadding: [top, bottom], widthPadding: [left, right] };
}

/** Gradient of a regular convolution with respect to its input, from dy and the filter. */
export function convolutionInputGradient(options: {
  readonly dy: tf.Tensor4D;
  readonly filter: tf.Tensor4D;
  readonly inputShape: Shape4;
  readonly geometry: ConvolutionGeometry;
}): tf.Tensor4D {
  const { dy, filter, inputShape, geometry } = options;
  const [, height, width] = inputShape;
  const [kernelHeight, kernelWidth, inChannels, outChannels] = filter.shape;
  const { strides, dilations, padding } = geometry;
  const pointwise =
    kernelHeight === 1 &&
    kernelWidth === 1 &&
    strides[0] === 1 &&
    strides[1] === 1 &&
    padding.top === 0 &&
    padding.left === 0 &&
    dy.shape[1] === height &&
    dy.shape[2] === width;
  if (pointwise) {
    const rows = tf.reshape(dy, [-1, outChannels]);
    // dy . filterᵀ: on wasm the small filter is transposed by one kernel (flipping a 1x1 filter
    // only transposes it); elsewhere matMul's transpose flag does it without a copy.
    const product = flippedFilterKernelApplies(filter)
      ? tf.matMul(rows, tf.reshape(flippedFilter(filter), [outChannels, inChannels]))
      : matrixProduct(rows, tf.reshape(filter, [inChannels, outChannels]), false, true);
    return tf.reshape(product, inputShape);
  }
  const spread = insertZeros(dy, strides);
  const { heightPadding, widthPadding } = inputGradientPadding(
    [height, width],
    [spread.shape[1], spread.shape[2]],
    [kernelHeight, kernelWidth],
    geometry,
  );
  const { cropped, padding: explicit } = cropNegativePadding(spread, heightPadding, widthPadding);
  const flipped = flippedFilter(filter); // [kh, kw, Co, Ci]
  return tf.conv2d(cropped, flipped, 1, explicit, 'NHWC', [dilations[0], dilations[1]]);
}

/** Gradient of a depthwise convolution with respect to its input, from dy and the filter. */
export function depthwiseInputGradient(options: {
  readonly dy: tf.Tensor4D;
  readonly filter: tf.Tensor4D;
  readonly inputShape: Shape4;
  readonly geometry: ConvolutionGeometry;
}): tf.Tensor4D {
  const { dy, filter, inputShape, geometry } = options;
  const [batch, height, width, channels] = inputShape;
  const [kernelHeight, kernelWidth, , multiplier] = filter.shape;
  const spread = insertZeros(dy, geometry.strides);
  const { heightPadding, widthPadding } = inputGradientPadding(
    [height, width],
    [spread.shape[1], spread.shape[2]],
    [kernelHeight, kernelWidth],
    geometry,
  );
  const { cropped, padding: explicit } = cropNegativePadding(spread, heightPadding, widthPadding);
  const flipped = tf.reshape(tf.reverse(filter, [0, 1]), [kernelHeight, kernelWidth, channels * multiplier, 1]);
  const perPair = tf.depthwiseConv2d(cropped, flipped as tf.Tensor4D, 1, explicit, 'NHWC', [
    geometry.dilations[0],
    geometry.dilations[1],
  ]);
  if (multiplier === 1) return perPair;
  return tf.sum(tf.reshape(perPair, [batch, height, width, channels, multiplier]), 4) as tf.Tensor4D;
}
