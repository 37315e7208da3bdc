import { FewshotError, type SearchSpace } from '@fewshot/core';
import type { Proposal, SearchStrategy, StrategyResult, StrategyState } from '../contracts/strategy.js';

/**
 * The names of the checks of {@link checkStrategyConformance}.
 *
 * @example
 * ```ts
 * const skip: ConformanceCheckName[] = ['limit-independent'];
 * ```
 */
export type ConformanceCheckName =
  | 'creates'
  | 'proposals-valid'
  | 'pending'
  | 'deterministic'
  | 'state-json'
  | 'state-round-trip'
  | 'tell-any-order'
  | 'order-independent'
  | 'rejects-unknown-result'
  | 'rejects-repeated-result'
  | 'ask-limit'
  | 'limit-independent'
  | 'equal-scores';

/**
 * Options of {@link checkStrategyConformance}.
 *
 * @example
 * ```ts
 * const options: StrategyConformanceOptions = {
 *   space: nasBench201,
 *   create: (from) => createRegularizedEvolution({ space: nasBench201, ...from }),
 * };
 * ```
 */
export interface StrategyConformanceOptions {
  /** The space the strategy is created for. */
  readonly space: SearchSpace;
  /** Creates the strategy under test from a seed, or restores it from a state. */
  readonly create: (
    from:
      | {
          /** Create a fresh strategy seeded with this (the checker compares two equal seeds). */
          readonly seed: number;
        }
      | {
          /** Restore the strategy from this state, taken with `getState()` during the check. */
          readonly state: StrategyState;
        },
  ) => SearchStrategy;
  /** Ask/tell rounds per scenario (a round is one `ask` and the `tell` of its results). Default 40. */
  readonly rounds?: number;
  /**
   * The accuracy reported for a proposal. Default: a deterministic synthetic landscape
   * (accuracy grows with the number of decisions matching a fixed target, lower at low fidelity).
   */
  readonly score?: (proposal: Proposal) => number;
  /** Checks not to run. */
  readonly skip?: readonly ConformanceCheckName[];
}

/**
 * The outcome of one check.
 *
 * @example
 * ```ts
 * const check: ConformanceCheck = { name: 'deterministic', passed: true, failures: [] };
 * ```
 */
export interface ConformanceCheck {
  /** Which check. */
  readonly name: ConformanceCheckName;
  /** True when it found nothing wrong. */
  readonly passed: boolean;
  /** What went wrong, one sentence each. */
  readonly failures: readonly string[];
}

/**
 * The outcome of {@link checkStrategyConformance}.
 *
 * @example
 * ```ts
 * const report: ConformanceReport = checkStrategyConformance({ space, create });
 * if (!report.passed) throw new Error(report.failures.join('\n'));
 * ```
 */
export interface ConformanceReport {
  /** True when every check that ran passed. */
  readonly passed: boolean;
  /** Every check that ran, in order. */
  readonly checks: readonly ConformanceCheck[];
  /** All failures, each prefixed with its check's name. */
  readonly failures: readonly string[];
}

type From = { readonly seed: number } | { readonly state: StrategyState };

interface DriveOptions {
  readonly rounds: number;
  readonly score: (proposal: Proposal) => number;
  readonly limit?: number;
  /** Tell in reverse order, split in two calls. */
  readonly shuffle?: boolean;
  /** Called after each ask (before tell) and after each tell. */
  readonly onStep?: (step: { readonly round: number; readonly phase: 'asked' | 'told'; readonly strategy: SearchStrategy; readonly asked: readonly Proposal[] }) => void;
}

const describeProposal = (proposal: Proposal | undefined): string =>
  proposal === undefined
    ? 'nothing'
    : `#${proposal.id} [${Array.isArray(proposal.architecture) ? proposal.architecture.join(', ') : String(proposal.architecture)}]${proposal.fidelity === undefined ? '' : ` @${proposal.fidelity}`}`;

function proposalKey(proposal: Proposal): string {
  return JSON.stringify([proposal.id, proposal.architecture, proposal.fidelity ?? null]);
}

function resultsFor(proposals: readonly Proposal[], score: (proposal: Proposal) => number): StrategyResult[] {
  return proposals.map((proposal) => ({ proposal, evaluation: { architecture: proposal.architecture, accuracy: score(proposal) } }));
}

