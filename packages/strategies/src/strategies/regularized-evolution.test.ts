import { describe, expect, it } from 'vitest';
import type { Proposal } from '../contracts/strategy.js';
import { runSearch } from '../driver/run-search.js';
import { createAdditiveLandscape } from '../testing/additive-landscape.js';
import { createProductSpace } from '../testing/product-space.js';
import { createRandomSearch } from './random-search.js';
import { createRegularizedEvolution } from './regularized-evolution.js';

const space = createProductSpace({ id: 'cell-6x5', optionCounts: [5, 5, 5, 5, 5, 5] });
// A base-5 number: every architecture has its own score, so there are no ties.
const score = (architecture: readonly number[]) => architecture.reduce((sum, option, decision) => sum + option * 5 ** decision, 0);
const tell = (strategy: ReturnType<typeof createRegularizedEvolution>, proposals: Proposal[]) =>
  strategy.tell(proposals.map((proposal) => ({ proposal, evaluation: { architecture: proposal.architecture, accuracy: score(proposal.architecture) } })));
const differences = (first: readonly number[], second: readonly number[]) => first.filter((option, index) => option !== second[index]).length;

describe('createRegularizedEvolution', () => {
  it('asks for the initial population, waits for it, then breeds one child per ask', () => {
    const strategy = createRegularizedEvolution({ space, seed: 1, populationSize: 10, sampleSize: 20 });
    const first = strategy.ask({ limit: 4 });
    const second = strategy.ask();
    expect(first).toHaveLength(4);
    expect(second).toHaveLength(6);
    expect(strategy.ask()).toEqual([]); // waiting for the population's results
    tell(strategy, [...second, ...first].reverse());
    const child = strategy.ask();
    expect(child).toHaveLength(1);
    const parents = [...first, ...second].map((proposal) => proposal.architecture);
    expect(parents.some((parent) => differences(parent, child[0]!.architecture) === 1)).toBe(true);
  });

  it('mutates the best individual when the tournament sees the whole population, and ages out the oldest', () => {
    const strategy = createRegularizedEvolution({ space, seed: 4, populationSize: 5, sampleSize: 5, sampleWithReplacement: false });
    const initial = strategy.ask();
    tell(strategy, initial);
    const population = initial.map((proposal) => proposal.architecture);
    for (let step = 0; step < 30; step += 1) {
      const best = population.reduce((a, b) => (score(b) > score(a) ? b : a));
      const [child] = strategy.ask();
      expect(differences(best, child!.architecture)).toBe(1);
      tell(strategy, [child!]);
      population.push(child!.architecture);
      population.shift();
      const state = strategy.getState() as unknown as { population: { architecture: number[] }[] };
      expect(state.population.map((individual) => individual.architecture)).toEqual(population);
    }
  });

  it('finds the optimum of an additive landscape far sooner than random search', async () => {
    const landscape = createAdditiveLandscape({ space, seed: 11 });
    const found = async (create: (seed: number) => ReturnType<typeof createRegularizedEvolution>) => {
      const counts: number[] = [];
      for (let seed = 0; seed < 8; seed += 1) {
        const result = await runSearch({ strategy: create(seed), evaluator: landscape.evaluator, budget: { evaluations: 600 } });
        const hit = result.points.find((point) => point.best.architecture.join() === landscape.optimum.join());
        counts.push(hit?.distinctArchitectures ?? Infinity);
      }
      return counts.sort((a, b) => a - b)[4]!;
    };
    const evolution = await found((seed) => createRegularizedEvolution({ space, seed }));
    const random = await found((seed) => createRandomSearch({ space, seed }));
    expect(evolution).toBeLessThan(250);
    expect(random).toBeGreaterThan(evolution * 2);
  });

  it('rejects a tournament larger than the population without replacement', () => {
    expect(() => createRegularizedEvolution({ space, seed: 1, populationSize: 5, sampleSize: 6, sampleWithReplacement: false })).toThrow(
      /createRegularizedEvolution: expected sampleSize <= populationSize \(5\) when sampling without replacement, got 6/,
    );
    expect(() => createRegularizedEvolution({ space, seed: 1, populationSize: 0 })).toThrow(/populationSize|>= 1/);
  });
});
