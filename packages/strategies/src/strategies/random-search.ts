import type { Architecture, Rng, SearchSpace } from '@fewshot/core';
import type { AskOptions, Proposal, SearchStrategy, StrategyResult, StrategyState } from '../contracts/strategy.js';
import { createProposalLedger, type ProposalLedgerState } from '../ledger/proposal-ledger.js';
import { architectureKey } from '../internal/architecture-key.js';
import { readLimit } from '../internal/ask-limit.js';
import { resolveHyperparameters, setupStrategy, stateField, storeHyperparameters } from '../internal/strategy-setup.js';
import { asJson } from '../internal/json-cast.js';
import { requireArray, requireBoolean, requireNumber } from '../internal/validate.js';

/**
 * Options of {@link createRandomSearch}. Give exactly one of `seed`, `rng` or `state`.
 *
 * @example
 * ```ts
 * const options: RandomSearchOptions = { space: nasBench201, seed: 1, avoidRepeats: true };
 * ```
 */
export interface RandomSearchOptions {
  /** The space to search. */
  readonly space: SearchSpace;
  /** Seed of a new generator. */
  readonly seed?: number | string;
  /** A generator to take over (the strategy advances it). */
  readonly rng?: Rng;
  /** A state saved with `getState()`, to continue a run. */
  readonly state?: StrategyState;
  /**
   * Sample without replacement: never propose an architecture twice, and finish once
   * every architecture of the space was proposed. Default `true`.
   */
  readonly avoidRepeats?: boolean;
  /** Proposals per `ask()` without a limit; larger batches suit batched evaluators (supernets). Default 1. */
  readonly batchSize?: number;
}

const name = 'random-search';
const version = 1;
const rejectionAttempts = 64;

/**
 * Random search: uniformly random architectures of the space (Bergstra & Bengio 2012;
 * Li & Talwalkar 2019 as a NAS baseline). By default it samples without replacement,
 * so on a finite space it ends after proposing every architecture once.
 *
 * @example
 * ```ts
 * import { createRandomSearch, runSearch } from '@fewshot/strategies';
 * const strategy = createRandomSearch({ space: nasBench201, seed: 1 });
 * const result = await runSearch({ strategy, evaluator, budget: { evaluations: 100 } });
 * console.log(result.best?.accuracy);
 * ```
 */
export function createRandomSearch(options: RandomSearchOptions): SearchStrategy {
  const functionName = 'createRandomSearch';
  const { space, rng, state } = setupStrategy({ functionName, strategy: name, version, given: options });
  const hyperparameters = resolveHyperparameters({
    functionName,
    defaults: { avoidRepeats: true as boolean, batchSize: 1 as number },
    given: { avoidRepeats: options.avoidRepeats, batchSize: options.batchSize },
    state,
  });
  requireBoolean(functionName, 'avoidRepeats', hyperparameters.avoidRepeats);
  requireNumber(functionName, 'batchSize', hyperparameters.batchSize, { integer: true, minimum: 1 });

  const ledger = createProposalLedger({
    space,
    functionName,
    ...(state === undefined ? {} : { state: stateField(functionName, state, 'ledger') as ProposalLedgerState }),
  });
  const seen = new Set<string>();
  if (state !== undefined) {
    for (const key of requireArray(functionName, 'state.seen', stateField(functionName, state, 'seen'))) seen.add(String(key));
  }

  const exhausted = (): boolean => hyperparameters.avoidRepeats && seen.size >= space.size;

  const nextArchitecture = (): Architecture => {
    if (!hyperparameters.avoidRepeats) return space.sample(rng);
    for (let attempt = 0; attempt < rejectionAttempts; attempt += 1) {
      const candidate = space.sample(rng);
      if (!seen.has(architectureKey(candidate))) return candidate;
    }
    // Most of the space is used up: choose uniformly among what is left.
    const unseen: Architecture[] = [];
    for (const architecture of space.enumerate()) if (!seen.has(architectureKey(architecture))) unseen.push(architecture);
    return rng.choice(unseen);
  };

  return {
    name,
    space,
    ask: (askOptions?: AskOptions): Proposal[] => {
      const limit = Math.min(readLimit(`${name}.ask`, askOptions) ?? Infinity, hyperparameters.batchSize);
      const proposals: Proposal[] = [];
      while (proposals.length < limit && !exhausted()) {
        const architecture = nextArchitecture();
        seen.add(architectureKey(architecture));
        proposals.push(ledger.propose({ architecture }));
      }
      return proposals;
    },
    tell: (results: readonly StrategyResult[]): void => {
      ledger.accept({ functionName: `${name}.tell`, results });
    },
    pending: () => ledger.pending(),
    getState: (): StrategyState => ({
      strategy: name,
      version,
      space: space.id,
      options: asJson(storeHyperparameters(hyperparameters)),
      rng: asJson(rng.getState()),
      ledger: asJson(ledger.getState()),
      seen: [...seen],
    }),
  };
}
