import { describe, expect, it } from 'vitest';
import { adamStep, createAdamMoments } from './adam.js';

const settings = { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

describe('adamStep', () => {
  it('moves each parameter by about the learning rate on the first step, against the gradient sign', () => {
    const parameters = [1, -2, 0.5];
    const moments = createAdamMoments(3);
    adamStep({ parameters, gradient: [4, -0.001, 0], moments, settings });
    // First step: m/(1-b1) = g and v/(1-b2) = g^2, so the update is lr * g / (|g| + eps).
    expect(parameters[0]).toBeCloseTo(0.9, 6);
    expect(parameters[1]).toBeCloseTo(-1.9, 4);
    expect(parameters[2]).toBe(0.5);
    expect(moments.step).toBe(1);
  });

  it('matches a hand computation of the second step', () => {
    const parameters = [0];
    const moments = createAdamMoments(1);
    adamStep({ parameters, gradient: [1], moments, settings });
    adamStep({ parameters, gradient: [3], moments, settings });
    const m = 0.9 * 0.1 + 0.1 * 3; // 0.39
    const v = 0.999 * 0.001 + 0.001 * 9; // 0.009999
    const firstStep = 0.1 / (1 + 1e-8);
    const expected = -firstStep - (0.1 * (m / (1 - 0.81))) / (Math.sqrt(v / (1 - 0.999 ** 2)) + 1e-8);
    expect(parameters[0]).toBeCloseTo(expected, 12);
  });

  it('minimises a quadratic', () => {
    const parameters = [5, -3];
    const moments = createAdamMoments(2);
    for (let step = 0; step < 2000; step += 1) {
      adamStep({ parameters, gradient: parameters.map((x) => 2 * x), moments, settings: { ...settings, learningRate: 0.05 } });
    }
    expect(Math.abs(parameters[0]!)).toBeLessThan(1e-2);
    expect(Math.abs(parameters[1]!)).toBeLessThan(1e-2);
  });
});
