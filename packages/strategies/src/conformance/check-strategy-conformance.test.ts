import { createRng, InvalidArgumentError, type SearchSpace } from '@fewshot/core';
import { describe, expect, it } from 'vitest';
import type { Proposal, SearchStrategy, StrategyResult, StrategyState } from '../contracts/strategy.js';
import { createProposalLedger } from '../ledger/proposal-ledger.js';
import { createProductSpace } from '../testing/product-space.js';
import { strategyFactories } from '../testing/strategy-factories.js';
import { checkStrategyConformance } from './check-strategy-conformance.js';

const spaces: SearchSpace[] = [
  createProductSpace({ id: 'cell-6x5', optionCounts: [5, 5, 5, 5, 5, 5] }),
  createProductSpace({ id: 'mixed-3-4-2-1-5', optionCounts: [3, 4, 2, 1, 5] }),
];

describe('checkStrategyConformance over every built-in strategy', () => {
  for (const space of spaces) {
    for (const [label, factory] of Object.entries(strategyFactories)) {
      it(`${label} conforms on ${space.id}`, () => {
        const report = checkStrategyConformance({ space, create: factory(space), rounds: 60 });
        expect(report.failures).toEqual([]);
        expect(report.passed).toBe(true);
        expect(report.checks.map((check) => check.name)).toHaveLength(13);
      });
    }
  }
});

/** A minimal, correct strategy used to break one rule at a time. */
function makeStrategy(space: SearchSpace, from: { seed: number } | { state: StrategyState }, flaw?: string): SearchStrategy {
  const state = 'state' in from ? from.state : undefined;
  const rng = createRng(state === undefined ? { seed: (from as { seed: number }).seed } : { state: state['rng'] as never });
  const ledger = createProposalLedger({ space, ...(state === undefined ? {} : { state: state['ledger'] as never }) });
  let last = state === undefined ? 0 : (state['last'] as number);
  return {
    name: 'flawed',
    space,
    ask: (options) => {
      if (flaw === 'order-dependent' && Math.floor(last) % 2 === 1) rng.float();
      const count = flaw === 'ignores-limit' ? 2 : (options?.limit ?? (flaw === 'order-dependent' ? 3 : 1));
      return Array.from({ length: count }, () => {
        const architecture = space.sample(rng);
        if (flaw === 'outside-space') return ledger.propose({ architecture: [...architecture, 0] as never });
        return ledger.propose({ architecture });
      });
    },
    tell: (results: readonly StrategyResult[]) => {
      if (flaw === 'accepts-anything') return;
      const accepted = ledger.accept({ functionName: 'flawed.tell', results });
      // A correct strategy would use `accepted` (sorted by id); the flawed one uses the caller's order.
      last = (flaw === 'order-dependent' ? results : accepted).at(-1)?.evaluation.accuracy ?? last;
    },
    pending: () => (flaw === 'forgets-pending' ? [] : ledger.pending()),
    getState: () => {
      if (flaw === 'state-changes-on-get') rng.float();
      return {
        strategy: 'flawed',
        version: 1,
        space: space.id,
        rng: flaw === 'state-without-rng' ? (createRng({ seed: 1 }).getState() as never) : (rng.getState() as never),
        ledger: ledger.getState() as never,
        ...(flaw === 'state-not-json' ? { extra: Number.POSITIVE_INFINITY } : {}),
        last,
      };
    },
  };
}

describe('checkStrategyConformance finds broken strategies', () => {
  const space = createProductSpace({ id: 'small', optionCounts: [3, 3, 3] });
  const check = (flaw?: string) =>
    checkStrategyConformance({ space, create: (from) => makeStrategy(space, from, flaw), rounds: 12 });

  it('passes the unflawed reference strategy', () => {
    expect(check().failures).toEqual([]);
  });

  it.each([
    ['state-without-rng', 'state-round-trip'],
    ['state-not-json', 'state-json'],
    ['accepts-anything', 'rejects-unknown-result'],
    ['accepts-anything', 'rejects-repeated-result'],
    ['forgets-pending', 'pending'],
    ['ignores-limit', 'ask-limit'],
  ])('flags a strategy with flaw %s in check %s', (flaw, checkName) => {
    const report = check(flaw);
    expect(report.passed).toBe(false);
    expect(report.checks.find((entry) => entry.name === checkName)?.passed).toBe(false);
  });

  it('flags proposals outside the space', () => {
    const report = check('outside-space');
    expect(report.checks.find((entry) => entry.name === 'proposals-valid')?.failures[0]).toMatch(/is not in space 'small'/);
  });

  it('flags getState() with side effects as non-deterministic', () => {
    const report = check('state-changes-on-get');
    expect(report.checks.find((entry) => entry.name === 'deterministic')?.passed).toBe(false);
  });

  it('flags order-dependent strategies and skips checks on request', () => {
    const create = (from: { seed: number } | { state: StrategyState }) => makeStrategy(space, from, 'order-dependent');
    const report = checkStrategyConformance({ space, create, rounds: 8 });
    expect(report.checks.find((entry) => entry.name === 'order-independent')?.passed).toBe(false);
    expect(report.checks.find((entry) => entry.name === 'tell-any-order')?.passed).toBe(true);
    const skipped = checkStrategyConformance({ space, create, rounds: 8, skip: ['order-independent', 'limit-independent'] });
    expect(skipped.failures).toEqual([]);
    expect(skipped.checks.map((entry) => entry.name)).not.toContain('order-independent');
    expect(skipped.passed).toBe(true);
  });

  it('reports a throwing factory instead of throwing', () => {
    const report = checkStrategyConformance({
      space,
      create: () => {
        throw new InvalidArgumentError({ functionName: 'createBroken', argument: 'space', message: 'nope' });
      },
    });
    expect(report.passed).toBe(false);
    expect(report.failures).toEqual(['creates: threw InvalidArgumentError: createBroken: nope']);
  });

  it('uses the given score function', () => {
    const seen: Proposal[] = [];
    checkStrategyConformance({
      space,
      create: (from) => makeStrategy(space, from),
      rounds: 3,
      score: (proposal) => {
        seen.push(proposal);
        return 42;
      },
      skip: ['pending', 'deterministic', 'state-json', 'state-round-trip', 'tell-any-order', 'order-independent', 'ask-limit', 'limit-independent', 'equal-scores', 'rejects-repeated-result', 'rejects-unknown-result'],
    });
    expect(seen).toHaveLength(3);
  });
});
