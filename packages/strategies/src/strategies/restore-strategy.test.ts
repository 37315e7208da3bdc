import { describe, expect, it } from 'vitest';
import { createProductSpace } from '../testing/product-space.js';
import { strategyFactories } from '../testing/strategy-factories.js';
import { builtInStrategyNames, restoreStrategy } from './restore-strategy.js';

const space = createProductSpace({ id: 'cell-6x5', optionCounts: [5, 5, 5, 5, 5, 5] });

describe('restoreStrategy', () => {
  it('restores every built-in strategy from its JSON state and continues identically', () => {
    expect([...builtInStrategyNames].sort()).toEqual(['bohb', 'hyperband', 'random-search', 'regularized-evolution', 'reinforce', 'tree-structured-parzen-estimator']);
    for (const factory of Object.values(strategyFactories)) {
      const original = factory(space)({ seed: 8 });
      for (let round = 0; round < 15; round += 1) {
        const proposals = original.ask();
        original.tell(proposals.map((proposal) => ({ proposal, evaluation: { architecture: proposal.architecture, accuracy: proposal.architecture[0]! * 10 } })));
      }
      const restored = restoreStrategy({ space, state: JSON.parse(JSON.stringify(original.getState())) });
      expect(restored.name).toBe(original.name);
      expect(restored.ask()).toEqual(original.ask());
    }
  });

  it('rejects unknown strategies', () => {
    expect(() => restoreStrategy({ space, state: { strategy: 'simulated-annealing', version: 1, space: space.id } })).toThrow(
      /restoreStrategy: expected one of random-search, regularized-evolution, reinforce, tree-structured-parzen-estimator, hyperband, bohb, got "simulated-annealing"/,
    );
    expect(() => restoreStrategy({ space, state: null as never })).toThrow(/restoreStrategy: expected an object, got null/);
  });
});
