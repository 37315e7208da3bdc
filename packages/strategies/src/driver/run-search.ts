import { InvalidArgumentError, NumericalError, StateError, type Architecture, type Evaluation, type Evaluator } from '@fewshot/core';
import type { Proposal, SearchStrategy, StrategyResult } from '../contracts/strategy.js';
import { architectureKey } from '../internal/architecture-key.js';
import { describe, requireNumber, requireObject } from '../internal/validate.js';
import { SearchCancelledError } from './search-cancelled-error.js';
import type { SearchBudget, SearchEvent } from './search-events.js';
import type { BestSoFar, SearchProgress, SearchResult, StopReason, TrajectoryPoint } from './search-result.js';

/**
 * Options of {@link runSearch}.
 *
 * @example
 * ```ts
 * const options: RunSearchOptions = {
 *   strategy: createRegularizedEvolution({ space: nasBench201, seed: 1 }),
 *   evaluator: supernetEvaluator,
 *   truth: benchmarkEvaluator,
 *   budget: { evaluations: 500 },
 * };
 * ```
 */
export interface RunSearchOptions {
  /** The strategy that proposes architectures; it is advanced in place. */
  readonly strategy: SearchStrategy;
  /** Scores the proposals: a benchmark oracle, a supernet, a few-shot ensemble, training from scratch. */
  readonly evaluator: Evaluator;
  /** When to stop; see {@link SearchBudget}. */
  readonly budget: SearchBudget;
  /** Cancels the search: `runSearch` rejects with a {@link SearchCancelledError} holding the partial result. */
  readonly signal?: AbortSignal;
  /** Receives the {@link SearchEvent}s synchronously; an exception thrown here ends the search. */
  readonly onEvent?: (event: SearchEvent) => void;
  /**
   * A ground-truth evaluator (e.g. a benchmark table): each new incumbent is also evaluated
   * by it (not counted in the budget) and recorded as `best.trueAccuracy`.
   */
  readonly truth?: Evaluator;
  /** The fidelity asked of `truth`. Default: none (the truth evaluator's default). */
  readonly truthFidelity?: number;
  /** A result or progress of an earlier run of the same strategy, to continue its trajectory and budget. */
  readonly previous?: SearchProgress;
}

const functionName = 'runSearch';

function isEvaluator(value: unknown): value is Evaluator {
  return typeof value === 'object' && value !== null && typeof (value as Evaluator).evaluate === 'function' && typeof (value as Evaluator).name === 'string';
}

function ranksAbove(candidate: { readonly accuracy: number; readonly fidelity?: number | undefined }, incumbent: BestSoFar | null): boolean {
  if (incumbent === null) return true;
  const candidateFidelity = candidate.fidelity ?? Infinity;
  const incumbentFidelity = incumbent.fidelity ?? Infinity;
  if (candidateFidelity !== incumbentFidelity) return candidateFidelity > incumbentFidelity;
  return candidate.accuracy > incumbent.accuracy;
}

/**
 * Runs a search: asks the strategy for proposals, evaluates them (grouped by fidelity, one
 * `evaluate` call per group), tells the results back, and records the trajectory with the
 * incumbent (best-so-far by the evaluator's accuracy), the distinct architectures, the
 * simulated time (sum of `Evaluation.cost`) and, with a `truth` evaluator, the true
 * accuracy of every incumbent. Proposals the strategy still has pending (a restored
 * strategy that was stopped mid-batch) are evaluated first. Stops at the budget, when the
 * strategy has nothing left to propose, or on abort.
 *
 * Works with any `Evaluator`; the strategy is advanced in place, so `strategy.getState()`
 * after (or during, on `batch-end`) the search can be saved to continue later.
 *
 * @example
 * ```ts
 * import { createRegularizedEvolution, runSearch } from '@fewshot/strategies';
 * const strategy = createRegularizedEvolution({ space: nasBench201, seed: 1 });
 * const result = await runSearch({
 *   strategy,
 *   evaluator: benchmark,
 *   budget: { evaluations: 300 },
 *   onEvent: (event) => { if (event.type === 'best-change') console.log(event.best.accuracy); },
 * });
 * console.log(result.best, result.distinctArchitectures);
 * ```
 */
