import { createRng, type Architecture, type Evaluator, type SearchSpace } from '@fewshot/core';

/** Test helper: accuracy = 40 + sum over decisions of a random per-option value in [0, 50 / decisions). */
export interface AdditiveLandscape {
  readonly evaluator: Evaluator;
  readonly optimum: Architecture;
  readonly optimumAccuracy: number;
  accuracy(architecture: Architecture): number;
  /** Number of evaluate calls and architectures seen, for assertions. */
  readonly calls: { count: number; architectures: number; fidelities: (number | undefined)[] };
}

export function createAdditiveLandscape(options: {
  readonly space: SearchSpace;
  readonly seed: number;
  /** Cost in seconds per evaluation (optional). */
  readonly cost?: number;
  /** Accuracy multiplier at a fidelity (default: f / (f + 4)); no fidelity = 1. */
  readonly fidelityFactor?: (fidelity: number) => number;
}): AdditiveLandscape {
  const rng = createRng({ seed: options.seed });
  const values = options.space.decisions.map((decision) =>
    decision.options.map(() => (rng.float() * 50) / options.space.decisions.length),
  );
  const accuracy = (architecture: Architecture) =>
    40 + architecture.reduce((sum, option, decision) => sum + (values[decision]![option] as number), 0);
  const optimum = values.map((row) => row.indexOf(Math.max(...row)));
  const factor = options.fidelityFactor ?? ((fidelity: number) => fidelity / (fidelity + 4));
  const calls = { count: 0, architectures: 0, fidelities: [] as (number | undefined)[] };
  return {
    optimum,
    optimumAccuracy: accuracy(optimum),
    accuracy,
    calls,
    evaluator: {
      name: 'additive landscape',
      evaluate: async ({ architectures, fidelity }) => {
        calls.count += 1;
        calls.architectures += architectures.length;
        calls.fidelities.push(fidelity);
        return architectures.map((architecture) => ({
          architecture,
          accuracy: accuracy(architecture) * (fidelity === undefined ? 1 : factor(fidelity)),
          ...(options.cost === undefined ? {} : { cost: options.cost }),
        }));
      },
    },
  };
}
