import { nasBench201 } from '@fewshot/search-space';
import { checkStrategyConformance, runSearch } from '@fewshot/strategies';
import { describe, expect, it } from 'vitest';
import { createHillClimbing } from '../src/hill-climbing.js';

const toyEvaluator = {
  name: 'toy',
  evaluate: async ({ architectures }: { architectures: readonly (readonly number[])[] }) =>
    architectures.map((architecture) => ({ architecture, accuracy: architecture.reduce((sum, option, edge) => sum + option * (edge + 1), 0) })),
};

describe('a user-written strategy', () => {
  it('passes the same conformance checks as the built-in strategies', () => {
    const report = checkStrategyConformance({ space: nasBench201, create: (from) => createHillClimbing({ space: nasBench201, ...from }), rounds: 30 });
    expect(report.failures).toEqual([]);
  });

  it('plugs into runSearch and climbs to the optimum of a separable score', async () => {
    const result = await runSearch({ strategy: createHillClimbing({ space: nasBench201, seed: 3 }), evaluator: toyEvaluator, budget: { evaluations: 300 } });
    // Option 4 on every edge is the unique optimum: 4 * (1 + 2 + ... + 6) = 84.
    expect(result.best?.accuracy).toBe(84);
    expect(result.best?.architecture).toEqual([4, 4, 4, 4, 4, 4]);
    // It never proposes an architecture twice.
    expect(result.distinctArchitectures).toBe(result.evaluations);
  });
});
