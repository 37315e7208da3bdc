import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { thrown } from '../testing/tensors.js';
import { parseAutoGanExperimentConfig } from './parse-autogan-experiment-config.js';

const here = dirname(fileURLToPath(import.meta.url));

describe('parseAutoGanExperimentConfig', () => {
  it('fills in AutoGAN\'s defaults and the few-shot proposal', () => {
    const config = parseAutoGanExperimentConfig({ json: { kind: 'autogan' }, directory: '/experiments' });
    expect(config.search).toMatchObject({
      maxIterations: 65,
      growSteps: [15, 35],
      sharedEpochs: 15,
      discriminatorBatchSize: 64,
      generatorBatchSize: 128,
      criticSteps: 5,
      learningRate: 2e-4,
      beta1: 0,
      beta2: 0.9,
      rewardSamples: 5000,
      candidates: 10,
      beamWidth: 5,
      generator: { channels: 128, latentDimension: 128, bottomWidth: 4, outputChannels: 1 },
      discriminator: { channels: 64 },
      controller: { hiddenSize: 100, learningRate: 3.5e-4, baselineDecay: 0.9, entropyCoefficient: 1e-3, steps: 30, mode: 'faithful' },
      dynamicReset: { enabled: true, threshold: 1e-3, window: 500 },
    });
    expect(config.fewShot).toEqual({ enabled: true, decision: 2, forkIteration: 7, budgets: ['matched', 'per-sub-supernet'] });
    expect(config.finalTraining).toMatchObject({ generatorChannels: 256, discriminatorChannels: 128, generatorSteps: 50_000, averageDecay: 0.999, architectures: 5 });
    expect(config.metrics.samples).toBe(10_000);
    expect(config.output).toBe('/experiments/runs/autogan');
    expect(config.data).toEqual({ source: 'fashion-mnist', directory: undefined, trainImages: undefined, testImages: undefined });
  });

  it('parses the small configuration shipped with the package', async () => {
    const path = join(here, '../../configs/small-fashion-mnist.json');
    const config = parseAutoGanExperimentConfig({ json: JSON.parse(await readFile(path, 'utf8')), directory: dirname(path) });
    expect(config.seeds).toEqual([1, 2, 3]);
    expect(config.search.sharedSteps).toBe(60);
    expect(config.fewShot.forkIteration).toBe(2);
    expect(config.output.endsWith('/runs/autogan-small')).toBe(true);
  });

  it('rejects bad and unknown fields with typed errors naming the field', () => {
    const parse = (json: unknown) => thrown(() => parseAutoGanExperimentConfig({ json, directory: '/x' }));
    expect(parse({ kind: 'nas' }).message).toBe('parseAutoGanExperimentConfig: config.kind: expected one of "autogan", got "nas"');
    const unknown = parse({ kind: 'autogan', serach: {} });
    expect(unknown.argument).toBe('config.serach');
    expect(unknown.code).toBe('invalid-argument');
    const steps = parse({ kind: 'autogan', search: { controller: { steps: -1 } } });
    expect(steps.argument).toBe('config.search.controller.steps');
    expect(steps.message).toBe('parseAutoGanExperimentConfig: config.search.controller.steps: expected an integer >= 0, got -1');
    expect(parse({ kind: 'autogan', search: { controller: { stepz: 1 } } }).message).toContain('config.search.controller.stepz: unknown field');
    expect(parse({ kind: 'autogan', search: { controller: { mode: 'greedy' } } }).argument).toBe('config.search.controller.mode');
    expect(parse({ kind: 'autogan', search: { sharedSteps: 10, sharedEpochs: 1 } }).argument).toBe('config.search.sharedSteps');
    expect(parse({ kind: 'autogan', search: { generator: { outputChannels: 3 } } }).argument).toBe('config.search.generator');
    expect(parse({ kind: 'autogan', seeds: [1, 1] }).argument).toBe('config.seeds');
    expect(parse({ kind: 'autogan', fewShot: { decision: 'cell9.upsampling' } }).argument).toBe('config.fewShot.decision');
    const late = parse({ kind: 'autogan', search: { maxIterations: 9, growSteps: [3, 6] }, fewShot: { decision: 'cell1.upsampling', forkIteration: 4 } });
    expect(late.argument).toBe('config.fewShot.forkIteration');
    expect(late.code).toBe('out-of-range');
    expect(parse({ kind: 'autogan', fewShot: { budgets: ['cheap'] } }).argument).toBe('config.fewShot.budgets[0]');
    expect(parse({ kind: 'autogan', metrics: { evaluationClassifier: { seed: 101 } } }).argument).toBe('config.metrics.evaluationClassifier');
    expect(parse({ kind: 'autogan', data: { source: 'embedded-fashion-mnist' }, metrics: { samples: 5000 } }).argument).toBe('config.metrics.samples');
    expect(parse({ kind: 'autogan', finalTraining: { architectures: 9 } }).argument).toBe('config.finalTraining.architectures');
    expect(parse({ kind: 'autogan', fewShot: { decision: 'cell3.skip', forkIteration: 65 } }).argument).toBe('config.fewShot.forkIteration');
    expect(parseAutoGanExperimentConfig({ json: { kind: 'autogan', fewShot: { decision: 'cell3.skip', forkIteration: 40 } }, directory: '/x' }).fewShot.decision).toBe(13);
  });
});
