// TensorFlow.js's own gradients (loadable here because Vitest resolves the extension-less
// imports of tfjs-core's ES modules) are the reference for ours.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig } from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { expectClose, type InputSpec, normalInput, normalValues, valueAndGradients } from '../testing/numeric.js';
import { allGradientConfigs, registerGradients, replacedKernelNames } from './register-gradients.js';

// Tolerance (relative to the largest expected magnitude): 1e-5 against TensorFlow.js's
// gradient on the same (cpu) backend; 1e-4 for our gradient on wasm against the reference
// on cpu (different summation order, fused multiply-adds).
const sameBackendTolerance = 1e-5;
const crossBackendTolerance = 1e-4;

const stockConfigs = new Map<string, GradConfig>();
for (const config of allGradientConfigs) {
  const stock = tf.getGradient(config.kernelName);
  if (stock !== undefined && stock !== null) stockConfigs.set(config.kernelName, stock);
}
const registration = registerGradients();

function ours(kernelName: string): GradConfig {
  const config = allGradientConfigs.find((entry) => entry.kernelName === kernelName);
  if (config === undefined) throw new Error(`no gradient of ours for ${kernelName}`);
  return config;
}

/** Positive inputs (for log, sqrt, pow bases, divisors). */
function positiveInput(shape: readonly number[], seed: number): InputSpec {
  const values = normalValues(shape, seed).map((value) => Math.abs(value) + 0.5);
  return { shape, values };
}

/** Inputs spread over [-8, 8] (so relu6 and clipping cut both ends). */
function wideInput(shape: readonly number[], seed: number): InputSpec {
  const values = normalValues(shape, seed).map((value) => value * 4);
  return { shape, values };
}

interface GradientCase {
  readonly kernel: string;
  readonly label?: string;
  readonly inputs: readonly InputSpec[];
  readonly compute: (...inputs: tf.Tensor[]) => tf.Tensor;
  /**
   * The same function written so that TensorFlow.js's own gradients handle it, where they
   * fail on `compute` itself (broadcast inputs, the wrong cpu ResizeNearestNeighborGrad).
   */
  readonly reference?: (...inputs: tf.Tensor[]) => tf.Tensor;
}

/** `b` broadcast to `a`'s shape by an Add (whose own gradient reduces correctly). */
const broadcastLike = (b: tf.Tensor, shape: number[]): tf.Tensor => tf.add(b, tf.zeros(shape));

/**
 * Average pooling written as a depthwise convolution with ones divided by the count of
 * real (non-padding) values, which is how tf.avgPool averages: TensorFlow.js's own AvgPool
 * gradient ignores that count and is wrong near borders whenever there is padding.
 */
function averagePoolReference(
  x: tf.Tensor,
  filter: [number, number],
  strides: number,
  pad: 'same' | 'valid',
): tf.Tensor {
  const [, height, width, channels] = x.shape as [number, number, number, number];
  const count = tf.conv2d(tf.ones([1, height, width, 1]) as tf.Tensor4D, tf.ones([...filter, 1, 1]) as tf.Tensor4D, strides, pad);
  const summed = tf.depthwiseConv2d(x as tf.Tensor4D, tf.ones([...filter, channels, 1]) as tf.Tensor4D, strides, pad);
  return tf.div(summed, count);
}

/** Rows/columns that nearest-neighbour resizing copies, read from the forward kernel. */
function nearestSources(size: number, outSize: number, alignCorners: boolean): tf.Tensor1D {
  const values = tf.reshape(tf.range(0, size, 1, 'float32'), [1, size, 1, 1]) as tf.Tensor4D;
  const resized = tf.image.resizeNearestNeighbor(values, [outSize, 1], alignCorners);
  return tf.cast(tf.reshape(resized, [outSize]), 'int32') as tf.Tensor1D;
}

const conditionValues = (shape: number[]): tf.Tensor =>
  tf.greater(tf.tensor(normalValues(shape, 77), shape), 0);

