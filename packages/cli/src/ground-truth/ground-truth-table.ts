import { readFile } from 'node:fs/promises';
import { FileFormatError, NotFoundError, type Architecture } from '@fewshot/core';
import { parseNasBench201Architecture } from '@fewshot/search-space';
import type { DataConfig, NetworkConfig, TrainingConfig } from '../config/experiment-config.js';

/**
 * One architecture of a ground-truth table: trained from scratch once per seed.
 *
 * @example
 * ```ts
 * const entry: GroundTruthEntry = {
 *   architecture: '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|',
 *   region: '1<-0 in {nor_conv_3x3}', accuracy: 88.1,
 *   runs: [{ seed: 1, accuracy: 88.0, testAccuracy: 87.6, finalTrainLoss: 0.31, seconds: 240 }],
 * };
 * ```
 */
export interface GroundTruthEntry {
  /** NAS-Bench-201 string. */
  readonly architecture: string;
  /** The region of the paper's split the architecture was drawn from. */
  readonly region: string;
  /** The true accuracy: the mean over seeds of each run's `accuracy` (percent). */
  readonly accuracy: number;
  readonly runs: readonly {
    readonly seed: number;
    /** Accuracy on the table's scoring set (see {@link GroundTruthTable.scoredOn}). */
    readonly accuracy: number;
    /** Accuracy on the experiment's own test set (the embedded 2,000 images for the default). */
    readonly testAccuracy: number;
    readonly finalTrainLoss: number;
    readonly seconds: number;
  }[];
}

/**
 * A ground-truth table written by `fewshot ground-truth`: architectures trained from scratch
 * with the standalone network, with the exact configuration, command, machine and time.
 *
 * @example
 * ```ts
 * const table = await readGroundTruthTable({ file: 'packages/cli/data/ground-truth/fashion-mnist-16px-c8-n1.json' });
 * table.entries.length;
 * ```
 */
export interface GroundTruthTable {
  readonly format: 'fewshot-ground-truth';
  readonly version: 1;
  readonly name: string;
  readonly space: 'nas-bench-201';
  /** What each run's `accuracy` was measured on. */
  readonly scoredOn: string;
  readonly config: {
    readonly data: DataConfig;
    readonly network: NetworkConfig;
    readonly training: TrainingConfig;
    readonly architectures: { readonly perRegion: number; readonly edge: string; readonly seed: number };
    readonly seeds: readonly number[];
    readonly fullFashionMnistTest: boolean;
  };
  readonly command: string;
  readonly machine: { readonly cpus: number; readonly node: string; readonly backend: string; readonly workers: number };
  readonly started: string;
  readonly finished: string;
  /** Wall-clock seconds from the first start to the end (including any pause before a resume). */
  readonly seconds: number;
  /** Seconds of all training runs added up (what one process would have needed). */
  readonly processSeconds: number;
  readonly entries: readonly GroundTruthEntry[];
}

/**
 * Reads and checks a ground-truth table.
 *
 * @example
 * ```ts
 * const table = await readGroundTruthTable({ file: 'truth.json' });
 * const truth = groundTruthArchitectures(table); // [{ architecture: [..6 op indices..], accuracy }]
 * ```
 */
export async function readGroundTruthTable(options: { readonly file: string }): Promise<GroundTruthTable> {
  const functionName = 'readGroundTruthTable';
  let text: string;
  try {
    text = await readFile(options.file, 'utf8');
  } catch (error) {
    throw new NotFoundError({ functionName, argument: 'options.file', message: `cannot read ${options.file}`, cause: error });
  }
  let table: GroundTruthTable;
  try {
    table = JSON.parse(text) as GroundTruthTable;
  } catch (error) {
    throw new FileFormatError({ functionName, argument: 'options.file', message: `${options.file} is not valid JSON`, cause: error });
  }
  if (table?.format !== 'fewshot-ground-truth' || table.version !== 1 || !Array.isArray(table.entries)) {
    throw new FileFormatError({
      functionName,
      argument: 'options.file',
      message: `${options.file} is not a version 1 fewshot ground-truth table (write one with \`fewshot ground-truth\`)`,
    });
  }
  for (const [index, entry] of table.entries.entries()) {
    if (typeof entry.architecture !== 'string' || typeof entry.accuracy !== 'number' || !Number.isFinite(entry.accuracy)) {
      throw new FileFormatError({
        functionName,
        argument: 'options.file',
        message: `${options.file}: entry ${index} needs an architecture string and a finite accuracy`,
      });
    }
  }
  return table;
}

/**
 * The table's architectures as vectors with their true accuracy.
 *
 * @example
 * ```ts
 * const truth = groundTruthArchitectures(table);
 * ```
 */
export function groundTruthArchitectures(table: GroundTruthTable): { readonly architecture: Architecture; readonly accuracy: number }[] {
  return table.entries.map((entry) => ({ architecture: parseNasBench201Architecture(entry.architecture), accuracy: entry.accuracy }));
}
