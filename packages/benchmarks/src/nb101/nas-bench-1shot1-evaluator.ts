import { CancelledError, InvalidArgumentError, type EvaluateOptions, type Evaluation, type Evaluator } from '@fewshot/core';
import { checkOptions, describe } from '../internal/check-values.js';
import { createNasBench1Shot1Space, hashNasBench101Cell } from '../internal/search-space-adapter.js';
import type { NasBench101Table } from './nb101-table.js';

/**
 * Options of {@link createNasBench1Shot1Evaluator}.
 *
 * @example
 * ```ts
 * const options: CreateNasBench1Shot1EvaluatorOptions = { table, searchSpace: 2, split: 'valid' };
 * ```
 */
export interface CreateNasBench1Shot1EvaluatorOptions {
  /** A NAS-Bench-101 table from {@link loadNasBench101Table}. */
  readonly table: NasBench101Table;
  /** Which NAS-Bench-1Shot1 space (1, 2 or 3). */
  readonly searchSpace: 1 | 2 | 3;
  /** `valid` (default: the objective of the official code) or `test`. */
  readonly split?: 'valid' | 'test';
  /** The budget in epochs; default 108 (the official objective's). */
  readonly epochs?: number;
}

/**
 * The NAS-Bench-1Shot1 oracle for search spaces 1, 2 and 3 as an `Evaluator` (`@fewshot/core`).
 * Each architecture of `createNasBench1Shot1Space({ searchSpace })` is turned into
 * its NAS-Bench-101 cell (`toCell`: the official `objective_function`, with the
 * dummy vertex of spaces 1 and 2), hashed with `hashNasBench101Cell` (pruning
 * first), and looked up: `accuracy` is the mean final validation (or test)
 * accuracy over the repeats in percent, `cost` the mean training seconds, and
 * `metrics` holds `validationAccuracy`, `testAccuracy`, `trainableParameters` and
 * `repeats`. The official code samples one repeat per query; this oracle averages
 * them (deterministic). Test error of the optimum = 100 - its test accuracy.
 *
 * @example
 * ```ts
 * import { createNasBench1Shot1Evaluator, loadNasBench101Table } from '@fewshot/benchmarks';
 * import { createNasBench1Shot1Space } from '@fewshot/search-space';
 * const table = await loadNasBench101Table({ path: 'nb101.fsbench' });
 * const evaluator = createNasBench1Shot1Evaluator({ table, searchSpace: 3 });
 * const [first] = createNasBench1Shot1Space({ searchSpace: 3 }).enumerate();
 * const [evaluation] = await evaluator.evaluate({ architectures: [first!] });
 * ```
 */
export function createNasBench1Shot1Evaluator(options: CreateNasBench1Shot1EvaluatorOptions): Evaluator {
  const functionName = 'createNasBench1Shot1Evaluator';
  const checked = checkOptions(functionName, options);
  const table = checked['table'] as NasBench101Table;
  if (typeof table !== 'object' || table === null || typeof table.query !== 'function' || !Array.isArray(table.budgets)) {
    throw new InvalidArgumentError({ functionName, argument: 'options.table', message: `expected a table from loadNasBench101Table, got ${describe(table)}` });
  }
  const searchSpace = checked['searchSpace'];
  if (searchSpace !== 1 && searchSpace !== 2 && searchSpace !== 3) {
    throw new InvalidArgumentError({ functionName, argument: 'options.searchSpace', message: `expected 1, 2 or 3, got ${describe(searchSpace)}` });
  }
  const split = checked['split'] ?? 'valid';
  if (split !== 'valid' && split !== 'test') {
    throw new InvalidArgumentError({ functionName, argument: 'options.split', message: `expected 'valid' or 'test', got ${describe(split)}` });
  }
  const epochs = checked['epochs'] ?? 108;
  if (typeof epochs !== 'number' || !table.budgets.includes(epochs)) {
    throw new InvalidArgumentError({ functionName, argument: 'options.epochs', message: `unknown budget ${describe(epochs)}; the table holds ${table.budgets.join(', ')}` });
  }
  const space = createNasBench1Shot1Space({ searchSpace });
  const name = `nas-bench-1shot1 space ${searchSpace} ${split} ${epochs} epochs`;
  return Object.freeze({
    name,
    async evaluate(evaluateOptions: EvaluateOptions): Promise<readonly Evaluation[]> {
      const caller = `${name}.evaluate`;
      const evaluateChecked = checkOptions(caller, evaluateOptions);
      const architectures = evaluateChecked['architectures'];
      if (!Array.isArray(architectures)) {
        throw new InvalidArgumentError({ functionName: caller, argument: 'options.architectures', message: `expected an array of architectures, got ${describe(architectures)}` });
      }
      const signal = evaluateChecked['signal'] as AbortSignal | undefined;
      return architectures.map((architecture: unknown, position) => {
        if (signal?.aborted) throw new CancelledError({ functionName: caller, argument: 'options.signal', message: `cancelled after ${position} of ${architectures.length} evaluations` });
        const argument = `options.architectures[${position}]`;
        if (!Array.isArray(architecture) || !space.contains(architecture)) {
          throw new InvalidArgumentError({
            functionName: caller,
            argument,
            message: `expected an architecture of NAS-Bench-1Shot1 space ${searchSpace} (${space.decisions.length} decisions), got ${describe(architecture)}`,
          });
        }
        const cell = space.toCell(architecture);
        const hash = hashNasBench101Cell(cell);
        if (hash === null) {
          throw new InvalidArgumentError({ functionName: caller, argument, message: 'the architecture maps to a cell outside NAS-Bench-101' });
        }
        const result = table.query({ hash, epochs });
        return {
          architecture,
          accuracy: split === 'valid' ? result.validationAccuracy : result.testAccuracy,
          cost: result.trainingTime,
          metrics: {
            validationAccuracy: result.validationAccuracy,
            testAccuracy: result.testAccuracy,
            trainableParameters: result.trainableParameters,
            repeats: result.repeats,
          },
        };
      });
    },
  });
}
