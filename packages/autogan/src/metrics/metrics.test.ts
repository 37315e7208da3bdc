import { createRng } from '@fewshot/core';
import { describe, expect, it } from 'vitest';
import { thrown } from '../testing/tensors.js';
import { computeFeatureStatistics, frechetDistance, type FeatureStatistics } from './frechet-distance.js';
import { inceptionScore } from './inception-score.js';
import { symmetricEigendecomposition } from './symmetric-eigen.js';

function randomSymmetric(n: number, seed: number, positive: boolean): Float64Array {
  const rng = createRng({ seed });
  const a = Float64Array.from({ length: n * n }, () => rng.normal());
  const result = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j < n; j += 1) {
      let value = 0;
      if (positive) for (let k = 0; k < n; k += 1) value += (a[i * n + k] as number) * (a[j * n + k] as number);
      else value = ((a[i * n + j] as number) + (a[j * n + i] as number)) / 2;
      result[i * n + j] = value;
    }
  }
  return result;
}

const gaussian = (mean: number[], covariance: number[]): FeatureStatistics => ({
  dimension: mean.length,
  count: 100,
  mean: Float64Array.from(mean),
  covariance: Float64Array.from(covariance),
});

describe('symmetricEigendecomposition', () => {
  it('reconstructs A = V diag(values) V^T with orthonormal V, eigenvalues decreasing', () => {
    for (const [n, seed] of [
      [1, 1],
      [5, 2],
      [24, 3],
    ] as const) {
      const matrix = randomSymmetric(n, seed, false);
      const { values, vectors } = symmetricEigendecomposition({ matrix, size: n });
      for (let i = 1; i < n; i += 1) expect(values[i]).toBeLessThanOrEqual(values[i - 1] as number);
      for (let i = 0; i < n; i += 1) {
        for (let j = 0; j < n; j += 1) {
          let reconstructed = 0;
          let dot = 0;
          for (let k = 0; k < n; k += 1) {
            reconstructed += (vectors[i * n + k] as number) * (values[k] as number) * (vectors[j * n + k] as number);
            dot += (vectors[k * n + i] as number) * (vectors[k * n + j] as number);
          }
          expect(reconstructed).toBeCloseTo(matrix[i * n + j] as number, 10);
          expect(dot).toBeCloseTo(i === j ? 1 : 0, 12);
        }
      }
    }
  });

  it('finds known eigenvalues, including repeated ones', () => {
    const pair = symmetricEigendecomposition({ matrix: [2, 1, 1, 2], size: 2 }).values;
    expect(pair[0]).toBeCloseTo(3, 14);
    expect(pair[1]).toBeCloseTo(1, 14);
    const { values } = symmetricEigendecomposition({ matrix: [4, 0, 0, 0, 4, 0, 0, 0, 1], size: 3 });
    expect([...values]).toEqual([4, 4, 1]);
    expect(thrown(() => symmetricEigendecomposition({ matrix: [1, 2, 3], size: 2 })).argument).toBe('options.matrix');
  });
});

