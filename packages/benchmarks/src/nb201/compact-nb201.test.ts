import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertFixtureSummary, type FixtureSummary } from '../testing/fixture-summary.js';
import {
  fixtureSummaryPath,
  hasNatsFixtures,
  hasNb201Csv,
  nb201CsvPath,
  nb201LatencyCsvPath,
  natsSizeFolder,
  natsTopologyFolder,
  readCsvColumns,
  skipReason,
} from '../testing/shared-data.js';
import { loadNasBench201Compact, writeNasBench201Compact } from './compact-nb201.js';
import { loadNasBench201Csv } from './load-nb201-csv.js';
import type { NasBench201ColumnarBenchmark } from './nb201-types.js';
import { convertNasBench201, openNasBench201 } from './open-nas-bench-201.js';
import { openNatsBenchSimple } from './open-nats-simple.js';

const folder = mkdtempSync(join(tmpdir(), 'fewshot-compact-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function argmax(values: Float64Array): number {
  let index = 0;
  for (let position = 1; position < values.length; position += 1) if ((values[position] as number) > (values[index] as number)) index = position;
  return index;
}

describe(`compact file converted from nb201.csv${skipReason(hasNb201Csv, 'nb201/nb201.csv')}`, () => {
  const path = join(folder, 'nb201.fsbench');
  let compact: NasBench201ColumnarBenchmark;
  beforeAll(async () => {
    if (!hasNb201Csv) return;
    const summary = await convertNasBench201({ input: nb201CsvPath, output: path, latencyPath: nb201LatencyCsvPath });
    expect(summary).toMatchObject({ path, size: 15_625, columns: 13 + 27, missing: 0 });
    compact = await loadNasBench201Compact({ path });
  });

  it.skipIf(!hasNb201Csv)('answers the known values of the README through the compact loader', () => {
    expect(compact).toMatchObject({ source: 'compact', space: 'topology', size: 15_625, hps: ['12', '200'] });
    const c10 = compact.accuracies({ dataset: 'cifar10', split: 'test' });
    expect(argmax(c10)).toBe(6111);
    expect(compact.query({ index: 6111, dataset: 'cifar10', split: 'test' }).accuracy).toBeCloseTo(94.3733, 4);
    expect(compact.architectureString(6111)).toBe('|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|');
    expect(argmax(compact.accuracies({ dataset: 'cifar100', split: 'test' }))).toBe(9930);
    expect(compact.query({ index: 9930, dataset: 'cifar100', split: 'test' }).accuracy).toBeCloseTo(73.5133, 4);
    expect(compact.query({ index: 9930, dataset: 'cifar10', split: 'test' }).accuracy).toBeCloseTo(94.3633, 4);
    expect(argmax(compact.accuracies({ dataset: 'ImageNet16-120', split: 'test' }))).toBe(857);
    expect(compact.query({ index: 857, dataset: 'ImageNet16-120', split: 'test' }).accuracy).toBeCloseTo(47.3111, 4);
    expect(argmax(compact.accuracies({ dataset: 'cifar10', split: 'valid' }))).toBe(6111);
    expect(compact.query({ index: 6111, dataset: 'cifar10', split: 'valid' }).accuracy).toBeCloseTo(91.6067, 4);
    expect(c10.filter((value) => value === 10).length).toBe(341);
  });

  it.skipIf(!hasNb201Csv)('holds every value of the CSV and the latency table exactly', async () => {
    const csv = await loadNasBench201Csv({ path: nb201CsvPath, latencyPath: nb201LatencyCsvPath });
    for (const name of csv.columnNames) expect(compact.column(name)).toEqual(csv.column(name));
    const latency = readCsvColumns(nb201LatencyCsvPath);
    for (const device of latency.header.slice(2)) {
      expect(compact.devices).toContain(device);
      const column = compact.column(device);
      for (const index of [0, 6111, 15_624]) expect(column[index]).toBe(Number((latency.rows[index] as string[])[latency.header.indexOf(device)]));
    }
    expect(compact.deviceLatency({ architecture: [3, 3, 3, 1, 3, 2], device: 'raspi4' })).toBe(csv.deviceLatency({ index: 6111, device: 'raspi4' }));
    for (let index = 0; index < compact.size; index += 997) expect(compact.architectureString(index)).toBe(csv.architectureString(index));
    expect(compact.query({ index: 42, dataset: 'cifar100', split: 'valid', hp: 12 })).toEqual(csv.query({ index: 42, dataset: 'cifar100', split: 'valid', hp: 12 }));
    expect(compact.costInfo({ index: 296, dataset: 'cifar10' }).params).toBe(csv.costInfo({ index: 296, dataset: 'cifar10' }).params);
  });

  it.skipIf(!hasNb201Csv)('detects truncation, corruption and foreign files', async () => {
    const bytes = readFileSync(path);
    const truncated = join(folder, 'truncated.fsbench');
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 1000));
    await expect(loadNasBench201Compact({ path: truncated })).rejects.toThrow(/truncated.fsbench: truncated compact file \(expected \d+ bytes, got \d+\)/);
    const corrupt = Uint8Array.from(bytes);
    corrupt[corrupt.length - 5] = (corrupt[corrupt.length - 5] as number) ^ 0xff;
    const corruptPath = join(folder, 'corrupt.fsbench');
    writeFileSync(corruptPath, corrupt);
    await expect(loadNasBench201Compact({ path: corruptPath })).rejects.toThrow(/corrupt.fsbench: the data does not match its CRC-32C/);
    await expect(loadNasBench201Compact({ path: corruptPath, verifyChecksum: false })).resolves.toMatchObject({ size: 15_625 });
    const newer = Uint8Array.from(bytes);
    newer[8] = 2;
    const newerPath = join(folder, 'newer.fsbench');
    writeFileSync(newerPath, newer);
    await expect(loadNasBench201Compact({ path: newerPath })).rejects.toMatchObject({ code: 'unsupported' });
    await expect(loadNasBench201Compact({ path: nb201CsvPath })).rejects.toThrow(/nb201.csv is not a @fewshot\/benchmarks compact file \(expected the magic "FSBENCH\\0", got 69 6e 64 65/);
  });

  it.skipIf(!hasNb201Csv)('is recognised by content by openNasBench201', async () => {
    expect((await openNasBench201({ path })).source).toBe('compact');
    expect((await openNasBench201({ path: nb201CsvPath })).source).toBe('csv');
    const unknown = join(folder, 'unknown.bin');
    writeFileSync(unknown, Uint8Array.of(1, 2, 3, 4, 5));
    await expect(openNasBench201({ path: unknown })).rejects.toThrow(/unknown.bin is not a NAS-Bench-201 source .* it starts with 01 02 03 04 05/);
  });
});

