import { FileFormatError } from '@fewshot/core';
import { checkPath } from '../internal/check-path.js';
import { checkOptions } from '../internal/check-values.js';
import { ProtobufReader } from '../internal/protobuf-reader.js';
import { readTfRecords } from './read-tfrecords.js';

/**
 * One evaluation point of a NAS-Bench-101 training run (`nasbench.EvaluationData`),
 * accuracies converted to percent.
 *
 * @example
 * ```ts
 * const end: NasBench101Evaluation = record.evaluations[2];
 * end.validationAccuracy; // e.g. 94.2 (percent)
 * ```
 */
export interface NasBench101Evaluation {
  /** The epoch of this evaluation (0 at initialisation). */
  readonly currentEpoch: number;
  /** Training seconds so far. */
  readonly trainingTime: number;
  /** Train accuracy, percent. */
  readonly trainAccuracy: number;
  /** Validation accuracy, percent. */
  readonly validationAccuracy: number;
  /** Test accuracy, percent. */
  readonly testAccuracy: number;
  /** Where the checkpoint was written (empty when absent). */
  readonly checkpointPath: string;
}

/**
 * One record of `nasbench_only108.tfrecord` / `nasbench_full.tfrecord`: one
 * training run (repeat) of one cell at one budget.
 *
 * @example
 * ```ts
 * const record: NasBench101Record = parseNasBench101Record({ bytes });
 * record.hash; // '28cfc7874f6d200472e1a9dcd8650aa0'
 * ```
 */
export interface NasBench101Record {
  /** The module hash (32 hex digits). */
  readonly hash: string;
  /** The training budget in epochs (4, 12, 36 or 108). */
  readonly epochs: number;
  /** The cell: adjacency matrix (row-major, upper triangular) and operation names. */
  readonly cell: {
    /**
     * The n x n 0/1 adjacency matrix (n = 2..7 vertices), `matrix[from][to] === 1`
     * for an edge; upper triangular, vertex 0 is `input` and vertex n-1 is `output`.
     */
    readonly matrix: readonly (readonly number[])[];
    /** One operation name per vertex, e.g. `['input', 'conv3x3-bn-relu', 'maxpool3x3', 'output']`. */
    readonly operations: readonly string[];
  };
  /** Trainable parameters of the network. */
  readonly trainableParameters: number;
  /** Total seconds of the run (training and evaluation). */
  readonly totalTime: number;
  /** Evaluations: `[0]` at initialisation, `[1]` halfway, `[2]` at the end of training. */
  readonly evaluations: readonly NasBench101Evaluation[];
}

/** Decodes a serialised `nasbench.ModelMetrics` message. */
export function decodeModelMetrics(bytes: Uint8Array, fail: (message: string) => never): Pick<NasBench101Record, 'trainableParameters' | 'totalTime' | 'evaluations'> {
  const reader = new ProtobufReader(bytes, (message) => fail(`ModelMetrics: ${message}`));
  const evaluations: NasBench101Evaluation[] = [];
  let trainableParameters = Number.NaN;
  let totalTime = Number.NaN;
  while (!reader.done) {
    const { field, wireType } = reader.key();
    if (field === 1 && wireType === 2) evaluations.push(decodeEvaluation(reader.lengthDelimited(), fail));
    else if (field === 2 && wireType === 0) trainableParameters = reader.varint();
    else if (field === 3 && wireType === 1) totalTime = reader.double();
    else reader.skip(wireType);
  }
  return { trainableParameters, totalTime, evaluations };
}

function decodeEvaluation(bytes: Uint8Array, fail: (message: string) => never): NasBench101Evaluation {
  const reader = new ProtobufReader(bytes, (message) => fail(`EvaluationData: ${message}`));
  const values = [Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN];
  let checkpointPath = '';
  while (!reader.done) {
    const { field, wireType } = reader.key();
    if (field >= 1 && field <= 5 && wireType === 1) values[field] = reader.double();
    else if (field === 6 && wireType === 2) checkpointPath = new TextDecoder().decode(reader.lengthDelimited());
    else reader.skip(wireType);
  }
  return {
    currentEpoch: values[1] as number,
    trainingTime: values[2] as number,
    trainAccuracy: (values[3] as number) * 100,
    validationAccuracy: (values[4] as number) * 100,
    testAccuracy: (values[5] as number) * 100,
    checkpointPath,
  };
}

const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;
const hashPattern = /^[0-9a-f]{32}$/;

/**
 * Options of {@link parseNasBench101Record}.
 *
 * @example
 * ```ts
 * const options: ParseNasBench101RecordOptions = { bytes, where: 'nasbench_only108.tfrecord record 0' };
 * ```
 */
export interface ParseNasBench101RecordOptions {
  /** The record payload (UTF-8 JSON). */
  readonly bytes: Uint8Array;
  /** Where the record comes from, for error messages. */
  readonly where?: string;
}

