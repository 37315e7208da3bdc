import { createRng } from '@fewshot/core';
import { describe, expect, it } from 'vitest';
import { fitCategoricalKernelDensity } from './categorical-kernel-density.js';

describe('fitCategoricalKernelDensity', () => {
  it('uses the minimum bandwidth for identical points and sums to one over the space', () => {
    const model = fitCategoricalKernelDensity({ points: [[1, 2], [1, 2], [1, 2]], optionCounts: [3, 4], minimumBandwidth: 0.1 });
    expect(model.bandwidths).toEqual([0.1, 0.1]);
    expect(model.density([1, 2])).toBeCloseTo(0.9 * 0.9, 12);
    expect(model.density([0, 2])).toBeCloseTo(0.05 * 0.9, 12);
    expect(model.density([0, 3])).toBeCloseTo(0.05 * (0.1 / 3), 12);
    let total = 0;
    for (let a = 0; a < 3; a += 1) for (let b = 0; b < 4; b += 1) total += model.density([a, b]);
    expect(total).toBeCloseTo(1, 12);
  });

  it('follows the spread rule and caps at the uniform kernel', () => {
    // Decision 0: options 0 and 1 half each -> spread sqrt(0.5); m = 4, D = 2 -> shrink 4^(-1/6).
    const points = [[0, 0], [0, 0], [1, 0], [1, 1]];
    const model = fitCategoricalKernelDensity({ points, optionCounts: [5, 2], minimumBandwidth: 0.001 });
    expect(model.bandwidths[0]).toBeCloseTo(Math.sqrt(0.5) * 4 ** (-1 / 6), 12);
    // Decision 1: shares 3/4, 1/4 -> spread sqrt(0.375) * 0.794 = 0.486 < 0.5 (uniform for 2 options).
    expect(model.bandwidths[1]).toBeCloseTo(Math.sqrt(0.375) * 4 ** (-1 / 6), 12);
    const wide = fitCategoricalKernelDensity({ points: [[0], [1]], optionCounts: [2], minimumBandwidth: 0.001 });
    expect(wide.bandwidths[0]).toBeCloseTo(0.5, 12);
  });

  it('samples from the widened kernels with the right frequencies', () => {
    const model = fitCategoricalKernelDensity({ points: [[2]], optionCounts: [5], minimumBandwidth: 0.1 });
    const rng = createRng({ seed: 4 });
    const counts = [0, 0, 0, 0, 0];
    for (let draw = 0; draw < 20_000; draw += 1) counts[model.sample({ rng, bandwidthFactor: 3 })[0]!]! += 1;
    // lambda = 0.3: keep 2 with probability 0.7, each other option 0.075.
    expect(counts[2]! / 20_000).toBeCloseTo(0.7, 1);
    for (const option of [0, 1, 3, 4]) expect(Math.abs(counts[option]! / 20_000 - 0.075)).toBeLessThan(0.01);
  });
});
