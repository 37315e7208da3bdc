import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../select-backend.js';
import { expectClose, maximumDifference, maximumMagnitude } from '../testing/array-comparison.js';
import { normalValues } from '../testing/numeric-values.js';
import { registerWasmKernels, stockWasmKernel } from './wasm-kernels.js';
import { winogradBlockTiles } from './wasm-winograd-convolution.js';

// Sums of up to 9 x 64 products, rounded in another order and through the transforms (whose
// factors, up to 8, amplify rounding: F(4x4, 3x3) is accurate to about 1e-5 in float32);
// relative to the largest output.
const tolerance = 2e-5;

type Pad = 'same' | 'valid' | tf.backend_util.ExplicitPadding;

interface ConvolutionCase {
  readonly input: readonly [number, number, number, number];
  readonly outChannels: number;
  readonly pad: Pad;
}

const winogradCases: readonly ConvolutionCase[] = [
  // the NB201 cells' shapes (batch cut to 4)
  { input: [4, 32, 32, 16], outChannels: 16, pad: 'same' },
  { input: [4, 16, 16, 32], outChannels: 32, pad: 'same' },
  { input: [4, 8, 8, 64], outChannels: 64, pad: 'same' },
  // tiles cut by the image's edge, channels that differ, padding of every kind
  { input: [3, 7, 9, 4], outChannels: 32, pad: 'same' },
  { input: [2, 10, 6, 8], outChannels: 16, pad: 'valid' },
  { input: [1, 5, 5, 4], outChannels: 16, pad: [[0, 0], [2, 0], [1, 2], [0, 0]] },
  // one tile in all: the second thread's half is empty
  { input: [1, 3, 3, 4], outChannels: 16, pad: 'same' },
  // eight output channels, and 16 + 8 (the main job's small supernet has C = 8)
  { input: [3, 16, 16, 8], outChannels: 8, pad: 'same' },
  { input: [2, 9, 11, 12], outChannels: 24, pad: 'same' },
  // more tiles than a block holds, and a last block with an odd number of tiles
  { input: [5, 12, 12, 16], outChannels: 16, pad: 'same' },
];

/** x and the filter of a case, on the active backend. */
function tensorsOf(testCase: ConvolutionCase, filterHeight = 3, filterWidth = 3) {
  const filterShape: [number, number, number, number] = [filterHeight, filterWidth, testCase.input[3], testCase.outChannels];
  const x = tf.tensor4d(normalValues(testCase.input, 17), [...testCase.input]);
  const filter = tf.tensor4d(normalValues(filterShape, 19), filterShape);
  return { x, filter };
}

/** tfjs-backend-cpu's Conv2D: the straightforward loop over every product. */
async function cpuConvolution(testCase: ConvolutionCase, strides: number, filterHeight = 3, filterWidth = 3): Promise<Float32Array> {
  await tf.setBackend('cpu');
  const { x, filter } = tensorsOf(testCase, filterHeight, filterWidth);
  const y = tf.conv2d(x, filter, strides, testCase.pad);
  const values = Float32Array.from(await y.data());
  tf.dispose([x, filter, y]);
  return values;
}

/** tfjs-backend-wasm's own Conv2D kernel (XNNPACK), which the replacement falls back on. */
function stockConvolution(x: tf.Tensor4D, filter: tf.Tensor4D, strides: number, pad: Pad): tf.Tensor {
  const stock = stockWasmKernel(tf.Conv2D);
  if (stock === undefined) throw new Error('the stock wasm Conv2D kernel was not kept');
  const output = stock.kernelFunc({
    inputs: { x, filter },
    backend: tf.backend(),
    attrs: { strides, pad, dilations: 1, dataFormat: 'NHWC', dimRoundingMode: undefined as unknown as string },
  }) as tf.TensorInfo;
  return tf.engine().makeTensorFromTensorInfo(output);
}

