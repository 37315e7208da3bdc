import { createRng } from '@fewshot/core';
import { createRegion } from '@fewshot/search-space';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import '@fewshot/backend';
import { autoGanSpace } from '../space/autogan-space.js';
import { thrown } from '../testing/tensors.js';
import { createAutoGanController } from './autogan-controller.js';
import { reinforceLoss } from './reinforce-loss.js';

describe('AutoGanController', () => {
  it('has AutoGAN\'s tokens per stage and samples with the probabilities it reports', () => {
    const controller = createAutoGanController({ stage: 0, rng: createRng({ seed: 1 }), hiddenSize: 16 });
    try {
      expect(controller.tokens).toEqual([2, 3, 3, 2]);
      const rng = createRng({ seed: 2 });
      const counts = [0, 0];
      let firstLogProbability = 0;
      const draws = 3000;
      for (let i = 0; i < draws; i += 1) {
        const sample = controller.sample({ rng });
        counts[sample.actions[0] as number] = (counts[sample.actions[0] as number] as number) + 1;
        if (sample.actions[0] === 0) firstLogProbability = sample.logProbabilities[0] as number;
        expect(sample.logProbability).toBeCloseTo(sample.logProbabilities.reduce((sum, value) => sum + value, 0), 10);
      }
      // The first decision's distribution does not depend on earlier actions: its frequency matches exp(log p).
      const p0 = Math.exp(firstLogProbability);
      const standardError = Math.sqrt((p0 * (1 - p0)) / draws);
      expect(Math.abs((counts[0] as number) / draws - p0)).toBeLessThan(4 * standardError);
    } finally {
      controller.dispose();
    }
    for (const [stage, tokens] of [
      [1, [2, 3, 3, 2, 2]],
      [2, [2, 3, 3, 2, 4]],
    ] as const) {
      const later = createAutoGanController({ stage, rng: createRng({ seed: 1 }), hiddenSize: 8 });
      expect(later.tokens).toEqual(tokens);
      expect(later.decisions).toEqual(stage === 1 ? [4, 5, 6, 7, 8] : [9, 10, 11, 12, 13]);
      later.dispose();
    }
  });

  it('scores given actions with the log-probabilities and entropies it sampled them with', () => {
    const controller = createAutoGanController({ stage: 2, rng: createRng({ seed: 3 }), hiddenSize: 12 });
    const rng = createRng({ seed: 4 });
    try {
      const initialState = { hidden: Array.from({ length: 12 }, () => rng.normal() * 0.3), cell: Array.from({ length: 12 }, () => rng.normal() * 0.3) };
      for (let i = 0; i < 5; i += 1) {
        const sample = controller.sample({ rng, initialState });
        const { logProbabilities, entropies } = controller.score({ actions: sample.actions, initialState });
        const scored = logProbabilities.dataSync();
        const scoredEntropies = entropies.dataSync();
        sample.logProbabilities.forEach((value, index) => expect(scored[index]).toBeCloseTo(value, 5));
        sample.entropies.forEach((value, index) => {
          expect(scoredEntropies[index]).toBeCloseTo(value, 5);
          expect(value).toBeGreaterThan(0);
          expect(value).toBeLessThanOrEqual(Math.log(controller.tokens[index] as number) + 1e-6);
        });
        tf.dispose([logProbabilities, entropies]);
      }
      // A different initial state gives different probabilities (the beam's LSTM state matters).
      const fromZero = controller.score({ actions: [0, 0, 0, 0, 0] });
      const fromState = controller.score({ actions: [0, 0, 0, 0, 0], initialState });
      expect(fromZero.logProbabilities.dataSync()[0]).not.toBeCloseTo(fromState.logProbabilities.dataSync()[0] as number, 6);
      tf.dispose([fromZero.logProbabilities, fromZero.entropies, fromState.logProbabilities, fromState.entropies]);
    } finally {
      controller.dispose();
    }
  });

  it('never samples an option its region forbids; a fixed decision has log-probability 0 and entropy 0', () => {
    const [, nearest] = createRegion({ space: autoGanSpace }).split({ decision: 2, groups: [[0, 2], [1]] });
    const controller = createAutoGanController({ stage: 0, rng: createRng({ seed: 5 }), hiddenSize: 8, allowed: nearest!.allowed });
    const rng = createRng({ seed: 6 });
    try {
      for (let i = 0; i < 200; i += 1) {
        const sample = controller.sample({ rng });
        expect(sample.actions[2]).toBe(1);
        expect(sample.logProbabilities[2]).toBe(0);
        expect(sample.entropies[2]).toBe(0);
      }
      const { logProbabilities, entropies } = controller.score({ actions: [0, 0, 1, 0] });
      expect(logProbabilities.dataSync()[2]).toBe(0);
      expect(entropies.dataSync()[2]).toBe(0);
      tf.dispose([logProbabilities, entropies]);
    } finally {
      controller.dispose();
    }
    const empty = autoGanSpace.decisions.map((decision, d) => decision.options.map(() => d !== 1));
    expect(thrown(() => createAutoGanController({ stage: 0, rng: createRng({ seed: 1 }), allowed: empty })).message).toContain('decision 1 (cell1.normalization) has no allowed option');
  });

  it('rejects bad actions and states', () => {
    const controller = createAutoGanController({ stage: 1, rng: createRng({ seed: 1 }), hiddenSize: 4 });
    try {
      expect(thrown(() => controller.score({ actions: [0, 0, 0, 0] })).message).toContain('expected 5 option indices below [2, 3, 3, 2, 2]');
      expect(thrown(() => controller.sample({ rng: createRng({ seed: 1 }), initialState: { hidden: [0], cell: [0] } })).argument).toBe('options.initialState');
    } finally {
      controller.dispose();
    }
  });
});

