import type { Rng, SearchSpace } from '@fewshot/core';
import type { AskOptions, Proposal, SearchStrategy, StrategyResult, StrategyState } from '../contracts/strategy.js';
import { readLimit } from '../internal/ask-limit.js';
import { createBracketEngine } from '../internal/bracket-engine.js';
import { createHyperbandSchedule } from '../internal/hyperband-schedule.js';
import { asJson } from '../internal/json-cast.js';
import { resolveHyperparameters, setupStrategy, storeHyperparameters } from '../internal/strategy-setup.js';
import { checkMultiFidelity, multiFidelityDefaults } from '../internal/multi-fidelity.js';

/**
 * The multi-fidelity options shared by {@link createHyperband} and `createBohb`.
 *
 * @example
 * ```ts
 * // NAS-Bench-201 has two fidelities: the 12-epoch and the 200-epoch schedule.
 * const fidelity: MultiFidelityOptions = { minimumBudget: 12, maximumBudget: 200, eta: 3, fidelities: [12, 200] };
 * ```
 */
export interface MultiFidelityOptions {
  /** The smallest budget (training epochs). Default 12 (the few-shot NAS release: budgets 12..200). */
  readonly minimumBudget?: number;
  /** The largest budget; the final rung of every bracket runs at it. Default 200. */
  readonly maximumBudget?: number;
  /** Successive-halving rate: keep the best 1/eta, multiply the budget by eta. Default 3. */
  readonly eta?: number;
  /**
   * The fidelities the evaluator can answer (e.g. `[12, 200]` for NAS-Bench-201). Each rung's
   * budget is mapped to the nearest of them on a log scale (ties: the larger). Without it the
   * budget itself is passed as the fidelity (e.g. 22.2 epochs).
   */
  readonly fidelities?: readonly number[];
  /**
   * A configuration already evaluated at the same fidelity is not proposed again; the earlier
   * result is reused (useful when several budgets map to one fidelity). Default `true`.
   */
  readonly reuseResults?: boolean;
  /** Stop after this many HyperBand iterations (brackets). Default: never (the driver's budget stops it). */
  readonly maximumIterations?: number;
}

/**
 * Options of {@link createHyperband}. Give exactly one of `seed`, `rng` or `state`.
 *
 * @example
 * ```ts
 * const options: HyperbandOptions = { space: nasBench201, seed: 1, fidelities: [12, 200] };
 * ```
 */
export interface HyperbandOptions extends MultiFidelityOptions {
  /** The space to search. */
  readonly space: SearchSpace;
  /** Seed of a new generator. */
  readonly seed?: number | string;
  /** A generator to take over (the strategy advances it). */
  readonly rng?: Rng;
  /** A state saved with `getState()`, to continue a run. */
  readonly state?: StrategyState;
}

const name = 'hyperband';
const version = 1;

/**
 * HyperBand (Li et al. 2018): successive halving run in brackets of different
 * aggressiveness. Each bracket starts n uniformly random architectures at a small budget,
 * keeps the best 1/eta at eta times the budget, and so on up to the maximum budget;
 * brackets cycle from the most to the least aggressive. Proposals carry the `fidelity`
 * to evaluate at; `ask()` returns a whole rung (or `limit` of it) and an empty array while
 * the rung's results are outstanding.
 *
 * @example
 * ```ts
 * import { createHyperband, runSearch } from '@fewshot/strategies';
 * const strategy = createHyperband({ space: nasBench201, seed: 1, fidelities: [12, 200] });
 * const result = await runSearch({ strategy, evaluator: benchmark, budget: { evaluations: 300 } });
 * ```
 */
export function createHyperband(options: HyperbandOptions): SearchStrategy {
  const functionName = 'createHyperband';
  const { space, rng, state } = setupStrategy({ functionName, strategy: name, version, given: options });
  const hyperparameters = resolveHyperparameters({
    functionName,
    defaults: multiFidelityDefaults,
    given: {
      minimumBudget: options.minimumBudget,
      maximumBudget: options.maximumBudget,
      eta: options.eta,
      fidelities: options.fidelities,
      reuseResults: options.reuseResults,
      maximumIterations: options.maximumIterations,
    },
    state,
  });
  checkMultiFidelity(functionName, hyperparameters);
  const schedule = createHyperbandSchedule({
    functionName,
    minimumBudget: hyperparameters.minimumBudget,
    maximumBudget: hyperparameters.maximumBudget,
    eta: hyperparameters.eta,
    fidelities: hyperparameters.fidelities ?? null,
  });
  const engine = createBracketEngine({
    functionName,
    strategyName: name,
    space,
    schedule,
    reuseResults: hyperparameters.reuseResults,
    maximumIterations: hyperparameters.maximumIterations ?? null,
    sample: (count) => Array.from({ length: count }, () => space.sample(rng)),
    state,
  });
  return {
    name,
    space,
    ask: (askOptions?: AskOptions): Proposal[] => engine.ask(readLimit(`${name}.ask`, askOptions)),
    tell: (results: readonly StrategyResult[]): void => {
      engine.tell(results);
    },
    pending: () => engine.pending(),
    getState: (): StrategyState => ({
      strategy: name,
      version,
      space: space.id,
      options: asJson(storeHyperparameters(hyperparameters)),
      rng: asJson(rng.getState()),
      ...engine.getState(),
    }),
  };
}