/** Runs ask/tell rounds; returns the proposals in order. */
function drive(strategy: SearchStrategy, options: DriveOptions): Proposal[] {
  const trace: Proposal[] = [];
  for (let round = 0; round < options.rounds; round += 1) {
    const asked = options.limit === undefined ? strategy.ask() : strategy.ask({ limit: options.limit });
    if (asked.length === 0) break;
    trace.push(...asked);
    options.onStep?.({ round, phase: 'asked', strategy, asked });
    const results = resultsFor(asked, options.score);
    if (options.shuffle === true && results.length > 1) {
      const reversed = [...results].reverse();
      const middle = Math.ceil(reversed.length / 2);
      strategy.tell(reversed.slice(0, middle));
      strategy.tell(reversed.slice(middle));
    } else {
      strategy.tell(results);
    }
    options.onStep?.({ round, phase: 'told', strategy, asked });
  }
  return trace;
}

/** The first difference between two proposal sequences, or undefined. */
function compareTraces(expected: readonly Proposal[], actual: readonly Proposal[]): string | undefined {
  const length = Math.max(expected.length, actual.length);
  for (let index = 0; index < length; index += 1) {
    const first = expected[index];
    const second = actual[index];
    if (first === undefined || second === undefined || proposalKey(first) !== proposalKey(second)) {
      return `proposal ${index} differs: expected ${describeProposal(first)}, got ${describeProposal(second)}`;
    }
  }
  return undefined;
}

