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
  /** One training run per seed of the configuration, in seed order. */
  readonly runs: readonly {
    /** The training seed of this run (weights, batch order). */
    readonly seed: number;
    /** Accuracy on the table's scoring set (see {@link GroundTruthTable.scoredOn}). */
    readonly accuracy: number;
    /** Accuracy on the experiment's own test set (the embedded 2,000 images for the default). */
    readonly testAccuracy: number;
    /** Mean training loss of the run's last epoch. */
    readonly finalTrainLoss: number;
    /** Wall-clock seconds of the run (loading, training, scoring). */
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
  /** Always `fewshot-ground-truth`: marks the file's kind. */
  readonly format: 'fewshot-ground-truth';
  /** The format's version; 1 so far. */
  readonly version: 1;
  /** The configuration's name. */
  readonly name: string;
  /** The search space of the architectures; NAS-Bench-201 only so far. */
  readonly space: 'nas-bench-201';
  /** What each run's `accuracy` was measured on. */
  readonly scoredOn: string;
  /** The configuration the table was produced with (defaults filled in). */
  readonly config: {
    /** The images and their preparation. */
    readonly data: DataConfig;
    /** The size of each standalone network. */
    readonly network: NetworkConfig;
    /** The schedule of every run. */
    readonly training: TrainingConfig;
    /** How the architectures were drawn. */
    readonly architectures: {
      /** Architectures per region. */
      readonly perRegion: number;
      /** The edge whose split defines the regions. */
      readonly edge: string;
      /** Seed of the draw. */
      readonly seed: number;
    };
    /** The training seeds: one run per architecture and seed. */
    readonly seeds: readonly number[];
    /** Whether `accuracy` is measured on Debian's full Fashion-MNIST test set. */
    readonly fullFashionMnistTest: boolean;
  };
  /** The command line that produced the table. */
  readonly command: string;
  /** Where the table was produced. */
  readonly machine: {
    /** Logical CPUs of the machine. */
    readonly cpus: number;
    /** Node.js version, e.g. `v20.20.2`. */
    readonly node: string;
    /** The TensorFlow.js backend of the runs (`cpu`, `wasm`, ...). */
    readonly backend: string;
    /** Worker processes used. */
    readonly workers: number;
  };
  /** ISO 8601 time the first run started (kept across resumes). */
  readonly started: string;
  /** ISO 8601 time the table was written. */
  readonly finished: string;
  /** Wall-clock seconds from the first start to the end (including any pause before a resume). */
  readonly seconds: number;
  /** Seconds of all training runs added up (what one process would have needed). */
  readonly processSeconds: number;
  /** One entry per architecture: `perRegion` per region, regions in option order. */
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
export async function readGroundTruthTable(options: {
  /** Path of the JSON table written by `fewshot ground-truth`. */
  readonly file: string;
}): Promise<GroundTruthTable> {
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
export function groundTruthArchitectures(table: GroundTruthTable): {
  /** The architecture as six NAS-Bench-201 op indices. */
  readonly architecture: Architecture;
  /** Its true accuracy (the entry's mean over seeds), percent. */
  readonly accuracy: number;
}[] {
  return table.entries.map((entry) => ({ architecture: parseNasBench201Architecture(entry.architecture), accuracy: entry.accuracy }));
}
