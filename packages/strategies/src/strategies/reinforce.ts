import type { Rng, SearchSpace } from '@fewshot/core';
import type { AskOptions, Proposal, SearchStrategy, StrategyResult, StrategyState } from '../contracts/strategy.js';
import { createProposalLedger, type ProposalLedgerState } from '../ledger/proposal-ledger.js';
import { adamStep, createAdamMoments, type AdamMoments } from '../internal/adam.js';
import { readLimit } from '../internal/ask-limit.js';
import { asJson } from '../internal/json-cast.js';
import { resolveHyperparameters, setupStrategy, stateField, storeHyperparameters } from '../internal/strategy-setup.js';
import { requireArray, requireNumber, requireObject } from '../internal/validate.js';
import { InvalidArgumentError } from '@fewshot/core';

/**
 * Options of {@link createReinforce}. Give exactly one of `seed`, `rng` or `state`.
 *
 * @example
 * ```ts
 * const options: ReinforceOptions = { space: nasBench201, seed: 1, learningRate: 0.005, baselineMomentum: 0.9 };
 * ```
 */
export interface ReinforceOptions {
  /** The space to search. */
  readonly space: SearchSpace;
  /** Seed of a new generator. */
  readonly seed?: number | string;
  /** A generator to take over (the strategy advances it). */
  readonly rng?: Rng;
  /** A state saved with `getState()`, to continue a run. */
  readonly state?: StrategyState;
  /** Adam step size on the logits. Default 0.005 (the few-shot NAS release). */
  readonly learningRate?: number;
  /** Momentum of the exponential moving average of rewards used as baseline. Default 0.9. */
  readonly baselineMomentum?: number;
  /** Standard deviation of the initial logits (N(0, 1) times this). Default 0.001, as NAS-Bench-201. */
  readonly initialLogitScale?: number;
  /** Adam's first-moment decay. Default 0.9. */
  readonly beta1?: number;
  /** Adam's second-moment decay. Default 0.999. */
  readonly beta2?: number;
  /** Adam's denominator term. Default 1e-8. */
  readonly epsilon?: number;
}

const name = 'reinforce';
const version = 1;

function softmax(logits: readonly number[]): number[] {
  const maximum = Math.max(...logits);
  const exponentials = logits.map((logit) => Math.exp(logit - maximum));
  const total = exponentials.reduce((sum, value) => sum + value, 0);
  return exponentials.map((value) => value / total);
}

/**
 * REINFORCE (Williams 1992) over a policy of independent categorical distributions, one
 * per decision (the NAS-Bench-201 / few-shot NAS setting): sample an architecture, get its
 * accuracy R as reward, and take an Adam step on the logits for the loss
 * -(R - b) * log p(architecture), where b is a bias-corrected exponential moving average of
 * the rewards (updated with R before the step). One architecture per update.
 *
 * @example
 * ```ts
 * import { createReinforce, runSearch } from '@fewshot/strategies';
 * const strategy = createReinforce({ space: nasBench201, seed: 1 });
 * const result = await runSearch({ strategy, evaluator, budget: { evaluations: 500 } });
 * ```
 */
