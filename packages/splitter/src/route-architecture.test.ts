import { InvalidArgumentError, NotFoundError } from '@fewshot/core';
import { createRegion, nasBench201 } from '@fewshot/search-space';
import { describe, expect, it } from 'vitest';
import { routeArchitecture } from './route-architecture.js';
import { buildSplitTree, splitTreeLeaves } from './split-tree.js';
import { thrown } from './testing/fixtures.js';

const whole = createRegion({ space: nasBench201 });

describe('routeArchitecture', () => {
  it('routes every architecture to the one leaf that contains it', () => {
    const leaves = splitTreeLeaves({ tree: buildSplitTree({ region: whole, levels: [{ decision: 0 }, { decision: 5, groups: [[0, 1], [2, 3, 4]] }] }), space: nasBench201 });
    const members = leaves.map((region) => ({ region }));
    const counts = new Array<number>(members.length).fill(0);
    for (const architecture of nasBench201.enumerate()) {
      const index = routeArchitecture({ members, architecture });
      expect(leaves[index]!.contains(architecture)).toBe(true);
      counts[index]! += 1;
    }
    expect(counts).toEqual(leaves.map((leaf) => leaf.size));
    expect(routeArchitecture({ members, architecture: [3, 3, 3, 1, 3, 2] })).toBe(7); // 1<-0 conv3x3 (child 3), 3<-2 conv1x1 (second group)
  });

  it('throws a NotFoundError outside every region and an InvalidArgumentError for overlaps', () => {
    const [a, b] = whole.split({ decision: 0, groups: [[0, 1], [2, 3, 4]] });
    const missing = thrown(() => routeArchitecture({ members: [{ region: a! }], architecture: [4, 0, 0, 0, 0, 0] }));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as Error).message).toMatch(/^routeArchitecture: no member's region contains \[4, 0, 0, 0, 0, 0\]/);
    const overlap = thrown(() => routeArchitecture({ members: [{ region: a! }, { region: b! }, { region: whole }], architecture: [4, 0, 0, 0, 0, 0] }));
    expect(overlap).toBeInstanceOf(InvalidArgumentError);
    expect((overlap as Error).message).toMatch(/members 1 and 2 all contain/);
    expect((thrown(() => routeArchitecture({ members: 'x' as never, architecture: [0, 0, 0, 0, 0, 0] })) as InvalidArgumentError).argument).toBe('options.members');
  });
});
