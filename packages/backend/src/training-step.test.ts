import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { selectBackend } from './select-backend.js';
import { Nb201LikeNetwork } from './testing/nb201-like-network.js';
import { type LossAndGradients, lossAndGradientsOfNewNetwork } from './testing/loss-and-gradients.js';
import { expectClose, normalValues } from './testing/numeric.js';

// Tolerance for the whole-network gradients, wasm vs cpu, relative to each gradient's
// largest magnitude: 21 convolutions and 22 batch normalisations deep, float32 rounding
// differences compound to ~1e-4 of the scale; 5e-4 leaves room without hiding real errors
// (a wrong gradient differs at the scale of the values themselves).
const networkTolerance = 5e-4;

async function gradientsOn(backend: 'cpu' | 'wasm'): Promise<LossAndGradients> {
  await selectBackend({ backend, environment: {} });
  return lossAndGradientsOfNewNetwork(
    { channels: 4, cellsPerStage: 1, classes: 3, inputChannels: 3, seed: 2021, name: `training-step-test-${backend}` },
    { imageShape: [2, 8, 8, 3], imageSeed: 5, labels: [0, 2] },
  );
}

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('an NB201-like training step', () => {
  it('has the same loss and gradients for every variable on wasm as on cpu', async () => {
    const onCpu = await gradientsOn('cpu');
    const onWasm = await gradientsOn('wasm');
    expect(onWasm.loss).toBeCloseTo(onCpu.loss, 4);
    expect(onWasm.gradients).toHaveLength(onCpu.gradients.length);
    expect(onCpu.gradients.length).toBeGreaterThan(40);
    onWasm.gradients.forEach((gradient, index) => {
      expect(gradient.some((value) => value !== 0), `variable ${index} receives a gradient`).toBe(true);
      expectClose(gradient, onCpu.gradients[index] as Float32Array, networkTolerance, `variable ${index}`);
    });
  });

  it('trains on wasm without growing the number of live tensors', async () => {
    await selectBackend({ backend: 'wasm', environment: {} });
    const network = new Nb201LikeNetwork({
      channels: 4,
      cellsPerStage: 1,
      classes: 3,
      inputChannels: 3,
      seed: 7,
      name: 'training-step-test-memory',
    });
    const images = tf.tensor4d(normalValues([4, 8, 8, 3], 6), [4, 8, 8, 3]);
    const labels = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d([0, 1, 2, 1], 'int32'), 3), 'float32') as tf.Tensor2D);
    // SGD, not momentum: MomentumOptimizer.dispose() of tfjs 4.22 leaks one scalar.
    const optimizer = tf.train.sgd(0.1);
    try {
      const losses = [network.trainStep(optimizer, images, labels)];
      const tensorsAfterFirstStep = tf.memory().numTensors;
      for (let step = 0; step < 20; step += 1) losses.push(network.trainStep(optimizer, images, labels));
      expect(tf.memory().numTensors).toBe(tensorsAfterFirstStep);
      // Fitting one fixed batch: the loss must go down.
      expect(losses[losses.length - 1] as number).toBeLessThan((losses[0] as number) * 0.5);
    } finally {
      optimizer.dispose();
      tf.dispose([images, labels]);
      network.dispose();
    }
  });
});
