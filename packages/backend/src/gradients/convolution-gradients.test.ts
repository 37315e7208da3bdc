import * as tf from '@tensorflow/tfjs-core';
import { conv2DGradConfig as stockConv2dGradient } from '@tensorflow/tfjs-core/dist/gradients/Conv2D_grad';
import { afterEach, describe, expect, it } from 'vitest';
import {
  convolutionFilterGradient,
  convolutionInputGradient,
  depthwiseFilterGradient,
  depthwiseInputGradient,
} from '../internal/convolution-by-forward-ops.js';
import { expectClose, normalInput, valueAndGradients } from '../testing/numeric.js';
import {
  conv2dGradientConfig,
  conv2dTransposeGradientConfig,
  depthwiseConv2dGradientConfig,
} from './convolution-gradients.js';
import { registerGradients } from './register-gradients.js';

// Tolerance: float32 sums over up to a few thousand products, compared relative to the
// largest expected magnitude: 2e-5 for direct kernel comparisons on cpu, 1e-4 across
// backends (wasm/XNNPACK sums in a different order).
const sameBackendTolerance = 2e-5;
const crossBackendTolerance = 1e-4;

type Pad = 'same' | 'valid' | number;

interface ConvolutionCase {
  readonly name: string;
  readonly inputShape: [number, number, number, number];
  readonly filterShape: [number, number, number, number];
  readonly strides: number;
  readonly pad: Pad;
}

const convolutionCases: readonly ConvolutionCase[] = [
  { name: '1x1 stride 1', inputShape: [2, 6, 6, 4], filterShape: [1, 1, 4, 5], strides: 1, pad: 'same' },
  { name: '1x1 stride 2', inputShape: [2, 6, 6, 4], filterShape: [1, 1, 4, 5], strides: 2, pad: 'valid' },
  { name: '3x3 stride 1 same', inputShape: [2, 7, 7, 4], filterShape: [3, 3, 4, 6], strides: 1, pad: 'same' },
  { name: '3x3 stride 2 same (even size)', inputShape: [2, 8, 8, 4], filterShape: [3, 3, 4, 6], strides: 2, pad: 'same' },
  { name: '3x3 stride 2 same (odd size)', inputShape: [2, 9, 9, 3], filterShape: [3, 3, 3, 5], strides: 2, pad: 'same' },
  { name: '3x3 stride 1 valid', inputShape: [2, 7, 6, 3], filterShape: [3, 3, 3, 4], strides: 1, pad: 'valid' },
  { name: '3x3 stride 2 valid (unused last row)', inputShape: [2, 8, 8, 3], filterShape: [3, 3, 3, 4], strides: 2, pad: 'valid' },
  { name: '5x5 stride 1 numeric pad 1', inputShape: [1, 8, 8, 2], filterShape: [5, 5, 2, 3], strides: 1, pad: 1 },
  { name: '2x2 stride 1 same (asymmetric pad)', inputShape: [2, 5, 5, 2], filterShape: [2, 2, 2, 3], strides: 1, pad: 'same' },
  { name: 'stem [2,32,32,3] -> 16, 3x3', inputShape: [2, 32, 32, 3], filterShape: [3, 3, 3, 16], strides: 1, pad: 'same' },
];

function geometryFor(testCase: ConvolutionCase, depthwise = false, dilation = 1) {
  const info = tf.backend_util.computeConv2DInfo(
    testCase.inputShape,
    testCase.filterShape,
    testCase.strides,
    dilation,
    testCase.pad,
    undefined,
    depthwise,
  );
  return {
    info,
    geometry: {
      strides: [info.strideHeight, info.strideWidth] as const,
      dilations: [info.dilationHeight, info.dilationWidth] as const,
      padding: { top: info.padInfo.top, left: info.padInfo.left },
    },
  };
}

async function arrayOf(tensor: tf.Tensor): Promise<Float32Array> {
  const values = Float32Array.from((await tensor.data()) as Float32Array);
  tensor.dispose();
  return values;
}

afterEach(async () => {
  registerGradients();
  await tf.setBackend('cpu');
});

