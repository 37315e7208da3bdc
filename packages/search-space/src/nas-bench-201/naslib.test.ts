import { describe, expect, it } from 'vitest';
import { errorCodes } from '@fewshot/core';
import { thrown } from '../testing/thrown.js';
import { formatNasBench201Architecture } from './architecture-string.js';
import { fromNaslibOpIndices, naslibNasBench201Operations, toNaslibOpIndices } from './naslib.js';
import { nasBench201 } from './space.js';

/** NASLib's convert_op_indices_to_str, rewritten from its documented behaviour for the test. */
function naslibString(indices: readonly number[]): string {
  const edgeList = [[1, 2], [1, 3], [1, 4], [2, 3], [2, 4], [3, 4]] as const;
  const entries = edgeList.map(([from, to], position) => ({ from, to, name: naslibNasBench201Operations[indices[position]!]! }));
  const sorted = [...entries].sort((a, b) => a.to - b.to); // stable, as Python's sorted
  const parts = sorted.map((entry) => `${entry.name}~${entry.from - 1}`);
  return `|${parts[0]}|+|${parts[1]}|${parts[2]}|+|${parts[3]}|${parts[4]}|${parts[5]}|`;
}

describe('toNaslibOpIndices / fromNaslibOpIndices', () => {
  it('uses NASLib op order and edge list', () => {
    expect([...naslibNasBench201Operations]).toEqual(['skip_connect', 'none', 'nor_conv_3x3', 'nor_conv_1x1', 'avg_pool_3x3']);
    expect(toNaslibOpIndices([3, 3, 3, 1, 3, 2])).toEqual([2, 2, 0, 2, 2, 3]);
    expect(toNaslibOpIndices([0, 0, 0, 0, 0, 0])).toEqual([1, 1, 1, 1, 1, 1]);
    // Our edge 2<-1 (position 2) is NASLib edge (2,3) at position 3; our 3<-0 (position 3) is NASLib (1,4) at position 2.
    expect(toNaslibOpIndices([0, 0, 4, 1, 0, 0])).toEqual([1, 1, 0, 4, 1, 1]);
  });

  it('gives the same architecture string as NASLib for all 15,625, and round-trips', () => {
    for (const architecture of nasBench201.enumerate()) {
      const indices = toNaslibOpIndices(architecture);
      expect(naslibString(indices)).toBe(formatNasBench201Architecture(architecture));
      expect(fromNaslibOpIndices(indices)).toEqual(architecture);
    }
  });

  it('rejects bad indices with typed errors', () => {
    expect(thrown(() => fromNaslibOpIndices([0, 0, 0])).message).toBe('fromNaslibOpIndices: expected 6 NASLib op indices, got [0,0,0]');
    const outOfRange = thrown(() => fromNaslibOpIndices([0, 0, 0, 0, 0, 5]));
    expect(outOfRange.code).toBe(errorCodes.outOfRange);
    expect(outOfRange.message).toMatch(/got 5 at position 5/);
    expect(thrown(() => fromNaslibOpIndices([0, 0, 0, 0, 0, 0.5])).code).toBe(errorCodes.invalidArgument);
    expect(thrown(() => toNaslibOpIndices([9, 0, 0, 0, 0, 0])).functionName).toBe('toNaslibOpIndices');
  });
});
