import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNasBench201OutputReachable } from '@fewshot/search-space';
import { hasNb201Csv, nb201CsvPath, nb201LatencyCsvPath, readCsvColumns, skipReason } from '../testing/shared-data.js';
import { loadNasBench201Csv, type NasBench201CsvBenchmark } from './load-nb201-csv.js';

const best = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|';

function argmax(values: Float64Array): number {
  let index = 0;
  for (let position = 1; position < values.length; position += 1) if ((values[position] as number) > (values[index] as number)) index = position;
  return index;
}

describe(`loadNasBench201Csv on the shared table${skipReason(hasNb201Csv, 'nb201/nb201.csv')}`, () => {
  let benchmark: NasBench201CsvBenchmark;
  beforeAll(async () => {
    if (hasNb201Csv) benchmark = await loadNasBench201Csv({ path: nb201CsvPath, latencyPath: nb201LatencyCsvPath });
  });

  it.skipIf(!hasNb201Csv)('answers the known values of the README', () => {
    expect(benchmark.size).toBe(15_625);
    expect(benchmark.source).toBe('csv');
    const c10 = benchmark.accuracies({ dataset: 'cifar10', split: 'test' });
    expect(argmax(c10)).toBe(6111);
    expect(benchmark.architectureString(6111)).toBe(best);
    const top = benchmark.query({ architecture: best, dataset: 'cifar10', split: 'test', hp: 200 });
    expect(top).toMatchObject({ index: 6111, dataset: 'cifar10', split: 'ori-test', hp: '200', epoch: 199, seeds: [], trainingTime: undefined });
    expect(top.accuracy).toBeCloseTo(94.3733, 4);
    expect(benchmark.query({ architecture: [3, 3, 3, 1, 3, 2], dataset: 'cifar10', split: 'test' }).index).toBe(6111);
    expect(argmax(benchmark.accuracies({ dataset: 'cifar100', split: 'test' }))).toBe(9930);
    expect(benchmark.query({ index: 9930, dataset: 'cifar100', split: 'test' }).accuracy).toBeCloseTo(73.5133, 4);
    expect(benchmark.query({ index: 9930, dataset: 'cifar10', split: 'test' }).accuracy).toBeCloseTo(94.3633, 4);
    // The README abbreviates this string as '...|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|'; the table holds:
    expect(benchmark.architectureString(9930)).toBe('|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|');
    expect(argmax(benchmark.accuracies({ dataset: 'ImageNet16-120', split: 'test' }))).toBe(857);
    expect(benchmark.query({ index: 857, dataset: 'ImageNet16-120', split: 'x-test' }).accuracy).toBeCloseTo(47.3111, 4);
    // CIFAR-10 "valid" is cifar10-valid / x-valid, as the official API maps it.
    const valid = benchmark.query({ index: 6111, dataset: 'cifar10', split: 'valid' });
    expect(valid).toMatchObject({ dataset: 'cifar10-valid', split: 'x-valid' });
    expect(valid.accuracy).toBeCloseTo(91.6067, 4);
    expect(argmax(benchmark.accuracies({ dataset: 'cifar10-valid', split: 'valid' }))).toBe(6111);
    expect(benchmark.architectureString(0)).toBe('|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|');
  });

  it.skipIf(!hasNb201Csv)('scores exactly the 341 unreachable cells at 10.0 on CIFAR-10', () => {
    const c10 = benchmark.accuracies({ dataset: 'cifar10', split: 'test' });
    const atTen: number[] = [];
    const unreachable: number[] = [];
    for (let index = 0; index < benchmark.size; index += 1) {
      if (c10[index] === 10) atTen.push(index);
      if (!isNasBench201OutputReachable(benchmark.architectureAt(index))) unreachable.push(index);
    }
    expect(atTen.length).toBe(341);
    expect(unreachable).toEqual(atTen);
    expect(benchmark.query({ index: atTen[0] as number, dataset: 'cifar100', split: 'test' }).accuracy).toBeCloseTo(1, 6);
  });

  it.skipIf(!hasNb201Csv)('agrees with an independent read of every column, and exposes raw columns', () => {
    const { header, rows } = readCsvColumns(nb201CsvPath);
    const raw = (name: string, index: number) => Number((rows[index] as string[])[header.indexOf(name)]);
    expect(benchmark.columnNames).toEqual(header.slice(2));
    const checks: [string, Parameters<NasBench201CsvBenchmark['query']>[0]][] = [
      ['c10_test_200_nats', { index: 0, dataset: 'cifar10', split: 'test' }],
      ['c100_test_200_nats', { index: 0, dataset: 'cifar100', split: 'test' }],
      ['in16_test_200_nats', { index: 0, dataset: 'ImageNet16-120', split: 'test' }],
      ['c10valid_valid_200_nb201pth', { index: 0, dataset: 'cifar10-valid', split: 'valid' }],
      ['c10valid_test_200_nb201pth', { index: 0, dataset: 'cifar10-valid', split: 'test' }],
      ['c10_test_12', { index: 0, dataset: 'cifar10', split: 'test', hp: 12 }],
      ['c10valid_valid_12', { index: 0, dataset: 'cifar10', split: 'valid', hp: '12' }],
      ['c100_test_12', { index: 0, dataset: 'cifar100', split: 'test', hp: 12 }],
      ['c100_valid_12', { index: 0, dataset: 'cifar100', split: 'valid', hp: 12 }],
      ['in16_test_12', { index: 0, dataset: 'ImageNet16-120', split: 'test', hp: 12 }],
      ['in16_valid_12', { index: 0, dataset: 'ImageNet16-120', split: 'x-valid', hp: 12 }],
    ];
    for (const index of [0, 1, 284, 6111, 15_624]) {
      for (const [name, query] of checks) {
        expect(benchmark.query({ ...query, index }).accuracy).toBe(raw(name, index));
        expect(benchmark.column(name)[index]).toBe(raw(name, index));
      }
      expect(benchmark.costInfo({ index, dataset: 'cifar10' }).params).toBe(raw('params_c10_M', index));
    }
    const column = benchmark.column('c10_test_200_nats');
    column[0] = -1;
    expect(benchmark.column('c10_test_200_nats')[0]).toBe(raw('c10_test_200_nats', 0));
  });

  it.skipIf(!hasNb201Csv)('attaches the measured latency table', () => {
    expect(benchmark.devices).toHaveLength(27);
    expect(benchmark.deviceLatency({ index: 0, device: 'pixel3' })).toBeCloseTo(3.60585, 10);
    expect(benchmark.deviceLatency({ index: 0, device: '1080ti_1' })).toBeCloseTo(10.75437068939209, 12);
    expect(() => benchmark.deviceLatency({ index: 0, device: 'tpu' })).toThrow(/unknown device "tpu"/);
  });

  it.skipIf(!hasNb201Csv)('rejects bad queries with typed errors naming the argument', () => {
    expect(() => benchmark.query({ index: 0, dataset: 'cifar11' as never, split: 'test' })).toThrow(
      /NasBench201Benchmark.query: unknown dataset "cifar11"; expected one of cifar10-valid, cifar10, cifar100, ImageNet16-120/,
    );
    expect(() => benchmark.query({ index: 0, dataset: 'cifar10', split: 'val' as never })).toThrow(/unknown split "val"/);
    expect(() => benchmark.query({ index: 0, dataset: 'cifar10', split: 'test', hp: 13 })).toThrow(/unknown hp 13; this benchmark holds 12, 200/);
    expect(() => benchmark.query({ index: 15_625, dataset: 'cifar10', split: 'test' })).toThrow(/expected an index in 0..15624, got 15625/);
    expect(() => benchmark.query({ architecture: [0, 1, 2], dataset: 'cifar10', split: 'test' })).toThrow(
      /expected a NAS-Bench-201 architecture \(6 option indices in 0..4, or its string\)/,
    );
    expect(() => benchmark.query({ architecture: '|conv~0|', dataset: 'cifar10', split: 'test' })).toThrow(/not a NAS-Bench-201 architecture string/);
    expect(() => benchmark.query({ index: 0, dataset: 'cifar10', split: 'test', seed: 777 })).toThrow(/holds no per-seed values/);
    expect(() => benchmark.query({ index: 0, dataset: 'cifar10', split: 'test', epoch: 100 })).toThrow(/no learning curve/);
    expect(() => benchmark.query({ index: 0, dataset: 'cifar100', split: 'ori-test' })).toThrow(/has no ori-test accuracy for cifar100 at hp 200/);
    expect(() => benchmark.query({ index: 0, architecture: best, dataset: 'cifar10', split: 'test' })).toThrow(/not both/);
    expect(() => benchmark.column('nope')).toThrow(/unknown column "nope"/);
    try {
      benchmark.query({ index: 0, dataset: 'cifar10', split: 'test', seed: 777 });
    } catch (error) {
      expect(error).toMatchObject({ code: 'not-found', argument: 'options.seed' });
    }
  });

  it.skipIf(!hasNb201Csv)('can answer CIFAR-10 test from the NAS-Bench-201 release instead', async () => {
    const nb201 = await loadNasBench201Csv({ path: nb201CsvPath, release: 'nb201' });
    expect(nb201.release).toBe('nb201');
    const { header, rows } = readCsvColumns(nb201CsvPath);
    const differing = rows.findIndex((row) => row[header.indexOf('c10_test_200_nats')] !== row[header.indexOf('c10_test_200_nb201pth')]);
    expect(differing).toBeGreaterThanOrEqual(0);
    expect(nb201.query({ index: differing, dataset: 'cifar10', split: 'test' }).accuracy).toBe(
      Number((rows[differing] as string[])[header.indexOf('c10_test_200_nb201pth')]),
    );
  });
});

