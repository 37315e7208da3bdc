import { describe, expect, it } from 'vitest';
import { createRng, errorCodes } from '@fewshot/core';
import { chiSquareCritical, chiSquareUniform } from '../testing/chi-square.js';
import { thrown } from '../testing/thrown.js';
import { nasBench201Edges, nasBench201Operations } from './operations.js';
import { nasBench201, nasBench201ArchitectureAt, nasBench201ArchitectureIndex } from './space.js';

describe('nasBench201', () => {
  it('has the six edges with the five operations, in the documented order', () => {
    expect(nasBench201.id).toBe('nas-bench-201');
    expect(nasBench201.size).toBe(15_625);
    expect(nasBench201.decisions.map((decision) => decision.label)).toEqual(['1<-0', '2<-0', '2<-1', '3<-0', '3<-1', '3<-2']);
    for (const decision of nasBench201.decisions) {
      expect(decision.options).toEqual(['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3']);
    }
    expect([...nasBench201Operations]).toEqual(['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3']);
    expect(nasBench201Edges.map(({ from, to }) => [from, to])).toEqual([[0, 1], [0, 2], [1, 2], [0, 3], [1, 3], [2, 3]]);
  });

  it('enumerates all 15,625 as a base-5 counter with edge 1<-0 most significant', () => {
    const all = [...nasBench201.enumerate()];
    expect(all.length).toBe(15_625);
    expect(all[0]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(all[1]).toEqual([0, 0, 0, 0, 0, 1]);
    expect(all[5]).toEqual([0, 0, 0, 0, 1, 0]);
    expect(all[3125]).toEqual([1, 0, 0, 0, 0, 0]);
    expect(all[15_624]).toEqual([4, 4, 4, 4, 4, 4]);
    all.forEach((architecture, index) => {
      expect(nasBench201ArchitectureIndex(architecture)).toBe(index);
      expect(nasBench201ArchitectureAt(index)).toEqual(architecture);
    });
    expect(nasBench201ArchitectureIndex([3, 3, 3, 1, 3, 2])).toBe(3 * 3125 + 3 * 625 + 3 * 125 + 25 + 3 * 5 + 2);
  });

  it('rejects indices outside 0..15624 and non-architectures with typed errors', () => {
    const tooLarge = thrown(() => nasBench201ArchitectureAt(15_625));
    expect(tooLarge.code).toBe(errorCodes.outOfRange);
    expect(tooLarge.message).toBe('nasBench201ArchitectureAt: expected 0..15624, got 15625');
    expect(thrown(() => nasBench201ArchitectureAt(-1)).code).toBe(errorCodes.outOfRange);
    expect(thrown(() => nasBench201ArchitectureAt(2.5)).code).toBe(errorCodes.invalidArgument);
    expect(thrown(() => nasBench201ArchitectureIndex([0, 0, 0, 0, 0, 0, 0])).message).toMatch(/^nasBench201ArchitectureIndex: expected 6 option indices/);
    expect(thrown(() => nasBench201.encode([0, 0, 0, 0, 0, -1])).message).toMatch(/^nasBench201\.encode: decision 5 \(3<-2\) has options 0..4, got -1/);
  });

  it('knows its members', () => {
    expect(nasBench201.contains([0, 1, 2, 3, 4, 0])).toBe(true);
    expect(nasBench201.contains([0, 1, 2, 3, 4])).toBe(false);
    expect(nasBench201.contains([0, 1, 2, 3, 4, 5])).toBe(false);
    expect(nasBench201.contains([0, 1, 2, 3, 4, 0.5])).toBe(false);
    expect(nasBench201.contains('nope' as unknown as number[])).toBe(false);
  });

  it('encodes and decodes the official string', () => {
    const text = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|';
    expect(nasBench201.decode(text)).toEqual([3, 3, 3, 1, 3, 2]);
    expect(nasBench201.encode([3, 3, 3, 1, 3, 2])).toBe(text);
    expect(thrown(() => nasBench201.decode('|x~0|')).code).toBe(errorCodes.parse);
  });

  it('samples uniformly and reproducibly', () => {
    const draws = 62_500;
    const rng = createRng({ seed: 2021 });
    const counts = new Array<number>(15_625).fill(0);
    const perEdge = Array.from({ length: 6 }, () => new Array<number>(5).fill(0));
    for (let i = 0; i < draws; i += 1) {
      const architecture = nasBench201.sample(rng);
      counts[nasBench201ArchitectureIndex(architecture)]! += 1;
      architecture.forEach((option, edge) => (perEdge[edge]![option]! += 1));
    }
    expect(chiSquareUniform(counts)).toBeLessThan(chiSquareCritical(15_624));
    for (const edgeCounts of perEdge) expect(chiSquareUniform(edgeCounts)).toBeLessThan(chiSquareCritical(4));
    const again = createRng({ seed: 2021 });
    const first = createRng({ seed: 2021 });
    expect(Array.from({ length: 5 }, () => nasBench201.sample(again))).toEqual(Array.from({ length: 5 }, () => nasBench201.sample(first)));
  });

  it('lists the 24 neighbours, each one edge away', () => {
    const architecture = [3, 3, 3, 1, 3, 2];
    const neighbours = nasBench201.neighbours(architecture);
    expect(neighbours.length).toBe(24);
    expect(new Set(neighbours.map((neighbour) => neighbour.join(''))).size).toBe(24);
    for (const neighbour of neighbours) {
      expect(neighbour.filter((option, edge) => option !== architecture[edge]).length).toBe(1);
    }
  });

  it('mutates exactly one edge, all 24 neighbours equally likely', () => {
    const architecture = [0, 4, 2, 1, 3, 0];
    const neighbours = nasBench201.neighbours(architecture).map((neighbour) => neighbour.join(','));
    const counts = new Map(neighbours.map((key) => [key, 0]));
    const rng = createRng({ seed: 7 });
    for (let i = 0; i < 24_000; i += 1) {
      const child = nasBench201.mutate({ architecture, rng });
      expect(child.filter((option, edge) => option !== architecture[edge]).length).toBe(1);
      counts.set(child.join(','), (counts.get(child.join(',')) ?? Number.NaN) + 1);
    }
    expect(architecture).toEqual([0, 4, 2, 1, 3, 0]);
    expect([...counts.values()].every(Number.isFinite)).toBe(true);
    expect(chiSquareUniform([...counts.values()])).toBeLessThan(chiSquareCritical(23));
  });

  it('rejects bad mutate input, naming the function and argument', () => {
    const rng = createRng({ seed: 1 });
    const error = thrown(() => nasBench201.mutate({ architecture: [0, 0, 0], rng }));
    expect(error.functionName).toBe('nasBench201.mutate');
    expect(error.argument).toBe('options.architecture');
    expect(thrown(() => nasBench201.mutate({ architecture: [0, 0, 0, 0, 0, 0], rng: {} as never })).argument).toBe('options.rng');
  });
});
