import { deriveSeed, InvalidArgumentError, type Architecture, type Region } from '@fewshot/core';
import type { Supernet } from '@fewshot/supernet';
import type { TrainingData } from '@fewshot/trainers';
import type { GradientSearchEvent } from './contracts/gradient-search-events.js';
import type { GradientSearchMethod } from './contracts/gradient-search-method.js';
import type { GradientSearchResult } from './contracts/gradient-search-result.js';
import { describe, requireOptions } from './internal/validate.js';
import { resolveGradientSearchOptions, runResolved } from './run-gradient-search.js';

/**
 * One sub-supernet of a few-shot search: its region (a part of a split) and the supernet holding
 * its weights (typically `oneShot.restrict(region)` after one-shot training, as the splitter
 * returns them).
 *
 * @example
 * ```ts
 * const regions = createRegion({ space: nasBench201 }).split({ decision: 0, groups: [[0], [1], [2], [3], [4]] });
 * const subSupernets: SubSupernet[] = regions.map((region) => ({ region, supernet: oneShot.restrict(region) }));
 * ```
 */
export interface SubSupernet {
  /** The architectures this sub-supernet owns. */
  readonly region: Region;
  /** Its weights (trained in place by the search). Its region must contain `region`. */
  readonly supernet: Supernet;
}

/**
 * How {@link runFewShotGradientSearch} picks the final architecture among the sub-supernets'
 * results: `'validation-accuracy'` (default) takes the highest validation accuracy of the derived
 * architecture scored by its own sub-supernet (ties: lower validation loss, then the earlier
 * sub-supernet); a function gets every result and returns the index to keep.
 *
 * @example
 * ```ts
 * const byLoss: FewShotSelectionRule = (results) => results.reduce((best, result, index) => (result.validationLoss < results[best]!.validationLoss ? index : best), 0);
 * ```
 */
export type FewShotSelectionRule = 'validation-accuracy' | ((results: readonly GradientSearchResult[]) => number);

/**
 * What {@link runFewShotGradientSearch} reports: every event of every sub-supernet's search,
 * tagged with its index, and the selection.
 *
 * @example
 * ```ts
 * const onEvent = (event: FewShotGradientSearchEvent) => {
 *   if (event.type === 'sub-supernet-end') console.log(event.index, event.result.validationAccuracy);
 * };
 * ```
 */
export type FewShotGradientSearchEvent =
  | {
      /** Sent before the search on one sub-supernet starts. */
      readonly type: 'sub-supernet-start';
      /** 0-based index of the sub-supernet in `subSupernets`. */
      readonly index: number;
      /** The label of the sub-supernet's region (e.g. `1<-0 in {nor_conv_3x3}`). */
      readonly region: string;
    }
  | {
      /** Wraps every event of one sub-supernet's search, as `runGradientSearch` sends it. */
      readonly type: 'sub-supernet-event';
      /** 0-based index of the sub-supernet the event comes from. */
      readonly index: number;
      /** The wrapped event. */
      readonly event: GradientSearchEvent;
    }
  | {
      /** Sent after the search on one sub-supernet finished. */
      readonly type: 'sub-supernet-end';
      /** 0-based index of the sub-supernet. */
      readonly index: number;
      /** Its search result (derived architecture, validation accuracy, history, ...). */
      readonly result: GradientSearchResult;
    }
  | {
      /** Sent once, after the selection rule picked the final architecture. */
      readonly type: 'selection-end';
      /** Index of the sub-supernet whose result was selected. */
      readonly selected: number;
      /** The selected architecture. */
      readonly architecture: Architecture;
    };

/**
 * Options of {@link runFewShotGradientSearch}: those of `runGradientSearch` with the sub-supernets
 * in place of one supernet, plus the selection rule.
 *
 * @example
 * ```ts
 * const options: RunFewShotGradientSearchOptions = { method: createDarts(), subSupernets, train, validation, epochs: 50, seed: 1 };
 * ```
 */
export interface RunFewShotGradientSearchOptions {
  /** The method, run independently on every sub-supernet. */
  readonly method: GradientSearchMethod;
  /** The sub-supernets (at least one). */
  readonly subSupernets: readonly SubSupernet[];
  /** Training batches of every run. */
  readonly train: TrainingData;
  /** Validation stream of every run, and the data the selection scores on. */
  readonly validation: TrainingData;
  /** Epochs of every run. */
  readonly epochs: number;
  /** Sub-supernet `i` runs with `deriveSeed({ seed, label: 'sub-supernet/i' })`. */
  readonly seed: number | string;
  /** How to pick the final architecture. Default `'validation-accuracy'`. */
  readonly select?: FewShotSelectionRule;
  /** Batch size of the final scoring; default `validation.batchSize`. */
  readonly evaluationBatchSize?: number;
  /** Progress events. */
  readonly onEvent?: (event: FewShotGradientSearchEvent) => void;
  /** Cancels with a `CancelledError`. */
  readonly signal?: AbortSignal;
}

