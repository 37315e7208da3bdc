import { createRegion, nasBench201 } from '@fewshot/search-space';
import { describe, expect, it } from 'vitest';
import { createSetn, mostProbableArchitectures } from './setn.js';

describe('SETN candidate selection', () => {
  it('lists the most probable architectures of the region under independent per-edge distributions, best first', () => {
    const region = createRegion({ space: nasBench201 }).split({ decision: 1, groups: [[0, 1], [2, 3, 4]] })[1]!;
    const probabilities = [
      [0.1, 0.2, 0.3, 0.25, 0.15],
      [0.4, 0.3, 0.1, 0.15, 0.05],
      [0.2, 0.2, 0.2, 0.2, 0.2],
      [0.05, 0.05, 0.05, 0.05, 0.8],
      [0.3, 0.1, 0.1, 0.2, 0.3],
      [0.5, 0.2, 0.1, 0.1, 0.1],
    ];
    const logProbabilities = probabilities.map((row) => row.map(Math.log));
    const top = mostProbableArchitectures({ region, logProbabilities, count: 5 });
    const score = (architecture: readonly number[]) => architecture.reduce((sum, op, edge) => sum + (logProbabilities[edge]?.[op] as number), 0);
    const all = [...region.enumerate()].sort((a, b) => score(b) - score(a));
    expect(top.map(score)).toEqual(all.slice(0, 5).map(score));
    // Edge 2<-0 may not be none or skip_connect in this region, even though those are the most probable there.
    expect(top[0]).toEqual([2, 3, 0, 4, 0, 0]);
    for (const architecture of top) expect(region.contains(architecture)).toBe(true);
    // Ties (edge 2<-1 is uniform) keep the region's enumeration order.
    const tied = top.filter((architecture) => score(architecture) === score(top[0]!));
    expect(tied.length).toBeGreaterThan(1);
    expect(mostProbableArchitectures({ region, logProbabilities, count: 100_000 })).toHaveLength(region.size);
  });

  it('rejects a candidate count below 1', () => {
    expect(() => createSetn({ candidates: 0 })).toThrow(/^createSetn: options\.candidates: expected an integer >= 1, got 0$/);
  });
});
