/**
 * Test helper: writes NAS-Bench-101 records in the exact official format
 * (TFRecord framing with masked CRC-32C; JSON payload
 * `[hash, epochs, adjacency, operations, base64 ModelMetrics]`).
 */
import { maskedCrc32c } from '../internal/crc32c.js';

/** One EvaluationData message (accuracies as fractions, as the official file stores them). */
export interface RawEvaluation {
  readonly currentEpoch: number;
  readonly trainingTime: number;
  readonly trainAccuracy: number;
  readonly validationAccuracy: number;
  readonly testAccuracy: number;
  readonly checkpointPath?: string;
}

function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 128) {
    bytes.push((rest % 128) | 128);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return bytes;
}

function double(field: number, value: number): number[] {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setFloat64(0, value, true);
  return [...varint((field << 3) | 1), ...bytes];
}

function lengthDelimited(field: number, payload: readonly number[]): number[] {
  return [...varint((field << 3) | 2), ...varint(payload.length), ...payload];
}

/** Serialises a `nasbench.ModelMetrics` message. */
export function encodeModelMetrics(metrics: { evaluations: readonly RawEvaluation[]; trainableParameters: number; totalTime: number }): Uint8Array {
  const bytes: number[] = [];
  for (const evaluation of metrics.evaluations) {
    const inner = [
      ...double(1, evaluation.currentEpoch),
      ...double(2, evaluation.trainingTime),
      ...double(3, evaluation.trainAccuracy),
      ...double(4, evaluation.validationAccuracy),
      ...double(5, evaluation.testAccuracy),
      ...(evaluation.checkpointPath === undefined ? [] : lengthDelimited(6, [...new TextEncoder().encode(evaluation.checkpointPath)])),
    ];
    bytes.push(...lengthDelimited(1, inner));
  }
  bytes.push(...varint(2 << 3), ...varint(metrics.trainableParameters));
  bytes.push(...double(3, metrics.totalTime));
  return Uint8Array.from(bytes);
}

/** The JSON payload of one record, as Python's json.dumps writes it. */
export function encodeNasBench101Payload(record: {
  hash: string;
  epochs: number;
  matrix: readonly (readonly number[])[];
  operations: readonly string[];
  metrics: Uint8Array;
}): Uint8Array {
  const adjacency = record.matrix.map((row) => row.join('')).join('');
  const base64 = Buffer.from(record.metrics).toString('base64');
  const text = `[${JSON.stringify(record.hash)}, ${record.epochs}, ${JSON.stringify(adjacency)}, ${JSON.stringify(record.operations.join(','))}, ${JSON.stringify(base64)}]`;
  return new TextEncoder().encode(text);
}

/** Frames payloads as a TFRecord file. */
export function frameTfRecords(payloads: readonly Uint8Array[]): Uint8Array {
  const total = payloads.reduce((sum, payload) => sum + 16 + payload.length, 0);
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  let offset = 0;
  for (const payload of payloads) {
    view.setBigUint64(offset, BigInt(payload.length), true);
    view.setUint32(offset + 8, maskedCrc32c(bytes.subarray(offset, offset + 8)), true);
    bytes.set(payload, offset + 12);
    view.setUint32(offset + 12 + payload.length, maskedCrc32c(payload), true);
    offset += 16 + payload.length;
  }
  return bytes;
}

/** A deterministic synthetic run of a cell: accuracies depend on the hash, the repeat and the budget. */
export function syntheticRun(hash: string, repeat: number, epochs: number): { evaluations: RawEvaluation[]; trainableParameters: number; totalTime: number } {
  const base = Number.parseInt(hash.slice(0, 6), 16) / 0xffffff; // 0..1
  const final = {
    currentEpoch: epochs,
    trainingTime: 100 + 1000 * base + 10 * repeat + epochs,
    trainAccuracy: 0.99,
    validationAccuracy: 0.8 + 0.15 * base + 0.001 * repeat + epochs / 10_000,
    testAccuracy: 0.79 + 0.15 * base + 0.002 * repeat + epochs / 10_000,
    checkpointPath: `gs://bucket/${hash}/repeat_${repeat + 1}/model.ckpt-${epochs}`,
  };
  return {
    trainableParameters: 100_000 + Math.round(base * 1_000_000),
    totalTime: final.trainingTime + 50,
    evaluations: [
      { currentEpoch: 0, trainingTime: 0, trainAccuracy: 0.1, validationAccuracy: 0.1, testAccuracy: 0.1 },
      { ...final, currentEpoch: epochs / 2, trainingTime: final.trainingTime / 2, validationAccuracy: final.validationAccuracy - 0.1, testAccuracy: final.testAccuracy - 0.1 },
      final,
    ],
  };
}
