import { createRng, OutOfRangeError } from '@fewshot/core';
import { describe, expect, it } from 'vitest';
import { patternDataset } from '../testing/fixtures.js';
import { countExamplesPerClass } from './count-examples-per-class.js';
import { selectExamples } from './select-examples.js';
import { selectPerClass } from './select-per-class.js';

const dataset = patternDataset({ count: 60, height: 3, width: 3, classes: 3, labelOf: (index) => (index * 7) % 3 });

describe('selectPerClass', () => {
  it('keeps the first k of each class in data set order without an rng', () => {
    const subset = selectPerClass({ dataset, perClass: 2 });
    // Labels (7i mod 3): i=0 -> 0, 1 -> 1, 2 -> 2, 3 -> 0, 4 -> 1, 5 -> 2.
    expect(Array.from(subset.labels)).toEqual([0, 1, 2, 0, 1, 2]);
    expect(Array.from(subset.images)).toEqual(Array.from(dataset.images.subarray(0, 6 * 9)));
  });

  it('draws a seeded, class-balanced random subset', () => {
    const a = selectPerClass({ dataset, perClass: 5, rng: createRng({ seed: 9 }) });
    const b = selectPerClass({ dataset, perClass: 5, rng: createRng({ seed: 9 }) });
    const c = selectPerClass({ dataset, perClass: 5, rng: createRng({ seed: 10 }) });
    expect(countExamplesPerClass({ dataset: a })).toEqual([5, 5, 5]);
    expect(Array.from(b.images)).toEqual(Array.from(a.images));
    expect(Array.from(c.images)).not.toEqual(Array.from(a.images));
  });

  it('refuses more than a class has', () => {
    expect(() => selectPerClass({ dataset, perClass: 21 })).toThrow(OutOfRangeError);
    expect(() => selectPerClass({ dataset, perClass: 21 })).toThrow('selectPerClass: options.perClass: class 0 has 20 examples, fewer than perClass = 21');
  });
});

describe('selectExamples', () => {
  it('copies the given examples in the given order, repeats allowed', () => {
    const picked = selectExamples({ dataset, indices: [5, 0, 5] });
    expect(picked.count).toBe(3);
    expect(Array.from(picked.images.subarray(0, 9))).toEqual(Array.from(dataset.images.subarray(45, 54)));
    expect(Array.from(picked.images.subarray(18, 27))).toEqual(Array.from(dataset.images.subarray(45, 54)));
    expect(Array.from(picked.labels)).toEqual([2, 0, 2]);
  });

  it('rejects an index out of range', () => {
    expect(() => selectExamples({ dataset, indices: [0, 60] })).toThrow('selectExamples: options.indices: index number 60 at position 1 is not in 0..59');
  });
});