/** Where a value stops being plain JSON data, or undefined when it is. */
function jsonProblem(value: unknown, path: string): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0) ? undefined : `${path} is ${String(value)}`;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      const problem = jsonProblem(value[index], `${path}[${index}]`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (typeof value === 'object') {
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) return `${path} is a ${prototype?.constructor?.name ?? 'non-plain object'}`;
    for (const [key, entry] of Object.entries(value)) {
      const problem = jsonProblem(entry, `${path}.${key}`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  return `${path} is ${typeof value}`;
}

const defaultScore =
  (space: SearchSpace) =>
  (proposal: Proposal): number => {
    let matches = 0;
    let tieBreak = 0;
    proposal.architecture.forEach((option, decision) => {
      const count = space.decisions[decision]?.options.length ?? 1;
      if (option === (decision * 7 + 3) % count) matches += 1;
      tieBreak = (tieBreak * 31 + option + 1) % 997;
    });
    const full = 40 + (50 * matches) / Math.max(1, proposal.architecture.length) + tieBreak / 1000;
    return proposal.fidelity === undefined ? full : full * (proposal.fidelity / (proposal.fidelity + 4));
  };

/**
 * Checks that a {@link SearchStrategy} keeps the ask/tell contract, without any test
 * framework: proposals belong to the space with unique ids and valid fidelities; `pending`
 * tracks what was asked and not told; the same seed gives the same proposals; `getState`
 * is plain JSON, has no side effects, and restoring it (after a tell, or between an ask and
 * its tell) continues exactly like an uninterrupted run; results are accepted in any order
 * and grouping, and the order within a batch does not change what follows; unknown or
 * repeated results are rejected with a `FewshotError` (code `invalid-argument`) without
 * changing the state; `ask({ limit })` respects the limit and does not change the sequence
 * of proposals; equal scores (ties everywhere) work. Never throws for a non-conforming
 * strategy: every problem is a line in the report.
 *
 * @example
 * ```ts
 * import { checkStrategyConformance } from '@fewshot/strategies';
 * const report = checkStrategyConformance({
 *   space: nasBench201,
 *   create: (from) => createMyStrategy({ space: nasBench201, ...from }),
 * });
 * console.log(report.passed, report.failures);
 * ```
 */
export function checkStrategyConformance(options: StrategyConformanceOptions): ConformanceReport {
  const { space, create } = options;
  const rounds = options.rounds ?? 40;
  const score = options.score ?? defaultScore(space);
  const skip = new Set(options.skip ?? []);
  const checks: ConformanceCheck[] = [];
  const seed = 20_21;

  const run = (name: ConformanceCheckName, body: (fail: (message: string) => void) => void): void => {
    if (skip.has(name)) return;
    const failures: string[] = [];
    try {
      body((message) => failures.push(message));
    } catch (error) {
      failures.push(`threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    }
    checks.push({ name, passed: failures.length === 0, failures });
  };
  const fresh = (from: From = { seed }): SearchStrategy => create(from);
  const restore = (strategy: SearchStrategy): SearchStrategy => create({ state: JSON.parse(JSON.stringify(strategy.getState())) as StrategyState });

  let reference: Proposal[] = [];
  run('creates', (fail) => {
    const strategy = fresh();
    if (typeof strategy !== 'object' || strategy === null) return fail(`create returned ${String(strategy)}`);
    for (const method of ['ask', 'tell', 'pending', 'getState'] as const) {
      if (typeof strategy[method] !== 'function') fail(`the strategy has no ${method}() method`);
    }
    if (typeof strategy.name !== 'string' || strategy.name.length === 0) fail('the strategy has no name');
    if (strategy.space?.id !== space.id) fail(`strategy.space is '${String(strategy.space?.id)}', expected '${space.id}'`);
    if (strategy.getState().strategy !== strategy.name) fail(`getState().strategy is '${String(strategy.getState().strategy)}', expected '${strategy.name}'`);
  });
  if (checks.some((check) => !check.passed)) return report(checks);

  run('proposals-valid', (fail) => {
    reference = drive(fresh(), { rounds, score });
    if (reference.length === 0) fail('the strategy proposed nothing');
    const ids = new Set<number>();
    for (const proposal of reference) {
      if (!Number.isSafeInteger(proposal.id) || proposal.id < 0) fail(`proposal id ${String(proposal.id)} is not a non-negative integer`);
      if (ids.has(proposal.id)) fail(`proposal id ${proposal.id} was used twice`);
      ids.add(proposal.id);
      if (!Array.isArray(proposal.architecture) || !space.contains(proposal.architecture)) fail(`${describeProposal(proposal)} is not in space '${space.id}'`);
      if (proposal.fidelity !== undefined && !(typeof proposal.fidelity === 'number' && Number.isFinite(proposal.fidelity) && proposal.fidelity > 0)) {
        fail(`${describeProposal(proposal)} has an invalid fidelity`);
      }
    }
  });

  run('pending', (fail) => {
    drive(fresh(), {
      rounds,
      score,
      onStep: ({ round, phase, strategy, asked }) => {
        const pending = new Set(strategy.pending().map((proposal) => proposal.id));
        for (const proposal of asked) {
          if (phase === 'asked' && !pending.has(proposal.id)) fail(`round ${round}: ${describeProposal(proposal)} is not pending after ask`);
          if (phase === 'told' && pending.has(proposal.id)) fail(`round ${round}: ${describeProposal(proposal)} is still pending after tell`);
        }
      },
    });
  });

  run('deterministic', (fail) => {
    const again = drive(fresh(), { rounds, score, onStep: ({ strategy }) => void strategy.getState() });
    const difference = compareTraces(reference, again);
    if (difference !== undefined) fail(`a second run with the same seed (calling getState() in between) differs: ${difference}`);
  });

  run('state-json', (fail) => {
    drive(fresh(), {
      rounds,
      score,
      onStep: ({ round, phase, strategy }) => {
        const problem = jsonProblem(strategy.getState(), 'state');
        if (problem !== undefined) fail(`round ${round} (${phase}): ${problem}`);
      },
    });
  });

  run('state-round-trip', (fail) => {
    const checkpoints = [...new Set([0, 1, Math.floor(rounds / 2), rounds - 1])].filter((round) => round >= 0 && round < rounds);
    for (const checkpoint of checkpoints) {
      for (const phase of ['told', 'asked'] as const) {
        const original = fresh();
        const trace: Proposal[] = [];
        let continued: Proposal[] | undefined;
        let stateProblem: string | undefined;
        drive(original, {
          rounds: checkpoint + 1,
          score,
          onStep: (step) => {
            if (step.phase === 'asked') trace.push(...step.asked);
            if (step.round !== checkpoint || step.phase !== phase) return;
            const restored = restore(step.strategy);
            if (JSON.stringify(restored.getState()) !== JSON.stringify(step.strategy.getState())) {
              stateProblem = 'the restored strategy reports a different state than the original';
            }
            if (phase === 'asked') {
              const pendingIds = new Set(restored.pending().map((proposal) => proposal.id));
              const missing = step.asked.filter((proposal) => !pendingIds.has(proposal.id));
              if (missing.length > 0) stateProblem = `the restored strategy lost pending proposal ${describeProposal(missing[0])}`;
              restored.tell(resultsFor(step.asked, score));
            }
            continued = drive(restored, { rounds: rounds - checkpoint - 1, score });
          },
        });
        const where = `after round ${checkpoint} (${phase === 'told' ? 'after tell' : 'between ask and tell'})`;
        if (stateProblem !== undefined) fail(`${where}: ${stateProblem}`);
        if (continued === undefined) continue; // the strategy finished before the checkpoint
        const difference = compareTraces(reference, [...trace, ...continued]);
        if (difference !== undefined) fail(`${where}: the restored run diverges: ${difference}`);
      }
    }
  });

  let shuffled: Proposal[] = [];
  run('tell-any-order', () => {
    shuffled = drive(fresh(), { rounds, score, shuffle: true });
  });

  run('order-independent', (fail) => {
    if (shuffled.length === 0) shuffled = drive(fresh(), { rounds, score, shuffle: true });
    const difference = compareTraces(reference, shuffled);
    if (difference !== undefined) fail(`telling each batch in reverse order, in two calls, changed the run: ${difference}`);
  });

  run('rejects-unknown-result', (fail) => {
    const strategy = fresh();
    const asked = strategy.ask();
    if (asked.length === 0) return fail('the first ask returned nothing');
    const before = JSON.stringify(strategy.getState());
    const first = asked[0] as Proposal;
    const unknownId = Math.max(...asked.map((proposal) => proposal.id)) + 1_000_000;
    const bogus = { proposal: { ...first, id: unknownId }, evaluation: { architecture: first.architecture, accuracy: 50 } };
    expectRejection(fail, 'a result for a proposal that was never asked', () => strategy.tell([...resultsFor(asked, score), bogus]));
    if (JSON.stringify(strategy.getState()) !== before) fail('a rejected tell changed the state');
    strategy.tell(resultsFor(asked, score));
  });

  run('rejects-repeated-result', (fail) => {
    const strategy = fresh();
    const asked = strategy.ask();
    if (asked.length === 0) return fail('the first ask returned nothing');
    const results = resultsFor(asked, score);
    expectRejection(fail, 'the same result twice in one batch', () => strategy.tell([...results, results[0] as StrategyResult]));
    strategy.tell(results);
    const before = JSON.stringify(strategy.getState());
    expectRejection(fail, 'a result that was already told', () => strategy.tell([results[0] as StrategyResult]));
    if (JSON.stringify(strategy.getState()) !== before) fail('a rejected tell changed the state');
  });

  let limited: Proposal[] = [];
  run('ask-limit', (fail) => {
    limited = drive(fresh(), {
      rounds: Math.max(rounds, reference.length),
      score,
      limit: 1,
      onStep: ({ round, phase, asked }) => {
        if (phase === 'asked' && asked.length > 1) fail(`round ${round}: ask({ limit: 1 }) returned ${asked.length} proposals`);
      },
    });
  });

  run('limit-independent', (fail) => {
    if (limited.length === 0) limited = drive(fresh(), { rounds: Math.max(rounds, reference.length), score, limit: 1 });
    const difference = compareTraces(reference, limited.slice(0, reference.length));
    if (difference !== undefined) fail(`asking one proposal at a time changed the sequence: ${difference}`);
  });

  run('equal-scores', (fail) => {
    for (const constant of [0, 50, 100]) {
      const strategy = fresh({ seed: seed + 1 });
      const trace = drive(strategy, { rounds, score: () => constant });
      for (const proposal of trace) {
        if (!space.contains(proposal.architecture)) fail(`with every accuracy ${constant}: ${describeProposal(proposal)} is not in the space`);
      }
      const problem = jsonProblem(strategy.getState(), 'state');
      if (problem !== undefined) fail(`with every accuracy ${constant}: ${problem}`);
    }
  });

  return report(checks);
}

function expectRejection(fail: (message: string) => void, what: string, action: () => void): void {
  try {
    action();
  } catch (error) {
    if (!FewshotError.isInstance(error)) fail(`${what} was rejected with a ${error instanceof Error ? error.name : typeof error}, not a FewshotError`);
    else if (error.code !== 'invalid-argument') fail(`${what} was rejected with code '${error.code}', expected 'invalid-argument'`);
    return;
  }
  fail(`${what} was accepted`);
}

function report(checks: readonly ConformanceCheck[]): ConformanceReport {
  const failures = checks.flatMap((check) => check.failures.map((failure) => `${check.name}: ${failure}`));
  return { passed: failures.length === 0, checks, failures };
}
