import { InvalidArgumentError } from '@fewshot/core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { batchNormalization } from './batch-normalization.js';
import { registerGradients } from './gradients/register-gradients.js';
import { fusedBatchNormalizationApplies } from './internal/wasm-batch-normalization.js';
import { fusedFilterGradientApplies } from './internal/wasm-convolution-filter-gradient.js';
import { reluGradient } from './internal/wasm-relu-gradient.js';
import { wasmKernelChoice, wasmKernelsEnvironmentVariable } from './wasm-kernel-choice.js';

registerGradients();

afterEach(() => {
  delete process.env[wasmKernelsEnvironmentVariable];
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('FEWSHOT_WASM_KERNELS', () => {
  it('defaults to our kernels, and rejects an unknown value naming the variable', () => {
    expect(wasmKernelChoice()).toBe('fewshot');
    process.env[wasmKernelsEnvironmentVariable] = 'fewshot';
    expect(wasmKernelChoice()).toBe('fewshot');
    process.env[wasmKernelsEnvironmentVariable] = 'fast';
    expect(() => wasmKernelChoice()).toThrow(InvalidArgumentError);
    expect(() => wasmKernelChoice()).toThrow(/FEWSHOT_WASM_KERNELS.*"fast"/);
  });

  it('= stock runs the op formulations on wasm, with the same numbers to float32 rounding', async () => {
    await tf.setBackend('wasm');
    const x = tf.tidy(() => tf.reshape(tf.add(tf.mul(tf.range(0, 256), 0.37), tf.sin(tf.range(0, 256))), [4, 2, 4, 8]));
    const dy = tf.zeros([4, 2, 4, 8]) as tf.Tensor4D;
    const run = async () => {
      const profile = await tf.profile(() => {
        const { output, mean, variance } = batchNormalization({ x });
        tf.dispose([mean, variance, reluGradient(output, x), output]);
      });
      const { output, mean, variance } = batchNormalization({ x });
      const values = Float32Array.from(await output.data());
      tf.dispose([output, mean, variance]);
      return { names: profile.kernels.map((kernel) => kernel.name), values };
    };
    const fused = await run();
    expect(fusedBatchNormalizationApplies(x)).toBe(true);
    expect(fusedFilterGradientApplies(x as tf.Tensor4D, dy)).toBe(true);
    process.env[wasmKernelsEnvironmentVariable] = 'stock';
    const stock = await run();
    expect(fusedBatchNormalizationApplies(x)).toBe(false);
    expect(fusedFilterGradientApplies(x as tf.Tensor4D, dy)).toBe(false);
    expect(fused.names).toContain('FewshotBatchNormalization');
    expect(fused.names).toContain('FewshotReluGradient');
    expect(stock.names.filter((name) => name.startsWith('Fewshot'))).toEqual([]);
    stock.values.forEach((value, index) => expect(value).toBeCloseTo(fused.values[index] as number, 5));
    tf.dispose([x, dy]);
  });
});