beforeAll(async () => {
  await selectBackend({ backend: 'wasm', environment: {} });
  registerWasmKernels();
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('Winograd F(4x4, 3x3) convolution on wasm', () => {
  for (const testCase of winogradCases) {
    const label = `x [${testCase.input.join(', ')}] -> ${testCase.outChannels} channels, pad ${JSON.stringify(testCase.pad)}`;
    it(`matches tfjs-backend-cpu's direct convolution: ${label}`, async () => {
      const reference = await cpuConvolution(testCase, 1);
      await tf.setBackend('wasm');
      const { x, filter } = tensorsOf(testCase);
      const profile = await tf.profile(() => tf.conv2d(x, filter, 1, testCase.pad).dispose());
      const y = tf.conv2d(x, filter, 1, testCase.pad);
      const stock = stockConvolution(x, filter, 1, testCase.pad);
      const values = Float32Array.from(await y.data());
      const stockValues = Float32Array.from(await stock.data());
      expect(y.shape).toEqual(stock.shape);
      expectClose(values, reference, tolerance, 'winograd vs cpu');
      expectClose(stockValues, reference, tolerance, 'stock vs cpu');
      // Not the stock kernel under another name: rounded differently from XNNPACK's.
      expect(maximumDifference(values, stockValues)).toBeGreaterThan(0);
      expect(profile.kernels.map((kernel) => kernel.name)).toEqual([tf.Conv2D]);
      tf.dispose([x, filter, y, stock]);
    });
  }

  it('leaves every other convolution to the stock kernel, bit for bit', async () => {
    const others: { testCase: ConvolutionCase; strides: number; filter: [number, number] }[] = [
      { testCase: { input: [2, 8, 8, 16], outChannels: 32, pad: 'same' }, strides: 2, filter: [3, 3] },
      { testCase: { input: [2, 8, 8, 16], outChannels: 16, pad: 'same' }, strides: 1, filter: [1, 1] },
      { testCase: { input: [2, 8, 8, 3], outChannels: 16, pad: 'same' }, strides: 1, filter: [3, 3] },
      { testCase: { input: [2, 8, 8, 16], outChannels: 12, pad: 'same' }, strides: 1, filter: [3, 3] },
      { testCase: { input: [2, 8, 8, 8], outChannels: 16, pad: 'same' }, strides: 1, filter: [5, 5] },
    ];
    for (const { testCase, strides, filter: [height, width] } of others) {
      const reference = await cpuConvolution(testCase, strides, height, width);
      await tf.setBackend('wasm');
      const { x, filter } = tensorsOf(testCase, height, width);
      const y = tf.conv2d(x, filter, strides, testCase.pad);
      const stock = stockConvolution(x, filter, strides, testCase.pad);
      const values = Float32Array.from(await y.data());
      expect(values).toEqual(Float32Array.from(await stock.data()));
      expectClose(values, reference, tolerance, `${JSON.stringify(testCase)} stride ${strides}`);
      tf.dispose([x, filter, y, stock]);
    }
  });

  it('stays within the tolerance of exact results (small integers)', async () => {
    // Small integers: the direct convolution (cpu) is exact; the transforms' quarters, sixths
    // and twelfths are not, and their rounding, amplified by the transforms' factors up to 8,
    // is all that separates the two (about 7e-6 of the largest output here).
    const shape: [number, number, number, number] = [2, 8, 8, 4];
    const make = () => ({
      x: tf.tensor4d(Float32Array.from({ length: 512 }, (_unused, index) => ((index * 7) % 5) - 2), shape),
      filter: tf.tensor4d(Float32Array.from({ length: 9 * 4 * 16 }, (_unused, index) => ((index * 3) % 7) - 3), [3, 3, 4, 16]),
    });
    await tf.setBackend('cpu');
    const onCpu = make();
    const exactTensor = tf.conv2d(onCpu.x, onCpu.filter, 1, 'same');
    const exact = Float32Array.from(await exactTensor.data());
    tf.dispose([onCpu.x, onCpu.filter, exactTensor]);
    await tf.setBackend('wasm');
    const { x, filter } = make();
    const y = tf.conv2d(x, filter, 1, 'same');
    const values = Float32Array.from(await y.data());
    expect(exact.every((value) => Number.isInteger(value))).toBe(true);
    expect(maximumMagnitude(exact)).toBeGreaterThan(10);
    expect(maximumDifference(values, exact)).toBeGreaterThan(0);
    expect(maximumDifference(values, exact)).toBeLessThan(tolerance * maximumMagnitude(exact));
    tf.dispose([x, filter, y]);
  });

  it('blocks tiles so that a block\'s transforms fit in 36 x 2048 floats, in pairs', () => {
    expect([winogradBlockTiles(16, 16), winogradBlockTiles(32, 32), winogradBlockTiles(64, 64), winogradBlockTiles(1024, 1024)]).toEqual([
      64, 32, 16, 2,
    ]);
  });
});
