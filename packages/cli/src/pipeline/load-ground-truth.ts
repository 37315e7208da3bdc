import type { Architecture } from '@fewshot/core';
import type { GroundTruthSource } from '../config/experiment-config.js';
import { groundTruthArchitectures, readGroundTruthTable } from '../ground-truth/ground-truth-table.js';

/**
 * The architectures an experiment estimates, with their true accuracies.
 *
 * @example
 * ```ts
 * const truth: LoadedGroundTruth = await loadGroundTruth({ source: config.groundTruth });
 * ```
 */
export interface LoadedGroundTruth {
  /** One entry per table entry, in the table's order. */
  readonly architectures: readonly {
    /** The architecture (six NAS-Bench-201 op indices). */
    readonly architecture: Architecture;
    /** Its true accuracy, percent: the mean over the table's runs (seeds). */
    readonly accuracy: number;
  }[];
  /** What the true accuracies were measured on. */
  readonly scoredOn: string;
}

/**
 * Reads the ground truth an experiment config points at.
 *
 * @example
 * ```ts
 * const truth = await loadGroundTruth({ source: { kind: 'table', file: 'truth.json' } });
 * ```
 */
export async function loadGroundTruth(options: {
  /** The config's `groundTruth` section (with its file path already resolved). */
  readonly source: GroundTruthSource;
}): Promise<LoadedGroundTruth> {
  const table = await readGroundTruthTable({ file: options.source.file });
  return { architectures: groundTruthArchitectures(table), scoredOn: table.scoredOn };
}
