import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '@fewshot/core';
import { createNasBench1Shot1Space, hashNasBench101Cell, pruneNasBench101Cell } from '@fewshot/search-space';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeModelMetrics, encodeNasBench101Payload, frameTfRecords, syntheticRun } from '../testing/nb101-writer.js';
import { hasNb101Vectors, nb101HashVectorsPath } from '../testing/shared-data.js';
import { createNasBench1Shot1Evaluator } from './nas-bench-1shot1-evaluator.js';
import { convertNasBench101, loadNasBench101Table } from './nb101-table.js';

const folder = mkdtempSync(join(tmpdir(), 'fewshot-1shot1-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('createNasBench1Shot1Evaluator on generated NAS-Bench-101 records', () => {
  for (const searchSpace of [1, 2, 3] as const) {
    it(`scores search space ${searchSpace} through the hash of its cells`, async () => {
      const space = createNasBench1Shot1Space({ searchSpace });
      const rng = createRng({ seed: 100 + searchSpace });
      const architectures = Array.from({ length: 25 }, () => space.sample(rng));
      const payloads: Uint8Array[] = [];
      const hashes = new Set<string>();
      for (const architecture of architectures) {
        const pruned = pruneNasBench101Cell(space.toCell(architecture));
        const hash = hashNasBench101Cell(space.toCell(architecture));
        expect(pruned).not.toBeNull();
        if (hash === null || pruned === null || hashes.has(hash)) continue;
        hashes.add(hash);
        // The official file stores each module once per repeat, with its pruned cell.
        for (let repeat = 0; repeat < 3; repeat += 1) {
          payloads.push(encodeNasBench101Payload({ hash, epochs: 108, matrix: pruned.matrix, operations: pruned.operations, metrics: encodeModelMetrics(syntheticRun(hash, repeat, 108)) }));
        }
      }
      // Real NAS-Bench-101 modules too, so the table is not made of 1Shot1 cells only.
      if (hasNb101Vectors) {
        const vectors = (JSON.parse(readFileSync(nb101HashVectorsPath, 'utf8')) as { vectors: { hash: string | null; pruned_matrix?: number[][]; pruned_ops?: string[] }[] }).vectors;
        for (const vector of vectors.slice(0, 10)) {
          if (vector.hash === null || hashes.has(vector.hash)) continue;
          payloads.push(encodeNasBench101Payload({ hash: vector.hash, epochs: 108, matrix: vector.pruned_matrix as number[][], operations: vector.pruned_ops as string[], metrics: encodeModelMetrics(syntheticRun(vector.hash, 0, 108)) }));
        }
      }
      const input = join(folder, `space-${searchSpace}.tfrecord`);
      const output = join(folder, `space-${searchSpace}.fsbench`);
      writeFileSync(input, frameTfRecords(payloads));
      await convertNasBench101({ input, output });
      const table = await loadNasBench101Table({ path: output });
      const evaluator = createNasBench1Shot1Evaluator({ table, searchSpace });
      const testEvaluator = createNasBench1Shot1Evaluator({ table, searchSpace, split: 'test' });
      expect(evaluator.name).toBe(`nas-bench-1shot1 space ${searchSpace} valid 108 epochs`);
      const evaluations = await evaluator.evaluate({ architectures });
      const testEvaluations = await testEvaluator.evaluate({ architectures });
      evaluations.forEach((evaluation, position) => {
        const hash = hashNasBench101Cell(space.toCell(architectures[position] as number[])) as string;
        const runs = [0, 1, 2].map((repeat) => syntheticRun(hash, repeat, 108));
        const meanValid = runs.reduce((sum, run) => sum + (run.evaluations[2]?.validationAccuracy as number) * 100, 0) / 3;
        const meanTest = runs.reduce((sum, run) => sum + (run.evaluations[2]?.testAccuracy as number) * 100, 0) / 3;
        const meanTime = runs.reduce((sum, run) => sum + (run.evaluations[2]?.trainingTime as number), 0) / 3;
        expect(evaluation.accuracy).toBeCloseTo(meanValid, 10);
        expect(evaluation.cost).toBeCloseTo(meanTime, 10);
        expect(evaluation.metrics).toMatchObject({ repeats: 3, trainableParameters: runs[0]?.trainableParameters });
        expect(testEvaluations[position]?.accuracy).toBeCloseTo(meanTest, 10);
        expect(evaluation.architecture).toEqual(architectures[position]);
      });
      // An architecture whose module the table does not hold, and one of another space.
      const missing = Array.from({ length: 200 }, () => space.sample(rng)).find((architecture) => !table.has(hashNasBench101Cell(space.toCell(architecture)) as string));
      if (missing) await expect(evaluator.evaluate({ architectures: [missing] })).rejects.toThrow(/hash [0-9a-f]{32} is not in/);
      await expect(evaluator.evaluate({ architectures: [[0, 1]] })).rejects.toMatchObject({ code: 'invalid-argument', argument: 'options.architectures[0]' });
    });
  }

  it('rejects bad options', async () => {
    const input = join(folder, 'one.tfrecord');
    const hash = '28cfc7874f6d200472e1a9dcd8650aa0';
    writeFileSync(input, frameTfRecords([encodeNasBench101Payload({ hash, epochs: 108, matrix: [[0, 1], [0, 0]], operations: ['input', 'output'], metrics: encodeModelMetrics(syntheticRun(hash, 0, 108)) })]));
    await convertNasBench101({ input, output: join(folder, 'one.fsbench') });
    const table = await loadNasBench101Table({ path: join(folder, 'one.fsbench') });
    expect(() => createNasBench1Shot1Evaluator({ table, searchSpace: 4 as never })).toThrow(/expected 1, 2 or 3, got 4/);
    expect(() => createNasBench1Shot1Evaluator({ table, searchSpace: 1, epochs: 12 })).toThrow(/unknown budget 12; the table holds 108/);
    expect(() => createNasBench1Shot1Evaluator({ table: {} as never, searchSpace: 1 })).toThrow(/expected a table from loadNasBench101Table/);
  });
});