/**
 * Parses one NAS-Bench-101 record payload: the UTF-8 JSON array
 * `[module_hash, epochs, raw_adjacency, raw_operations, raw_metrics]`, where the
 * adjacency is a row-major string of `0`/`1` (dim² characters), the operations are
 * comma-separated and the metrics are a base64 `nasbench.ModelMetrics` protobuf.
 * Throws a `FileFormatError` naming `where` on any malformed part.
 *
 * @example
 * ```ts
 * import { parseNasBench101Record } from '@fewshot/benchmarks';
 * const record = parseNasBench101Record({ bytes: payload });
 * record.evaluations[2]?.validationAccuracy;
 * ```
 */
export function parseNasBench101Record(options: ParseNasBench101RecordOptions): NasBench101Record {
  const functionName = 'parseNasBench101Record';
  const checked = checkOptions(functionName, options);
  const where = typeof checked['where'] === 'string' ? checked['where'] : 'record';
  const fail = (message: string): never => {
    throw new FileFormatError({ functionName, argument: 'options.bytes', message: `${where}: ${message}` });
  };
  const bytes = checked['bytes'];
  if (!(bytes instanceof Uint8Array)) return fail('expected the record bytes as a Uint8Array');
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    return fail(`not a NAS-Bench-101 record (the payload is not JSON: ${error instanceof Error ? error.message : String(error)})`);
  }
  if (!Array.isArray(parsed) || parsed.length !== 5) return fail('expected a JSON array [hash, epochs, adjacency, operations, metrics]');
  const [hash, epochs, adjacency, operations, metrics] = parsed as unknown[];
  if (typeof hash !== 'string' || !hashPattern.test(hash)) fail(`expected a 32-digit hex module hash, got ${JSON.stringify(hash)}`);
  if (typeof epochs !== 'number' || !Number.isInteger(epochs) || epochs < 1) fail(`expected an epoch budget, got ${JSON.stringify(epochs)}`);
  if (typeof adjacency !== 'string' || !/^[01]+$/.test(adjacency)) return fail('expected the adjacency as a string of 0 and 1');
  const dimension = Math.round(Math.sqrt(adjacency.length));
  if (dimension * dimension !== adjacency.length || dimension < 2 || dimension > 7) fail(`adjacency of ${adjacency.length} characters is not a square of side 2..7`);
  const matrix = Array.from({ length: dimension }, (_, row) => Array.from({ length: dimension }, (_, column) => (adjacency[row * dimension + column] === '1' ? 1 : 0)));
  if (typeof operations !== 'string') return fail('expected the operations as a comma-separated string');
  const operationList = operations.split(',');
  if (operationList.length !== dimension) fail(`expected ${dimension} operations, got ${operationList.length}`);
  if (typeof metrics !== 'string' || !base64Pattern.test(metrics)) return fail('expected the metrics as a base64 string');
  const metricBytes = Uint8Array.from(atob(metrics), (character) => character.charCodeAt(0));
  return {
    hash: hash as string,
    epochs: epochs as number,
    cell: { matrix, operations: operationList },
    ...decodeModelMetrics(metricBytes, fail),
  };
}

/**
 * Options of {@link readNasBench101Records}.
 *
 * @example
 * ```ts
 * const options: ReadNasBench101RecordsOptions = { path: 'nasbench_only108.tfrecord' };
 * ```
 */
export interface ReadNasBench101RecordsOptions {
  /** `nasbench_only108.tfrecord` or `nasbench_full.tfrecord` (or a file in the same format). */
  readonly path: string;
  /** Stops reading. */
  readonly signal?: AbortSignal;
}

/**
 * Streams the parsed records of a NAS-Bench-101 TFRecord file (see
 * {@link readTfRecords} and {@link parseNasBench101Record}); memory does not grow
 * with the file.
 *
 * @example
 * ```ts
 * import { readNasBench101Records } from '@fewshot/benchmarks';
 * for await (const record of readNasBench101Records({ path: 'nasbench_only108.tfrecord' })) {
 *   if (record.hash === '28cfc7874f6d200472e1a9dcd8650aa0') console.log(record.evaluations[2]);
 * }
 * ```
 */
export async function* readNasBench101Records(options: ReadNasBench101RecordsOptions): AsyncGenerator<NasBench101Record, void, undefined> {
  const functionName = 'readNasBench101Records';
  const checked = checkOptions(functionName, options);
  const path = checkPath(functionName, 'options.path', checked['path']);
  const signal = checked['signal'] as AbortSignal | undefined;
  let number = 0;
  for await (const bytes of readTfRecords({ path, ...(signal === undefined ? {} : { signal }) })) {
    yield parseNasBench101Record({ bytes, where: `${path} record ${number}` });
    number += 1;
  }
}
