import { InvalidArgumentError } from '@fewshot/core';
import { describe, expect, it } from 'vitest';
import { gradientDistance, type GradientValues } from './gradient-distance.js';
import { thrown } from './testing/fixtures.js';

describe('gradientDistance', () => {
  // A dense kernel [in = 3, out = 2] (row-major: values[row * 2 + column]) and a bias [2].
  const first: GradientValues[] = [
    { shape: [3, 2], values: [1, 2, 0, 1, 2, 0] }, // filter 0 = (1, 0, 2), filter 1 = (2, 1, 0)
    { shape: [2], values: [1, -1] },
  ];
  const second: GradientValues[] = [
    { shape: [3, 2], values: [2, -2, 0, -1, 4, 0] }, // filter 0 = (2, 0, 4), filter 1 = (-2, -1, 0)
    { shape: [2], values: [3, 1] },
  ];

  it('cosine: 1 - <a, b> / (|a| |b| + 1e-6) over everything concatenated', () => {
    // a = (1, 2, 0, 1, 2, 0, 1, -1), b = (2, -2, 0, -1, 4, 0, 3, 1)
    // <a, b> = 2 - 4 + 0 - 1 + 8 + 0 + 3 - 1 = 7; |a|^2 = 1+4+1+4+1+1 = 12; |b|^2 = 4+4+1+16+9+1 = 35
    const expected = 1 - 7 / (Math.sqrt(12) * Math.sqrt(35) + 1e-6);
    expect(gradientDistance({ first, second })).toBeCloseTo(expected, 14);
    expect(gradientDistance({ first, second, distance: 'cosine' })).toBeCloseTo(1 - 7 / Math.sqrt(420), 6); // 0.658435;
  });

  it('per-filter cosine: summed over the output filters (last axis) of rank >= 2 variables; biases count 0', () => {
    // filter 0: (1, 0, 2) . (2, 0, 4) = 10, norms sqrt(5) and sqrt(20) = 10 -> 1 - 10 / (10 + 1e-6)
    // filter 1: (2, 1, 0) . (-2, -1, 0) = -5, norms sqrt(5) and sqrt(5) = 5 -> 1 + 5 / (5 + 1e-6)
    const expected = 1 - 10 / (10 + 1e-6) + (1 + 5 / (5 + 1e-6));
    const value = gradientDistance({ first, second, distance: 'per-filter-cosine' });
    expect(value).toBeCloseTo(expected, 14);
    expect(value).toBeCloseTo(2, 5);
  });

  it('per-filter cosine treats a [k, k, in, out] convolution kernel filter by filter', () => {
    // 1x1 conv, in = 2, out = 2: filter 0 = (1, 0) vs (0, 1) -> 1; filter 1 = (3, 4) vs (6, 8) -> ~0
    const a = [{ shape: [1, 1, 2, 2], values: [1, 3, 0, 4] }];
    const b = [{ shape: [1, 1, 2, 2], values: [0, 6, 1, 8] }];
    expect(gradientDistance({ first: a, second: b, distance: 'per-filter-cosine' })).toBeCloseTo(1 + (1 - 50 / (50 + 1e-6)), 14);
  });

  it('mse: the summed (not averaged) squared difference', () => {
    // (1-2)^2 + (2+2)^2 + 0 + (1+1)^2 + (2-4)^2 + 0 + (1-3)^2 + (-1-1)^2 = 1 + 16 + 4 + 4 + 4 + 4 = 33
    expect(gradientDistance({ first, second, distance: 'mse' })).toBe(33);
    expect(gradientDistance({ first, second: first, distance: 'mse' })).toBe(0);
  });

  it('zero gradients are at distance 1 (cosine), identical ones at about 0', () => {
    const zero = [{ shape: [2], values: [0, 0] }];
    const some = [{ shape: [2], values: [3, 4] }];
    expect(gradientDistance({ first: zero, second: some })).toBe(1);
    expect(gradientDistance({ first: zero, second: zero })).toBe(1);
    expect(gradientDistance({ first: some, second: some })).toBeCloseTo(1 - 25 / (25 + 1e-6), 15);
    expect(gradientDistance({ first: some, second: some })).toBeLessThan(1e-7);
  });

  it('rejects mismatched or malformed gradients with typed errors', () => {
    const error = thrown(() => gradientDistance({ first, second: [second[0]!] }));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe('options.second');
    const shape = thrown(() => gradientDistance({ first: [{ shape: [2, 1], values: [1, 2] }], second: [{ shape: [1, 2], values: [1, 2] }] }));
    expect((shape as Error).message).toMatch(/^gradientDistance: shape \[1, 2\] differs/);
    const length = thrown(() => gradientDistance({ first: [{ shape: [3], values: [1, 2] }], second: [{ shape: [3], values: [1, 2, 3] }] }));
    expect((length as InvalidArgumentError).argument).toBe('options.first[0]');
    const nan = thrown(() => gradientDistance({ first: [{ shape: [1], values: [Number.NaN] }], second: [{ shape: [1], values: [1] }] }));
    expect((nan as Error).message).toMatch(/must be finite/);
    const unknown = thrown(() => gradientDistance({ first, second, distance: 'euclid' as never }));
    expect((unknown as InvalidArgumentError).argument).toBe('options.distance');
  });
});
