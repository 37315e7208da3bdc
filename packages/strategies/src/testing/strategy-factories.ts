import type { SearchSpace } from '@fewshot/core';
import type { SearchStrategy, StrategyState } from '../contracts/strategy.js';
import { createBohb } from '../strategies/bohb.js';
import { createHyperband } from '../strategies/hyperband.js';
import { createRandomSearch } from '../strategies/random-search.js';
import { createRegularizedEvolution } from '../strategies/regularized-evolution.js';
import { createReinforce } from '../strategies/reinforce.js';
import { createTreeStructuredParzenEstimator } from '../strategies/tree-structured-parzen-estimator.js';

type From = { readonly seed: number } | { readonly state: StrategyState };

/** Every built-in strategy with test-friendly settings, by name. */
export const strategyFactories: Readonly<Record<string, (space: SearchSpace) => (from: From) => SearchStrategy>> = {
  'random-search': (space) => (from) => createRandomSearch({ space, ...from }),
  'random-search (batches of 4, with repeats)': (space) => (from) =>
    createRandomSearch({ space, ...from, ...('seed' in from ? { batchSize: 4, avoidRepeats: false } : {}) }),
  'regularized-evolution': (space) => (from) => createRegularizedEvolution({ space, ...from }),
  'regularized-evolution (without replacement)': (space) => (from) =>
    createRegularizedEvolution({ space, ...from, ...('seed' in from ? { populationSize: 6, sampleSize: 3, sampleWithReplacement: false } : {}) }),
  reinforce: (space) => (from) => createReinforce({ space, ...from }),
  'tree-structured-parzen-estimator': (space) => (from) =>
    createTreeStructuredParzenEstimator({ space, ...from, ...('seed' in from ? { startupTrials: 5 } : {}) }),
  hyperband: (space) => (from) => createHyperband({ space, ...from, ...('seed' in from ? { minimumBudget: 12, maximumBudget: 200, fidelities: [12, 200] } : {}) }),
  'hyperband (continuous budgets, no reuse)': (space) => (from) =>
    createHyperband({ space, ...from, ...('seed' in from ? { minimumBudget: 1, maximumBudget: 27, reuseResults: false, maximumIterations: 7 } : {}) }),
  bohb: (space) => (from) => createBohb({ space, ...from, ...('seed' in from ? { fidelities: [12, 200] } : {}) }),
  'bohb (continuous budgets)': (space) => (from) => createBohb({ space, ...from, ...('seed' in from ? { minimumBudget: 1, maximumBudget: 9 } : {}) }),
};
