import { createRng, InvalidArgumentError, type Rng, type RngState, type SearchSpace } from '@fewshot/core';
import type { StrategyState } from '../contracts/strategy.js';
import { describe, requireObject } from './validate.js';

/** The options every built-in strategy factory shares. */
export interface SetupOptions {
  readonly space?: unknown;
  readonly seed?: unknown;
  readonly rng?: unknown;
  readonly state?: unknown;
}

/** What a factory needs after the shared options are checked. */
export interface Setup {
  readonly space: SearchSpace;
  readonly rng: Rng;
  /** The restored state, when `state` was given. */
  readonly state: StrategyState | undefined;
}

function isSearchSpace(value: unknown): value is SearchSpace {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<SearchSpace>;
  return (
    typeof candidate.id === 'string' &&
    Array.isArray(candidate.decisions) &&
    typeof candidate.contains === 'function' &&
    typeof candidate.sample === 'function' &&
    typeof candidate.mutate === 'function'
  );
}

function isRng(value: unknown): value is Rng {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Rng>;
  return typeof candidate.float === 'function' && typeof candidate.integer === 'function' && typeof candidate.getState === 'function';
}

/**
 * Checks `space`, exactly one of `seed` / `rng` / `state`, and the state header
 * (strategy name, version, space id). The generator is created from the seed, taken
 * over from `rng`, or restored from `state.rng`.
 */
export function setupStrategy(options: {
  readonly functionName: string;
  readonly strategy: string;
  readonly version: number;
  readonly given: SetupOptions;
}): Setup {
  const { functionName, strategy, version } = options;
  const given = requireObject(functionName, 'options', options.given) as SetupOptions;
  if (!isSearchSpace(given.space)) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'space',
      message: `expected a SearchSpace (id, decisions, contains, sample, mutate), got ${describe(given.space)}`,
    });
  }
  const space = given.space;
  if (space.decisions.length === 0 || space.decisions.some((decision) => decision.options.length < 1)) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'space',
      message: `expected at least one decision with at least one option in space '${space.id}'`,
    });
  }
  const sources = (['seed', 'rng', 'state'] as const).filter((key) => given[key] !== undefined);
  if (sources.length !== 1) {
    throw new InvalidArgumentError({
      functionName,
      argument: sources.length === 0 ? 'seed' : sources.join('/'),
      message:
        sources.length === 0
          ? 'expected one of seed, rng or state (strategies never pick a seed themselves)'
          : `expected only one of seed, rng or state, got ${sources.join(' and ')}`,
    });
  }
  if (given.seed !== undefined) {
    if (!(typeof given.seed === 'string' || (typeof given.seed === 'number' && Number.isSafeInteger(given.seed)))) {
      throw new InvalidArgumentError({
        functionName,
        argument: 'seed',
        message: `expected a safe integer or a string, got ${describe(given.seed)}`,
      });
    }
    return { space, rng: createRng({ seed: given.seed }), state: undefined };
  }
  if (given.rng !== undefined) {
    if (!isRng(given.rng)) {
      throw new InvalidArgumentError({ functionName, argument: 'rng', message: `expected an Rng from createRng, got ${describe(given.rng)}` });
    }
    return { space, rng: given.rng, state: undefined };
  }
  const state = requireObject(functionName, 'state', given.state) as StrategyState;
  if (state.strategy !== strategy) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'state.strategy',
      message: `expected a state of '${strategy}', got one of ${describe(state.strategy)}`,
    });
  }
  if (state.version !== version) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'state.version',
      message: `expected state version ${version}, got ${describe(state.version)}`,
    });
  }
  if (state.space !== space.id) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'state.space',
      message: `the state belongs to space '${String(state.space)}', but space '${space.id}' was given`,
    });
  }
  let rng: Rng;
  try {
    rng = createRng({ state: state['rng'] as unknown as RngState });
  } catch (error) {
    throw new InvalidArgumentError({ functionName, argument: 'state.rng', message: 'is not a valid generator state', cause: error });
  }
  return { space, rng, state };
}

/**
 * Resolves hyper-parameters: from the state when restoring (a hyper-parameter given
 * as well must equal the stored one), otherwise the given value or the default.
 */
export function resolveHyperparameters<T extends Record<string, unknown>>(options: {
  readonly functionName: string;
  readonly defaults: T;
  readonly given: { readonly [K in keyof T]?: T[K] | undefined };
  readonly state: StrategyState | undefined;
}): T {
  const { functionName, defaults, given, state } = options;
  if (state === undefined) {
    const result: Record<string, unknown> = { ...defaults };
    for (const key of Object.keys(defaults)) {
      const value = given[key as keyof T];
      if (value !== undefined) result[key] = value;
    }
    return result as T;
  }
  const stored = requireObject(functionName, 'state.options', state['options']);
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(defaults)) {
    if (!(key in stored)) {
      throw new InvalidArgumentError({ functionName, argument: `state.options.${key}`, message: 'is missing' });
    }
    const storedValue = stored[key] === null ? undefined : stored[key];
    const value = given[key as keyof T];
    if (value !== undefined && JSON.stringify(value) !== JSON.stringify(storedValue)) {
      throw new InvalidArgumentError({
        functionName,
        argument: key,
        message: `${describe(value)} differs from the restored state's ${describe(storedValue)}; omit it when restoring`,
      });
    }
    result[key] = storedValue;
  }
  return result as T;
}

/** Hyper-parameters as stored in a state: `undefined` becomes `null` so that JSON keeps the key. */
export function storeHyperparameters(values: Record<string, unknown>): Record<string, unknown> {
  const stored: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) stored[key] = value === undefined ? null : value;
  return stored;
}

/** Reads a field of a restored state, or throws an `InvalidArgumentError` naming it. */
export function stateField(functionName: string, state: StrategyState, key: string): unknown {
  if (!(key in state)) {
    throw new InvalidArgumentError({ functionName, argument: `state.${key}`, message: 'is missing' });
  }
  return state[key];
}
