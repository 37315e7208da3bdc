import { StateError, type Architecture, type SearchSpace } from '@fewshot/core';
import type { JsonValue } from '../contracts/json.js';
import type { Proposal, StrategyResult } from '../contracts/strategy.js';
import { createProposalLedger, type ProposalLedger, type ProposalLedgerState } from '../ledger/proposal-ledger.js';
import { architectureKey } from './architecture-key.js';
import type { HyperbandSchedule, Rung } from './hyperband-schedule.js';
import { requireArchitecture, requireArray, requireNumber, requireObject } from './validate.js';

interface Configuration {
  readonly architecture: Architecture;
  accuracy: number | null;
}

interface Bracket {
  readonly iteration: number;
  rung: number;
  configurations: Configuration[];
  /** Configuration indices still to be proposed in this rung, in order. */
  queue: number[];
  /** proposal id -> configuration index, for this rung's pending proposals. */
  readonly owners: Map<number, number>;
}

/** A HyperBand scheduler around a configuration sampler (random for HyperBand, a model for BOHB). */
export interface BracketEngine {
  ask(limit: number | undefined): Proposal[];
  tell(results: readonly StrategyResult[]): StrategyResult[];
  pending(): Proposal[];
  getState(): { [key: string]: JsonValue };
}

/** Brackets in a row that may need no evaluation at all (every result reused) before the engine gives up. */
const maximumSilentBrackets = 10_000;