/**
 * What {@link runFewShotGradientSearch} returns.
 *
 * @example
 * ```ts
 * const { architecture, selected, results } = await runFewShotGradientSearch(options);
 * results[selected].validationAccuracy;
 * ```
 */
export interface FewShotGradientSearchResult {
  /** The selected architecture. */
  readonly architecture: Architecture;
  /** Index of the sub-supernet whose result was selected. */
  readonly selected: number;
  /** One result per sub-supernet, in order (each architecture lies in its sub-supernet's region). */
  readonly results: readonly GradientSearchResult[];
  /** Wall-clock seconds of all runs. */
  readonly seconds: number;
}

/** The default rule: highest validation accuracy, then lowest validation loss, then the first. */
export function selectByValidationAccuracy(results: readonly GradientSearchResult[]): number {
  let best = 0;
  results.forEach((result, index) => {
    const current = results[best] as GradientSearchResult;
    if (
      result.validationAccuracy > current.validationAccuracy ||
      (result.validationAccuracy === current.validationAccuracy && result.validationLoss < current.validationLoss)
    ) {
      best = index;
    }
  });
  return best;
}

/**
 * The few-shot form of a gradient-based method (Zhao et al., ICML 2021): runs the method
 * independently on every sub-supernet, each restricted to its region (architecture parameters
 * of ops outside the region are masked, so every derived architecture stays in its region), then
 * keeps the result with the highest validation accuracy of its derived architecture, scored by its
 * own sub-supernet (or by your `select` rule). Sub-supernets run one after the other.
 *
 * @example
 * ```ts
 * import { createRegion, nasBench201 } from '@fewshot/search-space';
 * import { createDarts, runFewShotGradientSearch } from '@fewshot/strategies/gradient';
 *
 * const regions = createRegion({ space: nasBench201 }).split({ decision: 0, groups: [[0], [1], [2], [3], [4]] });
 * const subSupernets = regions.map((region) => ({ region, supernet: oneShot.restrict(region) }));
 * const result = await runFewShotGradientSearch({ method: createDarts(), subSupernets, train, validation, epochs: 50, seed: 1 });
 * console.log(nasBench201.encode(result.architecture), result.selected);
 * ```
 */
export async function runFewShotGradientSearch(options: RunFewShotGradientSearchOptions): Promise<FewShotGradientSearchResult> {
  const functionName = 'runFewShotGradientSearch';
  requireOptions(functionName, 'options', options);
  const { subSupernets } = options;
  if (!Array.isArray(subSupernets) || subSupernets.length === 0) {
    throw new InvalidArgumentError({ functionName, argument: 'options.subSupernets', message: `expected a non-empty array of { region, supernet }, got ${describe(subSupernets)}` });
  }
  const select = options.select ?? 'validation-accuracy';
  if (select !== 'validation-accuracy' && typeof select !== 'function') {
    throw new InvalidArgumentError({ functionName, argument: 'options.select', message: `expected 'validation-accuracy' or a function, got ${describe(select)}` });
  }
  // Validate every run before training any.
  const resolved = subSupernets.map((entry, index) => {
    requireOptions(functionName, `options.subSupernets[${index}]`, entry);
    try {
      return resolveGradientSearchOptions(functionName, {
        method: options.method,
        supernet: entry.supernet,
        region: entry.region,
        train: options.train,
        validation: options.validation,
        epochs: options.epochs,
        seed: deriveSeed({ seed: options.seed, label: `sub-supernet/${index}` }),
        ...(options.evaluationBatchSize === undefined ? {} : { evaluationBatchSize: options.evaluationBatchSize }),
      });
    } catch (error) {
      if (error instanceof InvalidArgumentError && error.argument !== undefined && /^options\.(supernet|region)/.test(error.argument)) {
        throw new InvalidArgumentError({
          functionName,
          argument: error.argument.replace(/^options\./, `options.subSupernets[${index}].`),
          message: error.message.replace(/^[^:]+: /, ''),
          cause: error,
        });
      }
      throw error;
    }
  });
  const started = performance.now();
  const results: GradientSearchResult[] = [];
  for (const [index, run] of resolved.entries()) {
    options.onEvent?.({ type: 'sub-supernet-start', index, region: run.region.label });
    const result = await runResolved(
      functionName,
      run,
      options.onEvent === undefined ? undefined : (event) => options.onEvent?.({ type: 'sub-supernet-event', index, event }),
      options.signal,
    );
    results.push(result);
    options.onEvent?.({ type: 'sub-supernet-end', index, result });
  }
  const selected = select === 'validation-accuracy' ? selectByValidationAccuracy(results) : select(results);
  if (!Number.isInteger(selected) || selected < 0 || selected >= results.length) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.select',
      message: `the selection rule returned ${describe(selected)}; expected an index in 0..${results.length - 1}`,
    });
  }
  const architecture = (results[selected] as GradientSearchResult).architecture;
  options.onEvent?.({ type: 'selection-end', selected, architecture });
  return { architecture, selected, results, seconds: (performance.now() - started) / 1000 };
}
