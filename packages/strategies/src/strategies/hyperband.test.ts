import { describe, expect, it } from 'vitest';
import type { Proposal, SearchStrategy } from '../contracts/strategy.js';
import { createProductSpace } from '../testing/product-space.js';
import { createHyperband } from './hyperband.js';

const space = createProductSpace({ id: 'cell-6x5', optionCounts: [5, 5, 5, 5, 5, 5] });
const score = (proposal: Proposal) => proposal.architecture.reduce((sum, option, decision) => sum + option * 5 ** decision, 0) / 200 + (proposal.fidelity ?? 0) / 10;
const tell = (strategy: SearchStrategy, proposals: Proposal[]) =>
  strategy.tell(proposals.map((proposal) => ({ proposal, evaluation: { architecture: proposal.architecture, accuracy: score(proposal) } })));

describe('createHyperband', () => {
  it('runs the NAS-Bench-201 brackets (budgets 12..200, eta 3) on fidelities 12 and 200, reusing results', () => {
    const strategy = createHyperband({ space, seed: 1, fidelities: [12, 200], maximumIterations: 3 });
    // Bracket s = 2: 9 at 22.2 -> fidelity 12.
    const first = strategy.ask();
    expect(first.map((proposal) => proposal.fidelity)).toEqual(new Array(9).fill(12));
    expect(strategy.ask()).toEqual([]); // the rung is outstanding
    tell(strategy, first);
    // 3 at 66.7 -> fidelity 200: the best three of the first rung.
    const second = strategy.ask();
    const bestThree = [...first].sort((a, b) => score(b) - score(a)).slice(0, 3).map((proposal) => proposal.architecture);
    expect(second.map((proposal) => proposal.architecture)).toEqual(bestThree);
    expect(second.every((proposal) => proposal.fidelity === 200)).toBe(true);
    tell(strategy, second);
    // The last rung (1 at 200) is already known: no proposal; bracket s = 1 starts: 5 new at 200.
    const third = strategy.ask();
    expect(third).toHaveLength(5);
    expect(third.every((proposal) => proposal.fidelity === 200)).toBe(true);
    tell(strategy, third);
    // Its second rung (1 at 200) is known too; bracket s = 0: 3 at 200.
    const fourth = strategy.ask();
    expect(fourth).toHaveLength(3);
    tell(strategy, fourth);
    // maximumIterations = 3: finished.
    expect(strategy.ask()).toEqual([]);
    expect(strategy.pending()).toEqual([]);
  });

  it('passes the raw budgets as fidelities without a list, and re-evaluates without reuse', () => {
    const strategy = createHyperband({ space, seed: 2, minimumBudget: 1, maximumBudget: 9, reuseResults: false });
    const sizes: [number, number][] = [];
    for (let round = 0; round < 6; round += 1) {
      const proposals = strategy.ask();
      sizes.push([proposals.length, proposals[0]!.fidelity!]);
      tell(strategy, proposals);
    }
    // s_max = 2: brackets [9@1, 3@3, 1@9], [5@3, 1@9], then [3@9].
    expect(sizes).toEqual([[9, 1], [3, 3], [1, 9], [5, 3], [1, 9], [3, 9]]);
  });

  it('hands out a rung in pieces under a limit', () => {
    const strategy = createHyperband({ space, seed: 3, fidelities: [12, 200] });
    const pieces = [strategy.ask({ limit: 4 }), strategy.ask({ limit: 4 }), strategy.ask({ limit: 4 })];
    expect(pieces.map((piece) => piece.length)).toEqual([4, 4, 1]);
    expect(strategy.pending()).toHaveLength(9);
    tell(strategy, pieces[2]!);
    tell(strategy, [...pieces[0]!, ...pieces[1]!].reverse());
    expect(strategy.ask()).toHaveLength(3);
  });
});
