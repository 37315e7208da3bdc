import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng, errorCodes, type Region, type SearchSpace } from '@fewshot/core';
import { createNasBench1Shot1Space } from '../nas-bench-1shot1/space.js';
import { nasBench201, nasBench201ArchitectureIndex } from '../nas-bench-201/space.js';
import { chiSquareCritical, chiSquareUniform } from '../testing/chi-square.js';
import { thrown } from '../testing/thrown.js';
import { createRegion, regionFromJson } from './region.js';

const all = [0, 1, 2, 3, 4];

/** A random non-empty subset of the options of every decision of `space`. */
function allowedArbitrary(space: SearchSpace): fc.Arbitrary<number[][]> {
  return fc.tuple(
    ...space.decisions.map((decision) =>
      fc.subarray(decision.options.map((_, option) => option), { minLength: 1 }),
    ),
  ) as fc.Arbitrary<number[][]>;
}

/** A region, a decision and a random partition of the options the region allows there. */
function splitCaseArbitrary(space: SearchSpace) {
  return allowedArbitrary(space).chain((allowed) =>
    fc.record({
      allowed: fc.constant(allowed),
      decision: fc.integer({ min: 0, max: space.decisions.length - 1 }),
      labels: fc.array(fc.nat(), { minLength: 10, maxLength: 10 }),
    }),
  );
}

function partition(options: readonly number[], labels: readonly number[]): number[][] {
  const groups = new Map<number, number[]>();
  options.forEach((option, i) => {
    const group = (labels[i] ?? 0) % Math.max(1, Math.min(options.length, 4));
    groups.set(group, [...(groups.get(group) ?? []), option]);
  });
  return [...groups.values()];
}

