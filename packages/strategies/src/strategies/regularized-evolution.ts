import type { Architecture, Rng, SearchSpace } from '@fewshot/core';
import type { AskOptions, Proposal, SearchStrategy, StrategyResult, StrategyState } from '../contracts/strategy.js';
import { createProposalLedger, type ProposalLedgerState } from '../ledger/proposal-ledger.js';
import { readLimit } from '../internal/ask-limit.js';
import { asJson } from '../internal/json-cast.js';
import { resolveHyperparameters, setupStrategy, stateField, storeHyperparameters } from '../internal/strategy-setup.js';
import { requireArchitecture, requireArray, requireBoolean, requireNumber, requireObject } from '../internal/validate.js';
import { InvalidArgumentError } from '@fewshot/core';

/**
 * Options of {@link createRegularizedEvolution}. Give exactly one of `seed`, `rng` or `state`.
 *
 * @example
 * ```ts
 * const options: RegularizedEvolutionOptions = { space: nasBench201, seed: 1, populationSize: 10, sampleSize: 20 };
 * ```
 */
export interface RegularizedEvolutionOptions {
  /** The space to search; its `mutate` changes exactly one decision. */
  readonly space: SearchSpace;
  /** Seed of a new generator. */
  readonly seed?: number | string;
  /** A generator to take over (the strategy advances it). */
  readonly rng?: Rng;
  /** A state saved with `getState()`, to continue a run. */
  readonly state?: StrategyState;
  /** Individuals kept alive (P). Default 10, as the few-shot NAS and NAS-Bench-201 releases. */
  readonly populationSize?: number;
  /**
   * Individuals drawn per tournament (S); the best of them is the parent. Default 20, as the
   * few-shot NAS release (NAS-Bench-201's own scripts use 3). With replacement, S may exceed P.
   */
  readonly sampleSize?: number;
  /** Draw tournament members with replacement, as both releases do. Default `true`; `false` needs S <= P. */
  readonly sampleWithReplacement?: boolean;
}

const name = 'regularized-evolution';
const version = 1;

interface Individual {
  readonly architecture: Architecture;
  readonly accuracy: number;
}

/**
 * Regularized (aging) evolution, Real et al. 2019, Algorithm 1: fill a population with
 * P random architectures; then repeatedly draw S individuals, mutate the best of them
 * (one decision changed), add the child and remove the OLDEST individual.
 *
 * `ask()` returns the initial population (in chunks when limited) and then one child per
 * call; children are bred from the population as it stands, so several children may be
 * pending at once (asynchronous evolution). Results of one `tell` call are applied in
 * proposal-id order.
 *
 * @example
 * ```ts
 * import { createRegularizedEvolution, runSearch } from '@fewshot/strategies';
 * const strategy = createRegularizedEvolution({ space: nasBench201, seed: 1 });
 * const result = await runSearch({ strategy, evaluator, budget: { evaluations: 500 } });
 * console.log(result.best?.architecture, result.best?.accuracy);
 * ```
 */
