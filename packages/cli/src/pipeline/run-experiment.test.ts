import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentConfig } from '../config/experiment-config.js';
import { parseExperimentConfig } from '../config/parse-experiment-config.js';
import { parseGroundTruthConfig, runGroundTruth } from '../ground-truth/run-ground-truth.js';
import { writeExperimentReport } from '../report/write-experiment-report.js';
import { tinyData, tinyNetwork, tinyTraining } from '../testing/tiny-configs.js';
import { runExperiment } from './run-experiment.js';

describe('runExperiment (tiny networks, real embedded Fashion-MNIST)', () => {
  let directory: string;
  let config: ExperimentConfig;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'fewshot-experiment-'));
    const truthFile = join(directory, 'truth.json');
    await runGroundTruth({
      config: {
        ...parseGroundTruthConfig({ json: { architectures: { perRegion: 2 }, seeds: [1] }, directory }),
        data: tinyData,
        network: tinyNetwork,
        training: tinyTraining,
        workers: 2,
        output: truthFile,
      },
      command: 'test',
    });
    config = {
      ...parseExperimentConfig({
        json: {
          name: 'tiny',
          seeds: [1],
          splits: [
            { name: 'paper split', criterion: 'fixed-edge', edge: '1<-0' },
            { name: 'gradient matching', criterion: 'gradient-matching', levels: 2, groups: 2, batches: 1 },
          ],
          groundTruth: { kind: 'table', file: 'truth.json' },
        },
        directory,
      }),
      data: tinyData,
      network: tinyNetwork,
      oneShot: tinyTraining,
      subSupernets: tinyTraining,
      workers: 2,
      output: join(directory, 'run'),
    };
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('trains, splits, estimates and compares, with explicit budgets; a second run resumes without training', async () => {
    const lines: string[] = [];
    const results = await runExperiment({ config, log: (line) => lines.push(line) });
    const [seed] = results.seeds;
    expect(seed?.variants.map((variant) => variant.name)).toEqual(['one-shot', 'one-shot, equal budget', 'paper split', 'gradient matching']);
    const byName = new Map(seed?.variants.map((variant) => [variant.name, variant]));
    const oneShot = byName.get('one-shot')!;
    const stepsPerEpoch = 2; // 100 images, batches of 50
    expect(oneShot.trainingSteps).toBe(stepsPerEpoch);
    expect(byName.get('paper split')!.supernets).toBe(5);
    expect(byName.get('paper split')!.trainingSteps).toBe(stepsPerEpoch + 5 * stepsPerEpoch);
    expect(byName.get('one-shot, equal budget')!.trainingSteps).toBe(stepsPerEpoch + 5 * stepsPerEpoch);
    expect(byName.get('gradient matching')!.supernets).toBe(4);
    expect(byName.get('gradient matching')!.trainingSteps).toBe(stepsPerEpoch + (2 + 4) * stepsPerEpoch);
    expect(byName.get('gradient matching')!.plans.map((plan) => plan.level)).toEqual([1, 2, 2]);
    for (const variant of seed!.variants) {
      expect(variant.regions.reduce((sum, region) => sum + region.size, 0)).toBe(15625);
      expect(variant.estimates).toHaveLength(10);
      expect(variant.estimates.every((estimate) => estimate >= 0 && estimate <= 100)).toBe(true);
      expect(variant.perRegion.map((region) => region.group).sort()).toEqual(
        ['avg_pool_3x3', 'none', 'nor_conv_1x1', 'nor_conv_3x3', 'skip_connect'],
      );
      expect(variant.topPick.trueRank).toBeGreaterThanOrEqual(1);
    }
    expect(results.summary).toHaveLength(4);

    const report = await writeExperimentReport({ results, directory: config.output });
    const markdown = await readFile(report, 'utf8');
    expect(markdown).toMatch(/\| one-shot \| 2 \|/);
    expect(markdown).toMatch(/## Split decisions/);
    for (const file of ['results.json', 'per-region-tau.svg', 'training-curves.svg', 'scatter-one-shot.svg', 'scatter-gradient-matching.svg']) {
      expect(existsSync(join(config.output, file)), file).toBe(true);
    }
    expect(await readFile(join(config.output, 'scatter-paper-split.svg'), 'utf8')).toMatch(/^<svg[^>]*>[\s\S]*<circle/);

    const again: string[] = [];
    const resumed = await runExperiment({ config, log: (line) => again.push(line) });
    expect(again.filter((line) => line.includes('job(s), '))).toEqual([]);
    expect(resumed.seeds[0]?.variants.map((variant) => variant.estimates)).toEqual(seed?.variants.map((variant) => variant.estimates));
  });
});