describe(`compact file converted from the NATS fixture folder${skipReason(hasNatsFixtures, 'nats-bench fixtures')}`, () => {
  it.skipIf(!hasNatsFixtures)('keeps every value of fixture-summary.json, per seed and with curves', async () => {
    const source = await openNatsBenchSimple({ path: natsTopologyFolder });
    await expect(writeNasBench201Compact({ benchmark: source, path: join(folder, 'partial.fsbench') })).rejects.toThrow(/architecture 1 has no file in .* \(expected 000001.pickle.pbz2\)/);
    const withCurves = join(folder, 'nats-curves.fsbench');
    const summary = await writeNasBench201Compact({ benchmark: source, path: withCurves, curves: true, allowMissing: true });
    expect(summary.missing).toBe(15_622);
    // A partial folder is stored sparse: only the three architectures that have files.
    expect(summary.bytes).toBeLessThan(1_000_000);
    const compact = await loadNasBench201Compact({ path: withCurves });
    const fixture = JSON.parse(readFileSync(fixtureSummaryPath, 'utf8')) as FixtureSummary;
    expect(assertFixtureSummary(compact, fixture)).toBeGreaterThan(200);
    for (const query of [
      { index: 11, dataset: 'cifar10', split: 'test', epoch: 57 },
      { index: 11, dataset: 'cifar10-valid', split: 'valid', epoch: 120 },
      { index: 284, dataset: 'ImageNet16-120', split: 'ori-test', epoch: 3 },
      { index: 0, dataset: 'cifar100', split: 'x-valid', hp: 12, epoch: 5 },
      { index: 0, dataset: 'cifar10-valid', split: 'valid', hp: 12, seed: 111 },
      { index: 284, dataset: 'cifar100', split: 'test', seed: 888 },
    ] as const) {
      const expected = source.query(query);
      const actual = compact.query(query);
      expect(actual.accuracy).toBe(expected.accuracy);
      expect(actual.seeds).toEqual(expected.seeds);
      expect(actual.trainingTime).toBeCloseTo(expected.trainingTime as number, 8);
    }
    expect(compact.costInfo({ index: 11, dataset: 'cifar10' }).trainingTimePerEpoch).toBeCloseTo(source.costInfo({ index: 11, dataset: 'cifar10' }).trainingTimePerEpoch as number, 10);
    expect(() => compact.query({ index: 11, dataset: 'cifar10-valid', split: 'test', epoch: 57 })).toThrow(/has no ori-test accuracy|no learning curve/);
    expect(() => compact.query({ index: 1, dataset: 'cifar10', split: 'test' })).toThrow(/architecture 1 has no ori-test accuracy for cifar10 at hp 200/);

    const lastOnly = join(folder, 'nats.fsbench');
    const lastOnlySummary = await writeNasBench201Compact({ benchmark: source, path: lastOnly, allowMissing: true });
    const small = await loadNasBench201Compact({ path: lastOnly });
    expect(small.query({ index: 11, dataset: 'cifar10', split: 'test' }).accuracy).toBe(source.query({ index: 11, dataset: 'cifar10', split: 'test' }).accuracy);
    expect(() => small.query({ index: 11, dataset: 'cifar10', split: 'test', epoch: 57 })).toThrow(/holds no learning curve for cifar10\/ori-test at hp 200, only the last epoch \(199\); convert with curves/);
    expect(() => small.query({ index: 11, dataset: 'cifar10', split: 'test', epoch: 57, seed: 777 })).toThrow(/holds per-seed values only at the last epoch/);
    expect(lastOnlySummary.columns).toBeLessThan(summary.columns / 10);
  });

  it.skipIf(!hasNatsFixtures)('converts the size space', async () => {
    const output = join(folder, 'sss.fsbench');
    await convertNasBench201({ input: natsSizeFolder, output, allowMissing: true });
    const compact = await loadNasBench201Compact({ path: output });
    expect(compact).toMatchObject({ space: 'size', size: 32_768, hps: ['01', '12', '90'] });
    expect(compact.architectureString(284)).toBe('8:8:40:32:40');
    expect(compact.query({ index: 284, dataset: 'cifar100', split: 'valid', hp: 90 }).accuracy).toBeCloseTo(62.77999999389648, 12);
    expect(compact.query({ index: 0, dataset: 'cifar10', split: 'test', hp: 12 }).accuracy).toBeCloseTo(71.72000000000001, 12);
  });
});

describe('writeNasBench201Compact', () => {
  it('writes atomically and names a missing folder', async () => {
    const csvPath = join(folder, 'tiny.csv');
    writeFileSync(csvPath, 'index,arch_str,c10_test_12\n0,|none~0|+|none~0|none~1|+|none~0|none~1|none~2|,10\n');
    const benchmark = await loadNasBench201Csv({ path: csvPath });
    await expect(writeNasBench201Compact({ benchmark, path: join(folder, 'no/such/folder/x.fsbench') })).rejects.toThrow(/cannot write .*x.fsbench: its folder does not exist/);
    await writeNasBench201Compact({ benchmark, path: join(folder, 'tiny.fsbench') });
    expect(readdirSync(folder).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect((await loadNasBench201Compact({ path: join(folder, 'tiny.fsbench') })).query({ index: 0, dataset: 'cifar10', split: 'test', hp: 12 }).accuracy).toBe(10);
    await expect(writeNasBench201Compact({ benchmark: {} as never, path: join(folder, 'x') })).rejects.toThrow(/expected a benchmark returned by a @fewshot\/benchmarks loader/);
  });
});
