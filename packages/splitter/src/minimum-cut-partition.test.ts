import { createRng, InvalidArgumentError, UnsupportedError } from '@fewshot/core';
import { describe, expect, it } from 'vitest';
import { partitionByMinimumCut } from './minimum-cut-partition.js';
import { thrown } from './testing/fixtures.js';

/** Every assignment of n items to k labels (k^n), kept when all groups are non-empty (and balanced). */
function bruteForce(distances: number[][], groupCount: number, balanced: boolean): number {
  const n = distances.length;
  let best = Number.POSITIVE_INFINITY;
  const labels = new Array<number>(n).fill(0);
  const total = groupCount ** n;
  for (let code = 0; code < total; code += 1) {
    let rest = code;
    for (let i = 0; i < n; i += 1) {
      labels[i] = rest % groupCount;
      rest = Math.floor(rest / groupCount);
    }
    const sizes = new Array<number>(groupCount).fill(0);
    for (const label of labels) sizes[label]! += 1;
    if (sizes.some((size) => size === 0)) continue;
    if (balanced && Math.max(...sizes) - Math.min(...sizes) > 1) continue;
    let within = 0;
    for (let i = 0; i < n; i += 1) for (let j = i + 1; j < n; j += 1) if (labels[i] === labels[j]) within += distances[i]![j]!;
    best = Math.min(best, within);
  }
  return best;
}

function randomSymmetric(n: number, seed: number): number[][] {
  const rng = createRng({ seed });
  const matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i += 1) {
    for (let j = i + 1; j < n; j += 1) {
      const value = rng.float() * 2;
      matrix[i]![j] = value;
      matrix[j]![i] = value;
    }
  }
  return matrix;
}

describe('partitionByMinimumCut', () => {
  it('groups the close items and reports cut and within (hand-computed)', () => {
    // 0 and 2 are close (0.1); 1 is far from both.
    const result = partitionByMinimumCut({ distances: [[0, 1, 0.1], [1, 0, 0.9], [0.1, 0.9, 0]], groupCount: 2 });
    expect(result.groups).toEqual([[0, 2], [1]]);
    expect(result.within).toBeCloseTo(0.1, 12);
    expect(result.cut).toBeCloseTo(1.9, 12);
  });

  it('finds two clusters of 5 ops with the 2 + 3 balance of GM-NAS', () => {
    // Ops {0, 3} agree, ops {1, 2, 4} agree, across-cluster distances are large.
    const far = 0.9;
    const distances = [
      [0, far, far, 0.05, far],
      [far, 0, 0.1, far, 0.2],
      [far, 0.1, 0, far, 0.15],
      [0.05, far, far, 0, far],
      [far, 0.2, 0.15, far, 0],
    ];
    const result = partitionByMinimumCut({ distances, groupCount: 2 });
    expect(result.groups).toEqual([[0, 3], [1, 2, 4]]);
    expect(result.within).toBeCloseTo(0.05 + 0.1 + 0.2 + 0.15, 12);
    expect(result.cut).toBeCloseTo(6 * far, 12);
  });

  it('respects the balance constraint even when an unbalanced cut would be smaller', () => {
    // Item 0 is far from everything; 1..4 are mutually close. Unbalanced: {0} | {1,2,3,4}.
    const distances = [
      [0, 1, 1, 1, 1],
      [1, 0, 0.1, 0.1, 0.1],
      [1, 0.1, 0, 0.1, 0.1],
      [1, 0.1, 0.1, 0, 0.1],
      [1, 0.1, 0.1, 0.1, 0],
    ];
    const unbalanced = partitionByMinimumCut({ distances, groupCount: 2, balanced: false });
    expect(unbalanced.groups).toEqual([[0], [1, 2, 3, 4]]);
    expect(unbalanced.within).toBeCloseTo(0.6, 12);
    const balanced = partitionByMinimumCut({ distances, groupCount: 2 });
    expect(balanced.groups.map((group) => group.length).sort()).toEqual([2, 3]);
    // Best balanced: 0 with one close item (1) and the other three together: 1 + 0.3.
    expect(balanced.within).toBeCloseTo(1.3, 12);
    expect(balanced.groups).toEqual([[0, 1], [2, 3, 4]]);
  });

  it('is exact: equals brute force on random matrices for 2..4 groups, balanced or not', () => {
    for (let seed = 0; seed < 40; seed += 1) {
      const n = 3 + (seed % 5); // 3..7 items
      const distances = randomSymmetric(n, seed);
      for (const groupCount of [2, 3, 4].filter((k) => k <= n)) {
        for (const balanced of [true, false]) {
          const result = partitionByMinimumCut({ distances, groupCount, balanced });
          expect(result.within).toBeCloseTo(bruteForce(distances, groupCount, balanced), 10);
          expect(result.groups).toHaveLength(groupCount);
          expect(result.groups.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
          if (balanced) {
            const sizes = result.groups.map((group) => group.length);
            expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
          }
        }
      }
    }
  });

  it('breaks ties the same way every time (first partition in lexicographic order)', () => {
    const equal = Array.from({ length: 4 }, (_, i) => Array.from({ length: 4 }, (_, j) => (i === j ? 0 : 1)));
    expect(partitionByMinimumCut({ distances: equal, groupCount: 2 }).groups).toEqual([[0, 1], [2, 3]]);
    expect(partitionByMinimumCut({ distances: equal, groupCount: 4 }).groups).toEqual([[0], [1], [2], [3]]);
    expect(partitionByMinimumCut({ distances: equal, groupCount: 1 }).groups).toEqual([[0, 1, 2, 3]]);
  });

  it('handles negative entries (no pruning) exactly', () => {
    const distances = [
      [0, -1, 2],
      [-1, 0, 3],
      [2, 3, 0],
    ];
    const result = partitionByMinimumCut({ distances, groupCount: 2 });
    expect(result.groups).toEqual([[0, 1], [2]]);
    expect(result.within).toBe(-1);
    expect(result.cut).toBe(5);
  });

  it('rejects bad input with typed errors naming the argument', () => {
    const asymmetric = thrown(() => partitionByMinimumCut({ distances: [[0, 1], [2, 0]], groupCount: 2 }));
    expect(asymmetric).toBeInstanceOf(InvalidArgumentError);
    expect((asymmetric as InvalidArgumentError).message).toMatch(/^partitionByMinimumCut: expected a symmetric matrix/);
    const ragged = thrown(() => partitionByMinimumCut({ distances: [[0, 1], [1]], groupCount: 2 }));
    expect((ragged as InvalidArgumentError).argument).toBe('options.distances');
    const notFinite = thrown(() => partitionByMinimumCut({ distances: [[0, Number.NaN], [Number.NaN, 0]], groupCount: 2 }));
    expect((notFinite as InvalidArgumentError).argument).toBe('options.distances[0][1]');
    const tooMany = thrown(() => partitionByMinimumCut({ distances: [[0, 1], [1, 0]], groupCount: 3 }));
    expect((tooMany as InvalidArgumentError).argument).toBe('options.groupCount');
    const huge = Array.from({ length: 20 }, (_, i) => Array.from({ length: 20 }, (_, j) => (i === j ? 0 : 1)));
    expect(thrown(() => partitionByMinimumCut({ distances: huge, groupCount: 5 }))).toBeInstanceOf(UnsupportedError);
  });
});