describe('createRegion', () => {
  it('defaults to the whole space, enumerated in the space order', () => {
    const whole = createRegion({ space: nasBench201 });
    expect(whole.size).toBe(15_625);
    expect(whole.label).toBe('whole space');
    expect(whole.allowed.every((mask) => mask.length === 5 && mask.every(Boolean))).toBe(true);
    expect([...whole.enumerate()]).toEqual([...nasBench201.enumerate()]);
    expect(whole.toJSON()).toEqual({ space: 'nas-bench-201', allowed: Array.from({ length: 6 }, () => all) });
  });

  it('restricts decisions, with a readable label', () => {
    const region = createRegion({ space: nasBench201, allowed: [[3], all, all, all, [4, 1], all] });
    expect(region.size).toBe(1 * 5 * 5 * 5 * 2 * 5);
    expect(region.label).toBe('1<-0 in {nor_conv_3x3} and 3<-1 in {skip_connect, avg_pool_3x3}');
    expect(region.allowed[4]).toEqual([false, true, false, false, true]);
    expect(region.contains([3, 0, 0, 0, 1, 0])).toBe(true);
    expect(region.contains([2, 0, 0, 0, 1, 0])).toBe(false);
    expect(region.contains([3, 0, 0, 0, 2, 0])).toBe(false);
    expect(region.contains([3, 0, 0])).toBe(false);
    const members = [...region.enumerate()];
    expect(members.length).toBe(region.size);
    expect(members.every((architecture) => region.contains(architecture))).toBe(true);
    const indices = members.map(nasBench201ArchitectureIndex);
    expect(indices).toEqual([...indices].sort((a, b) => a - b));
  });

  it('splits like the core contract example', () => {
    const children = createRegion({ space: nasBench201 }).split({ decision: 0, groups: [[0], [1], [2], [3], [4]] });
    expect(children.map((child) => child.size)).toEqual([3125, 3125, 3125, 3125, 3125]);
    expect(children.map((child) => child.label)).toEqual([
      '1<-0 in {none}',
      '1<-0 in {skip_connect}',
      '1<-0 in {nor_conv_1x1}',
      '1<-0 in {nor_conv_3x3}',
      '1<-0 in {avg_pool_3x3}',
    ]);
  });

  it('samples uniformly inside the region (chi-square, fixed seed)', () => {
    const region = createRegion({ space: nasBench201, allowed: [[3], [0, 1, 2], all, all, [1, 4], all] });
    expect(region.size).toBe(750);
    const position = new Map([...region.enumerate()].map((architecture, index) => [architecture.join(), index] as const));
    const counts = new Array<number>(750).fill(0);
    const rng = createRng({ seed: 42 });
    for (let i = 0; i < 75_000; i += 1) {
      const architecture = region.sample(rng);
      const index = position.get(architecture.join());
      expect(index).toBeDefined();
      counts[index!]! += 1;
    }
    const statistic = chiSquareUniform(counts);
    expect(statistic).toBeLessThan(chiSquareCritical(749));
    expect(statistic).toBeGreaterThan(600); // not suspiciously flat either (749 +/- 39 expected)
  });

  it('throws on sampling an empty region', () => {
    const empty = createRegion({ space: nasBench201, allowed: [[], all, all, all, all, all] });
    expect(empty.size).toBe(0);
    expect([...empty.enumerate()]).toEqual([]);
    const error = thrown(() => empty.sample(createRng({ seed: 1 })));
    expect(error.code).toBe(errorCodes.invalidState);
    expect(error.message).toBe('Region.sample: the region 1<-0 in {} of nas-bench-201 is empty');
  });

  it('rejects malformed allowed lists with typed errors', () => {
    expect(thrown(() => createRegion({ space: nasBench201, allowed: [[0]] })).message).toMatch(/^createRegion: expected one list of option indices per decision \(6\)/);
    const outOfRange = thrown(() => createRegion({ space: nasBench201, allowed: [[5], all, all, all, all, all] }));
    expect(outOfRange.code).toBe(errorCodes.outOfRange);
    expect(outOfRange.argument).toBe('options.allowed[0]');
    expect(thrown(() => createRegion({ space: nasBench201, allowed: [[1, 1], all, all, all, all, all] })).message).toMatch(/listed twice/);
    expect(thrown(() => createRegion({ space: {} as SearchSpace })).argument).toBe('options.space');
  });

  describe('split', () => {
    const region = createRegion({ space: nasBench201, allowed: [[1, 2, 3], all, all, all, all, all] });

    it('requires groups that partition exactly the allowed options', () => {
      const cases: [unknown, RegExp][] = [
        [{ decision: 6, groups: [[0]] }, /expected 0\.\.5, got 6/],
        [{ decision: 0, groups: [] }, /non-empty list of option groups/],
        [{ decision: 0, groups: [[1], []] }, /non-empty list of option indices/],
        [{ decision: 0, groups: [[1, 2]] }, /missing 3 \(nor_conv_3x3\)/],
        [{ decision: 0, groups: [[1, 2], [2, 3]] }, /option 2 \(nor_conv_1x1\) of 1<-0 is in more than one group/],
        [{ decision: 0, groups: [[0, 1], [2, 3]] }, /option 0 \(none\) of 1<-0 is not allowed in the region 1<-0 in \{skip_connect, nor_conv_1x1, nor_conv_3x3\}/],
        [{ decision: 0, groups: [[1, 9], [2, 3]] }, /has options 0\.\.4, got 9/],
        [{ decision: 'first', groups: [[1]] }, /expected a decision index/],
      ];
      for (const [options, message] of cases) {
        const error = thrown(() => region.split(options as never));
        expect(error.functionName).toBe('Region.split');
        expect(error.message).toMatch(message);
      }
    });

    it('produces disjoint children whose union is the parent (property, NAS-Bench-201)', () => {
      checkPartitions(nasBench201, 150);
    });

    it('produces disjoint children whose union is the parent (property, NAS-Bench-1Shot1 space 1)', () => {
      checkPartitions(createNasBench1Shot1Space({ searchSpace: 1 }), 60);
    });
  });

  function checkPartitions(space: SearchSpace, numRuns: number): void {
    fc.assert(
      fc.property(splitCaseArbitrary(space), ({ allowed, decision, labels }) => {
        const parent = createRegion({ space, allowed });
        const groups = partition(parent.toJSON().allowed[decision]!, labels);
        const children = parent.split({ decision, groups });
        expect(children.length).toBe(groups.length);
        expect(children.reduce((sum, child) => sum + child.size, 0)).toBe(parent.size);
        for (let i = 0; i < children.length; i += 1) {
          for (let j = i + 1; j < children.length; j += 1) expect(children[i]!.intersect(children[j]!).size).toBe(0);
          expect(children[i]!.intersect(parent).size).toBe(children[i]!.size);
        }
        // Every member of the parent lies in exactly one child.
        for (const architecture of parent.enumerate()) {
          const owners = children.filter((child) => child.contains(architecture)).length;
          if (owners !== 1) throw new Error(`${architecture.join()} lies in ${owners} children`);
        }
      }),
      { numRuns, seed: 2021 },
    );
  }

  it('intersects regions of the same space only', () => {
    const a = createRegion({ space: nasBench201, allowed: [[0, 1, 2], all, all, all, all, [3]] });
    const b = createRegion({ space: nasBench201, allowed: [[2, 3], all, all, [0], all, all] });
    const both = a.intersect(b);
    expect(both.label).toBe('1<-0 in {nor_conv_1x1} and 3<-0 in {none} and 3<-2 in {nor_conv_3x3}');
    expect(both.size).toBe(125);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 6, maxLength: 6 }), (architecture) => {
        expect(both.contains(architecture)).toBe(a.contains(architecture) && b.contains(architecture));
      }),
      { numRuns: 300, seed: 9 },
    );
    const other = createRegion({ space: createNasBench1Shot1Space({ searchSpace: 1 }) });
    expect(thrown(() => a.intersect(other)).message).toBe('Region.intersect: the regions belong to different spaces (nas-bench-201 and nas-bench-1shot1/1)');
  });
});

describe('regionFromJson', () => {
  it('round-trips through JSON text (property)', () => {
    fc.assert(
      fc.property(allowedArbitrary(nasBench201), (allowed) => {
        const region = createRegion({ space: nasBench201, allowed });
        const again: Region = regionFromJson({ space: nasBench201, json: JSON.parse(JSON.stringify(region)) });
        expect(again.toJSON()).toEqual(region.toJSON());
        expect(again.label).toBe(region.label);
        expect(again.size).toBe(region.size);
      }),
      { numRuns: 100, seed: 5 },
    );
  });

  it('refuses JSON of another space or with bad lists', () => {
    expect(thrown(() => regionFromJson({ space: nasBench201, json: { space: 'nas-bench-1shot1/1', allowed: [] } })).message).toBe(
      'regionFromJson: the region belongs to "nas-bench-1shot1/1", not to "nas-bench-201"',
    );
    const bad = thrown(() => regionFromJson({ space: nasBench201, json: { space: 'nas-bench-201', allowed: [[0], [0], [0], [0], [0], [7]] } }));
    expect(bad.functionName).toBe('regionFromJson');
    expect(bad.argument).toBe('options.json.allowed[5]');
    expect(thrown(() => regionFromJson({ space: nasBench201, json: null as never })).argument).toBe('options.json');
  });
});
