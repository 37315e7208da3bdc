import { createRng, InvalidArgumentError, StateError } from '@fewshot/core';
import { createRegion, nasBench201 } from '@fewshot/search-space';
import { describe, expect, it } from 'vitest';
import { applySplitPlan } from './apply-split-plan.js';
import { planRandomSplit } from './plan-random-split.js';
import { thrown } from './testing/fixtures.js';

const whole = createRegion({ space: nasBench201 });

describe('planRandomSplit', () => {
  it('is deterministic under the seed and gives balanced groups (3 + 2 for 5 ops)', () => {
    const first = planRandomSplit({ region: whole, rng: createRng({ seed: 11 }) });
    const again = planRandomSplit({ region: whole, rng: createRng({ seed: 11 }) });
    expect(again).toEqual(first);
    expect(first.criterion).toBe('random');
    expect(first.groups.map((group) => group.length).sort()).toEqual([2, 3]);
    expect(first.groups.flat().sort()).toEqual([0, 1, 2, 3, 4]);
    expect(first.groups[0]![0]).toBe(0); // the group holding op 0 comes first
    const sizes = applySplitPlan({ region: whole, plan: first }).map((child) => child.size);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(15625);
  });

  it('draws every unsplit edge and many groupings over seeds', () => {
    const decisions = new Set<number>();
    const groupings = new Set<string>();
    for (let seed = 0; seed < 200; seed += 1) {
      const plan = planRandomSplit({ region: whole, rng: createRng({ seed }) });
      decisions.add(plan.decision);
      groupings.add(JSON.stringify(plan.groups));
    }
    expect([...decisions].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    // C(5, 2) = 10 balanced 2 + 3 partitions exist; 200 draws see them all.
    expect(groupings.size).toBe(10);
  });

  it('skips edges that were already split (the release rule) unless asked otherwise', () => {
    let region = whole;
    for (const decision of [0, 1, 2, 3, 4]) region = region.split({ decision, groups: [[0, 1, 2], [3, 4]] })[0]!;
    for (let seed = 0; seed < 20; seed += 1) expect(planRandomSplit({ region, rng: createRng({ seed }) }).decision).toBe(5);
    const splittable = new Set(Array.from({ length: 40 }, (_, seed) => planRandomSplit({ region, rng: createRng({ seed }), candidateDecisions: 'splittable' }).decision));
    expect([...splittable].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    const last = region.split({ decision: 5, groups: [[0, 1], [2, 3, 4]] })[0]!;
    const error = thrown(() => planRandomSplit({ region: last, rng: createRng({ seed: 1 }) }));
    expect(error).toBeInstanceOf(StateError);
    expect((error as Error).message).toMatch(/^planRandomSplit: no decision of the region .* can be split into 2 groups/);
  });

  it('with groupCount = option count it is the exhaustive split, and takes a fixed decision', () => {
    const plan = planRandomSplit({ region: whole, rng: createRng({ seed: 3 }), groupCount: 5, decision: 2 });
    expect(plan.decision).toBe(2);
    expect(plan.groups).toEqual([[0], [1], [2], [3], [4]]);
    const three = planRandomSplit({ region: whole, rng: createRng({ seed: 3 }), groupCount: 3 });
    expect(three.groups.map((group) => group.length).sort()).toEqual([1, 2, 2]);
  });

  it('rejects bad options with typed errors', () => {
    expect((thrown(() => planRandomSplit({ region: whole, rng: {} as never })) as InvalidArgumentError).argument).toBe('options.rng');
    expect((thrown(() => planRandomSplit({ region: whole, rng: createRng({ seed: 1 }), groupCount: 1 })) as InvalidArgumentError).argument).toBe(
      'options.groupCount',
    );
    const tooMany = thrown(() => planRandomSplit({ region: whole, rng: createRng({ seed: 1 }), groupCount: 6 }));
    expect(tooMany).toBeInstanceOf(StateError);
    const decision = thrown(() => planRandomSplit({ region: whole, rng: createRng({ seed: 1 }), decision: 9 }));
    expect((decision as InvalidArgumentError).argument).toBe('options.decision');
  });
});