const cases: readonly GradientCase[] = [
  { kernel: tf.Abs, inputs: [normalInput([3, 4], 1)], compute: (x) => tf.abs(x) },
  { kernel: tf.Neg, inputs: [normalInput([3, 4], 2)], compute: (x) => tf.neg(x) },
  { kernel: tf.Exp, inputs: [normalInput([3, 4], 3)], compute: (x) => tf.exp(x) },
  { kernel: tf.Log, inputs: [positiveInput([3, 4], 4)], compute: (x) => tf.log(x) },
  { kernel: tf.Log1p, inputs: [positiveInput([3, 4], 5)], compute: (x) => tf.log1p(x) },
  { kernel: tf.Expm1, inputs: [normalInput([3, 4], 6)], compute: (x) => tf.expm1(x) },
  { kernel: tf.Sqrt, inputs: [positiveInput([3, 4], 7)], compute: (x) => tf.sqrt(x) },
  { kernel: tf.Rsqrt, inputs: [positiveInput([3, 4], 8)], compute: (x) => tf.rsqrt(x) },
  { kernel: tf.Square, inputs: [normalInput([3, 4], 9)], compute: (x) => tf.square(x) },
  { kernel: tf.Reciprocal, inputs: [positiveInput([3, 4], 10)], compute: (x) => tf.reciprocal(x) },
  { kernel: tf.Sigmoid, inputs: [normalInput([3, 4], 11)], compute: (x) => tf.sigmoid(x) },
  { kernel: tf.Tanh, inputs: [normalInput([3, 4], 12)], compute: (x) => tf.tanh(x) },
  { kernel: tf.Softplus, inputs: [normalInput([3, 4], 13)], compute: (x) => tf.softplus(x) },
  { kernel: tf.Sin, inputs: [normalInput([3, 4], 14)], compute: (x) => tf.sin(x) },
  { kernel: tf.Cos, inputs: [normalInput([3, 4], 15)], compute: (x) => tf.cos(x) },
  { kernel: tf.Erf, inputs: [normalInput([3, 4], 16)], compute: (x) => tf.erf(x) },
  { kernel: tf.Relu, inputs: [normalInput([3, 4], 17)], compute: (x) => tf.relu(x) },
  { kernel: tf.Relu6, inputs: [wideInput([4, 5], 18)], compute: (x) => tf.relu6(x) },
  { kernel: tf.LeakyRelu, inputs: [normalInput([3, 4], 19)], compute: (x) => tf.leakyRelu(x, 0.1) },
  { kernel: tf.Elu, inputs: [normalInput([3, 4], 20)], compute: (x) => tf.elu(x) },
  { kernel: tf.Selu, inputs: [normalInput([3, 4], 21)], compute: (x) => tf.selu(x) },
  { kernel: tf.ClipByValue, inputs: [wideInput([4, 5], 22)], compute: (x) => tf.clipByValue(x, -2, 3) },
  { kernel: tf.Identity, inputs: [normalInput([3, 4], 23)], compute: (x) => tf.clone(x) },
  {
    kernel: tf.Cast,
    inputs: [normalInput([3, 4], 24)],
    compute: (x) => tf.engine().runKernel(tf.Cast, { x }, { dtype: 'float32' }),
  },
  { kernel: tf.Sign, inputs: [normalInput([3, 4], 25)], compute: (x) => tf.mul(tf.sign(x), x) },
  { kernel: tf.Floor, inputs: [wideInput([3, 4], 26)], compute: (x) => tf.add(tf.floor(x), x) },
  { kernel: tf.Ceil, inputs: [wideInput([3, 4], 27)], compute: (x) => tf.add(tf.ceil(x), x) },
  { kernel: tf.Round, inputs: [wideInput([3, 4], 28)], compute: (x) => tf.add(tf.round(x), x) },
  { kernel: tf.Step, inputs: [normalInput([3, 4], 29)], compute: (x) => tf.add(tf.step(x), x) },
  { kernel: tf.OnesLike, inputs: [normalInput([3, 4], 30)], compute: (x) => tf.add(tf.onesLike(x), x) },
  { kernel: tf.ZerosLike, inputs: [normalInput([3, 4], 31)], compute: (x) => tf.add(tf.zerosLike(x), x) },
  {
    kernel: tf.Add,
    inputs: [normalInput([2, 3, 4], 32), normalInput([4], 33)],
    compute: (a, b) => tf.add(a, b),
  },
  {
    kernel: tf.Sub,
    inputs: [normalInput([2, 3, 4], 34), normalInput([3, 1], 35)],
    compute: (a, b) => tf.sub(a, b),
  },
  {
    kernel: tf.Multiply,
    inputs: [normalInput([2, 3, 4], 36), normalInput([1, 3, 4], 37)],
    compute: (a, b) => tf.mul(a, b),
  },
  {
    kernel: tf.RealDiv,
    inputs: [normalInput([2, 3, 4], 38), positiveInput([4], 39)],
    compute: (a, b) => tf.div(a, b),
  },
  {
    kernel: tf.Pow,
    inputs: [positiveInput([2, 3], 40), normalInput([2, 3], 41)],
    compute: (a, b) => tf.pow(a, b),
  },
  {
    kernel: tf.Maximum,
    inputs: [normalInput([2, 3, 4], 42), normalInput([2, 3, 4], 43)],
    compute: (a, b) => tf.maximum(a, b),
  },
  {
    kernel: tf.Maximum,
    label: 'broadcast',
    inputs: [normalInput([2, 3, 4], 42), normalInput([3, 4], 43)],
    compute: (a, b) => tf.maximum(a, b),
    reference: (a, b) => tf.maximum(a, broadcastLike(b, [2, 3, 4])),
  },
  {
    kernel: tf.Minimum,
    inputs: [normalInput([2, 3, 4], 44), normalInput([2, 3, 4], 45)],
    compute: (a, b) => tf.minimum(a, b),
  },
  {
    kernel: tf.Minimum,
    label: 'broadcast',
    inputs: [normalInput([2, 3, 4], 44), normalInput([3, 4], 45)],
    compute: (a, b) => tf.minimum(a, b),
    reference: (a, b) => tf.minimum(a, broadcastLike(b, [2, 3, 4])),
  },
  {
    kernel: tf.SquaredDifference,
    inputs: [normalInput([2, 3, 4], 46), normalInput([2, 3, 4], 47)],
    compute: (a, b) => tf.squaredDifference(a, b),
  },
  {
    kernel: tf.SquaredDifference,
    label: 'broadcast',
    inputs: [normalInput([2, 3, 4], 46), normalInput([2, 1, 4], 47)],
    compute: (a, b) => tf.squaredDifference(a, b),
    reference: (a, b) => tf.squaredDifference(a, broadcastLike(b, [2, 3, 4])),
  },
  {
    kernel: tf.Prelu,
    inputs: [normalInput([2, 3, 4], 48), positiveInput([4], 49)],
    compute: (x, alpha) => tf.prelu(x, alpha),
  },
  {
    kernel: tf.AddN,
    inputs: [normalInput([3, 4], 50), normalInput([3, 4], 51), normalInput([3, 4], 52)],
    compute: (a, b, c) => tf.addN([a, b, tf.mul(c, 2)] as tf.Tensor[]),
  },
  {
    kernel: tf.Select,
    inputs: [normalInput([3, 4], 53), normalInput([3, 4], 54)],
    compute: (a, b) => tf.where(conditionValues([3, 4]), a, b),
  },
  { kernel: tf.Sum, label: 'axis 1', inputs: [normalInput([2, 3, 4], 55)], compute: (x) => tf.sum(x, 1) },
  { kernel: tf.Sum, label: 'all axes', inputs: [normalInput([2, 3, 4], 56)], compute: (x) => tf.mul(tf.sum(x), x) },
  {
    kernel: tf.Mean,
    label: 'axes 1,2 keepDims',
    inputs: [normalInput([2, 3, 4, 5], 57)],
    compute: (x) => tf.mean(x, [1, 2], true),
  },
  { kernel: tf.Max, inputs: [normalInput([2, 3, 4], 58)], compute: (x) => tf.max(x, -1) },
  { kernel: tf.Min, inputs: [normalInput([2, 3, 4], 59)], compute: (x) => tf.min(x, 0) },
  { kernel: tf.Softmax, inputs: [normalInput([3, 5], 60)], compute: (x) => tf.softmax(x) },
  { kernel: tf.Reshape, inputs: [normalInput([2, 6], 61)], compute: (x) => tf.reshape(x, [3, 4]) },
  { kernel: tf.ExpandDims, inputs: [normalInput([2, 6], 62)], compute: (x) => tf.expandDims(x, 1) },
  { kernel: tf.Transpose, inputs: [normalInput([2, 3, 4], 63)], compute: (x) => tf.transpose(x, [2, 0, 1]) },
  {
    kernel: tf.Concat,
    inputs: [normalInput([2, 3], 64), normalInput([2, 1], 65), normalInput([2, 2], 66)],
    compute: (a, b, c) => tf.concat([a, b, c] as tf.Tensor[], -1),
  },
  {
    kernel: tf.Slice,
    inputs: [normalInput([4, 5, 3], 67)],
    compute: (x) => tf.slice(x, [1, 2, 0], [2, -1, 2]),
  },
  {
    kernel: tf.SplitV,
    inputs: [normalInput([4, 6], 68)],
    compute: (x) => {
      const [left, right] = tf.split(x, [2, 4], 1) as [tf.Tensor, tf.Tensor];
      return tf.add(tf.mul(tf.sum(left), 3), tf.sum(tf.square(right)));
    },
  },
  {
    kernel: tf.Pack,
    inputs: [normalInput([2, 3], 69), normalInput([2, 3], 70)],
    compute: (a, b) => tf.stack([a, b] as tf.Tensor[], 1),
  },
  {
    kernel: tf.Unpack,
    inputs: [normalInput([3, 2, 4], 71)],
    compute: (x) => {
      const [first, second, third] = tf.unstack(x, 0) as [tf.Tensor, tf.Tensor, tf.Tensor];
      return tf.add(tf.mul(first, second), tf.mul(third, 2));
    },
  },
  {
    kernel: tf.PadV2,
    inputs: [normalInput([2, 3, 4], 72)],
    compute: (x) => tf.pad(x, [
      [1, 0],
      [0, 2],
      [1, 1],
    ]),
  },
  { kernel: tf.Tile, inputs: [normalInput([2, 3], 73)], compute: (x) => tf.tile(x, [2, 3]) },
  { kernel: tf.BroadcastTo, inputs: [normalInput([3, 1], 74)], compute: (x) => tf.broadcastTo(x, [2, 3, 4]) },
  { kernel: tf.Reverse, inputs: [normalInput([2, 3, 4], 75)], compute: (x) => tf.reverse(x, [0, 2]) },
  {
    kernel: tf.GatherV2,
    label: 'axis 0, repeated indices',
    inputs: [normalInput([5, 3], 76)],
    compute: (x) => tf.gather(x, tf.tensor1d([4, 0, 4, 2], 'int32'), 0),
  },
  {
    kernel: tf.GatherV2,
    label: 'axis 1, 2-D indices',
    inputs: [normalInput([2, 5, 3], 78)],
    compute: (x) => tf.gather(x, tf.tensor2d([1, 3, 3, 0], [2, 2], 'int32'), 1),
  },
  {
    kernel: tf.AvgPool,
    label: '3x3 stride 1 same',
    inputs: [normalInput([2, 6, 6, 3], 79)],
    compute: (x) => tf.avgPool(x as tf.Tensor4D, 3, 1, 'same'),
    reference: (x) => averagePoolReference(x, [3, 3], 1, 'same'),
  },
  {
    kernel: tf.AvgPool,
    label: '2x2 stride 2 valid',
    inputs: [normalInput([2, 6, 6, 3], 80)],
    compute: (x) => tf.avgPool(x as tf.Tensor4D, 2, 2, 'valid'),
    reference: (x) => averagePoolReference(x, [2, 2], 2, 'valid'),
  },
  {
    kernel: tf.AvgPool,
    label: '2x2 stride 2 valid, odd size (last row unused)',
    inputs: [normalInput([2, 7, 7, 3], 93)],
    compute: (x) => tf.avgPool(x as tf.Tensor4D, 2, 2, 'valid'),
    reference: (x) => averagePoolReference(x, [2, 2], 2, 'valid'),
  },
  {
    kernel: tf.AvgPool,
    label: '5x3 stride 1 same',
    inputs: [normalInput([2, 6, 7, 3], 94)],
    compute: (x) => tf.avgPool(x as tf.Tensor4D, [5, 3], 1, 'same'),
    reference: (x) => averagePoolReference(x, [5, 3], 1, 'same'),
  },
  {
    kernel: tf.AvgPool,
    label: '3x3 stride 2 same (general formulation)',
    inputs: [normalInput([2, 7, 7, 3], 95)],
    compute: (x) => tf.avgPool(x as tf.Tensor4D, 3, 2, 'same'),
    reference: (x) => averagePoolReference(x, [3, 3], 2, 'same'),
  },
  {
    kernel: tf.MaxPool,
    label: '3x3 stride 2 same',
    inputs: [normalInput([2, 7, 7, 3], 81)],
    compute: (x) => tf.maxPool(x as tf.Tensor4D, 3, 2, 'same'),
  },
  ...([false, true] as const).flatMap((transposeA) =>
    ([false, true] as const).flatMap((transposeB): GradientCase[] => {
      const label = `transposeA ${transposeA}, transposeB ${transposeB}`;
      const shapeA = transposeA ? [2, 4, 3] : [2, 3, 4];
      const shapeB = transposeB ? [5, 4] : [4, 5];
      return [
        {
          kernel: tf.BatchMatMul,
          label,
          inputs: [normalInput(shapeA, 82), normalInput([2, ...shapeB], 83)],
          compute: (a, b) => tf.matMul(a, b, transposeA, transposeB),
        },
        {
          kernel: tf.BatchMatMul,
          label: `${label}, broadcast b`,
          inputs: [normalInput(shapeA, 82), normalInput(shapeB, 83)],
          compute: (a, b) => tf.matMul(a, b, transposeA, transposeB),
          reference: (a, b) => tf.matMul(a, broadcastLike(b, [2, ...shapeB]), transposeA, transposeB),
        },
      ];
    }),
  ),
  {
    kernel: tf.FusedBatchNorm,
    inputs: [
      normalInput([2, 3, 3, 4], 84),
      normalInput([4], 85),
      positiveInput([4], 86),
      normalInput([4], 87),
      normalInput([4], 88),
    ],
    compute: (x, mean, variance, offset, scale) =>
      tf.batchNorm(x as tf.Tensor4D, mean as tf.Tensor1D, variance as tf.Tensor1D, offset as tf.Tensor1D, scale as tf.Tensor1D, 1e-3),
  },
  {
    kernel: tf.ResizeNearestNeighbor,
    label: '2x upscaling, batch 2',
    inputs: [normalInput([2, 3, 3, 2], 89)],
    compute: (x) => tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [6, 6]),
    reference: (x) => tf.gather(tf.gather(x, nearestSources(3, 6, false), 1), nearestSources(3, 6, false), 2),
  },
  ...([false, true] as const).map(
    (alignCorners): GradientCase => ({
      kernel: tf.ResizeNearestNeighbor,
      label: `3x4 -> 5x7, alignCorners ${alignCorners}, batch 2`,
      inputs: [normalInput([2, 3, 4, 2], 92)],
      compute: (x) => tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [5, 7], alignCorners),
      reference: (x) => tf.gather(tf.gather(x, nearestSources(3, 5, alignCorners), 1), nearestSources(4, 7, alignCorners), 2),
    }),
  ),
  {
    kernel: tf.ResizeBilinear,
    inputs: [normalInput([2, 3, 3, 2], 90)],
    compute: (x) => tf.image.resizeBilinear(x as tf.Tensor4D, [5, 7]),
  },
];

