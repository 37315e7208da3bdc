import { FewshotError } from '@fewshot/core';
import { describe, expect, it } from 'vitest';
import { createProductSpace } from '../testing/product-space.js';
import { createProposalLedger } from './proposal-ledger.js';

const space = createProductSpace({ id: 'small', optionCounts: [3, 3] });
const result = (proposal: { id: number; architecture: readonly number[]; fidelity?: number }, accuracy = 50) => ({
  proposal,
  evaluation: { architecture: proposal.architecture, accuracy },
});

describe('createProposalLedger', () => {
  it('issues increasing ids, tracks pending proposals and returns accepted results sorted by id', () => {
    const ledger = createProposalLedger({ space });
    const proposals = [ledger.propose({ architecture: [0, 1] }), ledger.propose({ architecture: [2, 2], fidelity: 12 }), ledger.propose({ architecture: [1, 0] })];
    expect(proposals.map((proposal) => proposal.id)).toEqual([0, 1, 2]);
    expect(proposals[1]).toEqual({ id: 1, architecture: [2, 2], fidelity: 12 });
    expect(Object.isFrozen(proposals[0]) && Object.isFrozen(proposals[0]!.architecture)).toBe(true);
    const accepted = ledger.accept({ functionName: 'test.tell', results: [result(proposals[2]!, 70), result(proposals[0]!, 60)] });
    expect(accepted.map((entry) => [entry.proposal.id, entry.evaluation.accuracy])).toEqual([[0, 60], [2, 70]]);
    expect(ledger.pending()).toEqual([proposals[1]]);
    expect(ledger.issued()).toBe(3);
    expect(ledger.getState()).toEqual({ nextId: 3, pending: [{ id: 1, architecture: [2, 2], fidelity: 12 }] });
  });

  it('rejects bad batches atomically with errors naming the caller and the result', () => {
    const ledger = createProposalLedger({ space });
    const first = ledger.propose({ architecture: [0, 0] });
    const second = ledger.propose({ architecture: [1, 1], fidelity: 200 });
    const cases: [unknown, RegExp][] = [
      [[result(first), result({ ...second, id: 7 })], /^s.tell: proposal 7 is not pending \(already told, or never asked\)$/],
      [[result(first), result(first)], /proposal 0 appears twice in this batch/],
      [[result({ ...first, architecture: [2, 0] })], /proposal 0 was altered: expected architecture \[0, 0\], got/],
      [[result({ ...second, fidelity: 12 })], /proposal 1 was altered: expected architecture \[1, 1\] at fidelity 200/],
      [[result(first, Number.NaN)], /expected a finite accuracy for proposal 0, got NaN/],
      [[{ proposal: first }], /expected a finite accuracy for proposal 0, got undefined/],
      [[null], /expected \{ proposal, evaluation \}, got null/],
      ['results', /expected an array of results, got "results"/],
    ];
    for (const [results, message] of cases) {
      try {
        ledger.accept({ functionName: 's.tell', results: results as never });
        expect.unreachable();
      } catch (error) {
        expect(FewshotError.isInstance(error) && error.code).toBe('invalid-argument');
        expect((error as Error).message).toMatch(message);
      }
      expect(ledger.pending()).toHaveLength(2);
    }
    ledger.accept({ functionName: 's.tell', results: [result(first)] });
    expect(() => ledger.accept({ functionName: 's.tell', results: [result(first)] })).toThrow(/proposal 0 is not pending/);
  });

  it('restores from its JSON state and validates it', () => {
    const ledger = createProposalLedger({ space });
    ledger.propose({ architecture: [0, 2] });
    ledger.propose({ architecture: [1, 2], fidelity: 12 });
    const restored = createProposalLedger({ space, state: JSON.parse(JSON.stringify(ledger.getState())) });
    expect(restored.pending()).toEqual(ledger.pending());
    expect(restored.propose({ architecture: [2, 2] }).id).toBe(2);
    expect(() => createProposalLedger({ space, state: { nextId: 1, pending: [{ id: 4, architecture: [0, 0] }] } })).toThrow(
      /createProposalLedger: expected an integer < 1, got 4/,
    );
    expect(() => createProposalLedger({ space, state: { nextId: 1, pending: [{ id: 0, architecture: [5, 0] }] }, functionName: 'createX' })).toThrow(
      /createX: expected an architecture of space 'small', got \[5,0\]/,
    );
  });
});
