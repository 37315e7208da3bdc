import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPython, runPython } from '../testing/python.js';
import { loadNasBench201Pth } from './load-nb201-pth.js';
import type { NasBench201Dataset, NasBench201Split } from './nb201-types.js';

const python = findPython(['torch', 'numpy']);
const generator = join(dirname(fileURLToPath(import.meta.url)), '../testing/make-nb201-pth.py');
const reason = python ? '' : ' (SKIPPED: no Python 3 with torch and numpy to write .pth files)';

interface Expected {
  readonly index: number;
  readonly hp: string;
  readonly dataset: NasBench201Dataset;
  readonly split: NasBench201Split;
  readonly seeds: number[];
  readonly accuracy: number;
  readonly trainingTime: number;
  readonly params: number;
  readonly flops: number;
  readonly latency: number;
}

describe(`loadNasBench201Pth on files written by torch.save${reason}`, () => {
  const folder = mkdtempSync(join(tmpdir(), 'fewshot-pth-'));
  const legacy = join(folder, 'legacy.pth');
  const zipped = join(folder, 'zip.pth');
  let expected: { torch: string; queries: Expected[] };
  beforeAll(() => {
    if (!python) return;
    runPython(python, readFileSync(generator, 'utf8'), [legacy, zipped, join(folder, 'expected.json'), join(folder, 'tensors.pth')]);
    expected = JSON.parse(readFileSync(join(folder, 'expected.json'), 'utf8')) as typeof expected;
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  for (const [format, file] of [
    ['legacy (five pickles)', legacy],
    ['ZIP (archive/data.pkl)', zipped],
  ] as const) {
    it.skipIf(!python)(`reads the ${format} format with less -> hp 12 and full -> hp 200`, async () => {
      const benchmark = await loadNasBench201Pth({ path: file });
      expect(benchmark).toMatchObject({ source: 'nb201-pth', space: 'topology', size: 4, hps: ['12', '200'] });
      expect(benchmark.architectureString(3)).toBe('|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|');
      expect(expected.queries.length).toBe(18);
      for (const query of expected.queries) {
        const result = benchmark.query({ index: query.index, dataset: query.dataset, split: query.split, hp: query.hp });
        expect(result.accuracy).toBeCloseTo(query.accuracy, 10);
        expect(result.seeds).toEqual(query.seeds);
        expect(result.trainingTime).toBeCloseTo(query.trainingTime, 8);
        const info = benchmark.costInfo({ index: query.index, dataset: query.dataset, hp: query.hp });
        expect(info.params).toBeCloseTo(query.params, 12);
        expect(info.flops).toBeCloseTo(query.flops, 12);
        expect(info.latency).toBeCloseTo(query.latency, 12);
      }
      // hp 12 (less) holds only cifar10-valid, as in NAS-Bench-201 v1_0.
      expect(() => benchmark.query({ index: 0, dataset: 'cifar10', split: 'test', hp: 12 })).toThrow(/has no cifar10 results for hp 12 \(it has cifar10-valid\)/);
      expect(() => benchmark.query({ index: 2, dataset: 'cifar10-valid', split: 'valid' })).toThrow(/architecture 2 has no results in .* \(not among the evaluated indexes\)/);
      expect(benchmark.query({ index: 3, dataset: 'cifar10-valid', split: 'valid', epoch: 5, seed: 888 }).accuracy).toBeCloseTo(40 + 30 + 0.5 + 0.88, 10);
    });
  }

  it.skipIf(!python)('rejects truncated and foreign files with typed errors naming the file', async () => {
    const bytes = readFileSync(legacy);
    const truncated = join(folder, 'truncated.pth');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(loadNasBench201Pth({ path: truncated })).rejects.toThrow(/truncated.pth: truncated object pickle/);
    const zipBytes = readFileSync(zipped);
    const truncatedZip = join(folder, 'truncated-zip.pth');
    writeFileSync(truncatedZip, zipBytes.subarray(0, zipBytes.length - 30));
    await expect(loadNasBench201Pth({ path: truncatedZip })).rejects.toThrow(/truncated-zip.pth: truncated ZIP archive/);
    const foreign = join(folder, 'foreign.pth');
    writeFileSync(foreign, 'index,arch_str\n0,x\n');
    await expect(loadNasBench201Pth({ path: foreign })).rejects.toThrow(/foreign.pth is not a torch file \(expected the legacy magic-number pickle/);
    await expect(loadNasBench201Pth({ path: foreign })).rejects.toMatchObject({ code: 'file-format', argument: 'options.path' });
  });

  it.skipIf(!python)('rejects a torch file that holds tensors', async () => {
    await expect(loadNasBench201Pth({ path: join(folder, 'tensors.pth') })).rejects.toThrow(/refers to external storage \(persistent id/);
  });
});
