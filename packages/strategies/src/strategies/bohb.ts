import type { Architecture, Rng, SearchSpace } from '@fewshot/core';
import type { AskOptions, Proposal, SearchStrategy, StrategyResult, StrategyState } from '../contracts/strategy.js';
import { readLimit } from '../internal/ask-limit.js';
import { createBracketEngine } from '../internal/bracket-engine.js';
import { fitCategoricalKernelDensity } from '../internal/categorical-kernel-density.js';
import { createHyperbandSchedule } from '../internal/hyperband-schedule.js';
import { asJson } from '../internal/json-cast.js';
import { checkMultiFidelity, multiFidelityDefaults } from '../internal/multi-fidelity.js';
import { resolveHyperparameters, setupStrategy, stateField, storeHyperparameters } from '../internal/strategy-setup.js';
import { requireArchitecture, requireArray, requireNumber, requireObject } from '../internal/validate.js';
import type { MultiFidelityOptions } from './hyperband.js';

/**
 * Options of {@link createBohb}. Give exactly one of `seed`, `rng` or `state`. The model
 * defaults are those of Falkner et al. 2018 and their reference implementation (hpbandster).
 *
 * @example
 * ```ts
 * const options: BohbOptions = { space: nasBench201, seed: 1, fidelities: [12, 200], randomFraction: 1 / 3 };
 * ```
 */
export interface BohbOptions extends MultiFidelityOptions {
  /** The space to search. */
  readonly space: SearchSpace;
  /** Seed of a new generator. */
  readonly seed?: number | string;
  /** A generator to take over (the strategy advances it). */
  readonly rng?: Rng;
  /** A state saved with `getState()`, to continue a run. */
  readonly state?: StrategyState;
  /** Share of new configurations drawn uniformly at random even when a model exists. Default 1/3. */
  readonly randomFraction?: number;
  /** Candidates drawn from the widened good density per configuration; the best l/g wins. Default 64. */
  readonly candidates?: number;
  /** Percentage of a budget's observations that form the good set. Default 15. */
  readonly topPercent?: number;
  /**
   * N_min: the minimum size of the good and of the bad set; a budget gets a model once it
   * has N_min + 2 observations. Default: decisions + 1.
   */
  readonly minimumPointsInModel?: number;
  /** Bandwidths are multiplied by this when drawing candidates (more exploration). Default 3. */
  readonly bandwidthFactor?: number;
  /** Lower bound of every kernel bandwidth. Default 0.001. */
  readonly minimumBandwidth?: number;
}

const name = 'bohb';
const version = 1;

interface Observation {
  readonly id: number;
  readonly fidelity: number;
  readonly architecture: Architecture;
  readonly accuracy: number;
}

/**
 * BOHB (Falkner et al. 2018): HyperBand whose new configurations come from a TPE-style
 * model instead of uniform sampling. For the largest budget that has at least N_min + 2
 * observations it splits them into the best `topPercent`% (at least N_min, the good set)
 * and the rest (at least N_min, the bad set), fits a kernel density to each (Aitchison–Aitken
 * kernels for categorical decisions), draws `candidates` configurations from the good
 * density with bandwidths times `bandwidthFactor`, and keeps the one maximising l(x)/g(x).
 * A `randomFraction` of configurations, and all of them before any model exists, are uniform.
 *
 * @example
 * ```ts
 * import { createBohb, runSearch } from '@fewshot/strategies';
 * const strategy = createBohb({ space: nasBench201, seed: 1, fidelities: [12, 200] });
 * const result = await runSearch({ strategy, evaluator: benchmark, budget: { evaluations: 300 } });
 * ```
 */
