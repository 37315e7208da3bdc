import { describe, expect, it } from 'vitest';
import type { Proposal } from '../contracts/strategy.js';
import { runSearch } from '../driver/run-search.js';
import { createAdditiveLandscape } from '../testing/additive-landscape.js';
import { createProductSpace } from '../testing/product-space.js';
import { createBohb } from './bohb.js';
import { createHyperband } from './hyperband.js';

const space = createProductSpace({ id: 'cell-6x5', optionCounts: [5, 5, 5, 5, 5, 5] });

describe('createBohb', () => {
  it('samples uniformly until a budget has N_min + 2 observations, then from the model', () => {
    // Good architectures have option 4 at decisions 0 and 1.
    const accuracy = (proposal: Proposal) => (proposal.architecture[0] === 4 ? 45 : 0) + (proposal.architecture[1] === 4 ? 45 : 0) + 5;
    const strategy = createBohb({ space, seed: 3, minimumBudget: 1, maximumBudget: 1, randomFraction: 0, reuseResults: false });
    // One budget only: every bracket is 1 rung of 1 configuration. N_min = 7: the model starts after 9 results.
    const history: Proposal[] = [];
    for (let round = 0; round < 200; round += 1) {
      const proposals = strategy.ask();
      history.push(...proposals);
      strategy.tell(proposals.map((proposal) => ({ proposal, evaluation: { architecture: proposal.architecture, accuracy: accuracy(proposal) } })));
    }
    const goodShare = (part: Proposal[]) => part.filter((proposal) => proposal.architecture[0] === 4 && proposal.architecture[1] === 4).length / part.length;
    expect(goodShare(history.slice(100))).toBeGreaterThan(0.8);
    expect(goodShare(history.slice(0, 9))).toBeLessThan(0.5);
  });

  it('finds better architectures than HyperBand on an additive landscape (8 seeds, 150 evaluations)', async () => {
    const landscape = createAdditiveLandscape({ space, seed: 6 });
    const meanBest = async (create: (seed: number) => ReturnType<typeof createBohb>) => {
      let total = 0;
      for (let seed = 0; seed < 8; seed += 1) {
        const result = await runSearch({ strategy: create(seed), evaluator: landscape.evaluator, budget: { evaluations: 150 } });
        total += result.best!.accuracy;
      }
      return total / 8;
    };
    const bohb = await meanBest((seed) => createBohb({ space, seed, minimumBudget: 1, maximumBudget: 9 }));
    const hyperband = await meanBest((seed) => createHyperband({ space, seed, minimumBudget: 1, maximumBudget: 9 }));
    expect(bohb).toBeGreaterThan(hyperband + 1);
  });

  it('rejects bad model settings', () => {
    expect(() => createBohb({ space, seed: 1, randomFraction: 1.5 })).toThrow(/createBohb: expected a finite number <= 1, got 1.5/);
    expect(() => createBohb({ space, seed: 1, topPercent: 100 })).toThrow(/createBohb: expected a finite number < 100, got 100/);
    expect(() => createBohb({ space, seed: 1, minimumPointsInModel: 0 })).toThrow(/expected an integer >= 1, got 0/);
    expect(() => createBohb({ space, seed: 1, fidelities: [12, -1] })).toThrow(/createBohb: expected a finite number > 0, got -1/);
  });
});
