import { describe, expect, it } from 'vitest';
import { nasBench201Datasets } from './nb201-types.js';
import { resolveNasBench201Split } from './resolve-split.js';

describe('resolveNasBench201Split', () => {
  it('maps valid and test as the official API does', () => {
    expect(resolveNasBench201Split({ dataset: 'cifar10', split: 'valid' })).toEqual({ dataset: 'cifar10-valid', split: 'x-valid' });
    expect(resolveNasBench201Split({ dataset: 'cifar10', split: 'test' })).toEqual({ dataset: 'cifar10', split: 'ori-test' });
    expect(resolveNasBench201Split({ dataset: 'cifar10-valid', split: 'valid' })).toEqual({ dataset: 'cifar10-valid', split: 'x-valid' });
    expect(resolveNasBench201Split({ dataset: 'cifar10-valid', split: 'test' })).toEqual({ dataset: 'cifar10-valid', split: 'ori-test' });
    for (const dataset of ['cifar100', 'ImageNet16-120'] as const) {
      expect(resolveNasBench201Split({ dataset, split: 'valid' })).toEqual({ dataset, split: 'x-valid' });
      expect(resolveNasBench201Split({ dataset, split: 'test' })).toEqual({ dataset, split: 'x-test' });
    }
    for (const dataset of nasBench201Datasets) {
      for (const split of ['train', 'x-valid', 'x-test', 'ori-test'] as const) expect(resolveNasBench201Split({ dataset, split })).toEqual({ dataset, split });
    }
  });

  it('names the bad argument', () => {
    expect(() => resolveNasBench201Split({ dataset: 'imagenet' as never, split: 'test' })).toThrow(/resolveNasBench201Split: unknown dataset "imagenet"/);
    expect(() => resolveNasBench201Split({ dataset: 'cifar10', split: 'val' as never })).toThrow(
      expect.objectContaining({ argument: 'options.split', code: 'invalid-argument' }),
    );
  });
});
