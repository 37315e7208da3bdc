import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import '@fewshot/backend';
import { autoGanSpace } from '../space/autogan-space.js';
import type { AutoGanExperimentEvent } from './experiment-result.js';
import { parseAutoGanExperimentConfig } from './parse-autogan-experiment-config.js';
import { runAutoGanExperiment } from './run-autogan-experiment.js';
import { writeAutoGanReport } from './write-autogan-report.js';

const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((path) => rm(path, { recursive: true, force: true })));
});

const tinyClassifier = { widths: [2, 2, 3], epochs: 1, batchSize: 32 };

describe('runAutoGanExperiment', () => {
  it('runs one-shot and few-shot end to end at tiny sizes, caches every phase and writes a report', async () => {
    const output = await mkdtemp(join(tmpdir(), 'autogan-experiment-'));
    folders.push(output);
    const config = parseAutoGanExperimentConfig({
      directory: output,
      json: {
        kind: 'autogan',
        name: 'tiny',
        seeds: [1],
        data: { source: 'embedded-fashion-mnist', trainImages: 96, testImages: 40 },
        search: {
          generator: { channels: 2, latentDimension: 4 },
          discriminator: { channels: 2 },
          maxIterations: 3,
          growSteps: [1, 2],
          sharedSteps: 3,
          discriminatorBatchSize: 4,
          generatorBatchSize: 4,
          criticSteps: 2,
          controller: { hiddenSize: 4, steps: 2, mode: 'clean' },
          rewardSamples: 10,
          rewardSplits: 2,
          evaluationBatchSize: 10,
          candidates: 2,
          beamWidth: 1,
          dynamicReset: { window: 8 },
        },
        fewShot: { decision: 'cell1.shortcut', forkIteration: 1, budgets: ['matched'] },
        finalTraining: { architectures: 1, generatorChannels: 2, discriminatorChannels: 2, generatorSteps: 2, criticSteps: 2, discriminatorBatchSize: 4, generatorBatchSize: 4 },
        metrics: { rewardClassifier: { ...tinyClassifier, seed: 1 }, evaluationClassifier: { ...tinyClassifier, seed: 2 }, samples: 20, splits: 2 },
        output: 'out',
      },
    });
    const events: AutoGanExperimentEvent[] = [];
    const result = await runAutoGanExperiment({ config, output, onEvent: (event) => events.push(event) });
    expect(result.classifiers.map((classifier) => classifier.role)).toEqual(['reward', 'evaluation']);
    for (const classifier of result.classifiers) {
      expect(classifier.testAccuracy).toBeGreaterThanOrEqual(0);
      expect(classifier.floor).toBeGreaterThan(0);
      expect(classifier.realTest.inceptionScore).toBeGreaterThanOrEqual(1);
    }
    const [oneShot, fewShot] = result.seeds[0]!.methods;
    expect(oneShot?.method).toBe('one-shot');
    expect(fewShot?.method).toBe('few-shot (matched compute)');
    expect(fewShot?.subSupernets?.map((sub) => sub.region)).toEqual(['cell1.shortcut in {no}', 'cell1.shortcut in {yes}']);
    fewShot?.subSupernets?.forEach((sub, index) => expect(sub.best.architecture[3]).toBe(index));
    // Matched compute: the warm-up (1 iteration of 3 D steps) plus 2 sub-supernets x 2 iterations x round(3 / 2) = 2 D steps.
    expect(oneShot?.totals.discriminatorSteps).toBe(9);
    expect(fewShot?.totals.discriminatorSteps).toBe(3 + 2 * 2 * 2);
    for (const run of [oneShot, fewShot]) {
      expect(run?.selected).toBeDefined();
      expect(autoGanSpace.contains(run!.selected!.architecture)).toBe(true);
      expect(run!.selected!.evaluation.frechetDistance).toBeGreaterThan(0);
      expect(run!.selected!.reward.inceptionScore).toBeGreaterThanOrEqual(1);
      expect(run!.selected!.generatorSteps).toBe(2);
    }
    expect(result.summary.map((row) => row.method)).toEqual(['one-shot', 'few-shot (matched compute)']);
    expect(result.pairedDifferences[0]?.evaluationFrechetDistance.values).toHaveLength(1);
    expect(events.some((event) => event.type === 'search' && event.event.type === 'stage-start')).toBe(true);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);

    // Everything is cached: a second run recomputes nothing and gives the same numbers.
    const again = await runAutoGanExperiment({ config, output });
    expect(again.classifiers.every((classifier) => classifier.cached)).toBe(true);
    expect(again.seeds[0]!.methods.map((run) => run.selected?.evaluation)).toEqual(result.seeds[0]!.methods.map((run) => run.selected?.evaluation));
    expect(again.seeds[0]!.methods.every((run) => run.finalModels.every((model) => model.cached))).toBe(true);

    const path = await writeAutoGanReport({ result, directory: output });
    const report = await readFile(path, 'utf8');
    expect(report).toContain('# AutoGAN experiment: tiny');
    expect(report).toContain('not comparable with published');
    expect(report).toContain('| one-shot | 1 |');
    expect(JSON.parse(await readFile(join(output, 'result.json'), 'utf8')).name).toBe('tiny');
  }, 300_000);
});
