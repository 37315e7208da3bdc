import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeModelMetrics, encodeNasBench101Payload, frameTfRecords, syntheticRun } from '../testing/nb101-writer.js';
import { hasNb201Csv, nb201CsvPath, nb201LatencyCsvPath, skipReason } from '../testing/shared-data.js';
import { runCli } from './run-cli.js';

const folder = mkdtempSync(join(tmpdir(), 'fewshot-run-cli-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

describe('runCli (in process)', () => {
  it('handles usage errors with exit code 2 and a hint', async () => {
    expect((await run()).code).toBe(2);
    expect((await run('help')).code).toBe(0);
    expect(await run('frobnicate')).toEqual({ code: 2, stdout: '', stderr: 'fewshot-bench: unknown command "frobnicate"\nRun "fewshot-bench --help" for usage.\n' });
    expect((await run('convert', 'only-one')).stderr).toMatch(/convert needs exactly <input> and <output>/);
    expect((await run('query', 'a', '1', '--epoch')).stderr).toMatch(/option --epoch needs a value/);
    expect((await run('query', 'a', '1', '--epoch', 'x')).stderr).toMatch(/--epoch expects an integer, got "x"/);
    expect((await run('query', 'a', '1', '--curves=1')).stderr).toMatch(/option --curves takes no value/);
    expect((await run('query', 'a', '[3,3')).stderr).toMatch(/cannot read the architecture vector/);
  });

  it.skipIf(!hasNb201Csv)(`converts and queries every kind of selector${skipReason(hasNb201Csv, 'nb201/nb201.csv')}`, async () => {
    const output = join(folder, 'nb201.fsbench');
    expect((await run('convert', nb201CsvPath, output, '--latency', nb201LatencyCsvPath, '--release', 'nb201')).code).toBe(0);
    const byString = await run('query', output, '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|', '--split', 'valid');
    expect(JSON.parse(byString.stdout)).toMatchObject({ index: 6111, dataset: 'cifar10-valid', split: 'x-valid' });
    const byVector = await run('query', output, '[3,3,3,1,3,2]', '--dataset=ImageNet16-120', '--hp=12', '--device', 'raspi4');
    expect(JSON.parse(byVector.stdout)).toMatchObject({ index: 6111, dataset: 'ImageNet16-120', split: 'x-test', hp: '12', device: 'raspi4' });
    const csvDirect = await run('query', nb201CsvPath, '857', '--dataset', 'ImageNet16-120');
    expect(JSON.parse(csvDirect.stdout).accuracy).toBeCloseTo(47.3111, 4);
    const wrongSpace = await run('query', output, '|conv~0|+|x~0|');
    expect(wrongSpace.code).toBe(1);
    expect(wrongSpace.stderr).toMatch(/^fewshot-bench: NasBench201Benchmark.query: not a NAS-Bench-201 architecture string/);
    const badSplit = await run('query', output, '1', '--split', 'validation');
    expect(badSplit.stderr).toMatch(/unknown split "validation"/);
    const noSeed = await run('query', output, '1', '--seed', '777');
    expect(noSeed.stderr).toMatch(/holds no per-seed values/);
    expect((await run('convert', nb201CsvPath, join(folder, 'x.fsbench'), '--release', 'v3')).stderr).toMatch(/--release expects nats or nb201/);
    const wrongFile = await run('query', nb201LatencyCsvPath, '1');
    expect(wrongFile.code).toBe(1);
    // The latency CSV has the nb201.csv layout but none of its accuracy columns.
    expect(wrongFile.stderr).toMatch(/has no ori-test accuracy for cifar10 at hp 200 \(it has nothing\)/);
  });

  it('queries a NAS-Bench-101 table by hash and rejects options that do not apply', async () => {
    const hash = '28cfc7874f6d200472e1a9dcd8650aa0';
    const input = join(folder, 'one.tfrecord');
    writeFileSync(input, frameTfRecords([encodeNasBench101Payload({ hash, epochs: 108, matrix: [[0, 1], [0, 0]], operations: ['input', 'output'], metrics: encodeModelMetrics(syntheticRun(hash, 0, 108)) })]));
    expect((await run('convert', input, join(folder, 'one.fsbench'), '--curves')).stderr).toMatch(/--curves does not apply to a NAS-Bench-101 tfrecord/);
    expect((await run('convert', input, join(folder, 'one.fsbench'))).code).toBe(0);
    const queried = await run('query', join(folder, 'one.fsbench'), hash, '--epochs', '108');
    expect(JSON.parse(queried.stdout)).toMatchObject({ hash, repeats: 1, epochs: 108 });
    expect((await run('query', join(folder, 'one.fsbench'), 'abc')).stderr).toMatch(/expected a 32-digit lowercase hex module hash/);
    expect(readFileSync(join(folder, 'one.fsbench')).subarray(0, 8).toString('latin1')).toBe('FSBENCH\0');
  });
});
