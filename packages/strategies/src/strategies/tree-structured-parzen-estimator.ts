import { InvalidArgumentError, type Architecture, type Rng, type SearchSpace } from '@fewshot/core';
import type { AskOptions, Proposal, SearchStrategy, StrategyResult, StrategyState } from '../contracts/strategy.js';
import { createProposalLedger, type ProposalLedgerState } from '../ledger/proposal-ledger.js';
import { readLimit } from '../internal/ask-limit.js';
import { asJson } from '../internal/json-cast.js';
import { resolveHyperparameters, setupStrategy, stateField, storeHyperparameters } from '../internal/strategy-setup.js';
import { requireArchitecture, requireArray, requireNumber, requireObject } from '../internal/validate.js';

/**
 * Options of {@link createTreeStructuredParzenEstimator}. Give exactly one of `seed`, `rng` or `state`.
 * The defaults are hyperopt's (`tpe.suggest`), which the few-shot NAS release ran.
 *
 * @example
 * ```ts
 * const options: TreeStructuredParzenEstimatorOptions = { space: nasBench201, seed: 1, gamma: 0.25, candidates: 24 };
 * ```
 */
export interface TreeStructuredParzenEstimatorOptions {
  /** The space to search. */
  readonly space: SearchSpace;
  /** Seed of a new generator. */
  readonly seed?: number | string;
  /** A generator to take over (the strategy advances it). */
  readonly rng?: Rng;
  /** A state saved with `getState()`, to continue a run. */
  readonly state?: StrategyState;
  /** Uniformly random proposals before the model is used. Default 20 (hyperopt's `n_startup_jobs`). */
  readonly startupTrials?: number;
  /** Candidates drawn from l(x) per proposal; the one with the largest l(x)/g(x) wins. Default 24. */
  readonly candidates?: number;
  /** Quantile that defines the good set (see `gammaScaling`). Default 0.25. */
  readonly gamma?: number;
  /**
   * How the good-set size grows with n observations: `square-root` = ceil(gamma * sqrt(n))
   * (hyperopt, default), `linear` = ceil(gamma * n) (the paper's plain quantile; Optuna uses
   * it with gamma 0.1).
   */
  readonly gammaScaling?: 'square-root' | 'linear';
  /** Upper bound of the good-set size. Default 25 (hyperopt caps it at its forgetting window). */
  readonly maximumGoodObservations?: number;
  /** Pseudo-count added to every option of every decision in both densities. Default 1. */
  readonly priorWeight?: number;
  /**
   * The newest this-many observations of each set weigh 1; older ones ramp linearly
   * down to 1/n (hyperopt's linear forgetting). Default 25.
   */
  readonly linearForgetting?: number;
}

const name = 'tree-structured-parzen-estimator';
const version = 1;

interface Observation {
  readonly id: number;
  readonly architecture: Architecture;
  readonly accuracy: number;
}

/** hyperopt-style weights for `count` observations in chronological order. */
function forgettingWeights(count: number, window: number): number[] {
  if (count <= window) return new Array<number>(count).fill(1);
  const rampLength = count - window;
  const ramp = Array.from({ length: rampLength }, (_, index) =>
    rampLength === 1 ? 1 / count : 1 / count + ((1 - 1 / count) * index) / (rampLength - 1),
  );
  return [...ramp, ...new Array<number>(window).fill(1)];
}

/**
 * The tree-structured Parzen estimator (Bergstra et al. 2011) for spaces of categorical
 * decisions: split the observations by accuracy into a good set (the best gamma-quantile)
 * and a bad set, model each decision in each set by a smoothed categorical density
 * (weighted counts plus `priorWeight`), draw `candidates` architectures from the good
 * density l(x) and propose the one that maximises l(x)/g(x), which maximises expected
 * improvement. The first `startupTrials` proposals are uniformly random.
 *
 * @example
 * ```ts
 * import { createTreeStructuredParzenEstimator, runSearch } from '@fewshot/strategies';
 * const strategy = createTreeStructuredParzenEstimator({ space: nasBench201, seed: 1 });
 * const result = await runSearch({ strategy, evaluator, budget: { evaluations: 500 } });
 * ```
 */
