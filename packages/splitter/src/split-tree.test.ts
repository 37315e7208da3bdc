import { createRng, InvalidArgumentError, OutOfRangeError } from '@fewshot/core';
import { createRegion, nasBench201 } from '@fewshot/search-space';
import { describe, expect, it } from 'vitest';
import { assertRegionPartition } from './assert-region-partition.js';
import { planFixedEdgeSplit } from './plan-fixed-edge-split.js';
import { planRandomSplit } from './plan-random-split.js';
import { splitPlanFromJson } from './split-plan-from-json.js';
import { buildSplitTree, createSplitTree, extendSplitTree, splitTreeFromJson, splitTreeLeaves } from './split-tree.js';
import { thrown } from './testing/fixtures.js';

const whole = createRegion({ space: nasBench201 });
const space = nasBench201;

/** Checks the partition exhaustively: every architecture of the space is in exactly one leaf. */
function ownersOfEveryArchitecture(leaves: ReturnType<typeof splitTreeLeaves>): number[] {
  const counts: number[] = [];
  for (const architecture of nasBench201.enumerate()) counts.push(leaves.filter((leaf) => leaf.contains(architecture)).length);
  return counts;
}

describe('split trees (hierarchical splits)', () => {
  it('builds few-shot NAS two-level splits: 25 leaves of 625 that partition the space', () => {
    const tree = buildSplitTree({ region: whole, levels: [{ decision: 0 }, { decision: 1 }] });
    const leaves = splitTreeLeaves({ tree, space });
    expect(leaves).toHaveLength(25);
    expect(leaves.every((leaf) => leaf.size === 625)).toBe(true);
    expect(leaves[7]!.label).toBe('1<-0 in {skip_connect} and 2<-0 in {nor_conv_1x1}');
    assertRegionPartition({ parent: whole, children: leaves });
    expect(new Set(ownersOfEveryArchitecture(leaves))).toEqual(new Set([1]));
  });

  it('applies a level to chosen leaves only, with custom groups', () => {
    const tree = buildSplitTree({ region: whole, levels: [{ decision: 0 }, { decision: 1, groups: [[0], [1, 2, 3, 4]], leaves: [3, 1] }] });
    const leaves = splitTreeLeaves({ tree, space });
    expect(leaves.map((leaf) => leaf.size)).toEqual([3125, 625, 2500, 3125, 625, 2500, 3125]);
    expect(tree.children[3]!.plan?.groups).toEqual([[0], [1, 2, 3, 4]]);
    expect(tree.children[0]!.plan).toBeUndefined();
    assertRegionPartition({ parent: whole, children: leaves });
  });

  it('extends any leaf with any plan (the pipeline grows trees split by split)', () => {
    let tree = createSplitTree({ region: whole });
    tree = extendSplitTree({ tree, space, leaf: 0, plan: planRandomSplit({ region: whole, rng: createRng({ seed: 5 }), decision: 4 }) });
    const [, second] = splitTreeLeaves({ tree, space });
    tree = extendSplitTree({ tree, space, leaf: 1, plan: planRandomSplit({ region: second!, rng: createRng({ seed: 6 }) }) });
    const [first] = splitTreeLeaves({ tree, space });
    tree = extendSplitTree({ tree, space, leaf: 0, plan: planFixedEdgeSplit({ region: first!, decision: 5 }) });
    const leaves = splitTreeLeaves({ tree, space });
    expect(leaves).toHaveLength(5 + 2);
    assertRegionPartition({ parent: whole, children: leaves });
    expect(new Set(ownersOfEveryArchitecture(leaves))).toEqual(new Set([1]));
    // Round trip through JSON.
    const again = splitTreeFromJson({ space, json: JSON.parse(JSON.stringify(tree)) });
    expect(again).toEqual(tree);
    expect(splitTreeLeaves({ tree: again, space }).map((leaf) => leaf.toJSON())).toEqual(leaves.map((leaf) => leaf.toJSON()));
  });

  it('rejects plans for the wrong leaf and leaf indices out of range', () => {
    const tree = buildSplitTree({ region: whole, levels: [{ decision: 0 }] });
    const wrong = thrown(() => extendSplitTree({ tree, space, leaf: 1, plan: planFixedEdgeSplit({ region: whole, decision: 2 }) }));
    expect(wrong).toBeInstanceOf(InvalidArgumentError);
    expect((wrong as InvalidArgumentError).argument).toBe('options.plan.region');
    expect(thrown(() => extendSplitTree({ tree, space, leaf: 5, plan: planFixedEdgeSplit({ region: whole }) }))).toBeInstanceOf(OutOfRangeError);
    const level = thrown(() => buildSplitTree({ region: whole, levels: [{ decision: 0 }, { decision: 0, groups: [[0, 1]] }] }));
    expect((level as InvalidArgumentError).argument).toBe('options.levels[1]');
    expect((level as Error).message).toMatch(/^buildSplitTree: leaf 4: planFixedEdgeSplit: /);
  });

  it('splitTreeFromJson rejects inconsistent trees, naming the node', () => {
    const tree = JSON.parse(JSON.stringify(buildSplitTree({ region: whole, levels: [{ decision: 0 }] })));
    tree.children[2].region.allowed[0] = [3];
    const error = thrown(() => splitTreeFromJson({ space, json: tree }));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe('options.json.children[2].region');
    const dropped = JSON.parse(JSON.stringify(buildSplitTree({ region: whole, levels: [{ decision: 0 }] })));
    dropped.children.pop();
    expect((thrown(() => splitTreeFromJson({ space, json: dropped })) as Error).message).toMatch(/the plan has 5 groups but the node has 4 children/);
    expect((thrown(() => splitTreeFromJson({ space, json: { region: whole.toJSON() } })) as InvalidArgumentError).argument).toBe('options.json');
  });
});

