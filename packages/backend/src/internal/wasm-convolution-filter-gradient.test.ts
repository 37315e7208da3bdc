import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { expectClose } from '../testing/array-comparison.js';
import { normalValues } from '../testing/numeric-values.js';
import { convolutionFilterGradient } from './convolution-by-forward-ops.js';
import {
  convolutionFilterGradientKernelName,
  filterGradientByKernel,
  fusedFilterGradientApplies,
} from './wasm-convolution-filter-gradient.js';

// Sums of up to 65,536 products in float32, in another order than the reference's.
const tolerance = 2e-5;

afterAll(async () => {
  await tf.setBackend('cpu');
});

interface FilterCase {
  readonly input: readonly [number, number, number, number];
  readonly kernel: readonly [number, number];
  readonly outChannels: number;
  readonly padding: 'same' | 'valid';
  readonly strides?: number;
}

const cases: readonly FilterCase[] = [
  { input: [2, 7, 9, 4], kernel: [3, 3], outChannels: 8, padding: 'same' },
  { input: [3, 8, 8, 8], kernel: [1, 1], outChannels: 16, padding: 'same' },
  { input: [2, 6, 6, 4], kernel: [3, 3], outChannels: 8, padding: 'valid' },
  { input: [1, 5, 5, 12], kernel: [5, 5], outChannels: 8, padding: 'same' },
  { input: [2, 4, 6, 8], kernel: [3, 2], outChannels: 24, padding: 'same' },
  // 3x3 at stride 1 (output channels in 8s): Winograd's F(4x4, 3x3)
  { input: [4, 32, 32, 16], kernel: [3, 3], outChannels: 16, padding: 'same' },
  { input: [3, 9, 7, 4], kernel: [3, 3], outChannels: 32, padding: 'same' },
  { input: [2, 10, 6, 8], kernel: [3, 3], outChannels: 16, padding: 'valid' },
  { input: [5, 12, 12, 16], kernel: [3, 3], outChannels: 16, padding: 'same' },
  { input: [3, 16, 16, 8], kernel: [3, 3], outChannels: 8, padding: 'same' },
  { input: [2, 9, 11, 12], kernel: [3, 3], outChannels: 24, padding: 'valid' },
  // strided (the reduction blocks' convolutions)
  { input: [4, 16, 16, 16], kernel: [3, 3], outChannels: 32, padding: 'same', strides: 2 },
  { input: [2, 9, 9, 8], kernel: [3, 3], outChannels: 8, padding: 'valid', strides: 2 },
  { input: [2, 8, 10, 4], kernel: [1, 1], outChannels: 16, padding: 'same', strides: 2 },
];

/** TensorFlow.js's geometry of a case's convolution. */
function geometryOf(testCase: FilterCase) {
  const [kernelHeight, kernelWidth] = testCase.kernel;
  const shape = [...testCase.input] as [number, number, number, number];
  return tf.backend_util.computeConv2DInfo(shape, [kernelHeight, kernelWidth, testCase.input[3], testCase.outChannels], testCase.strides ?? 1, 1, testCase.padding);
}

/** x, dy and the filter shape of a case, on the active backend. */
function tensorsOf(testCase: FilterCase) {
  const [batch, height, width, inChannels] = testCase.input;
  const [kernelHeight, kernelWidth] = testCase.kernel;
  const { outHeight, outWidth } = geometryOf(testCase);
  const dyShape: [number, number, number, number] = [batch, outHeight, outWidth, testCase.outChannels];
  const x = tf.tensor4d(normalValues(testCase.input, 31), [...testCase.input]);
  const dy = tf.tensor4d(normalValues(dyShape, 37), dyShape);
  const filterShape: [number, number, number, number] = [kernelHeight, kernelWidth, inChannels, testCase.outChannels];
  return { x, dy, filterShape };
}

/** tfjs-backend-cpu's own `Conv2DBackpropFilter` kernel: the straightforward loop. */
async function cpuReference(testCase: FilterCase): Promise<Float32Array> {
  await tf.setBackend('cpu');
  const { x, dy, filterShape } = tensorsOf(testCase);
  const gradient = tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, {
    strides: [testCase.strides ?? 1, testCase.strides ?? 1],
    pad: testCase.padding,
    dataFormat: 'NHWC',
    dimRoundingMode: undefined as unknown as string,
    filterShape,
  }) as tf.Tensor;
  const values = Float32Array.from(await gradient.data());
  tf.dispose([x, dy, gradient]);
  return values;
}