describe('forward-op formulations vs the cpu backprop kernels', () => {
  for (const testCase of convolutionCases) {
    it(`conv2d ${testCase.name}: filter and input gradients`, async () => {
      await tf.setBackend('cpu');
      const { info, geometry } = geometryFor(testCase);
      const x = tf.tensor4d(normalInput(testCase.inputShape, 1).values, testCase.inputShape);
      const filter = tf.tensor4d(normalInput(testCase.filterShape, 2).values, testCase.filterShape);
      const dyShape: [number, number, number, number] = [info.batchSize, info.outHeight, info.outWidth, info.outChannels];
      const dy = tf.tensor4d(normalInput(dyShape, 3).values, dyShape);
      const attrs = { strides: testCase.strides, pad: testCase.pad, dataFormat: 'NHWC' };
      const expectedFilter = await arrayOf(
        tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, { ...attrs, filterShape: testCase.filterShape }),
      );
      const expectedInput = await arrayOf(
        tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter }, { ...attrs, inputShape: testCase.inputShape }),
      );
      const actualFilter = await arrayOf(
        tf.tidy(() => convolutionFilterGradient({ x, dy, filterShape: testCase.filterShape, geometry })),
      );
      const actualInput = await arrayOf(
        tf.tidy(() => convolutionInputGradient({ dy, filter, inputShape: testCase.inputShape, geometry })),
      );
      tf.dispose([x, filter, dy]);
      expectClose(actualFilter, expectedFilter, sameBackendTolerance, 'filter');
      expectClose(actualInput, expectedInput, sameBackendTolerance, 'input');
    });
  }

  const depthwiseCases: readonly ConvolutionCase[] = [
    { name: '3x3 stride 1 same', inputShape: [2, 6, 6, 4], filterShape: [3, 3, 4, 1], strides: 1, pad: 'same' },
    { name: '3x3 stride 2 same, multiplier 2', inputShape: [2, 7, 7, 3], filterShape: [3, 3, 3, 2], strides: 2, pad: 'same' },
    { name: '5x5 stride 1 valid', inputShape: [1, 8, 8, 2], filterShape: [5, 5, 2, 1], strides: 1, pad: 'valid' },
  ];
  for (const testCase of depthwiseCases) {
    it(`depthwise ${testCase.name}: filter and input gradients`, async () => {
      await tf.setBackend('cpu');
      const { info, geometry } = geometryFor(testCase, true);
      const x = tf.tensor4d(normalInput(testCase.inputShape, 4).values, testCase.inputShape);
      const filter = tf.tensor4d(normalInput(testCase.filterShape, 5).values, testCase.filterShape);
      const dyShape: [number, number, number, number] = [info.batchSize, info.outHeight, info.outWidth, info.outChannels];
      const dy = tf.tensor4d(normalInput(dyShape, 6).values, dyShape);
      const attrs = { strides: testCase.strides, pad: testCase.pad, dilations: 1 };
      const expectedFilter = await arrayOf(
        tf
          .engine()
          .runKernel(tf.DepthwiseConv2dNativeBackpropFilter, { x, dy }, { ...attrs, filterShape: testCase.filterShape }),
      );
      const expectedInput = await arrayOf(
        tf
          .engine()
          .runKernel(tf.DepthwiseConv2dNativeBackpropInput, { dy, filter }, { ...attrs, inputShape: testCase.inputShape }),
      );
      const actualFilter = await arrayOf(
        tf.tidy(() => depthwiseFilterGradient({ x, dy, filterShape: testCase.filterShape, geometry })),
      );
      const actualInput = await arrayOf(
        tf.tidy(() => depthwiseInputGradient({ dy, filter, inputShape: testCase.inputShape, geometry })),
      );
      tf.dispose([x, filter, dy]);
      expectClose(actualFilter, expectedFilter, sameBackendTolerance, 'filter');
      expectClose(actualInput, expectedInput, sameBackendTolerance, 'input');
    });
  }
});

