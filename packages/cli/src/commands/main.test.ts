import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from './main.js';

describe('the fewshot command', () => {
  let directory: string;
  let output: string[];
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'fewshot-command-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });
  const capture = () => {
    output = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (output.push(String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (output.push(String(chunk)), true));
  };
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('prints complete help for the command and each subcommand', async () => {
    capture();
    expect(await main(['--help'])).toBe(0);
    expect(await main(['help', 'run'])).toBe(0);
    expect(await main(['ground-truth', '--help'])).toBe(0);
    const text = output.join('');
    expect(text).toMatch(/fewshot run <config.json>/);
    expect(text).toMatch(/--workers <n>/);
    expect(text).toMatch(/--fresh/);
    expect(text).toMatch(/Draws "perRegion" non-equivalent architectures/);
    expect(text).toMatch(/FEWSHOT_BACKEND/);
  });

  it('dispatches a config with "kind": "autogan" to the AutoGAN experiment and writes its report', async () => {
    const tinyClassifier = { widths: [2, 2, 3], epochs: 1, batchSize: 32 };
    const config = join(directory, 'autogan.json');
    await writeFile(
      config,
      JSON.stringify({
        kind: 'autogan',
        name: 'tiny',
        seeds: [1],
        data: { source: 'embedded-fashion-mnist', trainImages: 96, testImages: 40 },
        search: {
          generator: { channels: 2, latentDimension: 4 },
          discriminator: { channels: 2 },
          maxIterations: 3,
          growSteps: [1, 2],
          sharedSteps: 2,
          discriminatorBatchSize: 4,
          generatorBatchSize: 4,
          criticSteps: 2,
          controller: { hiddenSize: 4, steps: 1, mode: 'clean' },
          rewardSamples: 10,
          rewardSplits: 2,
          evaluationBatchSize: 10,
          candidates: 2,
          beamWidth: 1,
          dynamicReset: { window: 8 },
        },
        fewShot: { decision: 'cell1.shortcut', forkIteration: 1, budgets: ['matched'] },
        finalTraining: { architectures: 1, generatorChannels: 2, discriminatorChannels: 2, generatorSteps: 1, criticSteps: 1, discriminatorBatchSize: 4, generatorBatchSize: 4 },
        metrics: { rewardClassifier: { ...tinyClassifier, seed: 1 }, evaluationClassifier: { ...tinyClassifier, seed: 2 }, samples: 20, splits: 2 },
        output: 'autogan-out',
      }),
    );
    capture();
    expect(await main(['run', config, '--workers', '2'])).toBe(2);
    const code = await main(['run', config]);
    expect(code, output.join('')).toBe(0);
    const text = output.join('');
    expect(text).toMatch(/AutoGAN experiments take --output and --seeds only/);
    expect(text).toMatch(/done  search one-shot \(seed 1\)/);
    expect(text).toMatch(/Report: .*autogan-out\/report.md/);
    expect(await readFile(join(directory, 'autogan-out', 'report.md'), 'utf8')).toMatch(/one-shot/);
  });

  it('rejects bad usage and bad configs with one readable line and exit code 2, before any training', async () => {
    capture();
    expect(await main(['train'])).toBe(2);
    expect(await main(['run'])).toBe(2);
    expect(await main(['run', join(directory, 'missing.json')])).toBe(2);
    const broken = join(directory, 'broken.json');
    await writeFile(broken, '{ "name": ');
    expect(await main(['run', broken])).toBe(2);
    const bad = join(directory, 'bad.json');
    await writeFile(bad, JSON.stringify({ groundTruth: { kind: 'table', file: 'truth.json' }, subSupernets: { epochs: -1 } }));
    expect(await main(['run', bad])).toBe(2);
    const noTruth = join(directory, 'no-truth.json');
    await writeFile(noTruth, JSON.stringify({ groundTruth: { kind: 'table', file: 'truth.json' } }));
    expect(await main(['run', noTruth])).toBe(2);
    expect(await main(['run', bad, '--workers', 'many'])).toBe(2);
    const text = output.join('');
    expect(text).toMatch(/^fewshot: unknown command "train"/m);
    expect(text).toMatch(/cannot read the config file .*missing.json/);
    expect(text).toMatch(/broken.json is not valid JSON/);
    expect(text).toMatch(/config.subSupernets.epochs: expected an integer >= 1, got -1/);
    expect(text).toMatch(/readGroundTruthTable: cannot read .*truth.json/);
    expect(text).not.toMatch(/\n\s+at /);
  });
});
