import { requireBoolean, requireNumber } from './validate.js';

/** Defaults of the multi-fidelity options (shared with BOHB). */
export const multiFidelityDefaults = {
  minimumBudget: 12 as number,
  maximumBudget: 200 as number,
  eta: 3 as number,
  fidelities: undefined as readonly number[] | undefined,
  reuseResults: true as boolean,
  maximumIterations: undefined as number | undefined,
};

/** Validates the multi-fidelity options that the schedule does not check itself. */
export function checkMultiFidelity(functionName: string, values: typeof multiFidelityDefaults): void {
  requireBoolean(functionName, 'reuseResults', values.reuseResults);
  if (values.maximumIterations !== undefined) {
    requireNumber(functionName, 'maximumIterations', values.maximumIterations, { integer: true, minimum: 1 });
  }
}