describe('registered Conv2D gradient on wasm vs the cpu backend', () => {
  for (const testCase of convolutionCases) {
    it(`${testCase.name}`, async () => {
      const inputs = [normalInput(testCase.inputShape, 7), normalInput(testCase.filterShape, 8)];
      const compute = (x: tf.Tensor, filter: tf.Tensor) =>
        tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, testCase.strides, testCase.pad);
      const onCpu = await valueAndGradients('cpu', compute, inputs);
      const onWasm = await valueAndGradients('wasm', compute, inputs);
      expectClose(onWasm.value, onCpu.value, crossBackendTolerance, 'value');
      expectClose(onWasm.gradients[0] as Float32Array, onCpu.gradients[0] as Float32Array, crossBackendTolerance, 'dx');
      expectClose(onWasm.gradients[1] as Float32Array, onCpu.gradients[1] as Float32Array, crossBackendTolerance, 'dfilter');
    });
  }

  it('matches TensorFlow.js own Conv2D gradient on cpu', async () => {
    const testCase = convolutionCases[3] as ConvolutionCase;
    const inputs = [normalInput(testCase.inputShape, 9), normalInput(testCase.filterShape, 10)];
    const compute = (x: tf.Tensor, filter: tf.Tensor) =>
      tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, testCase.strides, testCase.pad);
    const ours = await valueAndGradients('wasm', compute, inputs);
    tf.registerGradient(stockConv2dGradient);
    const stock = await valueAndGradients('cpu', compute, inputs);
    expectClose(ours.gradients[0] as Float32Array, stock.gradients[0] as Float32Array, crossBackendTolerance, 'dx');
    expectClose(ours.gradients[1] as Float32Array, stock.gradients[1] as Float32Array, crossBackendTolerance, 'dfilter');
  });

  it('uses the forward-op formulation on wasm, the kernels on cpu', async () => {
    const { prefersForwardOps } = await import('./convolution-gradients.js');
    await tf.setBackend('wasm');
    expect(prefersForwardOps(tf.Conv2DBackpropFilter)).toBe(true);
    expect(prefersForwardOps(tf.Conv2DBackpropInput)).toBe(true);
    await tf.setBackend('cpu');
    expect(prefersForwardOps(tf.Conv2DBackpropFilter)).toBe(false);
    expect(prefersForwardOps(tf.Conv2DBackpropInput)).toBe(false);
  });
});

describe('dilated convolutions (rejected by TensorFlow.js own gradients)', () => {
  function dilateFilter(filter: tf.Tensor4D, dilation: number): tf.Tensor4D {
    const [height, width, inChannels, outChannels] = filter.shape;
    const spread = tf.pad(tf.reshape(filter, [height, 1, width, 1, inChannels, outChannels]), [
      [0, 0],
      [0, dilation - 1],
      [0, 0],
      [0, dilation - 1],
      [0, 0],
      [0, 0],
    ]);
    const full = tf.reshape(spread, [height * dilation, width * dilation, inChannels, outChannels]);
    return tf.slice(full, [0, 0, 0, 0], [(height - 1) * dilation + 1, (width - 1) * dilation + 1, inChannels, outChannels]) as tf.Tensor4D;
  }

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`conv2d dilation 2 equals a conv with the zero-spread filter (${backend})`, async () => {
      const inputs = [normalInput([2, 9, 9, 3], 11), normalInput([3, 3, 3, 4], 12)];
      const dilated = await valueAndGradients(
        backend,
        (x, filter) => tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, 1, 'same', 'NHWC', 2),
        inputs,
      );
      const spread = await valueAndGradients(
        'cpu',
        (x, filter) => tf.conv2d(x as tf.Tensor4D, dilateFilter(filter as tf.Tensor4D, 2), 1, 'same'),
        inputs,
      );
      expectClose(dilated.value, spread.value, crossBackendTolerance, 'value');
      expectClose(dilated.gradients[0] as Float32Array, spread.gradients[0] as Float32Array, crossBackendTolerance, 'dx');
      expectClose(dilated.gradients[1] as Float32Array, spread.gradients[1] as Float32Array, crossBackendTolerance, 'dfilter');
    });

    it(`depthwise dilation 2 equals a depthwise conv with the zero-spread filter (${backend})`, async () => {
      const inputs = [normalInput([2, 9, 9, 3], 13), normalInput([3, 3, 3, 1], 14)];
      const dilated = await valueAndGradients(
        backend,
        (x, filter) => tf.depthwiseConv2d(x as tf.Tensor4D, filter as tf.Tensor4D, 1, 'same', 'NHWC', 2),
        inputs,
      );
      const spread = await valueAndGradients(
        'cpu',
        (x, filter) => tf.depthwiseConv2d(x as tf.Tensor4D, dilateFilter(filter as tf.Tensor4D, 2), 1, 'same'),
        inputs,
      );
      expectClose(dilated.value, spread.value, crossBackendTolerance, 'value');
      expectClose(dilated.gradients[0] as Float32Array, spread.gradients[0] as Float32Array, crossBackendTolerance, 'dx');
      expectClose(dilated.gradients[1] as Float32Array, spread.gradients[1] as Float32Array, crossBackendTolerance, 'dfilter');
    });
  }
});

