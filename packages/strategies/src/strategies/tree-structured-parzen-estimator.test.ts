import { describe, expect, it } from 'vitest';
import type { Proposal } from '../contracts/strategy.js';
import { runSearch } from '../driver/run-search.js';
import { createAdditiveLandscape } from '../testing/additive-landscape.js';
import { createProductSpace } from '../testing/product-space.js';
import { createRandomSearch } from './random-search.js';
import { createTreeStructuredParzenEstimator } from './tree-structured-parzen-estimator.js';

const space = createProductSpace({ id: 'cell-6x5', optionCounts: [5, 5, 5, 5, 5, 5] });

describe('createTreeStructuredParzenEstimator', () => {
  it('proposes from the good density once the start-up trials are told', () => {
    const strategy = createTreeStructuredParzenEstimator({ space, seed: 1, startupTrials: 30, gammaScaling: 'linear', gamma: 0.2 });
    const startup = Array.from({ length: 30 }, () => strategy.ask()).flat();
    expect(startup).toHaveLength(30);
    // Good architectures have option 3 at decision 0; everything else is equally bad.
    strategy.tell(
      startup.map((proposal) => ({ proposal, evaluation: { architecture: proposal.architecture, accuracy: proposal.architecture[0] === 3 ? 90 : 10 } })),
    );
    const proposals: Proposal[] = Array.from({ length: 200 }, () => strategy.ask({ limit: 5 })).flat();
    expect(proposals).toHaveLength(200); // one proposal per ask, whatever the limit
    const share = proposals.filter((proposal) => proposal.architecture[0] === 3).length / proposals.length;
    expect(share).toBeGreaterThan(0.9);
  });

  it('beats random search on an additive landscape (mean best after 100 evaluations, 10 seeds)', async () => {
    const landscape = createAdditiveLandscape({ space, seed: 6 });
    const meanBest = async (create: (seed: number) => ReturnType<typeof createRandomSearch>) => {
      let total = 0;
      for (let seed = 0; seed < 10; seed += 1) {
        const result = await runSearch({ strategy: create(seed), evaluator: landscape.evaluator, budget: { evaluations: 100 } });
        total += result.best!.accuracy;
      }
      return total / 10;
    };
    const tpe = await meanBest((seed) => createTreeStructuredParzenEstimator({ space, seed }));
    const random = await meanBest((seed) => createRandomSearch({ space, seed }));
    expect(tpe).toBeGreaterThan(random + 1.5);
    expect(landscape.optimumAccuracy - tpe).toBeLessThan(3);
  });

  it('rejects bad hyper-parameters', () => {
    expect(() => createTreeStructuredParzenEstimator({ space, seed: 1, gamma: 0 })).toThrow(/createTreeStructuredParzenEstimator: expected a finite number > 0, got 0/);
    expect(() => createTreeStructuredParzenEstimator({ space, seed: 1, gammaScaling: 'cubic' as never })).toThrow(/expected 'square-root' or 'linear', got "cubic"/);
    expect(() => createTreeStructuredParzenEstimator({ space, seed: 1, candidates: 2.5 })).toThrow(/createTreeStructuredParzenEstimator: expected an integer, got 2.5/);
  });
});
