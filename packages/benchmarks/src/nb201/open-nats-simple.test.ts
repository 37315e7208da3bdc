import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPython, runPython } from '../testing/python.js';
import { fixtureSummaryPath, hasNatsFixtures, hasNb201Csv, nb201CsvPath, natsSizeFolder, natsTopologyFolder, skipReason } from '../testing/shared-data.js';
import { assertFixtureSummary, type FixtureSummary } from '../testing/fixture-summary.js';
import type { NasBench201Benchmark, NasBench201Dataset } from './nb201-types.js';
import { openNatsBenchSimple } from './open-nats-simple.js';

describe(`openNatsBenchSimple on the official fixtures${skipReason(hasNatsFixtures, 'nats-bench fixtures')}`, () => {
  let topology: NasBench201Benchmark;
  let summary: FixtureSummary;
  beforeAll(async () => {
    if (!hasNatsFixtures) return;
    topology = await openNatsBenchSimple({ path: natsTopologyFolder });
    summary = JSON.parse(readFileSync(fixtureSummaryPath, 'utf8')) as FixtureSummary;
  });

  it.skipIf(!hasNatsFixtures)('asserts every value of fixture-summary.json', () => {
    expect(topology).toMatchObject({ space: 'topology', source: 'nats-simple', size: 15_625, hps: ['12', '200'] });
    const checked = assertFixtureSummary(topology, summary);
    expect(checked).toBeGreaterThan(200);
  });

  it.skipIf(!hasNatsFixtures)('follows the official semantics for seeds, epochs, splits and times', () => {
    // One seed at an intermediate epoch (python: eval_acc1es['x-valid@57'] of ('cifar10-valid', 888)).
    const one = topology.query({ index: 11, dataset: 'cifar10-valid', split: 'valid', hp: 200, epoch: 57, seed: 888 });
    expect(one.accuracy).toBeCloseTo(71.50799998779297, 12);
    expect(one.seeds).toEqual([888]);
    expect(one.trainingTime).toBeCloseTo(722.799294153849, 9);
    expect(topology.query({ index: 11, dataset: 'cifar10', split: 'test', epoch: 57 }).accuracy).toBeCloseTo(74.42, 12);
    // ori-test of cifar10-valid exists only at the last of 200 epochs.
    expect(() => topology.query({ index: 11, dataset: 'cifar10-valid', split: 'test', epoch: 57 })).toThrow(/has no ori-test accuracy for cifar10-valid at epoch 57/);
    expect(topology.query({ index: 11, dataset: 'cifar10-valid', split: 'test' }).accuracy).toBeCloseTo(summary['11']!.hp200['cifar10-valid'].final_acc_mean['ori-test']!, 10);
    expect(() => topology.query({ index: 11, dataset: 'cifar10', split: 'test', seed: 111 })).toThrow(/seed 111 is not recorded for cifar10 at hp 200 .*777, 888, 999/);
    expect(() => topology.query({ index: 11, dataset: 'cifar10', split: 'test', epoch: 200 })).toThrow(/expected an epoch in 0..199/);
    const info = topology.costInfo({ index: 11, dataset: 'cifar10', hp: 200 });
    expect(info.trainingTimePerEpoch).toBeCloseTo(4984.822718302408 / 200, 9);
    expect(topology.query({ index: 11, dataset: 'cifar10', split: 'test' }).trainingTime).toBeCloseTo(4984.822718302408, 8);
    // hp 12 of cifar10-valid has seeds 111 and 777.
    expect(topology.query({ index: 0, dataset: 'cifar10', split: 'valid', hp: 12, seed: 111 }).seeds).toEqual([111]);
    expect(() => topology.query({ index: 5, dataset: 'cifar10', split: 'test' })).toThrow(/architecture 5 has no file in .* \(expected 000005.pickle.pbz2\)/);
    const column = topology.accuracies({ dataset: 'cifar10', split: 'test', hp: 12 });
    expect(column[0]).toBeCloseTo(69.55, 10);
    expect(Number.isNaN(column[1])).toBe(true);
    expect(topology.devices).toEqual([]);
    expect(() => topology.deviceLatency({ index: 0, device: 'pixel3' })).toThrow(/no latency table is attached/);
  });

  it.skipIf(!hasNatsFixtures)('reads the size space (values read with Python pickle from the same files)', async () => {
    const size = await openNatsBenchSimple({ path: natsSizeFolder });
    expect(size).toMatchObject({ space: 'size', size: 32_768, hps: ['01', '12', '90'] });
    expect(size.architectureString(284)).toBe('8:8:40:32:40');
    expect(size.indexOf('64:64:64:64:64')).toBe(32_767);
    expect(size.architectureAt(284)).toEqual([0, 0, 4, 3, 4]);
    expect(size.indexOf([0, 0, 4, 3, 4])).toBe(284);
    const expectations: [number, string, NasBench201Dataset, number, number][] = [
      [0, '01', 'cifar10', 39.58, 5.202273607254028],
      [0, '12', 'cifar100', 23.706666652425127, 61.62453746795654],
      [0, '90', 'cifar10', 79.79, 468.20462465286255],
      [284, '01', 'cifar100', 9.500000001525878, 6.127285480499268],
      [284, '12', 'cifar10', 84.19666666666667, 73.45324516296387],
      [284, '90', 'cifar100', 62.77999999389648, 551.4556932449341],
    ];
    for (const [index, hp, dataset, accuracy, time] of expectations) {
      const result = size.query({ index, dataset, split: dataset === 'cifar10' ? 'test' : 'valid', hp });
      expect(result.accuracy).toBeCloseTo(accuracy, 10);
      expect(result.trainingTime).toBeCloseTo(time, 8);
    }
    expect(size.query({ index: 284, dataset: 'cifar10', split: 'test' }).hp).toBe('90');
    expect(size.query({ index: 284, dataset: 'cifar10', split: 'test', hp: 1 }).hp).toBe('01');
    expect(size.query({ index: 284, dataset: 'cifar10', split: 'test', hp: 12 }).seeds).toEqual([777, 888, 999]);
    const info = size.costInfo({ index: 284, dataset: 'cifar100', hp: 90 });
    expect(info.flops).toBeCloseTo(21.831684, 10);
    expect(info.params).toBeCloseTo(0.148524, 10);
    expect(info.latency).toBeCloseTo(0.01971389651298523, 12);
    expect(() => size.query({ architecture: [3, 3, 3, 1, 3, 2], dataset: 'cifar10', split: 'test' })).toThrow(/expected a NATS size-space architecture \(5 option indices in 0..7/);
    expect(() => size.query({ architecture: '8:8:9:8:8', dataset: 'cifar10', split: 'test' })).toThrow(/expected channel counts in 8, 16/);
  });

  describe('bad input', () => {
    const folder = mkdtempSync(join(tmpdir(), 'fewshot-nats-'));
    afterAll(() => rmSync(folder, { recursive: true, force: true }));

    it('names the file for a missing folder, a file instead of a folder, and a folder without meta', async () => {
      await expect(openNatsBenchSimple({ path: join(folder, 'nope') })).rejects.toThrow(/no such file or folder: .*nope/);
      if (hasNb201Csv) await expect(openNatsBenchSimple({ path: nb201CsvPath })).rejects.toThrow(/is a file; expected a NATS-Bench "simple" folder/);
      mkdirSync(join(folder, 'empty'));
      await expect(openNatsBenchSimple({ path: join(folder, 'empty') })).rejects.toThrow(/no such file or folder: .*meta.pickle.pbz2/);
      await expect(openNatsBenchSimple({ path: folder, cacheSize: 0 })).rejects.toThrow(/options.cacheSize|positive integer/);
    });

    it.skipIf(!hasNatsFixtures)('reports a truncated bzip2 file, a file that is not bzip2, and a truncated pickle', async () => {
      const copy = join(folder, 'copy');
      mkdirSync(copy);
      copyFileSync(join(natsTopologyFolder, 'meta.pickle.pbz2'), join(copy, 'meta.pickle.pbz2'));
      const whole = readFileSync(join(natsTopologyFolder, '000000.pickle.pbz2'));
      writeFileSync(join(copy, '000000.pickle.pbz2'), whole.subarray(0, whole.length - 200));
      writeFileSync(join(copy, '000011.pickle.pbz2'), 'index,arch_str\n');
      const benchmark = await openNatsBenchSimple({ path: copy });
      expect(() => benchmark.query({ index: 0, dataset: 'cifar10', split: 'test' })).toThrow(/000000.pickle.pbz2 is a truncated bzip2 stream/);
      expect(() => benchmark.query({ index: 11, dataset: 'cifar10', split: 'test' })).toThrow(
        /000011.pickle.pbz2 is not a bzip2 file \(expected it to start with "BZh1".."BZh9", got 69 6e 64 65/,
      );
      try {
        benchmark.query({ index: 0, dataset: 'cifar10', split: 'test' });
      } catch (error) {
        expect(error).toMatchObject({ code: 'file-format', name: 'FileFormatError' });
      }
      const python = findPython(['bz2', 'pickle']);
      if (python === undefined) return;
      runPython(
        python,
        'import bz2, pickle, sys\ndata = pickle.dumps({"12": {"arch_index": 284}}, protocol=4)\nopen(sys.argv[1], "wb").write(bz2.compress(data[: len(data) // 2]))\nopen(sys.argv[2], "wb").write(bz2.compress(pickle.dumps({"12": {"arch_index": 284}}, protocol=4)))',
        [join(copy, '000284.pickle.pbz2'), join(copy, '284.pickle.pbz2')],
      );
      // The folder is listed when opened: open again to see the new files.
      const reopened = await openNatsBenchSimple({ path: copy });
      expect(() => reopened.query({ index: 284, dataset: 'cifar10', split: 'test' })).toThrow(/000284.pickle.pbz2: truncated pickle/);
      rmSync(join(copy, '000284.pickle.pbz2'));
      const plainName = await openNatsBenchSimple({ path: copy });
      expect(() => plainName.query({ index: 284, dataset: 'cifar10', split: 'test' })).toThrow(/284.pickle.pbz2: archive\["12"\]: missing key "all_results"/);
    });
  });
});
