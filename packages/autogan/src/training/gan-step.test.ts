import { createRng } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import '@fewshot/backend';
import { createDiscriminator } from '../discriminator/discriminator.js';
import { createSharedGenerator } from '../generator/shared-generator.js';
import { deterministicTensor } from '../testing/tensors.js';
import { createAdam } from './adam.js';
import { trainGanStep } from './gan-step.js';
import { discriminatorHingeLoss, generatorHingeLoss } from './hinge-loss.js';
import { createParameterAverage } from './parameter-average.js';

describe('hinge losses', () => {
  it('are mean(relu(1 - real)) + mean(relu(1 + fake)) and -mean(fake)', () => {
    const real = tf.tensor([2, 0.5, -1]);
    const fake = tf.tensor([-2, 0, 1.5]);
    const d = discriminatorHingeLoss({ realLogits: real, fakeLogits: fake });
    const g = generatorHingeLoss({ fakeLogits: fake });
    expect(d.dataSync()[0]).toBeCloseTo((0 + 0.5 + 2) / 3 + (0 + 1 + 2.5) / 3, 6);
    expect(g.dataSync()[0]).toBeCloseTo(0.5 / 3, 6);
    tf.dispose([real, fake, d, g]);
  });
});

describe('trainGanStep', () => {
  it('moves only the active path of G and the stage\'s blocks of D', async () => {
    const rng = createRng({ seed: 1 });
    const generator = createSharedGenerator({ rng, channels: 3, latentDimension: 6, outputChannels: 1 });
    const discriminator = createDiscriminator({ rng, channels: 3, inputChannels: 1 });
    const generatorOptimizer = createAdam({ learningRate: 0.01 });
    const discriminatorOptimizer = createAdam({ learningRate: 1e-4 });
    const architecture = [1, 1, 2, 1, 0, 2, 0, 1, 1, 0, 0, 1, 0, 3];
    const realImages = deterministicTensor([4, 16, 16, 1], 7) as tf.Tensor4D;
    try {
      const beforeG = await generator.getWeights();
      const beforeD = await discriminator.getWeights();
      const losses = await trainGanStep({ generator, discriminator, generatorOptimizer, discriminatorOptimizer, architecture, stage: 1, realImages, rng, generatorBatchSize: 4, generatorStep: true });
      expect(Number.isFinite(losses.discriminatorLoss)).toBe(true);
      expect(Number.isFinite(losses.generatorLoss)).toBe(true);
      const afterG = await generator.getWeights();
      const afterD = await discriminator.getWeights();
      const active = new Set(generator.trainableVariables({ architecture, stage: 1 }).map((variable) => generator.localName(variable)));
      for (const name of Object.keys(beforeG)) {
        const moved = beforeG[name]!.some((value, index) => value !== afterG[name]![index]);
        const isStatistic = name.includes('running-');
        if (isStatistic) continue;
        expect(moved, name).toBe(active.has(name));
      }
      // Running statistics of the batch norms on the path were updated; the others not.
      expect(afterG['cell1.pre.bn1.running-mean']).not.toEqual(beforeG['cell1.pre.bn1.running-mean']);
      expect(afterG['cell3.post.bn1.running-mean']).toEqual(beforeG['cell3.post.bn1.running-mean']);
      const activeD = new Set(discriminator.trainableVariables({ stage: 1 }).map((variable) => discriminator.localName(variable)));
      for (const name of Object.keys(beforeD)) {
        if (name.endsWith('.u') || name.endsWith('.v')) continue;
        const moved = beforeD[name]!.some((value, index) => value !== afterD[name]![index]);
        expect(moved, name).toBe(activeD.has(name));
      }
      expect(activeD.has('block3.conv1.kernel')).toBe(false);
    } finally {
      tf.dispose(realImages);
      generator.dispose();
      discriminator.dispose();
      generatorOptimizer.dispose();
      discriminatorOptimizer.dispose();
    }
  });
});

describe('createParameterAverage', () => {
  it('tracks decay * average + (1 - decay) * value and swaps the averages in temporarily', () => {
    const variable = tf.tidy(() => tf.variable(tf.tensor1d([0, 10]), true, 'average-test/w'));
    const average = createParameterAverage({ variables: [variable], decay: 0.5 });
    try {
      tf.tidy(() => variable.assign(tf.tensor1d([4, 2])));
      average.update(); // [2, 6]
      tf.tidy(() => variable.assign(tf.tensor1d([2, 2])));
      average.update(); // [2, 4]
      const inside = average.withAverages(() => Array.from(variable.dataSync()));
      expect(inside).toEqual([2, 4]);
      expect(Array.from(variable.dataSync())).toEqual([2, 2]);
    } finally {
      average.dispose();
      variable.dispose();
    }
  });
});