function actualValueShape(testCase: GradientCase): number[] {
  return tf.tidy(() => {
    const tensors = testCase.inputs.map((input) => tf.tensor(input.values, input.shape as number[]));
    return testCase.compute(...tensors).shape;
  });
}

async function withGradient<T>(config: GradConfig, run: () => Promise<T>): Promise<T> {
  const previous = tf.getGradient(config.kernelName);
  tf.registerGradient(config);
  try {
    return await run();
  } finally {
    if (previous !== undefined && previous !== null) tf.registerGradient(previous);
  }
}

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('our gradients vs TensorFlow.js own gradients', () => {
  it('covers every kernel we register with at least one case', () => {
    const tested = new Set(cases.map((testCase) => testCase.kernel));
    const convolutionKernels = [tf.Conv2D, tf.Conv2DBackpropInput, tf.DepthwiseConv2dNative];
    const untested = allGradientConfigs
      .map((config) => config.kernelName)
      .filter((name) => !tested.has(name) && !convolutionKernels.includes(name));
    // ArgMax, ArgMin and OneHot have integer outputs: nothing can flow through them.
    // LogSoftmax: tf.logSoftmax uses its own custom gradient, not the kernel.
    expect(untested.sort()).toEqual([tf.ArgMax, tf.ArgMin, tf.LogSoftmax, tf.OneHot].sort());
  });

  it('keeps the gradients that were already registered, replaces the ten unusable ones', () => {
    expect(registration.registered).toEqual([...replacedKernelNames].sort());
    expect(registration.registered).toHaveLength(10);
    expect(registration.keptExisting).toContain(tf.Relu);
    expect(registration.keptExisting).toContain(tf.Add);
    expect(registration.keptExisting).not.toContain(tf.Conv2D);
  });

  for (const testCase of cases) {
    const name = `${testCase.kernel}${testCase.label === undefined ? '' : ` (${testCase.label})`}`;
    it(`${name} on cpu`, async () => {
      const stock = stockConfigs.get(testCase.kernel);
      expect(stock, `TensorFlow.js has a gradient for ${testCase.kernel}`).toBeDefined();
      const expected = await withGradient(stock as GradConfig, () =>
        valueAndGradients('cpu', testCase.reference ?? testCase.compute, testCase.inputs),
      );
      expect(actualValueShape(testCase)).toEqual(expected.valueShape);
      const actual = await withGradient(ours(testCase.kernel), () =>
        valueAndGradients('cpu', testCase.compute, testCase.inputs),
      );
      expect(actual.gradients).toHaveLength(testCase.inputs.length);
      actual.gradients.forEach((gradient, index) => {
        expectClose(gradient, expected.gradients[index] as Float32Array, sameBackendTolerance, `input ${index}`);
      });
    });

    it(`${name} on wasm vs the cpu reference`, async () => {
      const stock = stockConfigs.get(testCase.kernel) as GradConfig;
      const expected = await withGradient(stock, () =>
        valueAndGradients('cpu', testCase.reference ?? testCase.compute, testCase.inputs),
      );
      const actual = await withGradient(ours(testCase.kernel), () =>
        valueAndGradients('wasm', testCase.compute, testCase.inputs),
      );
      expectClose(actual.value, expected.value, crossBackendTolerance, 'value');
      actual.gradients.forEach((gradient, index) => {
        expectClose(gradient, expected.gradients[index] as Float32Array, crossBackendTolerance, `input ${index}`);
      });
    });
  }

  it('LogSoftmax kernel gradient equals the gradient of tf.logSoftmax (its own custom gradient)', async () => {
    const input = normalInput([3, 5], 91);
    const weights = normalValues([3, 5], 92);
    const expected = tf.tidy(() => {
      const x = tf.tensor2d(input.values, [3, 5]);
      const w = tf.tensor2d(weights, [3, 5]);
      return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.logSoftmax(t), w)))(x);
    });
    const actual = tf.tidy(() => {
      const y = tf.logSoftmax(tf.tensor2d(input.values, [3, 5]));
      const gradients = ours(tf.LogSoftmax).gradFunc(tf.tensor2d(weights, [3, 5]), [y], { axis: -1 });
      return (gradients['logits'] as () => tf.Tensor)();
    });
    expectClose(
      Float32Array.from(await actual.data()),
      Float32Array.from(await expected.data()),
      sameBackendTolerance,
      'dlogits',
    );
    tf.dispose([actual, expected]);
  });
});