describe('frechetDistance', () => {
  it('matches the closed form for diagonal covariances: |mu1 - mu2|^2 + sum (sqrt s1 - sqrt s2)^2', () => {
    const a = gaussian([0, 1, 2], [1, 0, 0, 0, 4, 0, 0, 0, 9]);
    const b = gaussian([1, 1, 0], [4, 0, 0, 0, 4, 0, 0, 0, 1]);
    expect(frechetDistance({ first: a, second: b })).toBeCloseTo(1 + 4 + (1 - 2) ** 2 + 0 + (3 - 1) ** 2, 10);
    expect(frechetDistance({ first: a, second: a })).toBeCloseTo(0, 10);
  });

  it('matches the closed form tr sqrt(M) = sqrt(tr M + 2 sqrt(det M)) for non-commuting 2 x 2 covariances', () => {
    const s1 = [2, 0.7, 0.7, 1];
    const s2 = [1, -0.4, -0.4, 3];
    // M = S1 S2 (its square root's trace equals that of S2^1/2 S1 S2^1/2).
    const m = [s1[0]! * s2[0]! + s1[1]! * s2[2]!, s1[0]! * s2[1]! + s1[1]! * s2[3]!, s1[2]! * s2[0]! + s1[3]! * s2[2]!, s1[2]! * s2[1]! + s1[3]! * s2[3]!];
    const trace = m[0]! + m[3]!;
    const determinant = m[0]! * m[3]! - m[1]! * m[2]!;
    const traceRoot = Math.sqrt(trace + 2 * Math.sqrt(determinant));
    const expected = 0.5 ** 2 + 2 ** 2 + 3 + 4 - 2 * traceRoot;
    expect(frechetDistance({ first: gaussian([0, 0], s1), second: gaussian([0.5, -2], s2) })).toBeCloseTo(expected, 10);
    expect(frechetDistance({ first: gaussian([0.5, -2], s2), second: gaussian([0, 0], s1) })).toBeCloseTo(expected, 10);
  });

  it('is near zero for two large samples of one Gaussian and large between shifted ones (128-d)', () => {
    const rng = createRng({ seed: 12 });
    const sample = (shift: number): FeatureStatistics => {
      const features = new Float64Array(2000 * 16);
      for (let i = 0; i < features.length; i += 1) features[i] = rng.normal() * (1 + (i % 16) / 8) + shift;
      return computeFeatureStatistics({ features, dimension: 16 });
    };
    const a = sample(0);
    const b = sample(0);
    const c = sample(1);
    const same = frechetDistance({ first: a, second: b });
    expect(same).toBeGreaterThan(0);
    expect(same).toBeLessThan(0.5);
    expect(frechetDistance({ first: a, second: c })).toBeGreaterThan(15);
    const big = randomSymmetric(128, 4, true);
    const stats = { dimension: 128, count: 1000, mean: new Float64Array(128), covariance: big };
    expect(Math.abs(frechetDistance({ first: stats, second: stats }))).toBeLessThan(1e-6 * big.reduce((sum, v, i) => (i % 129 === 0 ? sum + v : sum), 0));
  });

  it('computes unbiased statistics and rejects mismatched inputs', () => {
    const { mean, covariance, count } = computeFeatureStatistics({ features: [1, 2, 3, 6, 5, 10], dimension: 2 });
    expect(count).toBe(3);
    expect([...mean]).toEqual([3, 6]);
    expect([...covariance]).toEqual([4, 8, 8, 16]);
    expect(thrown(() => frechetDistance({ first: gaussian([0], [1]), second: gaussian([0, 0], [1, 0, 0, 1]) })).argument).toBe('options.second');
    expect(thrown(() => computeFeatureStatistics({ features: [1, 2], dimension: 2 })).message).toContain('at least 2 vectors');
  });
});

describe('inceptionScore', () => {
  it('is the number of equally used confident classes, 1 for identical predictions, per OpenAI\'s splits', () => {
    const confident = Array.from({ length: 40 }, (_, row) => Array.from({ length: 4 }, (_, c) => (c === row % 4 ? 1 : 0))).flat();
    const score = inceptionScore({ probabilities: confident, classes: 4, splits: 10 });
    expect(score.mean).toBeCloseTo(4, 10);
    expect(score.standardDeviation).toBeCloseTo(0, 10);
    expect(inceptionScore({ probabilities: Array.from({ length: 20 }, () => [0.7, 0.3]).flat(), classes: 2, splits: 2 }).mean).toBeCloseTo(1, 12);
    // Two rows, p(y|x) = (0.9, 0.1) and (0.1, 0.9): KL to the (0.5, 0.5) marginal is 0.9 ln 1.8 + 0.1 ln 0.2.
    const kl = 0.9 * Math.log(1.8) + 0.1 * Math.log(0.2);
    expect(inceptionScore({ probabilities: [0.9, 0.1, 0.1, 0.9], classes: 2, splits: 1 }).mean).toBeCloseTo(Math.exp(kl), 12);
    expect(thrown(() => inceptionScore({ probabilities: [0.5, 0.6], classes: 2, splits: 1 })).message).toContain('sums to 1.1');
    expect(thrown(() => inceptionScore({ probabilities: [1, 0], classes: 2, splits: 2 })).message).toContain('at least 2 rows');
  });
});