describe('depthwise and transposed convolution gradients on wasm vs cpu', () => {
  it('depthwiseConv2d 3x3 stride 2, multiplier 2', async () => {
    const inputs = [normalInput([2, 8, 8, 3], 15), normalInput([3, 3, 3, 2], 16)];
    const compute = (x: tf.Tensor, filter: tf.Tensor) =>
      tf.depthwiseConv2d(x as tf.Tensor4D, filter as tf.Tensor4D, 2, 'same');
    const onCpu = await valueAndGradients('cpu', compute, inputs);
    const onWasm = await valueAndGradients('wasm', compute, inputs);
    expectClose(onWasm.gradients[0] as Float32Array, onCpu.gradients[0] as Float32Array, crossBackendTolerance, 'dx');
    expectClose(onWasm.gradients[1] as Float32Array, onCpu.gradients[1] as Float32Array, crossBackendTolerance, 'dfilter');
  });

  it('conv2dTranspose 3x3 stride 2 (a GAN upsampling layer)', async () => {
    const inputs = [normalInput([2, 4, 4, 6], 17), normalInput([3, 3, 3, 6], 18)];
    const compute = (x: tf.Tensor, filter: tf.Tensor) =>
      tf.conv2dTranspose(x as tf.Tensor4D, filter as tf.Tensor4D, [2, 8, 8, 3], 2, 'same');
    const onCpu = await valueAndGradients('cpu', compute, inputs);
    const onWasm = await valueAndGradients('wasm', compute, inputs);
    expect(onCpu.valueShape).toEqual([2, 8, 8, 3]);
    expectClose(onWasm.value, onCpu.value, crossBackendTolerance, 'value');
    expectClose(onWasm.gradients[0] as Float32Array, onCpu.gradients[0] as Float32Array, crossBackendTolerance, 'dinput');
    expectClose(onWasm.gradients[1] as Float32Array, onCpu.gradients[1] as Float32Array, crossBackendTolerance, 'dfilter');
  });

  it('the configs are the registered ones', () => {
    registerGradients();
    expect(tf.getGradient(tf.Conv2D)).toBe(conv2dGradientConfig);
    expect(tf.getGradient(tf.Conv2DBackpropInput)).toBe(conv2dTransposeGradientConfig);
    expect(tf.getGradient(tf.DepthwiseConv2dNative)).toBe(depthwiseConv2dGradientConfig);
  });

  it('handles NCHW (cpu), including the dilated case that uses the forward-op formulation', async () => {
    const inputs = [normalInput([2, 3, 7, 7], 19), normalInput([3, 3, 3, 4], 20)];
    for (const dilation of [1, 2]) {
      const channelsFirst = await valueAndGradients(
        'cpu',
        (x, filter) => tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, 1, 'same', 'NCHW', dilation),
        inputs,
      );
      const channelsLast = await valueAndGradients(
        'cpu',
        (x, filter) =>
          tf.transpose(
            tf.conv2d(tf.transpose(x, [0, 2, 3, 1]) as tf.Tensor4D, filter as tf.Tensor4D, 1, 'same', 'NHWC', dilation),
            [0, 3, 1, 2],
          ),
        inputs,
      );
      expectClose(channelsFirst.value, channelsLast.value, sameBackendTolerance, `value, dilation ${dilation}`);
      for (const index of [0, 1]) {
        expectClose(
          channelsFirst.gradients[index] as Float32Array,
          channelsLast.gradients[index] as Float32Array,
          sameBackendTolerance,
          `gradient ${index}, dilation ${dilation}`,
        );
      }
    }
  });
});