describe('split plans as JSON', () => {
  it('round-trip and validate', () => {
    const plan = planRandomSplit({ region: whole, rng: createRng({ seed: 2 }) });
    expect(splitPlanFromJson({ space, json: JSON.parse(JSON.stringify(plan)) })).toEqual(plan);
    const withScores = {
      ...plan,
      criterion: 'gradient-matching',
      scores: {
        distance: 'cosine',
        batchCount: 2,
        sampling: 'per-step',
        sharedVariables: 'all',
        balanced: true,
        edges: [{ decision: plan.decision, label: 'x', options: [0, 1, 2, 3, 4], distances: Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]), groups: plan.groups, cut: 0, within: 0 }],
      },
    };
    expect(splitPlanFromJson({ space, json: JSON.parse(JSON.stringify(withScores)) })).toEqual(withScores);
  });

  it('names the offending field', () => {
    const plan = JSON.parse(JSON.stringify(planFixedEdgeSplit({ region: whole })));
    const argumentOf = (json: unknown) => (thrown(() => splitPlanFromJson({ space, json })) as InvalidArgumentError).argument;
    expect(argumentOf({ ...plan, criterion: 'magic' })).toBe('options.json.criterion');
    expect(argumentOf({ ...plan, reason: 3 })).toBe('options.json.reason');
    expect(argumentOf({ ...plan, region: { space: 'nas-bench-101', allowed: [] } })).toBe('options.json.region');
    expect(argumentOf({ ...plan, groups: [[0, 1, 2, 3]] })).toBe('options.json.groups');
    expect(argumentOf({ ...plan, decision: 8 })).toBe('options.json.groups');
    expect(argumentOf({ ...plan, scores: { edges: 'no' } })).toBe('options.json.scores');
    expect(argumentOf(null)).toBe('options.json');
  });
});

describe('assertRegionPartition', () => {
  it('accepts a partition and rejects overlaps, gaps and strangers', () => {
    const children = whole.split({ decision: 3, groups: [[0, 1], [2, 3, 4]] });
    expect(() => assertRegionPartition({ parent: whole, children })).not.toThrow();
    const overlap = thrown(() => assertRegionPartition({ parent: whole, children: [...children, createRegion({ space, allowed: [[0], [0], [0], [0], [0], [0]] })] }));
    expect((overlap as Error).message).toMatch(/share 1 architecture/);
    const gap = thrown(() => assertRegionPartition({ parent: whole, children: children.slice(1) }));
    expect((gap as Error).message).toMatch(/hold 9375 architectures but the parent whole space holds 15625/);
    const outside = thrown(() => assertRegionPartition({ parent: children[0]!, children: [children[1]!] }));
    expect((outside as InvalidArgumentError).argument).toBe('options.children[0]');
  });
});
