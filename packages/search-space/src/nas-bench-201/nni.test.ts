import { describe, expect, it } from 'vitest';
import { thrown } from '../testing/thrown.js';
import { parseNasBench201Architecture } from './architecture-string.js';
import { fromNniChoices, nniNasBench201Operations, toNniChoices, type NniNasBench201Choices } from './nni.js';
import { nasBench201 } from './space.js';

describe('toNniChoices / fromNniChoices', () => {
  it('keys edges from_to and uses NNI operation names', () => {
    const architecture = parseNasBench201Architecture('|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|none~1|nor_conv_3x3~2|');
    expect(toNniChoices(architecture)).toEqual({
      '0_1': 'avg_pool_3x3',
      '0_2': 'conv_1x1',
      '1_2': 'skip_connect',
      '0_3': 'conv_1x1',
      '1_3': 'none',
      '2_3': 'conv_3x3',
    });
    expect([...nniNasBench201Operations]).toEqual(['none', 'skip_connect', 'conv_1x1', 'conv_3x3', 'avg_pool_3x3']);
  });

  it('round-trips all 15,625', () => {
    for (const architecture of nasBench201.enumerate()) expect(fromNniChoices(toNniChoices(architecture))).toEqual(architecture);
  });

  it('rejects missing keys, unknown keys and unknown operations, naming the key', () => {
    const good = toNniChoices([3, 3, 3, 1, 3, 2]);
    const { '2_3': _, ...missing } = good;
    expect(thrown(() => fromNniChoices(missing as NniNasBench201Choices)).argument).toBe('record.2_3');
    expect(thrown(() => fromNniChoices({ ...good, cell__0_1: 'none' } as NniNasBench201Choices)).message).toMatch(/unknown key\(s\) "cell__0_1"/);
    const wrongName = thrown(() => fromNniChoices({ ...good, '1_3': 'nor_conv_3x3' } as unknown as NniNasBench201Choices));
    expect(wrongName.message).toBe(
      'fromNniChoices: unknown operation "nor_conv_3x3" on edge 1_3; expected one of none, skip_connect, conv_1x1, conv_3x3, avg_pool_3x3',
    );
    expect(thrown(() => fromNniChoices(null as unknown as NniNasBench201Choices)).argument).toBe('record');
  });
});
