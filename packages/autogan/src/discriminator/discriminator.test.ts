import { createRng } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import '@fewshot/backend';
import { symmetricEigendecomposition } from '../metrics/symmetric-eigen.js';
import { deterministicTensor, thrown } from '../testing/tensors.js';
import { createDiscriminator } from './discriminator.js';

/** Largest singular value of the [rows, columns] matrix stored as a [columns, rows] kernel, from the eigenvalues of W^T W in float64. */
function largestSingularValue(kernel: Float32Array, columns: number, rows: number): number {
  const gram = new Float64Array(rows * rows);
  for (let i = 0; i < rows; i += 1) {
    for (let j = 0; j < rows; j += 1) {
      let sum = 0;
      for (let k = 0; k < columns; k += 1) sum += (kernel[k * rows + i] as number) * (kernel[k * rows + j] as number);
      gram[i * rows + j] = sum;
    }
  }
  return Math.sqrt(symmetricEigendecomposition({ matrix: gram, size: rows }).values[0] as number);
}

function norm(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i += 1) sum += (values[i] as number) ** 2;
  return Math.sqrt(sum);
}

describe('Discriminator', () => {
  it('grows with the stages and gives one logit per image', () => {
    const discriminator = createDiscriminator({ rng: createRng({ seed: 1 }), channels: 4, inputChannels: 1 });
    try {
      for (const [stage, size] of [
        [0, 8],
        [1, 16],
        [2, 32],
      ] as const) {
        const images = deterministicTensor([3, size, size, 1], stage + 1) as tf.Tensor4D;
        const logits = discriminator.forward({ images, stage });
        expect(logits.shape).toEqual([3, 1]);
        expect(logits.dataSync().every(Number.isFinite)).toBe(true);
        tf.dispose([images, logits]);
      }
      const names = (stage: number): string[] =>
        discriminator
          .trainableVariables({ stage })
          .map((variable) => discriminator.localName(variable))
          .filter((name) => name.endsWith('kernel'));
      expect(names(0)).toEqual(['block1.conv1.kernel', 'block1.conv2.kernel', 'block1.shortcut.kernel', 'block4.conv1.kernel', 'block4.conv2.kernel', 'head.kernel']);
      expect(names(2)).toHaveLength(11);
    } finally {
      discriminator.dispose();
    }
  });

  it('has SNGAN-CIFAR\'s 1,053,824 parameters at df 128 on RGB', () => {
    const discriminator = createDiscriminator({ rng: createRng({ seed: 1 }), channels: 128, inputChannels: 3 });
    try {
      expect(discriminator.trainableVariables({ stage: 2 }).reduce((sum, variable) => sum + variable.size, 0)).toBe(1_053_824);
    } finally {
      discriminator.dispose();
    }
  });

  it('does one power iteration per training forward, converging to the largest singular value', async () => {
    const discriminator = createDiscriminator({ rng: createRng({ seed: 5 }), channels: 6, inputChannels: 2 });
    const images = deterministicTensor([2, 8, 8, 2], 3) as tf.Tensor4D;
    try {
      const before = await discriminator.getWeights();
      const kernel = before['block1.conv1.kernel'] as Float32Array; // [3, 3, 2, 6] = [columns 18, rows 6]
      const u0 = before['block1.conv1.u'] as Float32Array;
      // One iteration by hand (PyTorch: v = normalize(W^T u), u = normalize(W v)).
      const v1 = new Float64Array(18);
      for (let k = 0; k < 18; k += 1) for (let r = 0; r < 6; r += 1) v1[k] = (v1[k] as number) + (kernel[k * 6 + r] as number) * (u0[r] as number);
      const nv = norm(v1);
      for (let k = 0; k < 18; k += 1) v1[k] = (v1[k] as number) / nv;
      const u1 = new Float64Array(6);
      for (let r = 0; r < 6; r += 1) for (let k = 0; k < 18; k += 1) u1[r] = (u1[r] as number) + (kernel[k * 6 + r] as number) * (v1[k] as number);
      const nu = norm(u1);
      for (let r = 0; r < 6; r += 1) u1[r] = (u1[r] as number) / nu;

      tf.dispose(discriminator.forward({ images, stage: 0, training: false }));
      expect((await discriminator.getWeights())['block1.conv1.u']).toEqual(u0); // eval mode: no iteration
      tf.dispose(discriminator.forward({ images, stage: 0, training: true }));
      const after = await discriminator.getWeights();
      const u = after['block1.conv1.u'] as Float32Array;
      for (let r = 0; r < 6; r += 1) expect(u[r]).toBeCloseTo(u1[r] as number, 5);
      expect(after['block2.conv1.u']).toEqual(before['block2.conv1.u']); // block2 is not used at stage 0

      const exact = largestSingularValue(kernel, 18, 6);
      for (let i = 0; i < 60; i += 1) tf.dispose(discriminator.forward({ images, stage: 0, training: true }));
      expect(discriminator.spectralNormEstimate({ layer: 'block1.conv1' })).toBeCloseTo(exact, 4);
      const head = (await discriminator.getWeights())['head.kernel'] as Float32Array;
      expect(discriminator.spectralNormEstimate({ layer: 'head' })).toBeCloseTo(norm(head), 5); // a 1-row matrix: sigma = |w|
    } finally {
      images.dispose();
      discriminator.dispose();
    }
  });

  it('divides each weight by its own estimate: scaling a kernel leaves the output unchanged', () => {
    const discriminator = createDiscriminator({ rng: createRng({ seed: 2 }), channels: 3, inputChannels: 1 });
    try {
      const images = deterministicTensor([2, 8, 8, 1], 4) as tf.Tensor4D;
      for (let i = 0; i < 30; i += 1) tf.dispose(discriminator.forward({ images, stage: 0 }));
      const reference = discriminator.forward({ images, stage: 0, training: false });
      const conv = discriminator.variables().find((variable) => discriminator.localName(variable) === 'block4.conv1.kernel') as tf.Variable;
      const original = tf.clone(conv);
      tf.tidy(() => conv.assign(tf.mul(original, 10)));
      const scaled = discriminator.forward({ images, stage: 0, training: false });
      const a = reference.dataSync();
      const b = scaled.dataSync();
      for (let i = 0; i < a.length; i += 1) expect(b[i]).toBeCloseTo(a[i] as number, 4);
      tf.dispose([images, reference, scaled, original]);
    } finally {
      discriminator.dispose();
    }
  });

  it('rejects images of the wrong shape', () => {
    const discriminator = createDiscriminator({ rng: createRng({ seed: 1 }), channels: 4, inputChannels: 1 });
    const images = tf.zeros([2, 6, 6, 1]) as tf.Tensor4D;
    try {
      expect(thrown(() => discriminator.forward({ images, stage: 2 })).message).toBe(
        'Discriminator.forward: expected [batch, h, w, 1] with h and w divisible by 4 at stage 2, got [2, 6, 6, 1]',
      );
    } finally {
      images.dispose();
      discriminator.dispose();
    }
  });
});
