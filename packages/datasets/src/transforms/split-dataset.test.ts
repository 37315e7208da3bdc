import { createRng, InvalidArgumentError, OutOfRangeError } from '@fewshot/core';
import { describe, expect, it } from 'vitest';
import { createImageDataset } from '../image-dataset.js';
import { fnv1a, patternDataset } from '../testing/fixtures.js';
import { countExamplesPerClass } from './count-examples-per-class.js';
import { splitDataset } from './split-dataset.js';

/** A data set whose single pixel is the example index (mod 256) and a second the index / 256: identifies each example. */
function identifiedDataset(count: number, labelOf: (index: number) => number, classes: number) {
  const images = new Uint8Array(count * 2);
  for (let index = 0; index < count; index += 1) {
    images[index * 2] = index % 256;
    images[index * 2 + 1] = Math.floor(index / 256);
  }
  return createImageDataset({ images, labels: Uint8Array.from({ length: count }, (_, index) => labelOf(index)), height: 1, width: 2, channels: 1, classes });
}

function identities(dataset: { images: Uint8Array; count: number }): number[] {
  return Array.from({ length: dataset.count }, (_, index) => (dataset.images[index * 2] as number) + 256 * (dataset.images[index * 2 + 1] as number));
}

describe('splitDataset', () => {
  const dataset = identifiedDataset(1000, (index) => index % 10, 10);

  it('gives disjoint parts that keep each example once, with its own pixels and label', () => {
    const parts = splitDataset({ dataset, counts: { train: 700, validation: 200, test: 100 }, rng: createRng({ seed: 1 }) });
    const all = [...identities(parts.train), ...identities(parts.validation), ...identities(parts.test)];
    expect([parts.train.count, parts.validation.count, parts.test.count]).toEqual([700, 200, 100]);
    expect(new Set(all).size).toBe(1000);
    expect(all.slice().sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, index) => index));
    for (const part of [parts.train, parts.validation, parts.test]) {
      const ids = identities(part);
      ids.forEach((id, position) => expect(part.labels[position]).toBe(id % 10));
      expect(ids).toEqual(ids.slice().sort((a, b) => a - b));
    }
  });

  it('is deterministic under a seed and differs across seeds', () => {
    const first = splitDataset({ dataset, fractions: { train: 0.9, validation: 0.1 }, rng: createRng({ seed: 42 }) });
    const again = splitDataset({ dataset, fractions: { train: 0.9, validation: 0.1 }, rng: createRng({ seed: 42 }) });
    const other = splitDataset({ dataset, fractions: { train: 0.9, validation: 0.1 }, rng: createRng({ seed: 43 }) });
    expect(identities(again.validation)).toEqual(identities(first.validation));
    expect(identities(other.validation)).not.toEqual(identities(first.validation));
    expect(first.validation.count).toBe(100);
  });

  it('stratifies: every part keeps the class proportions', () => {
    const unbalanced = identifiedDataset(1200, (index) => (index < 600 ? 0 : index < 1000 ? 1 : 2), 3);
    const parts = splitDataset({ dataset: unbalanced, fractions: { train: 0.75, validation: 0.25 }, rng: createRng({ seed: 3 }), stratified: true });
    expect(countExamplesPerClass({ dataset: parts.train })).toEqual([450, 300, 150]);
    expect(countExamplesPerClass({ dataset: parts.validation })).toEqual([150, 100, 50]);
    const balanced = splitDataset({ dataset, counts: { a: 123, b: 877 }, rng: createRng({ seed: 5 }), stratified: true });
    for (const count of countExamplesPerClass({ dataset: balanced.a })) expect(Math.abs(count - 12.3)).toBeLessThanOrEqual(1);
  });

  it('does not stratify by default (a 100-example part of 10 classes is rarely exactly 10 each)', () => {
    const counts = countExamplesPerClass({ dataset: splitDataset({ dataset, counts: { part: 100 }, rng: createRng({ seed: 11 }) }).part });
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(100);
    expect(counts).not.toEqual(new Array(10).fill(10));
  });

  it('hands leftover examples to the largest remainders when fractions sum to 1', () => {
    const small = patternDataset({ count: 10, height: 2, width: 2 });
    const parts = splitDataset({ dataset: small, fractions: { a: 0.35, b: 0.35, c: 0.3 }, rng: createRng({ seed: 1 }) });
    expect([parts.a.count, parts.b.count, parts.c.count]).toEqual([4, 3, 3]);
    const partial = splitDataset({ dataset: small, fractions: { a: 0.25, b: 0.25 }, rng: createRng({ seed: 1 }) });
    expect([partial.a.count, partial.b.count]).toEqual([2, 2]);
    const images = [parts.a, parts.b, parts.c].map((part) => fnv1a(part.images));
    expect(new Set(images).size).toBe(3);
  });

  it('rejects malformed sizes', () => {
    const rng = createRng({ seed: 1 });
    expect(() => splitDataset({ dataset, counts: { a: 600, b: 401 }, rng })).toThrow(OutOfRangeError);
    expect(() => splitDataset({ dataset, counts: { a: 600, b: 401 }, rng })).toThrow('splitDataset: options.counts: the parts need 1001 examples but the data set has 1000');
    expect(() => splitDataset({ dataset, fractions: { a: 0.6, b: 0.5 }, rng })).toThrow('options.fractions: the fractions sum to 1.1, more than 1');
    expect(() => splitDataset({ dataset, counts: { a: 1.5 }, rng })).toThrow('options.counts.a: expected a non-negative integer, got number 1.5');
    expect(() => splitDataset({ dataset, rng } as never)).toThrow(InvalidArgumentError);
    expect(() => splitDataset({ dataset, counts: { a: 1 }, rng: undefined as never })).toThrow('options.rng: expected an Rng');
  });
});