export async function runSearch(options: RunSearchOptions): Promise<SearchResult> {
  const given = requireObject(functionName, 'options', options);
  const strategy = given['strategy'] as SearchStrategy;
  if (
    typeof strategy !== 'object' ||
    strategy === null ||
    typeof strategy.ask !== 'function' ||
    typeof strategy.tell !== 'function' ||
    typeof strategy.pending !== 'function' ||
    typeof strategy.name !== 'string' ||
    typeof strategy.space?.contains !== 'function'
  ) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'strategy',
      message: `expected a SearchStrategy (name, space, ask, tell, pending, getState), got ${describe(strategy)}`,
    });
  }
  if (!isEvaluator(options.evaluator)) {
    throw new InvalidArgumentError({ functionName, argument: 'evaluator', message: `expected an Evaluator (name, evaluate), got ${describe(options.evaluator)}` });
  }
  if (options.truth !== undefined && !isEvaluator(options.truth)) {
    throw new InvalidArgumentError({ functionName, argument: 'truth', message: `expected an Evaluator (name, evaluate), got ${describe(options.truth)}` });
  }
  if (options.truthFidelity !== undefined) requireNumber(functionName, 'truthFidelity', options.truthFidelity, { exclusiveMinimum: 0 });
  if (options.onEvent !== undefined && typeof options.onEvent !== 'function') {
    throw new InvalidArgumentError({ functionName, argument: 'onEvent', message: `expected a function, got ${describe(options.onEvent)}` });
  }
  if (options.signal !== undefined && (typeof options.signal !== 'object' || options.signal === null || typeof options.signal.aborted !== 'boolean')) {
    throw new InvalidArgumentError({ functionName, argument: 'signal', message: `expected an AbortSignal, got ${describe(options.signal)}` });
  }
  const budget = requireObject(functionName, 'budget', options.budget) as SearchBudget;
  if (budget.evaluations === undefined && budget.simulatedSeconds === undefined) {
    throw new InvalidArgumentError({ functionName, argument: 'budget', message: 'expected { evaluations } and/or { simulatedSeconds }, got neither' });
  }
  if (budget.evaluations !== undefined) requireNumber(functionName, 'budget.evaluations', budget.evaluations, { integer: true, minimum: 1 });
  if (budget.simulatedSeconds !== undefined) requireNumber(functionName, 'budget.simulatedSeconds', budget.simulatedSeconds, { exclusiveMinimum: 0 });

  const { evaluator, truth, truthFidelity, signal, onEvent } = options;
  const points: TrajectoryPoint[] = [];
  const seen = new Set<string>();
  const truthCache = new Map<string, number>();
  let best: BestSoFar | null = null;
  let simulatedSeconds = 0;

  if (options.previous !== undefined) {
    const previous = requireObject(functionName, 'previous', options.previous) as unknown as SearchProgress;
    if (previous.strategy !== strategy.name) {
      throw new InvalidArgumentError({
        functionName,
        argument: 'previous',
        message: `was produced by strategy '${String(previous.strategy)}', not '${strategy.name}'`,
      });
    }
    if (!Array.isArray(previous.points)) {
      throw new InvalidArgumentError({ functionName, argument: 'previous.points', message: `expected an array, got ${describe(previous.points)}` });
    }
    for (const point of previous.points) {
      points.push(point);
      seen.add(architectureKey(point.proposal.architecture));
      if (point.best.trueAccuracy !== undefined) truthCache.set(architectureKey(point.best.architecture), point.best.trueAccuracy);
    }
    best = previous.best ?? null;
    simulatedSeconds = requireNumber(functionName, 'previous.simulatedSeconds', previous.simulatedSeconds, { minimum: 0 });
  }
  const previousEvaluations = points.length;

  const emit = (event: SearchEvent): void => onEvent?.(event);
  const progress = (): SearchProgress => ({
    strategy: strategy.name,
    evaluator: evaluator.name,
    points: [...points],
    best,
    evaluations: points.length,
    distinctArchitectures: seen.size,
    simulatedSeconds,
  });
  const cancelled = (cause?: unknown): SearchCancelledError =>
    new SearchCancelledError({
      functionName,
      argument: 'signal',
      message: `the search was cancelled after ${points.length} evaluations`,
      ...(cause === undefined ? {} : { cause }),
      result: { ...progress(), stopReason: 'cancelled' },
    });
  const throwIfAborted = (): void => {
    if (signal?.aborted === true) throw cancelled(signal.reason);
  };
  /** Awaits an evaluator call; turns a failure after an abort into the search's cancellation. */
  const call = async (target: Evaluator, architectures: readonly Architecture[], fidelity: number | undefined): Promise<readonly Evaluation[]> => {
    throwIfAborted();
    let answers: readonly Evaluation[];
    try {
      answers = await target.evaluate({
        architectures,
        ...(fidelity === undefined ? {} : { fidelity }),
        ...(signal === undefined ? {} : { signal }),
      });
    } catch (error) {
      if (signal?.aborted === true) throw cancelled(error);
      throw error;
    }
    throwIfAborted();
    if (!Array.isArray(answers) || answers.length !== architectures.length) {
      throw new StateError({
        functionName,
        argument: 'evaluator',
        message: `evaluator '${target.name}' answered ${Array.isArray(answers) ? answers.length : describe(answers)} evaluations for ${architectures.length} architectures`,
      });
    }
    answers.forEach((answer, index) => {
      if (typeof answer !== 'object' || answer === null || typeof answer.accuracy !== 'number' || !Number.isFinite(answer.accuracy)) {
        throw new NumericalError({
          functionName,
          argument: 'evaluator',
          message: `evaluator '${target.name}' gave accuracy ${describe((answer as { accuracy?: unknown } | null)?.accuracy)} for [${(architectures[index] as Architecture).join(', ')}]`,
        });
      }
      if (answer.cost !== undefined && (typeof answer.cost !== 'number' || !Number.isFinite(answer.cost) || answer.cost < 0)) {
        throw new NumericalError({
          functionName,
          argument: 'evaluator',
          message: `evaluator '${target.name}' gave cost ${describe(answer.cost)} for [${(architectures[index] as Architecture).join(', ')}]; expected seconds >= 0`,
        });
      }
    });
    return answers;
  };
  const trueAccuracyOf = async (architecture: Architecture): Promise<number | undefined> => {
    if (truth === undefined) return undefined;
    const key = architectureKey(architecture);
    const known = truthCache.get(key);
    if (known !== undefined) return known;
    const [answer] = await call(truth, [architecture], truthFidelity);
    const accuracy = (answer as Evaluation).accuracy;
    truthCache.set(key, accuracy);
    return accuracy;
  };
  const limitReached = (): StopReason | undefined => {
    if (budget.evaluations !== undefined && points.length >= budget.evaluations) return 'evaluations';
    if (budget.simulatedSeconds !== undefined && simulatedSeconds >= budget.simulatedSeconds) return 'simulated-seconds';
    return undefined;
  };
  const checkProposals = (proposals: unknown, limit: number | undefined): Proposal[] => {
    if (!Array.isArray(proposals)) {
      throw new StateError({ functionName, argument: 'strategy', message: `strategy '${strategy.name}' returned ${describe(proposals)} from ask instead of an array` });
    }
    if (limit !== undefined && proposals.length > limit) {
      throw new StateError({ functionName, argument: 'strategy', message: `strategy '${strategy.name}' returned ${proposals.length} proposals for limit ${limit}` });
    }
    for (const proposal of proposals as Proposal[]) {
      const valid =
        typeof proposal === 'object' &&
        proposal !== null &&
        Number.isInteger(proposal.id) &&
        Array.isArray(proposal.architecture) &&
        strategy.space.contains(proposal.architecture) &&
        (proposal.fidelity === undefined || (typeof proposal.fidelity === 'number' && Number.isFinite(proposal.fidelity) && proposal.fidelity > 0));
      if (!valid) {
        throw new StateError({
          functionName,
          argument: 'strategy',
          message: `strategy '${strategy.name}' proposed ${describe(proposal)}, which is not a proposal of space '${strategy.space.id}'`,
        });
      }
    }
    return proposals as Proposal[];
  };

  emit({ type: 'search-start', strategy: strategy.name, evaluator: evaluator.name, budget, previousEvaluations });
  let stopReason: StopReason | undefined;
  for (;;) {
    throwIfAborted();
    stopReason = limitReached();
    if (stopReason !== undefined) break;
    const remaining = budget.evaluations === undefined ? undefined : budget.evaluations - points.length;
    const limit = budget.simulatedSeconds !== undefined ? 1 : remaining;
    const outstanding = strategy.pending();
    const proposals = checkProposals(
      outstanding.length > 0 ? outstanding.slice(0, limit ?? outstanding.length) : strategy.ask(limit === undefined ? undefined : { limit }),
      limit,
    );
    if (proposals.length === 0) {
      stopReason = 'strategy-finished';
      break;
    }
    emit({ type: 'batch-start', proposals });

    const answers = new Array<Evaluation>(proposals.length);
    const groups = new Map<number | undefined, number[]>();
    proposals.forEach((proposal, index) => {
      const group = groups.get(proposal.fidelity) ?? [];
      group.push(index);
      groups.set(proposal.fidelity, group);
    });
    for (const [fidelity, indices] of groups) {
      const evaluations = await call(
        evaluator,
        indices.map((index) => (proposals[index] as Proposal).architecture),
        fidelity,
      );
      indices.forEach((index, position) => {
        answers[index] = evaluations[position] as Evaluation;
      });
    }
    const results: StrategyResult[] = proposals.map((proposal, index) => ({ proposal, evaluation: answers[index] as Evaluation }));
    strategy.tell(results);

    for (const { proposal, evaluation } of results) {
      simulatedSeconds += evaluation.cost ?? 0;
      seen.add(architectureKey(proposal.architecture));
      const candidate = { accuracy: evaluation.accuracy, fidelity: proposal.fidelity };
      const changed = ranksAbove(candidate, best);
      if (changed) {
        const trueAccuracy = await trueAccuracyOf(proposal.architecture);
        best = {
          architecture: proposal.architecture,
          accuracy: evaluation.accuracy,
          ...(proposal.fidelity === undefined ? {} : { fidelity: proposal.fidelity }),
          foundAt: points.length + 1,
          ...(trueAccuracy === undefined ? {} : { trueAccuracy }),
        };
      }
      const point: TrajectoryPoint = {
        evaluations: points.length + 1,
        proposal,
        evaluation,
        simulatedSeconds,
        distinctArchitectures: seen.size,
        best: best as BestSoFar,
      };
      points.push(point);
      emit({ type: 'evaluation-end', point });
      if (changed) emit({ type: 'best-change', best: point.best, point });
    }
    if (onEvent !== undefined) emit({ type: 'batch-end', progress: progress() }); // a snapshot costs a copy of the points
  }
  const result: SearchResult = { ...progress(), stopReason };
  emit({ type: 'search-end', result });
  return result;
}

