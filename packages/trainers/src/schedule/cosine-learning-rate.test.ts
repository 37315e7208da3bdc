import { describe, expect, it } from 'vitest';
import { cosineLearningRate } from './cosine-learning-rate.js';

describe('cosineLearningRate', () => {
  it('follows the cosine curve from initial to final per iteration', () => {
    const learningRate = cosineLearningRate({ initial: 0.025, final: 0.001, totalSteps: 1000 });
    expect(learningRate(0)).toBeCloseTo(0.025, 12);
    expect(learningRate(500)).toBeCloseTo(0.013, 12);
    expect(learningRate(250)).toBeCloseTo(0.001 + 0.024 * (1 + Math.cos(Math.PI / 4)) / 2, 12);
    expect(learningRate(1000)).toBeCloseTo(0.001, 12);
    expect(learningRate(5000)).toBeCloseTo(0.001, 12);
  });

  it('rejects bad options with typed errors', () => {
    expect(() => cosineLearningRate({ initial: -1, totalSteps: 10 })).toThrowError(/cosineLearningRate: options.initial/);
    expect(() => cosineLearningRate({ initial: 0.1, totalSteps: 0 })).toThrowError(/options.totalSteps/);
  });
});
