import { InvalidArgumentError } from '@fewshot/core';
import { createRegion, nasBench201 } from '@fewshot/search-space';
import { describe, expect, it } from 'vitest';
import { applySplitPlan } from './apply-split-plan.js';
import { planFixedEdgeSplit } from './plan-fixed-edge-split.js';
import { thrown } from './testing/fixtures.js';

const whole = createRegion({ space: nasBench201 });

describe('planFixedEdgeSplit', () => {
  it('defaults to the paper: edge 1<-0, one child per op, five children of 3,125', () => {
    const plan = planFixedEdgeSplit({ region: whole });
    expect(plan).toEqual({
      criterion: 'fixed-edge',
      region: whole.toJSON(),
      decision: 0,
      groups: [[0], [1], [2], [3], [4]],
      reason: 'fixed edge 1<-0 split into 5 children: {none} | {skip_connect} | {nor_conv_1x1} | {nor_conv_3x3} | {avg_pool_3x3}',
    });
    const children = applySplitPlan({ region: whole, plan });
    expect(children.map((child) => child.size)).toEqual([3125, 3125, 3125, 3125, 3125]);
    expect(children[3]!.label).toBe('1<-0 in {nor_conv_3x3}');
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });

  it('takes a decision and custom groups (kept in the given order, sorted inside)', () => {
    const plan = planFixedEdgeSplit({ region: whole, decision: 5, groups: [[4, 3], [0], [2, 1]] });
    expect(plan.groups).toEqual([[3, 4], [0], [1, 2]]);
    expect(applySplitPlan({ region: whole, plan }).map((child) => child.label)).toEqual([
      '3<-2 in {nor_conv_3x3, avg_pool_3x3}',
      '3<-2 in {none}',
      '3<-2 in {skip_connect, nor_conv_1x1}',
    ]);
  });

  it('splits only the options a restricted region allows', () => {
    const [child] = whole.split({ decision: 2, groups: [[1, 3, 4], [0, 2]] });
    const plan = planFixedEdgeSplit({ region: child!, decision: 2 });
    expect(plan.groups).toEqual([[1], [3], [4]]);
    expect(applySplitPlan({ region: child!, plan }).map((region) => region.size)).toEqual([3125, 3125, 3125]);
  });

  it('rejects groups that do not partition the options, and bad decisions', () => {
    const missing = thrown(() => planFixedEdgeSplit({ region: whole, groups: [[0, 1], [2, 3]] }));
    expect(missing).toBeInstanceOf(InvalidArgumentError);
    expect((missing as InvalidArgumentError).functionName).toBe('planFixedEdgeSplit');
    expect((missing as InvalidArgumentError).argument).toBe('options.groups');
    expect((missing as Error).message).toMatch(/missing 4 \(avg_pool_3x3\)/);
    const decision = thrown(() => planFixedEdgeSplit({ region: whole, decision: 6 }));
    expect((decision as InvalidArgumentError).argument).toBe('options.decision');
    const region = thrown(() => planFixedEdgeSplit({ region: {} as never }));
    expect((region as InvalidArgumentError).argument).toBe('options.region');
  });

  it('applySplitPlan refuses a plan made for another region', () => {
    const plan = planFixedEdgeSplit({ region: whole });
    const [child] = applySplitPlan({ region: whole, plan });
    const error = thrown(() => applySplitPlan({ region: child!, plan }));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe('options.plan.region');
  });
});