export function createTreeStructuredParzenEstimator(options: TreeStructuredParzenEstimatorOptions): SearchStrategy {
  const functionName = 'createTreeStructuredParzenEstimator';
  const { space, rng, state } = setupStrategy({ functionName, strategy: name, version, given: options });
  const hyperparameters = resolveHyperparameters({
    functionName,
    defaults: {
      startupTrials: 20 as number,
      candidates: 24 as number,
      gamma: 0.25 as number,
      gammaScaling: 'square-root' as 'square-root' | 'linear',
      maximumGoodObservations: 25 as number,
      priorWeight: 1 as number,
      linearForgetting: 25 as number,
    },
    given: {
      startupTrials: options.startupTrials,
      candidates: options.candidates,
      gamma: options.gamma,
      gammaScaling: options.gammaScaling,
      maximumGoodObservations: options.maximumGoodObservations,
      priorWeight: options.priorWeight,
      linearForgetting: options.linearForgetting,
    },
    state,
  });
  requireNumber(functionName, 'startupTrials', hyperparameters.startupTrials, { integer: true, minimum: 0 });
  requireNumber(functionName, 'candidates', hyperparameters.candidates, { integer: true, minimum: 1 });
  requireNumber(functionName, 'gamma', hyperparameters.gamma, { exclusiveMinimum: 0, maximum: 1 });
  if (hyperparameters.gammaScaling !== 'square-root' && hyperparameters.gammaScaling !== 'linear') {
    throw new InvalidArgumentError({
      functionName,
      argument: 'gammaScaling',
      message: `expected 'square-root' or 'linear', got ${JSON.stringify(hyperparameters.gammaScaling)}`,
    });
  }
  requireNumber(functionName, 'maximumGoodObservations', hyperparameters.maximumGoodObservations, { integer: true, minimum: 1 });
  requireNumber(functionName, 'priorWeight', hyperparameters.priorWeight, { exclusiveMinimum: 0 });
  requireNumber(functionName, 'linearForgetting', hyperparameters.linearForgetting, { integer: true, minimum: 1 });

  const optionCounts = space.decisions.map((decision) => decision.options.length);
  const ledger = createProposalLedger({
    space,
    functionName,
    ...(state === undefined ? {} : { state: stateField(functionName, state, 'ledger') as ProposalLedgerState }),
  });
  /** Told results in proposal-id order. */
  const observations: Observation[] =
    state === undefined
      ? []
      : requireArray(functionName, 'state.observations', stateField(functionName, state, 'observations')).map((value, index) => {
          const argument = `state.observations[${index}]`;
          const item = requireObject(functionName, argument, value);
          return {
            id: requireNumber(functionName, `${argument}.id`, item['id'], { integer: true, minimum: 0 }),
            architecture: requireArchitecture(functionName, `${argument}.architecture`, item['architecture'], space),
            accuracy: requireNumber(functionName, `${argument}.accuracy`, item['accuracy']),
          };
        });

  /** Per decision, the probability of each option under a weighted, smoothed categorical model. */
  const density = (set: readonly Observation[]): number[][] => {
    const weights = forgettingWeights(set.length, hyperparameters.linearForgetting);
    return optionCounts.map((count, decision) => {
      const pseudoCounts = new Array<number>(count).fill(hyperparameters.priorWeight);
      set.forEach((observation, index) => {
        const option = observation.architecture[decision] as number;
        pseudoCounts[option] = (pseudoCounts[option] as number) + (weights[index] as number);
      });
      const total = pseudoCounts.reduce((sum, value) => sum + value, 0);
      return pseudoCounts.map((value) => value / total);
    });
  };

  const suggest = (): Architecture => {
    if (ledger.issued() < hyperparameters.startupTrials) return space.sample(rng);
    const n = observations.length;
    const scaled = hyperparameters.gammaScaling === 'square-root' ? hyperparameters.gamma * Math.sqrt(n) : hyperparameters.gamma * n;
    const goodCount = Math.min(Math.ceil(scaled), hyperparameters.maximumGoodObservations, n);
    const ranked = [...observations].sort((first, second) => second.accuracy - first.accuracy || first.id - second.id);
    const byId = (first: Observation, second: Observation) => first.id - second.id;
    const good = ranked.slice(0, goodCount).sort(byId);
    const bad = ranked.slice(goodCount).sort(byId);
    const goodDensity = density(good);
    const badDensity = density(bad);
    let best: Architecture | undefined;
    let bestScore = -Infinity;
    for (let candidate = 0; candidate < hyperparameters.candidates; candidate += 1) {
      const architecture = goodDensity.map((distribution) => {
        const u = rng.float();
        let cumulative = 0;
        for (let option = 0; option < distribution.length; option += 1) {
          cumulative += distribution[option] as number;
          if (u < cumulative) return option;
        }
        return distribution.length - 1;
      });
      let score = 0;
      architecture.forEach((option, decision) => {
        score += Math.log(goodDensity[decision]![option]!) - Math.log(badDensity[decision]![option]!);
      });
      if (score > bestScore) {
        bestScore = score;
        best = architecture;
      }
    }
    return best as Architecture;
  };

  return {
    name,
    space,
    ask: (askOptions?: AskOptions): Proposal[] => {
      readLimit(`${name}.ask`, askOptions); // validated; one proposal per ask is below any limit
      return [ledger.propose({ architecture: suggest() })];
    },
    tell: (results: readonly StrategyResult[]): void => {
      for (const { proposal, evaluation } of ledger.accept({ functionName: `${name}.tell`, results })) {
        const observation = { id: proposal.id, architecture: proposal.architecture, accuracy: evaluation.accuracy };
        let index = observations.length;
        while (index > 0 && (observations[index - 1] as Observation).id > observation.id) index -= 1;
        observations.splice(index, 0, observation);
      }
    },
    pending: () => ledger.pending(),
    getState: (): StrategyState => ({
      strategy: name,
      version,
      space: space.id,
      options: asJson(storeHyperparameters(hyperparameters)),
      rng: asJson(rng.getState()),
      ledger: asJson(ledger.getState()),
      observations: observations.map(({ id, architecture, accuracy }) => ({ id, architecture: [...architecture], accuracy })),
    }),
  };
}
