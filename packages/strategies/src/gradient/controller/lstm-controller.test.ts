import { registerGradients } from '@fewshot/backend';
import { createRng, FewshotError } from '@fewshot/core';
import { createRegion, nasBench201 } from '@fewshot/search-space';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLstmController } from './lstm-controller.js';

/** Two ops allowed on every edge: 64 architectures. */
const smallAllowed = [
  [false, true, false, true, false],
  [true, false, false, false, true],
  [false, false, true, true, false],
  [false, true, true, false, false],
  [false, false, false, true, true],
  [true, false, true, false, false],
];

/** Two ops allowed on three edges, one on the others: 8 architectures. */
const tinyAllowed = [
  [false, true, false, true, false],
  [false, false, false, false, true],
  [false, false, true, true, false],
  [false, true, false, false, false],
  [true, false, false, false, true],
  [true, false, false, false, false],
];

function allArchitectures(allowed: readonly (readonly boolean[])[]): number[][] {
  let result: number[][] = [[]];
  for (const row of allowed) {
    const options = row.flatMap((isAllowed, option) => (isAllowed ? [option] : []));
    result = result.flatMap((prefix) => options.map((option) => [...prefix, option]));
  }
  return result;
}

/** Upper 0.1 % point of the chi-square distribution (Wilson–Hilferty). */
function chiSquareCritical(degreesOfFreedom: number): number {
  const z = 3.0902;
  const k = degreesOfFreedom;
  return k * (1 - 2 / (9 * k) + z * Math.sqrt(2 / (9 * k))) ** 3;
}

describe('LstmController', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    registerGradients();
  });

  it('gives log-probabilities whose exponentials sum to 1 over a region, and per-step entropies whose expectation is the joint entropy', () => {
    const controller = createLstmController({ allowed: smallAllowed, rng: createRng({ seed: 3 }), temperature: 0.05 });
    const architectures = allArchitectures(smallAllowed);
    expect(architectures).toHaveLength(64);
    const { logProbability, entropy } = controller.logProbabilities({ architectures });
    const logs = Array.from(logProbability.dataSync());
    const total = logs.reduce((sum, value) => sum + Math.exp(value), 0);
    expect(total).toBeCloseTo(1, 5);
    // Not uniform (so the check above is not trivially met): the largest is far above 1/64.
    expect(Math.max(...logs.map(Math.exp))).toBeGreaterThan(4 / 64);
    // Chain rule: the expected sum of the per-step entropies is the entropy of the joint distribution.
    const entropies = Array.from(entropy.dataSync());
    const jointEntropy = -logs.reduce((sum, value) => sum + Math.exp(value) * value, 0);
    const expectedStepEntropy = logs.reduce((sum, value, index) => sum + Math.exp(value) * (entropies[index] as number), 0);
    expect(expectedStepEntropy).toBeCloseTo(jointEntropy, 4);
    expect(jointEntropy).toBeLessThan(6 * Math.log(2) - 0.1);
    tf.dispose([logProbability, entropy]);
    controller.dispose();
  });

  it('samples with the frequencies of its probabilities (chi-square on a fixed seed), and a uniform model fails the same test', () => {
    const controller = createLstmController({ allowed: tinyAllowed, rng: createRng({ seed: 4 }), temperature: 0.5 });
    const architectures = allArchitectures(tinyAllowed);
    const { logProbability, entropy } = controller.logProbabilities({ architectures });
    const probabilities = Array.from(logProbability.dataSync()).map(Math.exp);
    tf.dispose([logProbability, entropy]);
    const samples = 1000;
    expect(Math.min(...probabilities) * samples).toBeGreaterThan(5);
    const drawn = controller.sample({ rng: createRng({ seed: 5 }), count: samples });
    const index = new Map(architectures.map((architecture, position) => [architecture.join(''), position]));
    const counts = new Array<number>(architectures.length).fill(0);
    for (const architecture of drawn) {
      const position = index.get(architecture.join(''));
      expect(position).toBeDefined();
      counts[position as number] = (counts[position as number] as number) + 1;
    }
    const statistic = (expected: readonly number[]) =>
      counts.reduce((sum, count, position) => sum + (count - (expected[position] as number)) ** 2 / (expected[position] as number), 0);
    const critical = chiSquareCritical(architectures.length - 1);
    expect(statistic(probabilities.map((p) => p * samples))).toBeLessThan(critical);
    expect(statistic(new Array<number>(architectures.length).fill(samples / architectures.length))).toBeGreaterThan(critical);
    controller.dispose();
  });

  it('never samples a disallowed option, and repeats its draws for the same generator state', () => {
    const region = createRegion({ space: nasBench201 }).split({ decision: 2, groups: [[0, 3], [1, 2, 4]] })[0];
    const controller = createLstmController({ allowed: region!.allowed, rng: createRng({ seed: 6 }) });
    const first = controller.sample({ rng: createRng({ seed: 9 }), count: 100 });
    const second = controller.sample({ rng: createRng({ seed: 9 }), count: 100 });
    expect(second).toEqual(first);
    for (const architecture of first) expect(region!.contains(architecture)).toBe(true);
    expect(new Set(first.map((architecture) => architecture[2]))).toEqual(new Set([0, 3]));
    controller.dispose();
  });

  it('gives finite gradients for every variable through the log-probability', () => {
    const controller = createLstmController({ allowed: smallAllowed, rng: createRng({ seed: 7 }), hiddenSize: 8 });
    const variables = controller.trainableVariables();
    expect(variables).toHaveLength(2 + 3 * 2 + 2);
    const architectures = allArchitectures(smallAllowed).slice(0, 5);
    const { value, grads } = tf.variableGrads(() => {
      const scores = controller.logProbabilities({ architectures });
      return tf.add(tf.sum(scores.logProbability), tf.mul(0.1, tf.sum(scores.entropy))) as tf.Scalar;
    }, variables);
    for (const variable of variables) {
      const gradient = grads[variable.name];
      expect(gradient, variable.name).toBeDefined();
      expect(Array.from((gradient as tf.Tensor).dataSync()).every(Number.isFinite)).toBe(true);
    }
    expect(controller.namedVariables().get('output/kernel')?.shape).toEqual([8, 5]);
    tf.dispose([value, ...Object.values(grads)]);
    controller.dispose();
  });

  it('rejects bad input with typed errors', () => {
    expect(() => createLstmController({ allowed: [[false, false]], rng: createRng({ seed: 1 }) })).toThrow(/createLstmController: expected one row of booleans per decision/);
    const controller = createLstmController({ allowed: smallAllowed, rng: createRng({ seed: 1 }) });
    try {
      controller.logProbabilities({ architectures: [[0, 0, 0, 0, 0, 0]] });
      expect.unreachable();
    } catch (error) {
      expect(FewshotError.isInstance(error) && error.argument).toBe('options.architectures[0]');
    }
    controller.dispose();
    expect(() => controller.sample({ rng: createRng({ seed: 1 }) })).toThrow(/disposed/);
  });
});
