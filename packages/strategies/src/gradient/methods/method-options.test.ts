import { FewshotError } from '@fewshot/core';
import { describe, expect, it } from 'vitest';
import { createDarts } from './darts.js';
import { createEnas } from './enas.js';
import { createGdas } from './gdas.js';
import { createPcDarts } from './pc-darts.js';
import { createSetn } from './setn.js';

const releaseArchitecture = { learningRate: 3e-4, beta1: 0.5, beta2: 0.999, epsilon: 1e-8, weightDecay: 1e-3, initialScale: 1e-3 };
const releaseWeights = { learningRate: { initial: 0.025, final: 0.001 }, momentum: 0.9, nesterov: true, weightDecay: 5e-4, gradientClipNorm: 5 };

describe('method factories', () => {
  it("default to the NAS-Bench-201 release's settings", () => {
    expect(createDarts().name).toBe('darts-second-order');
    expect(createDarts().settings).toEqual({ order: 2, weights: releaseWeights, architecture: releaseArchitecture, finiteDifferenceRadius: 0.01 });
    expect(createDarts({ order: 1 }).name).toBe('darts-first-order');
    expect(createPcDarts().settings).toMatchObject({ partialChannels: 4, edgeNormalization: true, order: 1, architectureWarmupEpochs: 0, weights: releaseWeights });
    expect(createGdas().settings).toEqual({ weights: releaseWeights, architecture: releaseArchitecture, temperature: { initial: 10, final: 0.1 } });
    expect(createSetn().settings).toEqual({ weights: { ...releaseWeights, gradientClipNorm: 0 }, architecture: releaseArchitecture, candidates: 100 });
    expect(createEnas().settings).toEqual({
      weights: { learningRate: { initial: 0.05, final: 0.0005 }, momentum: 0.9, nesterov: true, weightDecay: 2.5e-4, gradientClipNorm: 5 },
      controller: {
        hiddenSize: 32,
        layers: 2,
        tanhConstant: 2.5,
        temperature: 5,
        learningRate: 1e-3,
        beta1: 0,
        beta2: 0.999,
        epsilon: 1e-3,
        gradientClipNorm: 5,
        entropyWeight: 1e-4,
        baselineDecay: 0.99,
        steps: 50,
        aggregate: 20,
      },
      candidates: 100,
      epochCandidates: 10,
    });
  });

  it('take every hyper-parameter as an option', () => {
    const darts = createDarts({ order: 1, weights: { learningRate: { initial: 0.1 }, gradientClipNorm: 0 }, architecture: { learningRate: 6e-4 } });
    expect(darts.settings).toMatchObject({ weights: { learningRate: { initial: 0.1, final: 0.001 }, gradientClipNorm: 0 }, architecture: { learningRate: 6e-4 } });
    expect(createEnas({ controller: { steps: 3, aggregate: 4 }, candidates: 7 }).settings).toMatchObject({ controller: { steps: 3, aggregate: 4 }, candidates: 7 });
  });

  it('reject bad options with typed errors naming the argument', () => {
    const argumentOf = (create: () => unknown): string | undefined => {
      try {
        create();
        return 'no error';
      } catch (error) {
        return FewshotError.isInstance(error) ? error.argument : String(error);
      }
    };
    expect(argumentOf(() => createDarts({ order: 3 as never }))).toBe('options.order');
    expect(argumentOf(() => createDarts({ weights: { learningRate: { initial: -1 } } }))).toBe('options.weights.learningRate.initial');
    expect(argumentOf(() => createDarts({ weights: { momentum: 0 } }))).toBe('options.weights.nesterov');
    expect(argumentOf(() => createPcDarts({ partialChannels: 0 }))).toBe('options.partialChannels');
    expect(argumentOf(() => createGdas({ architecture: { beta2: 1.5 } }))).toBe('options.architecture.beta2');
    expect(argumentOf(() => createEnas({ controller: { aggregate: 0 } }))).toBe('options.controller.aggregate');
    expect(argumentOf(() => createSetn(null as never))).toBe('options');
  });
});
