import { describe, expect, it } from 'vitest';
import { errorCodes } from '@fewshot/core';
import { readNasBench201Table, sharedDataExists } from '../testing/shared-data.js';
import { thrown } from '../testing/thrown.js';
import { formatNasBench201Architecture, parseNasBench201Architecture } from './architecture-string.js';
import { nasBench201, nasBench201ArchitectureIndex } from './space.js';

const best = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|';

describe('parseNasBench201Architecture / formatNasBench201Architecture', () => {
  it('reads the official string into edge order 1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2', () => {
    expect(parseNasBench201Architecture(best)).toEqual([3, 3, 3, 1, 3, 2]);
    expect(parseNasBench201Architecture(`  ${best}\n`)).toEqual([3, 3, 3, 1, 3, 2]);
    expect(formatNasBench201Architecture([3, 3, 3, 1, 3, 2])).toBe(best);
    expect(formatNasBench201Architecture([0, 1, 2, 3, 4, 0])).toBe('|none~0|+|skip_connect~0|nor_conv_1x1~1|+|nor_conv_3x3~0|avg_pool_3x3~1|none~2|');
  });

  it('round-trips all 15,625 architectures, each to a different string', () => {
    const seen = new Set<string>();
    for (const architecture of nasBench201.enumerate()) {
      const text = formatNasBench201Architecture(architecture);
      expect(parseNasBench201Architecture(text)).toEqual(architecture);
      seen.add(text);
    }
    expect(seen.size).toBe(15_625);
  });

  it.each([
    ['|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|', /expected 3 nodes separated by "\+", got 2/],
    ['|nor_conv_3x3~0|+|nor_conv_3x3~0|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|', /node 2 must have 2 input edge\(s\), got 1/],
    ['|nor_conv_3x3~0|+|conv~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|', /unknown operation "conv" on edge 2<-0/],
    ['|nor_conv_3x3~0|+|nor_conv_3x3~1|nor_conv_3x3~0|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|', /expected input node 0 for edge 2<-0/],
    ['nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|', /node 1 must look like/],
    ['|nor_conv_3x3|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|', /expected "op~0" for edge 1<-0/],
    ['', /expected 3 nodes/],
  ])('throws a ParseError naming the function and the text for %j', (text, message) => {
    const error = thrown(() => parseNasBench201Architecture(text));
    expect(error.code).toBe(errorCodes.parse);
    expect(error.functionName).toBe('parseNasBench201Architecture');
    expect(error.argument).toBe('text');
    expect(error.message).toMatch(message);
    expect(error.message).toContain(JSON.stringify(text).slice(0, 40));
  });

  it('rejects a non-string with an InvalidArgumentError', () => {
    const error = thrown(() => parseNasBench201Architecture(42 as unknown as string));
    expect(error.code).toBe(errorCodes.invalidArgument);
    expect(error.message).toBe('parseNasBench201Architecture: expected a string, got 42');
  });

  it('rejects vectors that are not six op indices in 0..4', () => {
    expect(thrown(() => formatNasBench201Architecture([3, 3, 3, 1, 3])).message).toBe(
      'formatNasBench201Architecture: expected 6 option indices (one per decision), got 5 in [3,3,3,1,3]',
    );
    const outOfRange = thrown(() => formatNasBench201Architecture([3, 3, 3, 1, 3, 5]));
    expect(outOfRange.code).toBe(errorCodes.outOfRange);
    expect(outOfRange.message).toBe('formatNasBench201Architecture: decision 5 (3<-2) has options 0..4, got 5 in [3,3,3,1,3,5]');
    expect(thrown(() => formatNasBench201Architecture([3, 3, 3, 1, 3, 1.5])).code).toBe(errorCodes.invalidArgument);
  });
});

const hasTable = sharedDataExists('nb201/nb201.csv');
if (!hasTable) console.warn('skipping NAS-Bench-201 table tests: ../shared/data/nb201/nb201.csv is absent');

describe.skipIf(!hasTable)('against the real NAS-Bench-201 table (../shared/data/nb201/nb201.csv)', () => {
  it('parses all 15,625 official strings, which cover the space exactly once, in a different order than ours', () => {
    const rows = readNasBench201Table();
    expect(rows.length).toBe(15_625);
    const indices = new Set<number>();
    let samePosition = 0;
    for (const row of rows) {
      const architecture = parseNasBench201Architecture(row.arch_str!);
      expect(formatNasBench201Architecture(architecture)).toBe(row.arch_str);
      const ours = nasBench201ArchitectureIndex(architecture);
      indices.add(ours);
      if (ours === Number(row.index)) samePosition += 1;
    }
    expect(indices.size).toBe(15_625);
    // The official index 0 is |avg_pool_3x3~0|+..., which is not our index 0 (all none).
    expect(nasBench201ArchitectureIndex(parseNasBench201Architecture(rows[0]!.arch_str!))).not.toBe(0);
    expect(samePosition).toBeLessThan(100);
    // Index 6111 is the best CIFAR-10 architecture.
    expect(rows[6111]!.arch_str).toBe(best);
  });
});