describe('loadNasBench201Csv on bad files', () => {
  const folder = mkdtempSync(join(tmpdir(), 'fewshot-csv-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const path = join(folder, name);
    writeFileSync(path, text);
    return path;
  };

  it('names the file and the problem', async () => {
    await expect(loadNasBench201Csv({ path: join(folder, 'missing.csv') })).rejects.toThrow(/loadNasBench201Csv: no such file or folder: .*missing.csv/);
    await expect(loadNasBench201Csv({ path: write('wrong.csv', 'a,b\n1,2\n') })).rejects.toThrow(/is not in the nb201.csv layout/);
    await expect(loadNasBench201Csv({ path: write('short.csv', `index,arch_str,x\n0,${best}\n`) })).rejects.toThrow(/data row 1 has 2 fields, the header has 3/);
    await expect(loadNasBench201Csv({ path: write('order.csv', `index,arch_str,x\n1,${best},3\n`) })).rejects.toThrow(/data row 1 has index "1", expected 0/);
    await expect(loadNasBench201Csv({ path: write('arch.csv', 'index,arch_str,x\n0,|bad~0|,3\n') })).rejects.toThrow(/architecture 0 is not a NAS-Bench-201 string/);
    await expect(loadNasBench201Csv({ path: write('value.csv', `index,arch_str,c10_test_12\n0,${best},abc\n`) })).rejects.toThrow(
      /data row 1, column c10_test_12: expected a number, got "abc"/,
    );
    await expect(loadNasBench201Csv({ path: 12 as never })).rejects.toMatchObject({ code: 'invalid-argument', argument: 'options.path' });
  });

  it('reads a small table with quoted fields and empty values', async () => {
    const path = write('small.csv', `index,arch_str,c10_test_12,extra\r\n0,"${best}",88.5,\r\n`);
    const small = await loadNasBench201Csv({ path });
    expect(small.size).toBe(1);
    expect(small.query({ architecture: best, dataset: 'cifar10', split: 'test', hp: 12 }).accuracy).toBe(88.5);
    expect(Number.isNaN(small.column('extra')[0])).toBe(true);
  });
});
