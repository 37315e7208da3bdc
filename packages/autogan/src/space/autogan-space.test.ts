import { createRng, type Architecture } from '@fewshot/core';
import { createRegion, regionFromJson } from '@fewshot/search-space';
import { describe, expect, it } from 'vitest';
import { thrown } from '../testing/tensors.js';
import {
  autoGanCifar10Architecture,
  autoGanSpace,
  describeAutoGanArchitecture,
  formatAutoGanArchitecture,
  parseAutoGanArchitecture,
  validateAutoGanArchitecture,
} from './autogan-space.js';

describe('autoGanSpace', () => {
  it('has the 14 decisions of the original encoding and 373,248 architectures', () => {
    expect(autoGanSpace.decisions.map((decision) => decision.options.length)).toEqual([2, 3, 3, 2, 2, 3, 3, 2, 2, 2, 3, 3, 2, 4]);
    expect(autoGanSpace.size).toBe(373_248);
    expect(autoGanSpace.decisions[2]?.label).toBe('cell1.upsampling');
    let count = 0;
    let last: Architecture = [];
    for (const architecture of autoGanSpace.enumerate()) {
      count += 1;
      last = architecture;
    }
    expect(count).toBe(373_248);
    expect(last).toEqual([1, 2, 2, 1, 1, 2, 2, 1, 1, 1, 2, 2, 1, 3]);
  });

  it('round-trips every sampled architecture through encode/decode and format/parse', () => {
    const rng = createRng({ seed: 3 });
    for (let i = 0; i < 500; i += 1) {
      const architecture = autoGanSpace.sample(rng);
      expect(autoGanSpace.contains(architecture)).toBe(true);
      expect(autoGanSpace.decode(autoGanSpace.encode(architecture))).toEqual(architecture);
      expect(parseAutoGanArchitecture({ text: formatAutoGanArchitecture({ architecture }) })).toEqual(architecture);
      expect(parseAutoGanArchitecture({ text: JSON.stringify(architecture) })).toEqual(architecture);
    }
    expect(formatAutoGanArchitecture({ architecture: autoGanCifar10Architecture })).toBe('1 0 1 1 1 0 0 1 1 1 0 1 0 3');
    expect(parseAutoGanArchitecture({ text: '1 0 1 1  1 0 0 1 1  1 0 1 0 3' })).toEqual(autoGanCifar10Architecture);
  });

  it('decodes the skip bitmasks with the least significant bit from the most recent cell', () => {
    const [cell1, cell2, cell3] = describeAutoGanArchitecture({ architecture: autoGanCifar10Architecture });
    expect(cell1).toEqual({ index: 1, convolution: 'pre', normalization: 'none', upsampling: 'nearest', shortcut: true, skipsFrom: [] });
    expect(cell2).toEqual({ index: 2, convolution: 'pre', normalization: 'none', upsampling: 'bilinear', shortcut: true, skipsFrom: [1] });
    expect(cell3?.skipsFrom).toEqual([1, 2]);
    const skips = (value: number) => describeAutoGanArchitecture({ architecture: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, value] })[2]?.skipsFrom;
    expect([0, 1, 2, 3].map(skips)).toEqual([[], [2], [1], [1, 2]]);
    expect(formatAutoGanArchitecture({ architecture: autoGanCifar10Architecture, style: 'readable' })).toBe(
      'cell1: pre, no norm, nearest, shortcut | cell2: pre, no norm, bilinear, shortcut, skip from cell1 | cell3: pre, no norm, nearest, no shortcut, skip from cell1+cell2',
    );
  });

  it('rejects bad input with typed errors naming the function, argument and decision', () => {
    const short = thrown(() => parseAutoGanArchitecture({ text: '1 0 1' }));
    expect(short.code).toBe('parse-error');
    expect(short.message).toBe('parseAutoGanArchitecture: expected 14 integers (4 for cell 1, 5 for cell 2, 5 for cell 3), got 3 in "1 0 1"');
    expect(short.argument).toBe('options.text');
    expect(thrown(() => parseAutoGanArchitecture({ text: '1 0 1 1 1 0 0 1 x 1 0 1 0 3' })).message).toContain('decision 8 (cell2.skip), got "x"');
    const range = thrown(() => validateAutoGanArchitecture({ architecture: [1, 0, 1, 1, 1, 0, 0, 1, 2, 1, 0, 1, 0, 3] }));
    expect(range.code).toBe('out-of-range');
    expect(range.message).toContain('decision 8 (cell2.skip) has options 0..1 (none, cell1), got 2');
    expect(thrown(() => validateAutoGanArchitecture({ architecture: [1, 0] })).code).toBe('invalid-argument');
    expect(thrown(() => autoGanSpace.encode([1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 1, 0, 4])).code).toBe('out-of-range');
    expect(thrown(() => autoGanSpace.decode('1 0 1 1 1 0 0 1 1 1 0 1 0 -3')).code).toBe('parse-error');
    expect(autoGanSpace.contains([1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 1, 0, 4])).toBe(false);
  });

  it('mutates one decision and lists 22 neighbours', () => {
    const rng = createRng({ seed: 9 });
    const neighbours = autoGanSpace.neighbours(autoGanCifar10Architecture);
    expect(neighbours).toHaveLength(22);
    for (let i = 0; i < 200; i += 1) {
      const child = autoGanSpace.mutate({ architecture: autoGanCifar10Architecture, rng });
      expect(child.filter((option, d) => option !== autoGanCifar10Architecture[d])).toHaveLength(1);
      expect(neighbours).toContainEqual(child);
    }
  });

  it('works with regions and splits of @fewshot/search-space', () => {
    const whole = createRegion({ space: autoGanSpace });
    const children = whole.split({ decision: 2, groups: [[0], [1], [2]] });
    expect(children.map((child) => child.size)).toEqual([124_416, 124_416, 124_416]);
    expect(children[2]?.label).toBe('cell1.upsampling in {deconvolution}');
    expect(children[1]?.contains(autoGanCifar10Architecture)).toBe(true);
    const sample = children[0]?.sample(createRng({ seed: 1 }));
    expect(sample?.[2]).toBe(0);
    const again = regionFromJson({ space: autoGanSpace, json: JSON.parse(JSON.stringify(children[2])) });
    expect(again.label).toBe('cell1.upsampling in {deconvolution}');
  });
});