export function createBracketEngine(options: {
  readonly functionName: string;
  readonly strategyName: string;
  readonly space: SearchSpace;
  readonly schedule: HyperbandSchedule;
  readonly reuseResults: boolean;
  readonly maximumIterations: number | null;
  /** Draws `count` new configurations when bracket `iteration` starts. */
  readonly sample: (count: number) => Architecture[];
  readonly state: { readonly [key: string]: unknown } | undefined;
}): BracketEngine {
  const { functionName, strategyName, space, schedule, reuseResults, maximumIterations, sample } = options;
  const ledger: ProposalLedger = createProposalLedger({
    space,
    functionName,
    ...(options.state === undefined ? {} : { state: options.state['ledger'] as ProposalLedgerState }),
  });
  const cache = new Map<string, number>();
  let iteration = 0;
  let finished = false;
  let bracket: Bracket | null = null;
  const cacheKey = (architecture: Architecture, fidelity: number) => `${architectureKey(architecture)}@${fidelity}`;

  if (options.state !== undefined) {
    const state = options.state;
    iteration = requireNumber(functionName, 'state.iteration', state['iteration'], { integer: true, minimum: 0 });
    finished = state['finished'] === true;
    for (const [index, entry] of requireArray(functionName, 'state.cache', state['cache']).entries()) {
      const pair = requireArray(functionName, `state.cache[${index}]`, entry);
      cache.set(String(pair[0]), requireNumber(functionName, `state.cache[${index}][1]`, pair[1]));
    }
    if (state['bracket'] !== null && state['bracket'] !== undefined) {
      const stored = requireObject(functionName, 'state.bracket', state['bracket']);
      const configurations = requireArray(functionName, 'state.bracket.configurations', stored['configurations']).map((value, index) => {
        const item = requireObject(functionName, `state.bracket.configurations[${index}]`, value);
        return {
          architecture: requireArchitecture(functionName, `state.bracket.configurations[${index}].architecture`, item['architecture'], space),
          accuracy:
            item['accuracy'] === null ? null : requireNumber(functionName, `state.bracket.configurations[${index}].accuracy`, item['accuracy']),
        };
      });
      const indexOf = (value: unknown, argument: string) =>
        requireNumber(functionName, argument, value, { integer: true, minimum: 0, exclusiveMaximum: configurations.length });
      bracket = {
        iteration: requireNumber(functionName, 'state.bracket.iteration', stored['iteration'], { integer: true, minimum: 0 }),
        rung: requireNumber(functionName, 'state.bracket.rung', stored['rung'], { integer: true, minimum: 0 }),
        configurations,
        queue: requireArray(functionName, 'state.bracket.queue', stored['queue']).map((value, index) => indexOf(value, `state.bracket.queue[${index}]`)),
        owners: new Map(
          requireArray(functionName, 'state.bracket.owners', stored['owners']).map((entry, index) => {
            const pair = requireArray(functionName, `state.bracket.owners[${index}]`, entry);
            return [
              requireNumber(functionName, `state.bracket.owners[${index}][0]`, pair[0], { integer: true, minimum: 0 }),
              indexOf(pair[1], `state.bracket.owners[${index}][1]`),
            ] as const;
          }),
        ),
      };
    }
  }

  const rungOf = (current: Bracket): Rung => schedule.rungs(current.iteration)[current.rung] as Rung;

  const startRung = (current: Bracket): void => {
    const { fidelity } = rungOf(current);
    current.queue = [];
    current.configurations.forEach((configuration, index) => {
      const known = reuseResults ? cache.get(cacheKey(configuration.architecture, fidelity)) : undefined;
      configuration.accuracy = known ?? null;
      if (known === undefined) current.queue.push(index);
    });
  };

  /** Moves on to the next rung or bracket while the current rung is complete. */
  const advance = (): void => {
    let silentBrackets = 0;
    while (!finished) {
      if (bracket === null) {
        if (maximumIterations !== null && iteration >= maximumIterations) {
          finished = true;
          return;
        }
        const rungs = schedule.rungs(iteration);
        bracket = {
          iteration,
          rung: 0,
          configurations: sample((rungs[0] as Rung).count).map((architecture) => ({ architecture, accuracy: null })),
          queue: [],
          owners: new Map(),
        };
        startRung(bracket);
      }
      const current: Bracket = bracket;
      if (current.queue.length > 0 || current.owners.size > 0) return;
      const rungs = schedule.rungs(current.iteration);
      if (current.rung + 1 < rungs.length) {
        const keep = (rungs[current.rung + 1] as Rung).count;
        const ranked = current.configurations
          .map((configuration, index) => ({ configuration, index }))
          .sort((first, second) => (second.configuration.accuracy as number) - (first.configuration.accuracy as number) || first.index - second.index);
        current.configurations = ranked.slice(0, keep).map(({ configuration }) => ({ architecture: configuration.architecture, accuracy: null }));
        current.rung += 1;
        startRung(current);
      } else {
        bracket = null;
        iteration += 1;
        silentBrackets += 1;
        if (silentBrackets > maximumSilentBrackets) {
          // Every configuration of thousands of brackets was already evaluated: nothing new to learn.
          finished = true;
          return;
        }
      }
    }
  };

  return {
    ask: (limit) => {
      advance();
      if (finished || bracket === null) return [];
      const current: Bracket = bracket;
      const { fidelity } = rungOf(current);
      const take = current.queue.splice(0, limit ?? current.queue.length);
      return take.map((index) => {
        const proposal = ledger.propose({ architecture: (current.configurations[index] as Configuration).architecture, fidelity });
        current.owners.set(proposal.id, index);
        return proposal;
      });
    },
    tell: (results) => {
      const accepted = ledger.accept({ functionName: `${strategyName}.tell`, results });
      for (const { proposal, evaluation } of accepted) {
        const index = bracket?.owners.get(proposal.id);
        if (bracket === null || index === undefined) {
          throw new StateError({
            functionName: `${strategyName}.tell`,
            argument: 'results',
            message: `proposal ${proposal.id} does not belong to the current rung (internal state is inconsistent)`,
          });
        }
        bracket.owners.delete(proposal.id);
        (bracket.configurations[index] as Configuration).accuracy = evaluation.accuracy;
        if (reuseResults) cache.set(cacheKey(proposal.architecture, proposal.fidelity as number), evaluation.accuracy);
      }
      return accepted;
    },
    pending: () => ledger.pending(),
    getState: () => ({
      ledger: ledger.getState() as unknown as JsonValue,
      iteration,
      finished,
      cache: [...cache.entries()].map(([key, accuracy]) => [key, accuracy]),
      bracket:
        bracket === null
          ? null
          : {
              iteration: bracket.iteration,
              rung: bracket.rung,
              configurations: bracket.configurations.map(({ architecture, accuracy }) => ({ architecture: [...architecture], accuracy })),
              queue: [...bracket.queue],
              owners: [...bracket.owners.entries()].map(([id, index]) => [id, index]),
            },
    }),
  };
}