function tfjsPadding(testCase: FilterCase): { top: number; left: number } {
  const { top, left } = geometryOf(testCase).padInfo;
  return { top, left };
}

describe('fused wasm convolution filter gradient', () => {
  for (const testCase of cases) {
    const label = `x [${testCase.input.join(', ')}], ${testCase.kernel.join('x')} -> ${testCase.outChannels} channels, ${testCase.padding}, stride ${testCase.strides ?? 1}`;
    it(`matches tfjs-backend-cpu's Conv2DBackpropFilter: ${label}`, async () => {
      const reference = await cpuReference(testCase);
      await tf.setBackend('wasm');
      const { x, dy, filterShape } = tensorsOf(testCase);
      expect(fusedFilterGradientApplies(x, dy)).toBe(true);
      const { top, left } = tfjsPadding(testCase);
      const strides: [number, number] = [testCase.strides ?? 1, testCase.strides ?? 1];
      const fused = filterGradientByKernel(x, dy, filterShape, top, left, strides);
      // And through the gradient formulation the Conv2D gradient uses.
      const dispatched = convolutionFilterGradient({
        x,
        dy,
        filterShape,
        geometry: { strides, dilations: [1, 1], padding: { top, left } },
      });
      expect(fused.shape).toEqual(filterShape);
      expectClose(Float32Array.from(await fused.data()), reference, tolerance, 'fused kernel');
      expectClose(Float32Array.from(await dispatched.data()), reference, tolerance, 'convolutionFilterGradient');
      tf.dispose([x, dy, fused, dispatched]);
    });
  }

  it('pads input channels that are not in 4s (an RGB stem) with zeros for the kernel', async () => {
    const testCase: FilterCase = { input: [4, 12, 12, 3], kernel: [3, 3], outChannels: 16, padding: 'same' };
    const reference = await cpuReference(testCase);
    await tf.setBackend('wasm');
    const { x, dy, filterShape } = tensorsOf(testCase);
    expect(fusedFilterGradientApplies(x, dy)).toBe(false);
    const geometry = { strides: [1, 1] as const, dilations: [1, 1] as const, padding: tfjsPadding(testCase) };
    const profile = await tf.profile(() => convolutionFilterGradient({ x, dy, filterShape, geometry }).dispose());
    expect(profile.kernels.map((kernel) => kernel.name)).toContain(convolutionFilterGradientKernelName);
    const gradient = convolutionFilterGradient({ x, dy, filterShape, geometry });
    expect(gradient.shape).toEqual(filterShape);
    expectClose(Float32Array.from(await gradient.data()), reference, tolerance, 'padded channels');
    tf.dispose([x, dy, gradient]);
  });

  it('is what the Conv2D filter gradient runs on wasm for stride 1', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor4d(normalValues([2, 6, 6, 4], 3), [2, 6, 6, 4]);
    const dy = tf.tensor4d(normalValues([2, 6, 6, 8], 4), [2, 6, 6, 8]);
    const profile = await tf.profile(() =>
      convolutionFilterGradient({
        x,
        dy,
        filterShape: [3, 3, 4, 8],
        geometry: { strides: [1, 1], dilations: [1, 1], padding: { top: 1, left: 1 } },
      }).dispose(),
    );
    const names = profile.kernels.map((kernel) => kernel.name);
    expect(names).toEqual([convolutionFilterGradientKernelName]);
    tf.dispose([x, dy]);
  });

  it('applies only on wasm, to float32 with input channels in 4s and output channels in 8s', async () => {
    await tf.setBackend('wasm');
    const probe = (inChannels: number, outChannels: number) => {
      const x = tf.zeros([1, 4, 4, inChannels]) as tf.Tensor4D;
      const dy = tf.zeros([1, 4, 4, outChannels]) as tf.Tensor4D;
      const applies = fusedFilterGradientApplies(x, dy);
      tf.dispose([x, dy]);
      return applies;
    };
    expect([probe(4, 8), probe(8, 16), probe(3, 8), probe(4, 12), probe(1, 8)]).toEqual([true, true, false, false, false]);
    await tf.setBackend('cpu');
    expect(probe(4, 8)).toBe(false);
  });
});
