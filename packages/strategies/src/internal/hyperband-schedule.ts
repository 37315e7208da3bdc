import { InvalidArgumentError } from '@fewshot/core';
import { requireArray, requireNumber } from './validate.js';

/** One rung of a successive-halving bracket. */
export interface Rung {
  /** Configurations evaluated in this rung. */
  readonly count: number;
  /** The HyperBand budget of the rung (between the minimum and the maximum budget). */
  readonly budget: number;
  /** The fidelity passed to the evaluator (the budget, or the nearest allowed fidelity). */
  readonly fidelity: number;
}

export interface HyperbandSchedule {
  /** s_max: the most aggressive bracket has s_max + 1 rungs. */
  readonly maximumBracket: number;
  /** The rungs of the bracket of HyperBand iteration `iteration` (0-based). */
  rungs(iteration: number): Rung[];
}

const tolerance = 1e-9;

/**
 * HyperBand's schedule (Li et al. 2018, Algorithm 1) with R = maximumBudget / minimumBudget:
 * s_max = floor(log_eta R); iteration i runs bracket s = s_max - (i mod (s_max + 1)) with
 * n = ceil((s_max + 1) eta^s / (s + 1)) configurations at budget maximumBudget * eta^-s,
 * then keeps the best floor(n_j / eta) at eta times the budget, up to maximumBudget.
 */
export function createHyperbandSchedule(options: {
  readonly functionName: string;
  readonly minimumBudget: number;
  readonly maximumBudget: number;
  readonly eta: number;
  readonly fidelities: readonly number[] | null;
}): HyperbandSchedule {
  const { functionName } = options;
  const minimumBudget = requireNumber(functionName, 'minimumBudget', options.minimumBudget, { exclusiveMinimum: 0 });
  const maximumBudget = requireNumber(functionName, 'maximumBudget', options.maximumBudget, { minimum: minimumBudget });
  const eta = requireNumber(functionName, 'eta', options.eta, { exclusiveMinimum: 1 });
  let fidelities: number[] | null = null;
  if (options.fidelities !== null) {
    fidelities = requireArray(functionName, 'fidelities', options.fidelities).map((value, index) =>
      requireNumber(functionName, `fidelities[${index}]`, value, { exclusiveMinimum: 0 }),
    );
    if (fidelities.length === 0) {
      throw new InvalidArgumentError({ functionName, argument: 'fidelities', message: 'expected at least one fidelity' });
    }
    fidelities = [...new Set(fidelities)].sort((first, second) => first - second);
  }
  let maximumBracket = 0;
  while (minimumBudget * eta ** (maximumBracket + 1) <= maximumBudget * (1 + tolerance)) maximumBracket += 1;

  const toFidelity = (budget: number): number => {
    if (fidelities === null) return budget;
    let best = fidelities[0] as number;
    let bestDistance = Infinity;
    for (const fidelity of fidelities) {
      const distance = Math.abs(Math.log(fidelity) - Math.log(budget));
      if (distance <= bestDistance + tolerance) {
        // Ties go to the larger fidelity (the list is ascending).
        best = fidelity;
        bestDistance = Math.min(distance, bestDistance);
      }
    }
    return best;
  };

  return {
    maximumBracket,
    rungs: (iteration) => {
      const bracket = maximumBracket - (iteration % (maximumBracket + 1));
      const initialCount = Math.ceil(((maximumBracket + 1) * eta ** bracket) / (bracket + 1) - tolerance);
      const rungs: Rung[] = [];
      let count = initialCount;
      for (let rung = 0; rung <= bracket; rung += 1) {
        const budget = rung === bracket ? maximumBudget : maximumBudget * eta ** (rung - bracket);
        rungs.push({ count: Math.max(1, count), budget, fidelity: toFidelity(budget) });
        count = Math.floor(count / eta + tolerance);
      }
      return rungs;
    },
  };
}
