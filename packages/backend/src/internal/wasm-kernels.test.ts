import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../select-backend.js';
import { Nb201LikeNetwork } from '../testing/nb201-like-network.js';
import { normalValues } from '../testing/numeric-values.js';
import { registerWasmKernels, stockWasmKernel } from './wasm-kernels.js';

afterAll(async () => {
  registerWasmKernels();
  await tf.setBackend('cpu');
});

/** Three SGD steps of a small NB201-like network: the losses and every final weight. */
function trainThreeSteps(name: string): { losses: number[]; weights: Float32Array[] } {
  const network = new Nb201LikeNetwork({ channels: 4, cellsPerStage: 1, classes: 3, inputChannels: 3, seed: 5, name });
  const images = tf.tensor4d(normalValues([4, 8, 8, 3], 3), [4, 8, 8, 3]);
  const labels = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d([0, 1, 2, 1], 'int32'), 3), 'float32') as tf.Tensor2D);
  const optimizer = tf.train.sgd(0.1);
  try {
    const losses = [0, 1, 2].map(() => network.trainStep(optimizer, images, labels));
    const weights = network.trainableVariables.map((variable) => Float32Array.from(variable.dataSync()));
    return { losses, weights };
  } finally {
    optimizer.dispose();
    tf.dispose([images, labels]);
    network.dispose();
  }
}

describe('wasm kernel replacements', () => {
  it('replaces wasm Identity with a kernel that shares the data instead of copying it', async () => {
    await selectBackend({ backend: 'wasm', environment: {} });
    expect(registerWasmKernels()).toEqual(['Identity', 'Cast', 'Conv2D']);
    expect(stockWasmKernel('Identity')).toBeDefined();
    const x = tf.tensor1d([1.5, -2, 3]);
    const copy = tf.clone(x);
    // Shared: one buffer for both tensors, which outlives the first one disposed.
    expect(copy.dataId).toBe(x.dataId);
    x.dispose();
    expect(Array.from(await copy.data())).toEqual([1.5, -2, 3]);
    copy.dispose();
  });

  it('replaces wasm Cast: a cast to the same dtype shares the data, other casts convert', async () => {
    await selectBackend({ backend: 'wasm', environment: {} });
    expect(stockWasmKernel('Cast')).toBeDefined();
    const x = tf.tensor1d([1.5, -2.75, 3]);
    const same = tf.cast(x, 'float32');
    expect(same.dataId).toBe(x.dataId);
    const integers = tf.cast(x, 'int32');
    expect(integers.dataId).not.toBe(x.dataId);
    expect(integers.dtype).toBe('int32');
    x.dispose();
    expect(Array.from(await same.data())).toEqual([1.5, -2.75, 3]);
    expect(Array.from(await integers.data())).toEqual([1, -2, 3]);
    // An average pooling casts its output to its input's dtype: no copy any more.
    const ones = tf.ones([1, 4, 4, 4]) as tf.Tensor4D;
    const pooled = tf.avgPool(ones, 2, 2, 'valid');
    expect(Array.from(await pooled.data())).toEqual(new Array(16).fill(1));
    tf.dispose([same, integers, ones, pooled]);
  });

  it('trains exactly as the stock copying kernels do (bit for bit)', async () => {
    await selectBackend({ backend: 'wasm', environment: {} });
    const sharing = trainThreeSteps('wasm-kernels-sharing');
    for (const kernelName of [tf.Identity, tf.Cast]) {
      tf.unregisterKernel(kernelName, 'wasm');
      tf.registerKernel(stockWasmKernel(kernelName) as tf.KernelConfig);
    }
    let copying: { losses: number[]; weights: Float32Array[] };
    try {
      copying = trainThreeSteps('wasm-kernels-copying');
    } finally {
      registerWasmKernels();
    }
    expect(sharing.losses).toEqual(copying.losses);
    expect(sharing.losses[2]).toBeLessThan(sharing.losses[0] as number);
    sharing.weights.forEach((weights, index) => expect(weights).toEqual(copying.weights[index]));
  });
});