export function createRegularizedEvolution(options: RegularizedEvolutionOptions): SearchStrategy {
  const functionName = 'createRegularizedEvolution';
  const { space, rng, state } = setupStrategy({ functionName, strategy: name, version, given: options });
  const hyperparameters = resolveHyperparameters({
    functionName,
    defaults: { populationSize: 10 as number, sampleSize: 20 as number, sampleWithReplacement: true as boolean },
    given: {
      populationSize: options.populationSize,
      sampleSize: options.sampleSize,
      sampleWithReplacement: options.sampleWithReplacement,
    },
    state,
  });
  const populationSize = requireNumber(functionName, 'populationSize', hyperparameters.populationSize, { integer: true, minimum: 1 });
  const sampleSize = requireNumber(functionName, 'sampleSize', hyperparameters.sampleSize, { integer: true, minimum: 1 });
  const withReplacement = requireBoolean(functionName, 'sampleWithReplacement', hyperparameters.sampleWithReplacement);
  if (!withReplacement && sampleSize > populationSize) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'sampleSize',
      message: `expected sampleSize <= populationSize (${populationSize}) when sampling without replacement, got ${sampleSize}`,
    });
  }

  const ledger = createProposalLedger({
    space,
    functionName,
    ...(state === undefined ? {} : { state: stateField(functionName, state, 'ledger') as ProposalLedgerState }),
  });
  /** Results of the initial population while it is being filled, by proposal id. */
  let initial: { id: number; architecture: Architecture; accuracy: number }[] = [];
  /** Oldest first. Empty until the whole initial population has been told. */
  let population: Individual[] = [];
  let initialAsked = 0;
  if (state !== undefined) {
    initialAsked = requireNumber(functionName, 'state.initialAsked', stateField(functionName, state, 'initialAsked'), {
      integer: true,
      minimum: 0,
      maximum: populationSize,
    });
    const readIndividual = (value: unknown, argument: string) => {
      const item = requireObject(functionName, argument, value);
      return {
        architecture: requireArchitecture(functionName, `${argument}.architecture`, item['architecture'], space),
        accuracy: requireNumber(functionName, `${argument}.accuracy`, item['accuracy']),
      };
    };
    initial = requireArray(functionName, 'state.initial', stateField(functionName, state, 'initial')).map((value, index) => ({
      id: requireNumber(functionName, `state.initial[${index}].id`, requireObject(functionName, `state.initial[${index}]`, value)['id'], {
        integer: true,
        minimum: 0,
      }),
      ...readIndividual(value, `state.initial[${index}]`),
    }));
    population = requireArray(functionName, 'state.population', stateField(functionName, state, 'population')).map((value, index) =>
      readIndividual(value, `state.population[${index}]`),
    );
  }

  const evolving = (): boolean => population.length > 0;

  const breed = (): Architecture => {
    let parent: Individual | undefined;
    const order = withReplacement ? undefined : rng.shuffle(population.map((_, index) => index));
    for (let draw = 0; draw < sampleSize; draw += 1) {
      const index = order === undefined ? rng.integer(population.length) : (order[draw] as number);
      const candidate = population[index] as Individual;
      // Ties keep the earlier draw, like Python's max().
      if (parent === undefined || candidate.accuracy > parent.accuracy) parent = candidate;
    }
    return space.mutate({ architecture: (parent as Individual).architecture, rng });
  };

  return {
    name,
    space,
    ask: (askOptions?: AskOptions): Proposal[] => {
      const limit = readLimit(`${name}.ask`, askOptions);
      if (!evolving()) {
        const count = Math.min(populationSize - initialAsked, limit ?? populationSize);
        const proposals: Proposal[] = [];
        for (let index = 0; index < count; index += 1) {
          proposals.push(ledger.propose({ architecture: space.sample(rng) }));
          initialAsked += 1;
        }
        return proposals; // empty while the initial population is being evaluated
      }
      return [ledger.propose({ architecture: breed() })];
    },
    tell: (results: readonly StrategyResult[]): void => {
      const accepted = ledger.accept({ functionName: `${name}.tell`, results });
      for (const { proposal, evaluation } of accepted) {
        if (!evolving()) {
          initial.push({ id: proposal.id, architecture: proposal.architecture, accuracy: evaluation.accuracy });
          if (initial.length === populationSize) {
            population = initial
              .sort((first, second) => first.id - second.id)
              .map(({ architecture, accuracy }) => ({ architecture, accuracy }));
            initial = [];
          }
        } else {
          population.push({ architecture: proposal.architecture, accuracy: evaluation.accuracy });
          population.shift(); // aging: the oldest individual dies
        }
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
      initialAsked,
      initial: initial.map(({ id, architecture, accuracy }) => ({ id, architecture: [...architecture], accuracy })),
      population: population.map(({ architecture, accuracy }) => ({ architecture: [...architecture], accuracy })),
    }),
  };
}
