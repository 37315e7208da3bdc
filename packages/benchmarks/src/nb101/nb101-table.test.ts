import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeModelMetrics, encodeNasBench101Payload, frameTfRecords, syntheticRun } from '../testing/nb101-writer.js';
import { hasNb101Vectors, nb101HashVectorsPath, skipReason } from '../testing/shared-data.js';
import { parseNasBench101Record, readNasBench101Records } from './nb101-record.js';
import { convertNasBench101, loadNasBench101Table, type NasBench101Table } from './nb101-table.js';

interface HashVector {
  readonly matrix: number[][];
  readonly ops: string[];
  readonly hash: string | null;
  readonly pruned_matrix?: number[][];
  readonly pruned_ops?: string[];
}

const folder = mkdtempSync(join(tmpdir(), 'fewshot-nb101-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function payload(hash: string, repeat: number, epochs: number, matrix: readonly (readonly number[])[], operations: readonly string[]): Uint8Array {
  return encodeNasBench101Payload({ hash, epochs, matrix, operations, metrics: encodeModelMetrics(syntheticRun(hash, repeat, epochs)) });
}

describe('parseNasBench101Record', () => {
  const matrix = [
    [0, 1, 1],
    [0, 0, 1],
    [0, 0, 0],
  ];
  it('decodes the JSON payload and the base64 ModelMetrics protobuf (accuracies in percent)', () => {
    const record = parseNasBench101Record({ bytes: payload('0123456789abcdef0123456789abcdef', 1, 108, matrix, ['input', 'maxpool3x3', 'output']) });
    const run = syntheticRun('0123456789abcdef0123456789abcdef', 1, 108);
    expect(record.hash).toBe('0123456789abcdef0123456789abcdef');
    expect(record.epochs).toBe(108);
    expect(record.cell).toEqual({ matrix, operations: ['input', 'maxpool3x3', 'output'] });
    expect(record.trainableParameters).toBe(run.trainableParameters);
    expect(record.totalTime).toBe(run.totalTime);
    expect(record.evaluations).toHaveLength(3);
    expect(record.evaluations[2]).toEqual({
      currentEpoch: 108,
      trainingTime: run.evaluations[2]?.trainingTime,
      trainAccuracy: 99,
      validationAccuracy: (run.evaluations[2]?.validationAccuracy as number) * 100,
      testAccuracy: (run.evaluations[2]?.testAccuracy as number) * 100,
      checkpointPath: 'gs://bucket/0123456789abcdef0123456789abcdef/repeat_2/model.ckpt-108',
    });
    expect(record.evaluations[0]?.checkpointPath).toBe('');
  });

  it('names the record on malformed payloads', () => {
    const encode = (text: string) => new TextEncoder().encode(text);
    expect(() => parseNasBench101Record({ bytes: encode('{"a": 1}'), where: 'f.tfrecord record 3' })).toThrow(/f.tfrecord record 3: expected a JSON array/);
    expect(() => parseNasBench101Record({ bytes: encode('not json') })).toThrow(/the payload is not JSON/);
    expect(() => parseNasBench101Record({ bytes: encode('["xyz", 108, "0110", "input,output", ""]') })).toThrow(/expected a 32-digit hex module hash/);
    expect(() => parseNasBench101Record({ bytes: encode('["0123456789abcdef0123456789abcdef", 108, "011", "input,output", ""]') })).toThrow(/not a square/);
    expect(() => parseNasBench101Record({ bytes: encode('["0123456789abcdef0123456789abcdef", 108, "0100", "input,output", "%%%"]') })).toThrow(/base64/);
    expect(() => parseNasBench101Record({ bytes: encode('["0123456789abcdef0123456789abcdef", 108, "0100", "input,output", "Cg=="]') })).toThrow(/ModelMetrics: truncated varint/);
  });
});

describe(`convertNasBench101 and loadNasBench101Table on generated files with real module hashes${skipReason(hasNb101Vectors, 'nb101-hash-vectors.json')}`, () => {
  const input = join(folder, 'nasbench_small.tfrecord');
  const output = join(folder, 'nb101.fsbench');
  let vectors: HashVector[];
  let table: NasBench101Table;
  let recordCount = 0;
  beforeAll(async () => {
    if (!hasNb101Vectors) return;
    vectors = (JSON.parse(readFileSync(nb101HashVectorsPath, 'utf8')) as { vectors: HashVector[] }).vectors.filter((vector) => vector.hash !== null);
    const seen = new Set<string>();
    const payloads: Uint8Array[] = [];
    for (const vector of vectors) {
      if (seen.has(vector.hash as string)) continue;
      seen.add(vector.hash as string);
      // As in nasbench_full.tfrecord: 3 repeats at each budget, stored with the pruned cell.
      for (const epochs of [4, 12, 36, 108]) {
        for (let repeat = 0; repeat < 3; repeat += 1) payloads.push(payload(vector.hash as string, repeat, epochs, vector.pruned_matrix as number[][], vector.pruned_ops as string[]));
      }
    }
    writeFileSync(input, frameTfRecords(payloads));
    recordCount = payloads.length;
    const summary = await convertNasBench101({ input, output });
    expect(summary).toMatchObject({ records: payloads.length, architectures: seen.size, budgets: [4, 12, 36, 108] });
    table = await loadNasBench101Table({ path: output });
  });

  it.skipIf(!hasNb101Vectors)('stores the mean over repeats at every budget, by hash and by (unpruned) cell', () => {
    expect(table.budgets).toEqual([4, 12, 36, 108]);
    for (const vector of vectors) {
      const hash = vector.hash as string;
      for (const epochs of [4, 108]) {
        const runs = [0, 1, 2].map((repeat) => syntheticRun(hash, repeat, epochs));
        const mean = (pick: (run: (typeof runs)[number]) => number) => runs.reduce((sum, run) => sum + pick(run), 0) / 3;
        const result = table.query({ hash, epochs });
        expect(result.repeats).toBe(3);
        expect(result.validationAccuracy).toBeCloseTo(mean((run) => (run.evaluations[2]?.validationAccuracy as number) * 100), 10);
        expect(result.testAccuracy).toBeCloseTo(mean((run) => (run.evaluations[2]?.testAccuracy as number) * 100), 10);
        expect(result.trainingTime).toBeCloseTo(mean((run) => run.evaluations[2]?.trainingTime as number), 10);
        expect(result.halfwayValidationAccuracy).toBeCloseTo(mean((run) => (run.evaluations[1]?.validationAccuracy as number) * 100), 10);
        expect(result.trainableParameters).toBe(runs[0]?.trainableParameters);
      }
      // The unpruned spec hashes (with search-space's hash) to the same key.
      expect(table.query({ cell: { matrix: vector.matrix, operations: vector.ops } }).hash).toBe(hash);
      // Isomorphic specs share a hash; the table keeps the cell of the first record.
      const first = vectors.find((candidate) => candidate.hash === hash) as HashVector;
      expect(table.cellOf(hash)).toEqual({ matrix: first.pruned_matrix, operations: first.pruned_ops });
    }
    expect(table.has('28cfc7874f6d200472e1a9dcd8650aa0')).toBe(true);
    expect(table.has('00000000000000000000000000000000')).toBe(false);
    expect(table.hashAt(0) < table.hashAt(1)).toBe(true);
  });

  it.skipIf(!hasNb101Vectors)('rejects bad queries with typed errors', () => {
    expect(() => table.query({ hash: '00000000000000000000000000000000' })).toThrow(/hash 00000000000000000000000000000000 is not in .*nb101.fsbench/);
    expect(() => table.query({ hash: 'XYZ' })).toThrow(/expected a 32-digit lowercase hex module hash/);
    expect(() => table.query({ hash: '28cfc7874f6d200472e1a9dcd8650aa0', epochs: 50 })).toThrow(/unknown budget 50; the table holds 4, 12, 36, 108/);
    const disconnected = { matrix: [[0, 0, 0], [0, 0, 0], [0, 0, 0]], operations: ['input', 'conv3x3-bn-relu', 'output'] };
    expect(() => table.query({ cell: disconnected })).toThrow(/outside NAS-Bench-101/);
  });

  it.skipIf(!hasNb101Vectors)('streams records and reports corrupt, truncated and inconsistent files', async () => {
    let count = 0;
    for await (const record of readNasBench101Records({ path: input })) {
      if (count === 0) expect(record.hash).toBe(vectors[0]?.hash);
      count += 1;
    }
    expect(count).toBe(recordCount);
    expect(recordCount).toBeGreaterThan(300);
    const bytes = readFileSync(input);
    const corrupt = Uint8Array.from(bytes);
    corrupt[5000] = (corrupt[5000] as number) ^ 0xff;
    writeFileSync(join(folder, 'corrupt.tfrecord'), corrupt);
    await expect(convertNasBench101({ input: join(folder, 'corrupt.tfrecord'), output: join(folder, 'x.fsbench') })).rejects.toMatchObject({
      name: 'ChecksumError',
      message: expect.stringMatching(/corrupt.tfrecord: record \d+ at byte \d+: the CRC-32C/),
    });
    writeFileSync(join(folder, 'cut.tfrecord'), bytes.subarray(0, bytes.length - 10));
    await expect(convertNasBench101({ input: join(folder, 'cut.tfrecord'), output: join(folder, 'x.fsbench') })).rejects.toMatchObject({ name: 'FileFormatError' });
    const hash = vectors[0]?.hash as string;
    writeFileSync(
      join(folder, 'conflict.tfrecord'),
      frameTfRecords([payload(hash, 0, 108, [[0, 1], [0, 0]], ['input', 'output']), payload(hash, 1, 108, [[0, 1, 0], [0, 0, 1], [0, 0, 0]], ['input', 'maxpool3x3', 'output'])]),
    );
    await expect(convertNasBench101({ input: join(folder, 'conflict.tfrecord'), output: join(folder, 'x.fsbench') })).rejects.toThrow(/conflict.tfrecord record 1: hash .* appears with a different cell/);
    await expect(loadNasBench101Table({ path: input })).rejects.toThrow(/is not a @fewshot\/benchmarks compact file/);
  });
});
