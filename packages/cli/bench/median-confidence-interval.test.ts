import { createRng } from '@fewshot/core';
import { describe, expect, it } from 'vitest';
import { medianConfidenceInterval } from './median-confidence-interval.js';

const ranks = (n: number): number[] => Array.from({ length: n }, (_unused, index) => index + 1);

describe('medianConfidenceInterval', () => {
  it('gives the order statistics of the published tables (95%: n = 10 -> 2, 9; 24 -> 7, 18; 50 -> 18, 33; 99%: 30 -> 8, 23)', () => {
    expect(medianConfidenceInterval(ranks(10))).toEqual([2, 9]);
    expect(medianConfidenceInterval(ranks(24))).toEqual([7, 18]);
    expect(medianConfidenceInterval(ranks(50))).toEqual([18, 33]);
    expect(medianConfidenceInterval(ranks(30), 0.99)).toEqual([8, 23]);
  });

  it('sorts its input and leaves it as it was', () => {
    const values = [9, 1, 8, 2, 7, 3, 6, 4, 5, 10];
    expect(medianConfidenceInterval(values)).toEqual([2, 9]);
    expect(values).toEqual([9, 1, 8, 2, 7, 3, 6, 4, 5, 10]);
  });

  it('gives no interval where no order statistic reaches the level (n = 5 at 95%)', () => {
    expect(medianConfidenceInterval(ranks(5))).toBeUndefined();
    expect(medianConfidenceInterval([])).toBeUndefined();
    expect(medianConfidenceInterval(ranks(6))).toEqual([1, 6]);
  });

  it('covers the true median at least as often as it says (2,000 samples of 24 uniform values, fixed seed)', () => {
    const rng = createRng({ seed: 5 });
    const trials = 2000;
    let covered = 0;
    for (let trial = 0; trial < trials; trial += 1) {
      const interval = medianConfidenceInterval(Array.from({ length: 24 }, () => rng.float()));
      if (interval !== undefined && interval[0] <= 0.5 && interval[1] >= 0.5) covered += 1;
    }
    // The exact coverage of ranks 7 and 18 of 24 is 1 - 2 P(Binomial(24, 1/2) <= 6) = 0.977.
    expect(covered / trials).toBeGreaterThan(0.965);
    expect(covered / trials).toBeLessThan(0.99);
  });
});
