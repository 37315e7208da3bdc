import { createRng, type Architecture } from '@fewshot/core';
import { createRegion } from '@fewshot/search-space';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import '@fewshot/backend';
import { transposedConvolution2x2 } from '../internal/layers.js';
import type { NamedWeights } from '../named-weights.js';
import { autoGanCifar10Architecture, autoGanSpace } from '../space/autogan-space.js';
import { deterministicTensor, maxAbsoluteDifference, thrown } from '../testing/tensors.js';
import { countAutoGanGeneratorParameters } from './generator-parameters.js';
import { createSharedGenerator } from './shared-generator.js';

const tiny = { channels: 4, latentDimension: 8, outputChannels: 1 } as const;
const base: Architecture = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

describe('SharedGenerator', () => {
  it('generates [batch, 32, 32, 1] in [-1, 1] for every option of every decision, in train and eval mode', () => {
    const generator = createSharedGenerator({ rng: createRng({ seed: 1 }), ...tiny });
    const latent = deterministicTensor([2, 8], 3) as tf.Tensor2D;
    try {
      for (const [d, decision] of autoGanSpace.decisions.entries()) {
        for (let option = 0; option < decision.options.length; option += 1) {
          const architecture = [...base];
          architecture[d] = option;
          for (const training of [true, false]) {
            const images = generator.forward({ latent, architecture, training });
            expect(images.shape, `${decision.label}=${option}`).toEqual([2, 32, 32, 1]);
            const values = images.dataSync();
            expect(values.every((value) => Number.isFinite(value) && value >= -1 && value <= 1)).toBe(true);
            images.dispose();
          }
        }
      }
      for (const stage of [0, 1]) {
        const images = generator.forward({ latent, architecture: autoGanCifar10Architecture, stage });
        expect(images.shape).toEqual([2, stage === 0 ? 8 : 16, stage === 0 ? 8 : 16, 1]);
        images.dispose();
      }
    } finally {
      latent.dispose();
      generator.dispose();
    }
  });

  it('differentiates exactly the active path: variableGrads over all weights reaches only trainableVariables', () => {
    const generator = createSharedGenerator({ rng: createRng({ seed: 2 }), ...tiny });
    const latent = deterministicTensor([2, 8], 5) as tf.Tensor2D;
    const all = generator.variables().filter((variable) => variable.trainable);
    const rng = createRng({ seed: 4 });
    try {
      const architectures = [autoGanCifar10Architecture, [0, 1, 2, 1, 1, 2, 2, 1, 1, 0, 1, 2, 1, 3], ...Array.from({ length: 4 }, () => autoGanSpace.sample(rng))];
      for (const architecture of architectures) {
        for (const stage of [0, 1, 2]) {
          const { value, grads } = tf.variableGrads(() => tf.sum(generator.forward({ latent, architecture, stage, training: true })) as tf.Scalar, all);
          const reached = Object.keys(grads).sort();
          const expected = generator
            .trainableVariables({ architecture, stage })
            .map((variable) => variable.name)
            .sort();
          expect(reached, `${architecture.join(' ')} stage ${stage}`).toEqual(expected);
          tf.dispose([value, ...Object.values(grads)]);
        }
      }
      // cell 1 with batch norm on the pre path, deconvolution, shortcut:
      const names = generator.trainableVariables({ architecture: [1, 1, 2, 1, ...base.slice(4)], stage: 0 }).map((variable) => generator.localName(variable));
      expect(names.sort()).toEqual(
        [
          'cell1.pre.bn1.offset',
          'cell1.pre.bn1.scale',
          'cell1.pre.bn2.offset',
          'cell1.pre.bn2.scale',
          'cell1.pre.conv1.bias',
          'cell1.pre.conv1.kernel',
          'cell1.pre.conv2.bias',
          'cell1.pre.conv2.kernel',
          'cell1.pre.deconv1.bias',
          'cell1.pre.deconv1.kernel',
          'cell1.shortcut.conv.bias',
          'cell1.shortcut.conv.kernel',
          'cell1.shortcut.deconv.bias',
          'cell1.shortcut.deconv.kernel',
          'head.bn.offset',
          'head.bn.scale',
          'head.conv.bias',
          'head.conv.kernel',
          'l1.bias',
          'l1.kernel',
        ].sort(),
      );
    } finally {
      latent.dispose();
      generator.dispose();
    }
  });

  it('matches a direct re-implementation of the AutoGAN cell semantics (skips, aliasing, shortcut, up types)', async () => {
    const generator = createSharedGenerator({ rng: createRng({ seed: 7 }), ...tiny });
    // Non-trivial running statistics so that eval-mode batch norm is not the identity.
    const weights = await generator.getWeights();
    const statistics: NamedWeights = {};
    let seed = 11;
    for (const name of Object.keys(weights)) {
      if (name.endsWith('running-mean') || name.endsWith('running-variance')) {
        const values = deterministicTensor([(weights[name] as Float32Array).length], seed++, 0.5);
        statistics[name] = name.endsWith('variance') ? Float32Array.from(values.dataSync(), (v) => 1 + v) : Float32Array.from(values.dataSync());
        values.dispose();
      }
    }
    generator.setWeights({ weights: statistics, partial: true });
    const w = await generator.getWeights();
    const p = (name: string): tf.Tensor => {
      const values = w[name] as Float32Array;
      const kernelShape = name.includes('deconv') && name.endsWith('kernel') ? [4, 2, 2, 4] : undefined;
      if (name === 'l1.kernel') return tf.tensor2d(values, [8, 64]);
      if (name === 'head.conv.kernel') return tf.tensor4d(values, [3, 3, 4, 1]);
      if (kernelShape !== undefined) return tf.tensor(values, kernelShape);
      if (name.endsWith('.kernel')) return tf.tensor4d(values, values.length === 16 ? [1, 1, 4, 4] : [3, 3, 4, 4]);
      return tf.tensor1d(values);
    };
    const conv = (x: tf.Tensor4D, name: string): tf.Tensor4D => tf.add(tf.conv2d(x, p(`${name}.kernel`) as tf.Tensor4D, 1, 'same'), p(`${name}.bias`));
    // PyTorch ConvTranspose2d(k2, s2) with our [in, 2, 2, out] kernel == tf.conv2dTranspose with filter [2, 2, out, in].
    const deconv = (x: tf.Tensor4D, name: string): tf.Tensor4D => {
      const filter = tf.transpose(p(`${name}.kernel`), [1, 2, 3, 0]) as tf.Tensor4D;
      const [b, h, wd] = x.shape;
      return tf.add(tf.conv2dTranspose(x, filter, [b, 2 * h, 2 * wd, 4], 2, 'valid'), p(`${name}.bias`));
    };
    const bn = (x: tf.Tensor4D, name: string): tf.Tensor4D =>
      tf.add(tf.mul(tf.div(tf.sub(x, p(`${name}.running-mean`)), tf.sqrt(tf.add(p(`${name}.running-variance`), 1e-5))), p(`${name}.scale`)), p(`${name}.offset`));
    const inorm = (x: tf.Tensor4D): tf.Tensor4D => {
      const { mean, variance } = tf.moments(x, [1, 2], true);
      return tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5)));
    };
    const bilinear = (x: tf.Tensor4D, size: number): tf.Tensor4D => tf.image.resizeBilinear(x, [size, size], false, true);
    const nearest = (x: tf.Tensor4D, size: number): tf.Tensor4D => tf.image.resizeNearestNeighbor(x, [size, size], false, false);
    // cell1: post, BN, deconv, shortcut. cell2: pre, IN, bilinear, shortcut, skip from 1.
    // cell3: post, none, nearest, shortcut, skips from 1 and 2.
    const architecture = [0, 1, 2, 1, 1, 2, 0, 1, 1, 0, 0, 1, 1, 3];
    const latent = deterministicTensor([3, 8], 9) as tf.Tensor2D;
    const expected = tf.tidy(() => {
      const x0 = tf.reshape(tf.add(tf.matMul(latent, p('l1.kernel')), p('l1.bias')), [3, 4, 4, 4]) as tf.Tensor4D;
      const h1 = tf.relu(bn(conv(deconv(x0, 'cell1.post.deconv1'), 'cell1.post.conv1'), 'cell1.post.bn1'));
      let out1 = tf.relu(bn(conv(h1, 'cell1.post.conv2'), 'cell1.post.bn2'));
      out1 = tf.add(out1, conv(deconv(x0, 'cell1.shortcut.deconv'), 'cell1.shortcut.conv'));
      let h2 = conv(bilinear(tf.relu(inorm(out1)), 16), 'cell2.pre.conv1');
      h2 = tf.add(h2, conv(bilinear(h1, 16), 'cell2.skip-from-cell1.conv'));
      let out2 = conv(tf.relu(inorm(h2)), 'cell2.pre.conv2');
      out2 = tf.add(out2, conv(bilinear(out1, 16), 'cell2.shortcut.conv'));
      let h3 = tf.relu(conv(nearest(out2, 32), 'cell3.post.conv1'));
      h3 = tf.add(h3, conv(nearest(h1, 32), 'cell3.skip-from-cell1.conv'));
      h3 = tf.add(h3, conv(nearest(h2, 32), 'cell3.skip-from-cell2.conv')); // h2 includes cell 2's added skip (aliasing)
      let out3 = tf.relu(conv(h3, 'cell3.post.conv2'));
      out3 = tf.add(out3, conv(nearest(out2, 32), 'cell3.shortcut.conv'));
      return tf.tanh(conv(tf.relu(bn(out3, 'head.bn')), 'head.conv'));
    });
    const actual = generator.forward({ latent, architecture });
    try {
      expect(maxAbsoluteDifference(actual, expected)).toBeLessThan(2e-5);
    } finally {
      tf.dispose([actual, expected, latent]);
      generator.dispose();
    }
  });

  it('implements PyTorch ConvTranspose2d(k2, s2) and half-pixel bilinear exactly', () => {
    tf.tidy(() => {
      const x = deterministicTensor([2, 3, 3, 5], 1) as tf.Tensor4D;
      const kernel = deterministicTensor([5, 2, 2, 4], 2);
      const bias = deterministicTensor([4], 3);
      const ours = transposedConvolution2x2(x, kernel, bias);
      const reference = tf.add(tf.conv2dTranspose(x, tf.transpose(kernel, [1, 2, 3, 0]) as tf.Tensor4D, [2, 6, 6, 4], 2, 'valid'), bias);
      expect(maxAbsoluteDifference(ours, reference)).toBeLessThan(1e-5);
      // PyTorch: F.interpolate([[1, 2], [3, 4]], scale_factor=2, mode='bilinear') (align_corners=False)
      const up = tf.image.resizeBilinear(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]), [4, 4], false, true);
      expect(Array.from(up.dataSync())).toEqual([1, 1.25, 1.75, 2, 1.5, 1.75, 2.25, 2.5, 2.5, 2.75, 3.25, 3.5, 3, 3.25, 3.75, 4]);
    });
  });

  it('updates the running statistics of the batch norms it uses in training mode only', async () => {
    const generator = createSharedGenerator({ rng: createRng({ seed: 3 }), ...tiny });
    const latent = deterministicTensor([4, 8], 2, 2) as tf.Tensor2D;
    try {
      const before = await generator.getWeights();
      tf.dispose(generator.forward({ latent, architecture: [0, 1, 0, 0, ...base.slice(4)], stage: 0, training: false }));
      const unchanged = await generator.getWeights();
      expect(unchanged['head.bn.running-mean']).toEqual(before['head.bn.running-mean']);
      tf.dispose(generator.forward({ latent, architecture: [0, 1, 0, 0, ...base.slice(4)], stage: 0, training: true }));
      const after = await generator.getWeights();
      expect(after['head.bn.running-mean']).not.toEqual(before['head.bn.running-mean']);
      expect(after['cell1.post.bn1.running-variance']).not.toEqual(before['cell1.post.bn1.running-variance']);
      expect(after['cell1.pre.bn1.running-mean']).toEqual(before['cell1.pre.bn1.running-mean']);
      expect(after['cell2.post.bn1.running-mean']).toEqual(before['cell2.post.bn1.running-mean']);
    } finally {
      latent.dispose();
      generator.dispose();
    }
  });

  it('counts parameters like the released models and allocates only a region\'s weights', () => {
    expect(countAutoGanGeneratorParameters({ architecture: autoGanCifar10Architecture, channels: 256 })).toBe(4_405_251);
    // The whole supernet at gf 128 without the skip ConvTs that no architecture uses
    // (AutoGAN's 3,323,011 minus 2 x 65,664 in cell 1, 2 x 65,664 in cell 2 for x4, ... = 2,994,691).
    expect(countAutoGanGeneratorParameters({ channels: 128 })).toBe(3_323_011 - 3 * 65_664 - 2 * 65_664);
    const region = createRegion({ space: autoGanSpace }).split({ decision: 2, groups: [[0, 1], [2]] })[0]!;
    const generator = createSharedGenerator({ rng: createRng({ seed: 1 }), ...tiny, region });
    const full = createSharedGenerator({ rng: createRng({ seed: 1 }), ...tiny });
    try {
      const names = generator.variables().map((variable) => generator.localName(variable));
      expect(names).not.toContain('cell1.pre.deconv1.kernel');
      expect(names).toContain('cell2.pre.deconv1.kernel');
      expect(names.length).toBe(full.variables().length - 6);
      const latent = tf.zeros([2, 8]) as tf.Tensor2D;
      const error = thrown(() => generator.forward({ latent, architecture: [0, 0, 2, ...base.slice(3)] }));
      latent.dispose();
      expect(error.message).toContain('decision 2 (cell1.upsampling) = 2 lies outside');
    } finally {
      generator.dispose();
      full.dispose();
    }
  });

  it('rejects bad input with typed errors', () => {
    const generator = createSharedGenerator({ rng: createRng({ seed: 1 }), ...tiny });
    try {
      const latent = tf.zeros([2, 7]) as tf.Tensor2D;
      expect(thrown(() => generator.forward({ latent, architecture: base })).message).toBe(
        'SharedGenerator.forward: expected a float32 tensor [batch, 8], got a float32 tensor of shape [2, 7]',
      );
      latent.dispose();
      const good = tf.zeros([2, 8]) as tf.Tensor2D;
      expect(thrown(() => generator.forward({ latent: good, architecture: [0, 0] })).argument).toBe('options.architecture');
      good.dispose();
      expect(thrown(() => createSharedGenerator({ rng: createRng({ seed: 1 }), channels: 0 })).code).toBe('out-of-range');
      generator.dispose();
      expect(thrown(() => generator.trainableVariables({ architecture: base })).code).toBe('invalid-state');
    } finally {
      generator.dispose();
    }
  });
});
