import { InvalidArgumentError, type SearchSpace } from '@fewshot/core';
import type { SearchStrategy, StrategyState } from '../contracts/strategy.js';
import { describe, requireObject } from '../internal/validate.js';
import { createBohb } from './bohb.js';
import { createHyperband } from './hyperband.js';
import { createRandomSearch } from './random-search.js';
import { createRegularizedEvolution } from './regularized-evolution.js';
import { createReinforce } from './reinforce.js';
import { createTreeStructuredParzenEstimator } from './tree-structured-parzen-estimator.js';

const factories: Readonly<Record<string, (options: { space: SearchSpace; state: StrategyState }) => SearchStrategy>> = {
  'random-search': createRandomSearch,
  'regularized-evolution': createRegularizedEvolution,
  reinforce: createReinforce,
  'tree-structured-parzen-estimator': createTreeStructuredParzenEstimator,
  hyperband: createHyperband,
  bohb: createBohb,
};

/**
 * The names of the built-in strategies, as found in `StrategyState.strategy`.
 *
 * @example
 * ```ts
 * builtInStrategyNames.includes('bohb'); // true
 * ```
 */
export const builtInStrategyNames: readonly string[] = Object.freeze(Object.keys(factories));

/**
 * Restores any built-in strategy from a saved state, choosing the factory by
 * `state.strategy`. For your own strategies call their factory directly.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { restoreStrategy } from '@fewshot/strategies';
 * const state = JSON.parse(readFileSync('search-state.json', 'utf8'));
 * const strategy = restoreStrategy({ space: nasBench201, state });
 * ```
 */
export function restoreStrategy(options: {
  /** The space the state was saved in; its `id` must equal `state.space`. */
  readonly space: SearchSpace;
  /** A state saved with `getState()` by a built-in strategy; `state.strategy` picks the factory. */
  readonly state: StrategyState;
}): SearchStrategy {
  const given = requireObject('restoreStrategy', 'options', options);
  const state = requireObject('restoreStrategy', 'state', given['state']) as StrategyState;
  const factory = typeof state.strategy === 'string' ? factories[state.strategy] : undefined;
  if (factory === undefined) {
    throw new InvalidArgumentError({
      functionName: 'restoreStrategy',
      argument: 'state.strategy',
      message: `expected one of ${builtInStrategyNames.join(', ')}, got ${describe(state.strategy)}`,
    });
  }
  return factory({ space: options.space, state });
}
