import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nasBench201EquivalenceKey, parseNasBench201Architecture } from '@fewshot/search-space';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyData, tinyNetwork, tinyTraining } from '../testing/tiny-configs.js';
import { readGroundTruthTable } from './ground-truth-table.js';
import { parseGroundTruthConfig, runGroundTruth, sampleGroundTruthArchitectures } from './run-ground-truth.js';

describe('ground truth', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'fewshot-ground-truth-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('draws distinct, non-equivalent architectures from every region of the paper split, reproducibly', () => {
    const chosen = sampleGroundTruthArchitectures({ perRegion: 20, edge: '1<-0', seed: 2021 });
    expect(chosen).toHaveLength(100);
    expect(sampleGroundTruthArchitectures({ perRegion: 20, edge: '1<-0', seed: 2021 })).toEqual(chosen);
    const keys = new Set(chosen.map((entry) => nasBench201EquivalenceKey(parseNasBench201Architecture(entry.architecture))));
    expect(keys.size).toBe(100);
    const operations = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'];
    operations.forEach((operation, option) => {
      const inRegion = chosen.filter((entry) => parseNasBench201Architecture(entry.architecture)[0] === option);
      expect(inRegion).toHaveLength(20);
      expect(new Set(inRegion.map((entry) => entry.region))).toEqual(new Set([`1<-0 in {${operation}}`]));
    });
  });

  it('takes an explicit list of architectures instead of the draw, labelled with their regions, and names a bad entry', () => {
    const list = ['|nor_conv_3x3~0|+|skip_connect~0|none~1|+|none~0|none~1|avg_pool_3x3~2|', '|avg_pool_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|'];
    const config = parseGroundTruthConfig({ json: { architectures: { list } }, directory });
    expect(config.architectures.list).toEqual(list);
    expect(sampleGroundTruthArchitectures(config.architectures)).toEqual([
      { architecture: list[0], region: '1<-0 in {nor_conv_3x3}' },
      { architecture: list[1], region: '1<-0 in {avg_pool_3x3}' },
    ]);
    expect(() => parseGroundTruthConfig({ json: { architectures: { list: [list[0], list[0]] } }, directory })).toThrowError(
      /parseGroundTruthConfig.*architectures\.list\[1\].*appears twice/,
    );
    expect(() => parseGroundTruthConfig({ json: { architectures: { list: ['|conv~0|'] } }, directory })).toThrowError(/architectures\.list\[0\]/);
    expect(() => parseGroundTruthConfig({ json: { architectures: { list: [] } }, directory })).toThrowError(/architectures\.list.*non-empty/);
  });

  it('trains every architecture once per seed, writes the table, and resumes without training again', async () => {
    const output = join(directory, 'table.json');
    const config = {
      ...parseGroundTruthConfig({ json: { name: 'tiny', architectures: { perRegion: 1 }, seeds: [1, 2] }, directory }),
      data: tinyData,
      network: tinyNetwork,
      training: tinyTraining,
      workers: 1,
      output,
    };
    let trained = 0;
    const table = await runGroundTruth({ config, command: 'test', onResult: () => (trained += 1) });
    expect(trained).toBe(10);
    expect(table.entries).toHaveLength(5);
    for (const entry of table.entries) {
      expect(entry.runs.map((run) => run.seed)).toEqual([1, 2]);
      expect(entry.accuracy).toBeCloseTo((entry.runs[0]!.accuracy + entry.runs[1]!.accuracy) / 2, 10);
      expect(entry.accuracy).toBeGreaterThanOrEqual(0);
      expect(entry.accuracy).toBeLessThanOrEqual(100);
    }
    expect(table.scoredOn).toMatch(/embedded-fashion-mnist/);
    expect(await readGroundTruthTable({ file: output })).toEqual(table);
    expect((await readdir(`${output}.runs`)).filter((file) => file.endsWith('.json'))).toHaveLength(10);

    let retrained = 0;
    const again = await runGroundTruth({ config, command: 'test', onResult: () => (retrained += 1) });
    expect(retrained).toBe(0);
    expect(again.entries).toEqual(table.entries);
  });

  it('refuses a table that is not one', async () => {
    await expect(readGroundTruthTable({ file: join(directory, 'missing.json') })).rejects.toThrowError(/readGroundTruthTable: cannot read/);
  });
});