export function createReinforce(options: ReinforceOptions): SearchStrategy {
  const functionName = 'createReinforce';
  const { space, rng, state } = setupStrategy({ functionName, strategy: name, version, given: options });
  const hyperparameters = resolveHyperparameters({
    functionName,
    defaults: {
      learningRate: 0.005 as number,
      baselineMomentum: 0.9 as number,
      initialLogitScale: 0.001 as number,
      beta1: 0.9 as number,
      beta2: 0.999 as number,
      epsilon: 1e-8 as number,
    },
    given: {
      learningRate: options.learningRate,
      baselineMomentum: options.baselineMomentum,
      initialLogitScale: options.initialLogitScale,
      beta1: options.beta1,
      beta2: options.beta2,
      epsilon: options.epsilon,
    },
    state,
  });
  requireNumber(functionName, 'learningRate', hyperparameters.learningRate, { exclusiveMinimum: 0 });
  requireNumber(functionName, 'baselineMomentum', hyperparameters.baselineMomentum, { minimum: 0, exclusiveMaximum: 1 });
  requireNumber(functionName, 'initialLogitScale', hyperparameters.initialLogitScale, { minimum: 0 });
  requireNumber(functionName, 'beta1', hyperparameters.beta1, { minimum: 0, exclusiveMaximum: 1 });
  requireNumber(functionName, 'beta2', hyperparameters.beta2, { minimum: 0, exclusiveMaximum: 1 });
  requireNumber(functionName, 'epsilon', hyperparameters.epsilon, { exclusiveMinimum: 0 });

  const optionCounts = space.decisions.map((decision) => decision.options.length);
  const offsets: number[] = [];
  let parameterCount = 0;
  for (const count of optionCounts) {
    offsets.push(parameterCount);
    parameterCount += count;
  }

  const ledger = createProposalLedger({
    space,
    functionName,
    ...(state === undefined ? {} : { state: stateField(functionName, state, 'ledger') as ProposalLedgerState }),
  });
  let logits: number[];
  let moments: AdamMoments;
  let baselineNumerator = 0;
  let baselineDenominator = 0;
  if (state === undefined) {
    logits = Array.from({ length: parameterCount }, () => hyperparameters.initialLogitScale * rng.normal());
    moments = createAdamMoments(parameterCount);
  } else {
    const readVector = (key: string, value: unknown): number[] => {
      const vector = requireArray(functionName, key, value).map((entry, index) => requireNumber(functionName, `${key}[${index}]`, entry));
      if (vector.length !== parameterCount) {
        throw new InvalidArgumentError({ functionName, argument: key, message: `expected ${parameterCount} numbers, got ${vector.length}` });
      }
      return vector;
    };
    logits = readVector('state.logits', stateField(functionName, state, 'logits'));
    const adam = requireObject(functionName, 'state.adam', stateField(functionName, state, 'adam'));
    moments = {
      step: requireNumber(functionName, 'state.adam.step', adam['step'], { integer: true, minimum: 0 }),
      first: readVector('state.adam.first', adam['first']),
      second: readVector('state.adam.second', adam['second']),
    };
    const baseline = requireObject(functionName, 'state.baseline', stateField(functionName, state, 'baseline'));
    baselineNumerator = requireNumber(functionName, 'state.baseline.numerator', baseline['numerator']);
    baselineDenominator = requireNumber(functionName, 'state.baseline.denominator', baseline['denominator'], { minimum: 0 });
  }

  const probabilities = (): number[][] =>
    optionCounts.map((count, decision) => softmax(logits.slice(offsets[decision], (offsets[decision] as number) + count)));

  const sample = (): number[] =>
    probabilities().map((distribution) => {
      const u = rng.float();
      let cumulative = 0;
      for (let option = 0; option < distribution.length; option += 1) {
        cumulative += distribution[option] as number;
        if (u < cumulative) return option;
      }
      return distribution.length - 1;
    });

  const learn = (architecture: readonly number[], reward: number): void => {
    const momentum = hyperparameters.baselineMomentum;
    baselineNumerator = momentum * baselineNumerator + (1 - momentum) * reward;
    baselineDenominator = momentum * baselineDenominator + (1 - momentum);
    const advantage = reward - baselineNumerator / baselineDenominator;
    const distributions = probabilities();
    const gradient = new Array<number>(parameterCount).fill(0);
    distributions.forEach((distribution, decision) => {
      distribution.forEach((probability, option) => {
        const chosen = architecture[decision] === option ? 1 : 0;
        // d/dlogit of -(advantage * log softmax(logits)[chosen])
        gradient[(offsets[decision] as number) + option] = (probability - chosen) * advantage;
      });
    });
    adamStep({ parameters: logits, gradient, moments, settings: hyperparameters });
  };

  return {
    name,
    space,
    ask: (askOptions?: AskOptions): Proposal[] => {
      readLimit(`${name}.ask`, askOptions); // validated; one proposal per ask is below any limit
      return [ledger.propose({ architecture: sample() })];
    },
    tell: (results: readonly StrategyResult[]): void => {
      for (const { proposal, evaluation } of ledger.accept({ functionName: `${name}.tell`, results })) {
        learn(proposal.architecture, evaluation.accuracy);
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
      logits: [...logits],
      adam: { step: moments.step, first: [...moments.first], second: [...moments.second] },
      baseline: { numerator: baselineNumerator, denominator: baselineDenominator },
    }),
  };
}
