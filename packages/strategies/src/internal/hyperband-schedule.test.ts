import { describe, expect, it } from 'vitest';
import { createHyperbandSchedule } from './hyperband-schedule.js';

describe('createHyperbandSchedule', () => {
  it('reproduces the bracket table of Li et al. 2018 (R = 81, eta = 3)', () => {
    const schedule = createHyperbandSchedule({ functionName: 't', minimumBudget: 1, maximumBudget: 81, eta: 3, fidelities: null });
    expect(schedule.maximumBracket).toBe(4);
    const table = [0, 1, 2, 3, 4].map((iteration) => schedule.rungs(iteration).map((rung) => [rung.count, rung.budget]));
    // Table 1 of the HyperBand paper: s = 4 .. 0.
    expect(table[0]).toEqual([[81, 1], [27, 3], [9, 9], [3, 27], [1, 81]]);
    expect(table[1]).toEqual([[34, 3], [11, 9], [3, 27], [1, 81]]);
    expect(table[2]).toEqual([[15, 9], [5, 27], [1, 81]]);
    expect(table[3]).toEqual([[8, 27], [2, 81]]);
    expect(table[4]).toEqual([[5, 81]]);
    expect(schedule.rungs(5)).toEqual(schedule.rungs(0));
  });

  it('maps NAS-Bench-201 budgets 12..200 onto the available fidelities on a log scale', () => {
    const schedule = createHyperbandSchedule({ functionName: 't', minimumBudget: 12, maximumBudget: 200, eta: 3, fidelities: [200, 12] });
    expect(schedule.maximumBracket).toBe(2);
    const first = schedule.rungs(0);
    expect(first.map((rung) => rung.count)).toEqual([9, 3, 1]);
    expect(first[0]!.budget).toBeCloseTo(200 / 9, 10);
    // 22.2 -> 12, 66.7 -> 200 (log distance 1.10 < 1.71), 200 -> 200.
    expect(first.map((rung) => rung.fidelity)).toEqual([12, 200, 200]);
    expect(schedule.rungs(1).map((rung) => [rung.count, rung.fidelity])).toEqual([[5, 200], [1, 200]]);
    expect(schedule.rungs(2).map((rung) => [rung.count, rung.fidelity])).toEqual([[3, 200]]);
  });

  it('rejects bad budgets', () => {
    expect(() => createHyperbandSchedule({ functionName: 'createHyperband', minimumBudget: 0, maximumBudget: 1, eta: 3, fidelities: null })).toThrow(
      /createHyperband: expected a finite number > 0, got 0/,
    );
    expect(() => createHyperbandSchedule({ functionName: 'createHyperband', minimumBudget: 12, maximumBudget: 6, eta: 3, fidelities: null })).toThrow(
      /maximum|>= 12/,
    );
    expect(() => createHyperbandSchedule({ functionName: 'createHyperband', minimumBudget: 1, maximumBudget: 6, eta: 1, fidelities: null })).toThrow(/> 1/);
    expect(() => createHyperbandSchedule({ functionName: 'createHyperband', minimumBudget: 1, maximumBudget: 6, eta: 3, fidelities: [] })).toThrow(
      /at least one fidelity/,
    );
  });
});