describe('reinforceLoss', () => {
  const setup = () => {
    const controller = createAutoGanController({ stage: 0, rng: createRng({ seed: 8 }), hiddenSize: 6 });
    const actions = [1, 0, 2, 1];
    return { controller, actions, variables: controller.trainableVariables() };
  };

  it('faithful: the first step of an iteration has advantage 0 and no gradient; later -(sum log p) * sum adv', () => {
    const { controller, actions, variables } = setup();
    try {
      let baseline: readonly number[] | undefined;
      let first: ReturnType<typeof reinforceLoss> | undefined;
      const { value, grads } = tf.variableGrads(() => {
        const { logProbabilities, entropies } = controller.score({ actions });
        first = reinforceLoss({ mode: 'faithful', reward: 5, logProbabilities, entropies, baseline });
        return first.loss;
      }, variables);
      expect(first?.advantage).toBe(0);
      expect(value.dataSync()[0]).toBe(0);
      for (const gradient of Object.values(grads)) expect(Math.max(...Array.from(gradient.dataSync(), Math.abs))).toBe(0);
      tf.dispose([value, ...Object.values(grads)]);
      baseline = first?.nextBaseline;
      const scores = controller.score({ actions });
      const logSum = Array.from(scores.logProbabilities.dataSync()).reduce((sum, v) => sum + v, 0);
      const entropies = Array.from(scores.entropies.dataSync());
      const second = reinforceLoss({ mode: 'faithful', reward: 7, logProbabilities: scores.logProbabilities, entropies: scores.entropies, baseline });
      // b = 0.9 b_prev + 0.1 cur; adv_i = cur_i - b_i = 0.9 (cur_i - b_prev_i); cur_i = R + 1e-3 H_i.
      const expectedAdvantage = entropies.reduce((sum, h, i) => sum + 0.9 * (7 + 1e-3 * h - (baseline?.[i] as number)), 0);
      expect(second.advantage).toBeCloseTo(expectedAdvantage, 6);
      expect(second.loss.dataSync()[0]).toBeCloseTo(-logSum * expectedAdvantage, 4);
      expect(second.nextBaseline).toHaveLength(4);
      tf.dispose([second.loss, scores.logProbabilities, scores.entropies]);
    } finally {
      controller.dispose();
    }
  });

  it('clean: -(R - b) sum log p - c sum H, then b <- 0.9 b + 0.1 R', () => {
    const { controller, actions } = setup();
    try {
      const scores = controller.score({ actions });
      const logSum = Array.from(scores.logProbabilities.dataSync()).reduce((sum, v) => sum + v, 0);
      const entropySum = Array.from(scores.entropies.dataSync()).reduce((sum, v) => sum + v, 0);
      const first = reinforceLoss({ mode: 'clean', reward: 4, logProbabilities: scores.logProbabilities, entropies: scores.entropies, baseline: undefined });
      expect(first.advantage).toBe(0);
      expect(first.loss.dataSync()[0]).toBeCloseTo(-1e-3 * entropySum, 6);
      expect(first.nextBaseline).toEqual([4]);
      const second = reinforceLoss({ mode: 'clean', reward: 6, logProbabilities: scores.logProbabilities, entropies: scores.entropies, baseline: first.nextBaseline });
      expect(second.loss.dataSync()[0]).toBeCloseTo(-2 * logSum - 1e-3 * entropySum, 5);
      expect(second.nextBaseline[0]).toBeCloseTo(4.2, 10);
      tf.dispose([first.loss, second.loss, scores.logProbabilities, scores.entropies]);
      expect(thrown(() => reinforceLoss({ mode: 'clean', reward: 1, logProbabilities: scores.logProbabilities, entropies: scores.entropies, baseline: [1, 2] })).argument).toBe('options.baseline');
    } finally {
      controller.dispose();
    }
  });
});