export function createBohb(options: BohbOptions): SearchStrategy {
  const functionName = 'createBohb';
  const { space, rng, state } = setupStrategy({ functionName, strategy: name, version, given: options });
  const hyperparameters = resolveHyperparameters({
    functionName,
    defaults: {
      ...multiFidelityDefaults,
      randomFraction: 1 / 3 as number,
      candidates: 64 as number,
      topPercent: 15 as number,
      minimumPointsInModel: undefined as number | undefined,
      bandwidthFactor: 3 as number,
      minimumBandwidth: 0.001 as number,
    },
    given: {
      minimumBudget: options.minimumBudget,
      maximumBudget: options.maximumBudget,
      eta: options.eta,
      fidelities: options.fidelities,
      reuseResults: options.reuseResults,
      maximumIterations: options.maximumIterations,
      randomFraction: options.randomFraction,
      candidates: options.candidates,
      topPercent: options.topPercent,
      minimumPointsInModel: options.minimumPointsInModel,
      bandwidthFactor: options.bandwidthFactor,
      minimumBandwidth: options.minimumBandwidth,
    },
    state,
  });
  checkMultiFidelity(functionName, hyperparameters);
  requireNumber(functionName, 'randomFraction', hyperparameters.randomFraction, { minimum: 0, maximum: 1 });
  requireNumber(functionName, 'candidates', hyperparameters.candidates, { integer: true, minimum: 1 });
  requireNumber(functionName, 'topPercent', hyperparameters.topPercent, { exclusiveMinimum: 0, exclusiveMaximum: 100 });
  const minimumPoints =
    hyperparameters.minimumPointsInModel === undefined
      ? space.decisions.length + 1
      : requireNumber(functionName, 'minimumPointsInModel', hyperparameters.minimumPointsInModel, { integer: true, minimum: 1 });
  requireNumber(functionName, 'bandwidthFactor', hyperparameters.bandwidthFactor, { exclusiveMinimum: 0 });
  requireNumber(functionName, 'minimumBandwidth', hyperparameters.minimumBandwidth, { exclusiveMinimum: 0, maximum: 1 });

  const optionCounts = space.decisions.map((decision) => decision.options.length);
  /** All results in proposal-id order. */
  const observations: Observation[] =
    state === undefined
      ? []
      : requireArray(functionName, 'state.observations', stateField(functionName, state, 'observations')).map((value, index) => {
          const argument = `state.observations[${index}]`;
          const item = requireObject(functionName, argument, value);
          return {
            id: requireNumber(functionName, `${argument}.id`, item['id'], { integer: true, minimum: 0 }),
            fidelity: requireNumber(functionName, `${argument}.fidelity`, item['fidelity'], { exclusiveMinimum: 0 }),
            architecture: requireArchitecture(functionName, `${argument}.architecture`, item['architecture'], space),
            accuracy: requireNumber(functionName, `${argument}.accuracy`, item['accuracy']),
          };
        });

  /** The model of the largest fidelity with enough observations, or undefined. */
  const fitModel = () => {
    const byFidelity = new Map<number, Observation[]>();
    for (const observation of observations) {
      const list = byFidelity.get(observation.fidelity) ?? [];
      list.push(observation);
      byFidelity.set(observation.fidelity, list);
    }
    const fidelity = [...byFidelity.keys()]
      .filter((key) => (byFidelity.get(key) as Observation[]).length >= minimumPoints + 2)
      .sort((first, second) => second - first)[0];
    if (fidelity === undefined) return undefined;
    const ranked = [...(byFidelity.get(fidelity) as Observation[])].sort((first, second) => second.accuracy - first.accuracy || first.id - second.id);
    const count = ranked.length;
    const goodCount = Math.max(minimumPoints, Math.floor((hyperparameters.topPercent * count) / 100));
    const badCount = Math.max(minimumPoints, count - goodCount);
    const fit = (points: Observation[]) =>
      fitCategoricalKernelDensity({ points: points.map((point) => point.architecture), optionCounts, minimumBandwidth: hyperparameters.minimumBandwidth });
    return { good: fit(ranked.slice(0, goodCount)), bad: fit(ranked.slice(count - badCount)) };
  };

  const sample = (count: number): Architecture[] => {
    const model = fitModel();
    return Array.from({ length: count }, () => {
      if (model === undefined || rng.float() < hyperparameters.randomFraction) return space.sample(rng);
      let best: Architecture | undefined;
      let bestRatio = -Infinity;
      for (let candidate = 0; candidate < hyperparameters.candidates; candidate += 1) {
        const architecture = model.good.sample({ rng, bandwidthFactor: hyperparameters.bandwidthFactor });
        const ratio = Math.max(model.good.density(architecture), 1e-32) / Math.max(model.bad.density(architecture), 1e-32);
        if (ratio > bestRatio) {
          bestRatio = ratio;
          best = architecture;
        }
      }
      return best as Architecture;
    });
  };

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
    sample,
    state,
  });

  return {
    name,
    space,
    ask: (askOptions?: AskOptions): Proposal[] => engine.ask(readLimit(`${name}.ask`, askOptions)),
    tell: (results: readonly StrategyResult[]): void => {
      for (const { proposal, evaluation } of engine.tell(results)) {
        const observation = { id: proposal.id, fidelity: proposal.fidelity as number, architecture: proposal.architecture, accuracy: evaluation.accuracy };
        let index = observations.length;
        while (index > 0 && (observations[index - 1] as Observation).id > observation.id) index -= 1;
        observations.splice(index, 0, observation);
      }
    },
    pending: () => engine.pending(),
    getState: (): StrategyState => ({
      strategy: name,
      version,
      space: space.id,
      options: asJson(storeHyperparameters(hyperparameters)),
      rng: asJson(rng.getState()),
      ...engine.getState(),
      observations: observations.map(({ id, fidelity, architecture, accuracy }) => ({ id, fidelity, architecture: [...architecture], accuracy })),
    }),
  };
}
