/**
 * Gradients of Conv2D, Conv2DBackpropInput (transposed convolution) and
 * DepthwiseConv2dNative that work on every backend.
 *
 * On a backend that has fast backprop kernels (tfjs-node, cpu) they call those
 * kernels, like TensorFlow.js's own gradients. On wasm, which lacks some of the
 * kernels and whose `Conv2DBackpropInput` is slow, and on any backend that
 * lacks a kernel, they use the forward-op formulations of
 * `internal/convolution-by-forward-ops.ts`. Dilated convolutions, which
 * TensorFlow.js's own gradients reject, always use the forward-op formulations.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, NamedAttrMap } from '@tensorflow/tfjs-core';
import {
  type ConvolutionGeometry,
  convolutionFilterGradient,
  convolutionInputGradient,
  depthwiseFilterGradient,
  depthwiseInputGradient,
} from '../internal/convolution-by-forward-ops.js';
import { pairOf, savedTensor, singleGradient } from '../internal/gradient-kit.js';

type Shape4 = [number, number, number, number];
type PadAttribute = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
type RoundingMode = 'floor' | 'round' | 'ceil' | undefined;

/**
 * Whether the forward-op formulation should replace the kernel `kernelName` on the
 * active backend: always on wasm (missing or slow kernels), and wherever the
 * kernel is not registered.
 */
export function prefersForwardOps(kernelName: string): boolean {
  const backendName = tf.getBackend();
  return backendName === 'wasm' || tf.getKernel(kernelName, backendName) === undefined;
}

function geometryOf(info: tf.backend_util.Conv2DInfo): ConvolutionGeometry {
  return {
    strides: [info.strideHeight, info.strideWidth],
    dilations: [info.dilationHeight, info.dilationWidth],
    padding: { top: info.padInfo.top, left: info.padInfo.left },
  };
}

function assertChannelsLast(dataFormat: unknown, kernelName: string): void {
  if (dataFormat !== undefined && dataFormat !== 'NHWC') {
    throw new Error(
      `@fewshot/backend: the ${kernelName} gradient supports only dataFormat 'NHWC' (got '${String(dataFormat)}')`,
    );
  }
}

/** NCHW -> NHWC. */
function channelsLast(tensor: tf.Tensor4D): tf.Tensor4D {
  return tf.transpose(tensor, [0, 2, 3, 1]);
}

/** NHWC -> NCHW. */
function channelsFirst(tensor: tf.Tensor4D): tf.Tensor4D {
  return tf.transpose(tensor, [0, 3, 1, 2]);
}

/** Gradient of `tf.conv2d` (NHWC or NCHW). */
export const conv2dGradientConfig: GradConfig = {
  kernelName: tf.Conv2D,
  inputsToSave: ['x', 'filter'],
  gradFunc: (dyOrList: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: NamedAttrMap) => {
    const dy = singleGradient(dyOrList) as tf.Tensor4D;
    const x = savedTensor(saved, 0, tf.Conv2D) as tf.Tensor4D;
    const filter = savedTensor(saved, 1, tf.Conv2D) as tf.Tensor4D;
    const dataFormat = attrs['dataFormat'] === 'NCHW' ? 'NCHW' : 'NHWC';
    const isChannelsFirst = dataFormat === 'NCHW';
    const strides = pairOf(attrs['strides']);
    const dilations = pairOf(attrs['dilations'] ?? 1);
    const pad = attrs['pad'] as PadAttribute;
    const dimRoundingMode = attrs['dimRoundingMode'] as RoundingMode;
    const lastShape: Shape4 = isChannelsFirst ? [x.shape[0], x.shape[2], x.shape[3], x.shape[1]] : x.shape;
    const info = tf.backend_util.computeConv2DInfo(lastShape, filter.shape, strides, dilations, pad, dimRoundingMode);
    const geometry = geometryOf(info);
    const dilated = dilations[0] !== 1 || dilations[1] !== 1;
    const dyLast = (): tf.Tensor4D => (isChannelsFirst ? channelsLast(dy) : dy);
    const xLast = (): tf.Tensor4D => (isChannelsFirst ? channelsLast(x) : x);
    return {
      x: () => {
        if (dilated || prefersForwardOps(tf.Conv2DBackpropInput)) {
          const dx = convolutionInputGradient({ dy: dyLast(), filter, inputShape: lastShape, geometry });
          return isChannelsFirst ? channelsFirst(dx) : dx;
        }
        return tf.engine().runKernel(
          tf.Conv2DBackpropInput,
          { dy, filter },
          { strides, pad, dataFormat, dimRoundingMode, inputShape: x.shape } as unknown as NamedAttrMap,
        );
      },
      filter: () =>
        dilated || prefersForwardOps(tf.Conv2DBackpropFilter)
          ? convolutionFilterGradient({ x: xLast(), dy: dyLast(), filterShape: filter.shape, geometry })
          : tf.engine().runKernel(
              tf.Conv2DBackpropFilter,
              { x, dy },
              { strides, pad, dataFormat, dimRoundingMode, filterShape: filter.shape } as unknown as NamedAttrMap,
            ),
    };
  },
};

