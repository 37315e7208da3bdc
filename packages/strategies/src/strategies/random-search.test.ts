import { createRng, FewshotError } from '@fewshot/core';
import { describe, expect, it } from 'vitest';
import { createProductSpace } from '../testing/product-space.js';
import { createRandomSearch } from './random-search.js';

const space = createProductSpace({ id: 'small-3x4', optionCounts: [3, 3, 3, 3] });
const tellAll = (strategy: ReturnType<typeof createRandomSearch>, proposals: ReturnType<typeof strategy.ask>) =>
  strategy.tell(proposals.map((proposal) => ({ proposal, evaluation: { architecture: proposal.architecture, accuracy: 50 } })));

describe('createRandomSearch', () => {
  it('proposes every architecture of a small space exactly once, then finishes', () => {
    const strategy = createRandomSearch({ space, seed: 5, batchSize: 7 });
    const keys = new Set<string>();
    for (let round = 0; round < 200; round += 1) {
      const proposals = strategy.ask({ limit: 100 });
      expect(proposals.length).toBeLessThanOrEqual(7);
      if (proposals.length === 0) break;
      for (const proposal of proposals) keys.add(proposal.architecture.join(','));
      tellAll(strategy, proposals);
    }
    expect(keys.size).toBe(81);
    expect(strategy.ask()).toEqual([]);
    expect(strategy.pending()).toEqual([]);
  });

  it('with repeats allowed, samples uniformly (each option of a decision about equally often)', () => {
    const strategy = createRandomSearch({ space, seed: 9, avoidRepeats: false, batchSize: 3000 });
    const proposals = strategy.ask();
    expect(proposals).toHaveLength(3000);
    const counts = [0, 0, 0];
    for (const proposal of proposals) counts[proposal.architecture[0] as number]! += 1;
    for (const count of counts) expect(Math.abs(count - 1000)).toBeLessThan(100);
    expect(proposals.map((proposal) => proposal.id)).toEqual(Array.from({ length: 3000 }, (_, index) => index));
  });

  it('uses a given generator and continues from a restored state', () => {
    const strategy = createRandomSearch({ space, rng: createRng({ seed: 3 }), batchSize: 10 });
    tellAll(strategy, strategy.ask({ limit: 20 }));
    const state = JSON.parse(JSON.stringify(strategy.getState()));
    expect(state.seen).toHaveLength(10);
    const restored = createRandomSearch({ space, state });
    expect(restored.ask({ limit: 5 })).toEqual(strategy.ask({ limit: 5 }));
  });

  it('rejects bad options with errors naming the function and argument', () => {
    expect(() => createRandomSearch({ space } as never)).toThrow(/createRandomSearch: expected one of seed, rng or state/);
    expect(() => createRandomSearch({ space, seed: 1, rng: createRng({ seed: 1 }) })).toThrow(/only one of seed, rng or state, got seed and rng/);
    expect(() => createRandomSearch({ space, seed: 1.5 })).toThrow(/createRandomSearch: expected a safe integer or a string, got 1.5/);
    expect(() => createRandomSearch({ space, seed: 1, batchSize: 0 })).toThrow(/createRandomSearch: expected an integer >= 1, got 0/);
    expect(() => createRandomSearch({ space: {} as never, seed: 1 })).toThrow(/createRandomSearch: expected a SearchSpace/);
    expect(() => createRandomSearch({ space, seed: 1 }).ask({ limit: 0 })).toThrow(/random-search.ask: expected an integer >= 1, got 0/);
    const state = createRandomSearch({ space, seed: 1, batchSize: 2 }).getState();
    try {
      createRandomSearch({ space, state, batchSize: 3 });
      expect.unreachable();
    } catch (error) {
      expect(FewshotError.isInstance(error) && error.code).toBe('invalid-argument');
      expect((error as FewshotError).argument).toBe('batchSize');
      expect((error as Error).message).toMatch(/3 differs from the restored state's 2/);
    }
    const other = createProductSpace({ id: 'other', optionCounts: [3, 3, 3, 3] });
    expect(() => createRandomSearch({ space: other, state })).toThrow(/belongs to space 'small-3x4', but space 'other' was given/);
    expect(() => createRandomSearch({ space, state: { ...state, strategy: 'bohb' } })).toThrow(/expected a state of 'random-search', got one of "bohb"/);
    expect(() => createRandomSearch({ space, state: { ...state, version: 9 } })).toThrow(/expected state version 1, got 9/);
    expect(() => createRandomSearch({ space, state: { ...state, rng: { words: [0, 0, 0, 0] } } })).toThrow(/state.rng|generator state/);
  });
});
