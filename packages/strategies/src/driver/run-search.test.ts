import { CancelledError, createRng, FewshotError, type Evaluator } from '@fewshot/core';
import { describe, expect, it } from 'vitest';
import type { SearchStrategy } from '../contracts/strategy.js';
import { createBohb } from '../strategies/bohb.js';
import { createHyperband } from '../strategies/hyperband.js';
import { createRandomSearch } from '../strategies/random-search.js';
import { createRegularizedEvolution } from '../strategies/regularized-evolution.js';
import { restoreStrategy } from '../strategies/restore-strategy.js';
import { createAdditiveLandscape } from '../testing/additive-landscape.js';
import { createProductSpace } from '../testing/product-space.js';
import { strategyFactories } from '../testing/strategy-factories.js';
import { runSearch } from './run-search.js';
import { SearchCancelledError } from './search-cancelled-error.js';
import type { SearchEvent } from './search-events.js';

const space = createProductSpace({ id: 'cell-6x5', optionCounts: [5, 5, 5, 5, 5, 5] });
const small = createProductSpace({ id: 'small-3x3', optionCounts: [3, 3, 3] });

describe('runSearch', () => {
  it('spends exactly the evaluation budget and records a monotone best-so-far and distinct count', async () => {
    const landscape = createAdditiveLandscape({ space, seed: 1 });
    const result = await runSearch({ strategy: createRegularizedEvolution({ space, seed: 1 }), evaluator: landscape.evaluator, budget: { evaluations: 120 } });
    expect(result.stopReason).toBe('evaluations');
    expect(result.evaluations).toBe(120);
    expect(result.points.map((point) => point.evaluations)).toEqual(Array.from({ length: 120 }, (_, index) => index + 1));
    const distinct = new Set(result.points.map((point) => point.proposal.architecture.join()));
    expect(result.distinctArchitectures).toBe(distinct.size);
    expect(result.distinctArchitectures).toBeLessThan(120); // evolution revisits architectures
    let previous = -Infinity;
    for (const point of result.points) {
      expect(point.best.accuracy).toBeGreaterThanOrEqual(previous);
      expect(point.best.accuracy).toBe(Math.max(...result.points.slice(0, point.evaluations).map((p) => p.evaluation.accuracy)));
      previous = point.best.accuracy;
    }
    expect(result.best).toEqual(result.points[119]!.best);
    expect(landscape.calls.architectures).toBe(120);
    expect(result.simulatedSeconds).toBe(0);
  });

  it('stops on simulated seconds, one evaluation at a time, keeping the evaluation that reaches the limit', async () => {
    const landscape = createAdditiveLandscape({ space, seed: 2, cost: 7 });
    const result = await runSearch({ strategy: createRandomSearch({ space, seed: 2, batchSize: 5 }), evaluator: landscape.evaluator, budget: { simulatedSeconds: 100 } });
    expect(result.stopReason).toBe('simulated-seconds');
    expect(result.evaluations).toBe(15); // 14 * 7 = 98 < 100 <= 105
    expect(result.simulatedSeconds).toBe(105);
    expect(landscape.calls.count).toBe(15);
  });

  it('ends when the strategy has nothing left to propose', async () => {
    const landscape = createAdditiveLandscape({ space: small, seed: 3 });
    const result = await runSearch({ strategy: createRandomSearch({ space: small, seed: 3 }), evaluator: landscape.evaluator, budget: { evaluations: 1000 } });
    expect(result.stopReason).toBe('strategy-finished');
    expect(result.evaluations).toBe(27);
    expect(result.best?.accuracy).toBeCloseTo(landscape.optimumAccuracy, 12);
  });

  it('asks the truth evaluator once per new incumbent and records its accuracy', async () => {
    const landscape = createAdditiveLandscape({ space, seed: 4 });
    const truthCalls: string[] = [];
    const truth: Evaluator = {
      name: 'truth',
      evaluate: async ({ architectures, fidelity }) => {
        expect(fidelity).toBe(200);
        truthCalls.push(architectures.map((architecture) => architecture.join()).join('|'));
        return architectures.map((architecture) => ({ architecture, accuracy: 100 - landscape.accuracy(architecture) }));
      },
    };
    const result = await runSearch({ strategy: createRandomSearch({ space, seed: 4 }), evaluator: landscape.evaluator, truth, truthFidelity: 200, budget: { evaluations: 50 } });
    const incumbents = new Set(result.points.map((point) => point.best.architecture.join()));
    expect(truthCalls).toHaveLength(incumbents.size);
    for (const point of result.points) expect(point.best.trueAccuracy).toBeCloseTo(100 - point.best.accuracy, 10);
  });

  it('groups proposals by fidelity and ranks a higher fidelity above a higher accuracy at a lower one', async () => {
    // At fidelity 12 accuracies are inflated: they must still never beat a 200-epoch result.
    const landscape = createAdditiveLandscape({ space, seed: 5, fidelityFactor: (fidelity) => (fidelity === 12 ? 1.5 : 1) });
    const events: SearchEvent[] = [];
    const result = await runSearch({
      strategy: createHyperband({ space, seed: 5, fidelities: [12, 200] }),
      evaluator: landscape.evaluator,
      budget: { evaluations: 40 },
      onEvent: (event) => events.push(event),
    });
    expect(new Set(landscape.calls.fidelities)).toEqual(new Set([12, 200]));
    const firstHigh = result.points.find((point) => point.proposal.fidelity === 200)!;
    expect(firstHigh.best.fidelity).toBe(200);
    for (const point of result.points.slice(firstHigh.evaluations - 1)) expect(point.best.fidelity).toBe(200);
    const lowBest = Math.max(...result.points.filter((point) => point.proposal.fidelity === 12).map((point) => point.evaluation.accuracy));
    expect(lowBest).toBeGreaterThan(result.best!.accuracy);
    // Event order: search-start, then per batch: batch-start, evaluation-end (+ best-change)..., batch-end; search-end last.
    expect(events[0]!.type).toBe('search-start');
    expect(events.at(-1)!.type).toBe('search-end');
    expect(events.filter((event) => event.type === 'evaluation-end')).toHaveLength(40);
    const batchStarts = events.filter((event) => event.type === 'batch-start').length;
    expect(events.filter((event) => event.type === 'batch-end')).toHaveLength(batchStarts);
    const bestChanges = events.filter((event) => event.type === 'best-change');
    expect(bestChanges.length).toBe(new Set(result.points.map((point) => point.best.foundAt)).size);
  });

  it('continues a saved run (state + progress) exactly like an uninterrupted run, for every strategy', async () => {
    for (const [label, factory] of Object.entries(strategyFactories)) {
      const landscape = createAdditiveLandscape({ space, seed: 6 });
      const uninterrupted = await runSearch({ strategy: factory(space)({ seed: 6 }), evaluator: landscape.evaluator, budget: { evaluations: 70 } });
      const first = factory(space)({ seed: 6 });
      const part = await runSearch({ strategy: first, evaluator: landscape.evaluator, budget: { evaluations: 33 } });
      const saved = JSON.parse(JSON.stringify({ state: first.getState(), progress: part }));
      const second = factory(space)({ state: saved.state });
      const rest = await runSearch({ strategy: second, evaluator: landscape.evaluator, budget: { evaluations: 70 }, previous: saved.progress });
      expect({ label, points: JSON.parse(JSON.stringify(rest.points)) }).toEqual({ label, points: JSON.parse(JSON.stringify(uninterrupted.points)) });
      expect(rest.best).toEqual(uninterrupted.best);
      expect(rest.distinctArchitectures).toBe(uninterrupted.distinctArchitectures);
    }
  });

  it('cancels through an AbortSignal with the partial trajectory, and resumes the outstanding batch', async () => {
    const landscape = createAdditiveLandscape({ space, seed: 7 });
    const reference = await runSearch({ strategy: createBohb({ space, seed: 7, fidelities: [12, 200] }), evaluator: landscape.evaluator, budget: { evaluations: 60 } });

    const controller = new AbortController();
    let calls = 0;
    const aborting: Evaluator = {
      name: 'aborting',
      evaluate: async (options) => {
        calls += 1;
        if (calls === 4) {
          controller.abort();
          throw new CancelledError({ functionName: 'aborting.evaluate', argument: 'signal', message: 'aborted' });
        }
        return landscape.evaluator.evaluate(options);
      },
    };
    const strategy = createBohb({ space, seed: 7, fidelities: [12, 200] });
    let error: unknown;
    try {
      await runSearch({ strategy, evaluator: aborting, budget: { evaluations: 60 }, signal: controller.signal });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SearchCancelledError);
    const cancelled = error as SearchCancelledError;
    expect(FewshotError.isInstance(cancelled) && cancelled.code).toBe('cancelled');
    expect(cancelled.message).toMatch(/^runSearch: the search was cancelled after \d+ evaluations$/);
    expect(cancelled.result.stopReason).toBe('cancelled');
    expect(cancelled.result.points.length).toBeGreaterThan(0);
    expect(cancelled.result.points).toEqual(reference.points.slice(0, cancelled.result.points.length));
    expect(strategy.pending().length).toBeGreaterThan(0); // the batch in flight

    const restored = restoreStrategy({ space, state: JSON.parse(JSON.stringify(strategy.getState())) });
    const resumed = await runSearch({ strategy: restored, evaluator: landscape.evaluator, budget: { evaluations: 60 }, previous: cancelled.result });
    expect(JSON.parse(JSON.stringify(resumed.points))).toEqual(JSON.parse(JSON.stringify(reference.points)));
  });

  it('rejects at once when the signal is already aborted', async () => {
    const landscape = createAdditiveLandscape({ space, seed: 8 });
    const controller = new AbortController();
    controller.abort();
    await expect(runSearch({ strategy: createRandomSearch({ space, seed: 8 }), evaluator: landscape.evaluator, budget: { evaluations: 5 }, signal: controller.signal })).rejects.toMatchObject({
      code: 'cancelled',
      result: { evaluations: 0, points: [] },
    });
    expect(landscape.calls.count).toBe(0);
  });

  it('rejects bad options, evaluators and strategies with typed errors', async () => {
    const landscape = createAdditiveLandscape({ space, seed: 9 });
    const strategy = () => createRandomSearch({ space, seed: 9 });
    await expect(runSearch({ strategy: strategy(), evaluator: landscape.evaluator, budget: {} })).rejects.toThrow(
      /runSearch: expected \{ evaluations \} and\/or \{ simulatedSeconds \}, got neither/,
    );
    await expect(runSearch({ strategy: strategy(), evaluator: landscape.evaluator, budget: { evaluations: 0 } })).rejects.toThrow(/runSearch: expected an integer >= 1, got 0/);
    await expect(runSearch({ strategy: {} as SearchStrategy, evaluator: landscape.evaluator, budget: { evaluations: 1 } })).rejects.toThrow(/runSearch: expected a SearchStrategy/);
    await expect(runSearch({ strategy: strategy(), evaluator: { name: 'x' } as Evaluator, budget: { evaluations: 1 } })).rejects.toThrow(/runSearch: expected an Evaluator/);
    const short: Evaluator = { name: 'short', evaluate: async () => [] };
    await expect(runSearch({ strategy: strategy(), evaluator: short, budget: { evaluations: 1 } })).rejects.toMatchObject({
      code: 'invalid-state',
      message: "runSearch: evaluator 'short' answered 0 evaluations for 1 architectures",
    });
    const broken: Evaluator = { name: 'broken', evaluate: async ({ architectures }) => architectures.map((architecture) => ({ architecture, accuracy: Number.NaN })) };
    await expect(runSearch({ strategy: strategy(), evaluator: broken, budget: { evaluations: 1 } })).rejects.toMatchObject({ code: 'numerical-error' });
    const negative: Evaluator = { name: 'negative', evaluate: async ({ architectures }) => architectures.map((architecture) => ({ architecture, accuracy: 1, cost: -1 })) };
    await expect(runSearch({ strategy: strategy(), evaluator: negative, budget: { evaluations: 1 } })).rejects.toThrow(/gave cost -1 .*expected seconds >= 0/);
    const rogue: SearchStrategy = { ...strategy(), ask: () => [{ id: 0, architecture: [9, 9, 9, 9, 9, 9] }] };
    await expect(runSearch({ strategy: rogue, evaluator: landscape.evaluator, budget: { evaluations: 1 } })).rejects.toThrow(
      /runSearch: strategy 'random-search' proposed .* which is not a proposal of space 'cell-6x5'/,
    );
    const other = await runSearch({ strategy: createRegularizedEvolution({ space, seed: 1 }), evaluator: landscape.evaluator, budget: { evaluations: 2 } });
    await expect(runSearch({ strategy: strategy(), evaluator: landscape.evaluator, budget: { evaluations: 3 }, previous: other })).rejects.toThrow(
      /runSearch: was produced by strategy 'regularized-evolution', not 'random-search'/,
    );
  });

  it('passes the signal to the evaluator and works with evaluators that ignore fidelity', async () => {
    const controller = new AbortController();
    const seen: (AbortSignal | undefined)[] = [];
    const evaluator: Evaluator = {
      name: 'spy',
      evaluate: async ({ architectures, signal }) => {
        seen.push(signal);
        const rng = createRng({ seed: architectures[0]!.join('') });
        return architectures.map((architecture) => ({ architecture, accuracy: rng.float() * 100 }));
      },
    };
    const result = await runSearch({ strategy: createRandomSearch({ space, seed: 10 }), evaluator, budget: { evaluations: 3 }, signal: controller.signal });
    expect(result.evaluations).toBe(3);
    expect(seen).toEqual([controller.signal, controller.signal, controller.signal]);
  });
});
