import { describe, expect, it } from 'vitest';
import { runSearch } from '../driver/run-search.js';
import { createAdditiveLandscape } from '../testing/additive-landscape.js';
import { createProductSpace } from '../testing/product-space.js';
import { createReinforce } from './reinforce.js';

const space = createProductSpace({ id: 'cell-6x5', optionCounts: [5, 5, 5, 5, 5, 5] });
type ReinforceState = { logits: number[]; baseline: { numerator: number; denominator: number }; adam: { step: number } };
const stateOf = (strategy: ReturnType<typeof createReinforce>) => strategy.getState() as unknown as ReinforceState;

describe('createReinforce', () => {
  it('starts near-uniform with logits of scale 0.001', () => {
    const { logits } = stateOf(createReinforce({ space, seed: 1 }));
    expect(logits).toHaveLength(30);
    expect(Math.max(...logits.map(Math.abs))).toBeLessThan(0.005);
    expect(logits.some((logit) => logit !== 0)).toBe(true);
  });

  it('takes exactly the REINFORCE + Adam step with a bias-corrected moving-average baseline', () => {
    const strategy = createReinforce({ space, seed: 2, initialLogitScale: 0 });
    const [first] = strategy.ask();
    strategy.tell([{ proposal: first!, evaluation: { architecture: first!.architecture, accuracy: 80 } }]);
    // First reward: the bias-corrected baseline equals it, the advantage is 0, nothing moves.
    let state = stateOf(strategy);
    expect(state.logits.every((logit) => logit === 0)).toBe(true);
    expect(state.baseline.numerator / state.baseline.denominator).toBeCloseTo(80, 12);
    const [second] = strategy.ask();
    strategy.tell([{ proposal: second!, evaluation: { architecture: second!.architecture, accuracy: 90 } }]);
    state = stateOf(strategy);
    // Baseline (0.9 * 0.1 * 80 + 0.1 * 90) / (0.9 * 0.1 + 0.1) = 85.263...; advantage 4.737 > 0.
    expect(state.baseline.numerator / state.baseline.denominator).toBeCloseTo((0.09 * 80 + 0.1 * 90) / 0.19, 10);
    // Adam's second step from zero moments with g != 0: lr * (0.1 g / 0.19) / (sqrt(0.001 g^2 / 0.001999) + 1e-8).
    const expectedMagnitude = (0.005 * (0.1 / 0.19)) / Math.sqrt(0.001 / (1 - 0.999 ** 2));
    second!.architecture.forEach((chosen, decision) => {
      for (let option = 0; option < 5; option += 1) {
        const logit = state.logits[decision * 5 + option]!;
        // The chosen option's logit rises, the others fall (uniform policy: gradient (0.2 - 1[chosen]) * advantage).
        expect(logit).toBeCloseTo(option === chosen ? expectedMagnitude : -expectedMagnitude, 8);
      }
    });
    expect(state.adam.step).toBe(2);
  });

  it('concentrates its policy on a good region of an additive landscape', async () => {
    const landscape = createAdditiveLandscape({ space, seed: 3 });
    const strategy = createReinforce({ space, seed: 3, learningRate: 0.05 });
    const result = await runSearch({ strategy, evaluator: landscape.evaluator, budget: { evaluations: 400 } });
    const early = result.points.slice(0, 50).reduce((sum, point) => sum + point.evaluation.accuracy, 0) / 50;
    const late = result.points.slice(-50).reduce((sum, point) => sum + point.evaluation.accuracy, 0) / 50;
    expect(late).toBeGreaterThan(early + 5);
    const { logits } = stateOf(strategy);
    const mode = [0, 1, 2, 3, 4, 5].map((decision) => {
      const row = logits.slice(decision * 5, decision * 5 + 5);
      return row.indexOf(Math.max(...row));
    });
    const matches = mode.filter((option, decision) => option === landscape.optimum[decision]).length;
    expect(matches).toBeGreaterThanOrEqual(4);
  });

  it('rejects bad hyper-parameters and mismatched states', () => {
    expect(() => createReinforce({ space, seed: 1, learningRate: -1 })).toThrow(/createReinforce: expected a finite number > 0, got -1/);
    expect(() => createReinforce({ space, seed: 1, baselineMomentum: 1 })).toThrow(/expected a finite number < 1, got 1/);
    const state = createReinforce({ space, seed: 1 }).getState();
    expect(() => createReinforce({ space, state: { ...state, logits: [1, 2] } })).toThrow(/createReinforce: expected 30 numbers, got 2/);
  });
});
