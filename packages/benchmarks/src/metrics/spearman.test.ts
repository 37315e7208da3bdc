import { describe, expect, it } from 'vitest';
import { pearson } from './pearson.js';
import { spearman } from './spearman.js';

describe('spearman and pearson', () => {
  it('give the scipy values, with average ranks for ties', () => {
    expect(spearman({ x: [1, 2, 3, 4], y: [10, 20, 40, 30] })).toBeCloseTo(0.8, 14);
    expect(spearman({ x: [1, 1, 2, 2, 3, 5, 5], y: [3, 3, 1, 2, 2, 7, 6] })).toBeCloseTo(0.4018867104326318, 14);
    expect(pearson({ x: [1, 2, 3], y: [2, 4, 7] })).toBeCloseTo(0.9933992677987828, 14);
    expect(() => pearson({ x: [1, 2, 3], y: [4, 4, 4] })).toThrow(/y is constant/);
  });
});

