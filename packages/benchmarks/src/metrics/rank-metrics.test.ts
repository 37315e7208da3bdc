import { describe, expect, it } from 'vitest';
import { pearson } from './pearson.js';
import { rankMetrics, rankMetricsByGroup } from './rank-metrics.js';

describe('rankMetrics and rankMetricsByGroup', () => {
  it('report every metric, with null for undefined correlations', () => {
    const metrics = rankMetrics({ predicted: [0.2, 0.5, 0.4, 0.9], truth: [70, 91, 89, 94], k: 2 });
    expect(metrics).toMatchObject({ count: 4, kendallTau: 1, spearman: 1, k: 2, precisionAtK: 1, regret: 0, meanTruth: 86 });
    expect(metrics.pearson).toBeCloseTo(pearson({ x: [0.2, 0.5, 0.4, 0.9], y: [70, 91, 89, 94] }), 14);
    const single = rankMetrics({ predicted: [1], truth: [2] });
    expect(single).toMatchObject({ count: 1, kendallTau: null, spearman: null, pearson: null, k: 1, precisionAtK: 1, regret: 0 });
  });

  it('splits by group in order of first appearance', () => {
    const perRegion = rankMetricsByGroup({
      predicted: [1, 3, 2, 3, 2, 1, 5],
      truth: [90, 92, 91, 80, 81, 82, 50],
      groups: ['conv', 'conv', 'conv', 'pool', 'pool', 'pool', 7],
      k: 1,
    });
    expect(perRegion.map((entry) => [entry.group, entry.count, entry.kendallTau])).toEqual([
      ['conv', 3, 1],
      ['pool', 3, -1],
      [7, 1, null],
    ]);
    expect(perRegion[1]).toMatchObject({ precisionAtK: 0, regret: 2, meanPredicted: 2, meanTruth: 81 });
    expect(() => rankMetricsByGroup({ predicted: [1, 2], truth: [1, 2], groups: ['a'] })).toThrow(/expected 2 group labels/);
  });
});