/** Gradient of `tf.conv2dTranspose` (the Conv2DBackpropInput kernel used as an op; always NHWC there). */
export const conv2dTransposeGradientConfig: GradConfig = {
  kernelName: tf.Conv2DBackpropInput,
  inputsToSave: ['dy', 'filter'],
  gradFunc: (upstreamOrList: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: NamedAttrMap) => {
    // The op maps `dy` (here: its input) to an image; `upstream` is the gradient of that image.
    const upstream = singleGradient(upstreamOrList) as tf.Tensor4D;
    const input = savedTensor(saved, 0, tf.Conv2DBackpropInput) as tf.Tensor4D;
    const filter = savedTensor(saved, 1, tf.Conv2DBackpropInput) as tf.Tensor4D;
    assertChannelsLast(attrs['dataFormat'], tf.Conv2DBackpropInput);
    const strides = pairOf(attrs['strides']);
    const pad = attrs['pad'] as PadAttribute;
    const dimRoundingMode = attrs['dimRoundingMode'] as RoundingMode;
    const info = tf.backend_util.computeConv2DInfo(upstream.shape, filter.shape, strides, 1, pad, dimRoundingMode);
    return {
      dy: () => tf.conv2d(upstream, filter, strides, pad, 'NHWC', 1, dimRoundingMode),
      filter: () =>
        prefersForwardOps(tf.Conv2DBackpropFilter)
          ? convolutionFilterGradient({ x: upstream, dy: input, filterShape: filter.shape, geometry: geometryOf(info) })
          : tf.engine().runKernel(
              tf.Conv2DBackpropFilter,
              { x: upstream, dy: input },
              { strides, pad, dataFormat: 'NHWC', dimRoundingMode, filterShape: filter.shape } as unknown as NamedAttrMap,
            ),
    };
  },
};

/** Gradient of `tf.depthwiseConv2d`. */
export const depthwiseConv2dGradientConfig: GradConfig = {
  kernelName: tf.DepthwiseConv2dNative,
  inputsToSave: ['x', 'filter'],
  gradFunc: (dyOrList: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: NamedAttrMap) => {
    const dy = singleGradient(dyOrList) as tf.Tensor4D;
    const x = savedTensor(saved, 0, tf.DepthwiseConv2dNative) as tf.Tensor4D;
    const filter = savedTensor(saved, 1, tf.DepthwiseConv2dNative) as tf.Tensor4D;
    // The depthwise kernels of TensorFlow.js 4.22 treat every input as NHWC, whatever dataFormat says.
    const strides = pairOf(attrs['strides']);
    const dilations = pairOf(attrs['dilations'] ?? 1);
    const pad = attrs['pad'] as PadAttribute;
    const dimRoundingMode = attrs['dimRoundingMode'] as RoundingMode;
    const info = tf.backend_util.computeConv2DInfo(
      x.shape,
      filter.shape,
      strides,
      dilations,
      pad,
      dimRoundingMode,
      true,
    );
    const geometry = geometryOf(info);
    const dilated = dilations[0] !== 1 || dilations[1] !== 1;
    const kernelAttrs = { strides, dilations, pad, dimRoundingMode } as unknown as NamedAttrMap;
    return {
      x: () =>
        dilated || prefersForwardOps(tf.DepthwiseConv2dNativeBackpropInput)
          ? depthwiseInputGradient({ dy, filter, inputShape: x.shape as Shape4, geometry })
          : tf.engine().runKernel(tf.DepthwiseConv2dNativeBackpropInput, { dy, filter }, {
              ...kernelAttrs,
              inputShape: x.shape,
            } as unknown as NamedAttrMap),
      filter: () =>
        dilated || prefersForwardOps(tf.DepthwiseConv2dNativeBackpropFilter)
          ? depthwiseFilterGradient({ x, dy, filterShape: filter.shape, geometry })
          : tf.engine().runKernel(tf.DepthwiseConv2dNativeBackpropFilter, { x, dy }, {
              ...kernelAttrs,
              filterShape: filter.shape,
            } as unknown as NamedAttrMap),
    };
  },
};
