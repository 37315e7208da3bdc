import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeModelMetrics, encodeNasBench101Payload, frameTfRecords, syntheticRun } from '../testing/nb101-writer.js';
import { hasNb201Csv, nb201CsvPath, nb201LatencyCsvPath, skipReason } from '../testing/shared-data.js';

const packageFolder = join(dirname(fileURLToPath(import.meta.url)), '../..');
const main = join(packageFolder, 'src/cli/main.ts');
const folder = mkdtempSync(join(tmpdir(), 'fewshot-cli-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Runs the CLI from source, as a user would run the built bin. */
function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=@fewshot/source', main, ...args], {
    cwd: packageFolder,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectNoStack(text: string): void {
  expect(text).not.toMatch(/\n\s+at /);
}

describe('fewshot-bench', () => {
  it('prints usage, and reports a missing file in one line', () => {
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('fewshot-bench convert <input> <output>');
    expect(help.stdout).toContain('fewshot-bench query <file> <architecture|index|hash>');
    const missing = run('convert', join(folder, 'nope.csv'), join(folder, 'out.fsbench'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^fewshot-bench: convert: no such file or folder: .*nope.csv\n$/);
  });

  it.skipIf(!hasNb201Csv)(`converts nb201.csv and queries the compact file${skipReason(hasNb201Csv, 'nb201/nb201.csv')}`, () => {
    const output = join(folder, 'nb201.fsbench');
    const converted = run('convert', nb201CsvPath, output, '--latency', nb201LatencyCsvPath);
    expect(converted.stderr).toBe('');
    expect(converted.status).toBe(0);
    expect(JSON.parse(converted.stdout)).toMatchObject({ kind: 'nas-bench-201', size: 15_625, columns: 40 });
    const byIndex = run('query', output, '6111', '--dataset', 'cifar10', '--split', 'test', '--hp', '200', '--device', 'pixel3');
    expect(byIndex.status).toBe(0);
    const answer = JSON.parse(byIndex.stdout) as { accuracy: number; index: number; split: string; latencyMs: number; source: string };
    expect(answer).toMatchObject({ source: 'compact', index: 6111, split: 'ori-test', hp: '200', epoch: 199 });
    expect(answer.accuracy).toBeCloseTo(94.3733, 4);
    expect(answer.latencyMs).toBeGreaterThan(0);
    const bad = run('query', output, '6111', '--dataset', 'cifar11');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^fewshot-bench: NasBench201Benchmark.query: unknown dataset "cifar11"; expected one of cifar10-valid, cifar10, cifar100, ImageNet16-120\n/);
    expectNoStack(bad.stderr);
  });

  it('reports a bad CRC in a NAS-Bench-101 tfrecord by file and record', () => {
    const hash = '28cfc7874f6d200472e1a9dcd8650aa0';
    const matrix = [
      [0, 1, 1, 1, 0, 1, 0],
      [0, 0, 0, 0, 0, 0, 1],
      [0, 0, 0, 0, 0, 0, 1],
      [0, 0, 0, 0, 1, 0, 0],
      [0, 0, 0, 0, 0, 0, 1],
      [0, 0, 0, 0, 0, 0, 1],
      [0, 0, 0, 0, 0, 0, 0],
    ];
    const operations = ['input', 'conv1x1-bn-relu', 'conv3x3-bn-relu', 'conv3x3-bn-relu', 'conv3x3-bn-relu', 'maxpool3x3', 'output'];
    const bytes = frameTfRecords([0, 1, 2].map((repeat) => encodeNasBench101Payload({ hash, epochs: 108, matrix, operations, metrics: encodeModelMetrics(syntheticRun(hash, repeat, 108)) })));
    const input = join(folder, 'nasbench_only108.tfrecord');
    writeFileSync(input, bytes);
    const corrupt = Uint8Array.from(readFileSync(input));
    corrupt[corrupt.length - 40] = (corrupt[corrupt.length - 40] as number) ^ 0x55;
    writeFileSync(join(folder, 'corrupt.tfrecord'), corrupt);
    const failed = run('convert', join(folder, 'corrupt.tfrecord'), join(folder, 'corrupt.fsbench'));
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/^fewshot-bench: readTfRecords: .*corrupt.tfrecord: record 2 at byte \d+: the CRC-32C of the data does not match \(the file is corrupt\)\n$/);
  });
});
