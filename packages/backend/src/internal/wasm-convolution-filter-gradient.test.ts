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
}

const cases: readonly FilterCase[] = [
  { input: [2, 7, 9, 4], kernel: [3, 3], outChannels: 8, padding: 'same' },
  { input: [3, 8, 8, 8], kernel: [1, 1], outChannels: 16, padding: 'same' },
  { input: [2, 6, 6, 4], kernel: [3, 3], outChannels: 8, padding: 'valid' },
  { input: [1, 5, 5, 12], kernel: [5, 5], outChannels: 8, padding: 'same' },
  { input: [2, 4, 6, 8], kernel: [3, 2], outChannels: 24, padding: 'same' },
  { input: [4, 32, 32, 16], kernel: [3, 3], outChannels: 16, padding: 'same' },
];

/** x, dy and the filter shape of a case, on the active backend. */
function tensorsOf(testCase: FilterCase) {
  const [batch, height, width, inChannels] = testCase.input;
  const [kernelHeight, kernelWidth] = testCase.kernel;
  const outHeight = testCase.padding === 'same' ? height : height - kernelHeight + 1;
  const outWidth = testCase.padding === 'same' ? width : width - kernelWidth + 1;
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
    strides: [1, 1],
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
  if (testCase.padding === 'valid') return { top: 0, left: 0 };
  // TensorFlow's 'same' at stride 1: the smaller half before.
  return { top: Math.floor((testCase.kernel[0] - 1) / 2), left: Math.floor((testCase.kernel[1] - 1) / 2) };
}

describe('fused wasm convolution filter gradient', () => {
  for (const testCase of cases) {
    const label = `x [${testCase.input.join(', ')}], ${testCase.kernel.join('x')} -> ${testCase.outChannels} channels, ${testCase.padding}`;
    it(`matches tfjs-backend-cpu's Conv2DBackpropFilter: ${label}`, async () => {
      const reference = await cpuReference(testCase);
      await tf.setBackend('wasm');
      const { x, dy, filterShape } = tensorsOf(testCase);
      expect(fusedFilterGradientApplies(x, dy)).toBe(true);
      const { top, left } = tfjsPadding(testCase);
      const fused = filterGradientByKernel(x, dy, filterShape, top, left);
      // And through the gradient formulation the Conv2D gradient uses.
      const dispatched = convolutionFilterGradient({
        x,
        dy,
        filterShape,
        geometry: { strides: [1, 1], dilations: [1, 1], padding: { top, left } },
      });
      expect(fused.shape).toEqual(filterShape);
      expectClose(Float32Array.from(await fused.data()), reference, tolerance, 'fused kernel');
      expectClose(Float32Array.from(await dispatched.data()), reference, tolerance, 'convolutionFilterGradient');
      tf.dispose([x, dy, fused, dispatched]);
    });
  }

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
