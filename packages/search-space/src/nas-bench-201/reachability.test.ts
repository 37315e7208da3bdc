import { describe, expect, it } from 'vitest';
import { readNasBench201Table, sharedDataExists } from '../testing/shared-data.js';
import { parseNasBench201Architecture as parse } from './architecture-string.js';
import { isNasBench201OutputReachable } from './reachability.js';
import { nasBench201 } from './space.js';

describe('isNasBench201OutputReachable', () => {
  it('follows non-none paths from node 0 to node 3', () => {
    expect(isNasBench201OutputReachable(parse('|none~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|'))).toBe(true);
    expect(isNasBench201OutputReachable(parse('|nor_conv_3x3~0|+|none~0|avg_pool_3x3~1|+|none~0|none~1|nor_conv_1x1~2|'))).toBe(true);
    expect(isNasBench201OutputReachable(parse('|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|nor_conv_1x1~2|'))).toBe(false);
    expect(isNasBench201OutputReachable(parse('|none~0|+|none~0|nor_conv_3x3~1|+|none~0|skip_connect~1|skip_connect~2|'))).toBe(false);
  });

  it('finds exactly 341 cut-off cells among the 15,625', () => {
    let cutOff = 0;
    for (const architecture of nasBench201.enumerate()) if (!isNasBench201OutputReachable(architecture)) cutOff += 1;
    expect(cutOff).toBe(341);
  });

  it('rejects non-architectures', () => {
    expect(() => isNasBench201OutputReachable([1, 2])).toThrow(/^isNasBench201OutputReachable: expected 6 option indices/);
  });
});

const hasTable = sharedDataExists('nb201/nb201.csv');
if (!hasTable) console.warn('skipping the reachability check against real data: ../shared/data/nb201/nb201.csv is absent');

describe.skipIf(!hasTable)('against the real NAS-Bench-201 table (../shared/data/nb201/nb201.csv)', () => {
  it('the cut-off cells are exactly the ones that score 10.0 on CIFAR-10', () => {
    let agree = 0;
    for (const row of readNasBench201Table()) {
      const chance = Number(row.c10_test_200_nats) === 10;
      expect(isNasBench201OutputReachable(parse(row.arch_str!))).toBe(!chance);
      agree += 1;
    }
    expect(agree).toBe(15_625);
  });
});
