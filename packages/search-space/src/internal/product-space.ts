import {
  InvalidArgumentError,
  OutOfRangeError,
  ParseError,
  StateError,
  type Architecture,
  type Decision,
  type Rng,
  type SearchSpace,
} from '@fewshot/core';
import { describeValue } from './describe-value.js';
import { mixedRadixDigits, mixedRadixEnumerate, mixedRadixIndex } from './mixed-radix.js';

/** Options of {@link createProductSpace}. */
export interface ProductSpaceOptions {
  readonly id: string;
  /** Name used in error messages, e.g. `nasBench201`. */
  readonly name: string;
  readonly decisions: readonly Decision[];
  /** Text form; receives an architecture already checked to lie in the space. */
  readonly encode?: (architecture: Architecture) => string;
  /** Parses the text form; must throw typed errors itself. */
  readonly decode?: (text: string) => Architecture;
}

/** A search space whose architectures are all vectors of independent decisions, plus indexing. */
export interface ProductSpace extends SearchSpace {
  /** The position of `architecture` in {@link SearchSpace.enumerate}; errors name `functionName`. */
  indexOf(architecture: Architecture, functionName?: string): number;
  /** The architecture at `index` of {@link SearchSpace.enumerate}; errors name `functionName`. */
  architectureAt(index: number, functionName?: string): Architecture;
}

/**
 * Throws a typed error unless `value` is a vector with one valid option index
 * per decision.
 */
export function checkArchitecture(
  functionName: string,
  argument: string,
  value: unknown,
  decisions: readonly Decision[],
): asserts value is Architecture {
  if (!Array.isArray(value)) {
    throw new InvalidArgumentError({
      functionName,
      argument,
      message: `expected an array of ${decisions.length} option indices, got ${describeValue(value)}`,
    });
  }
  if (value.length !== decisions.length) {
    throw new InvalidArgumentError({
      functionName,
      argument,
      message: `expected ${decisions.length} option indices (one per decision), got ${value.length} in ${describeValue(value)}`,
    });
  }
  for (let d = 0; d < decisions.length; d += 1) {
    const option = value[d] as unknown;
    const decision = decisions[d] as Decision;
    if (typeof option !== 'number' || !Number.isInteger(option)) {
      throw new InvalidArgumentError({
        functionName,
        argument,
        message: `expected an integer option index for decision ${d} (${decision.label}), got ${describeValue(option)} in ${describeValue(value)}`,
      });
    }
    if (option < 0 || option >= decision.options.length) {
      throw new OutOfRangeError({
        functionName,
        argument,
        message: `decision ${d} (${decision.label}) has options 0..${decision.options.length - 1}, got ${option} in ${describeValue(value)}`,
      });
    }
  }
}

/** True when `value` is a vector with one valid option index per decision. */
export function isArchitectureOf(value: unknown, decisions: readonly Decision[]): value is Architecture {
  if (!Array.isArray(value) || value.length !== decisions.length) return false;
  for (let d = 0; d < decisions.length; d += 1) {
    const option = value[d] as unknown;
    if (typeof option !== 'number' || !Number.isInteger(option)) return false;
    if (option < 0 || option >= (decisions[d] as Decision).options.length) return false;
  }
  return true;
}

/** Checks that `rng` looks like an `Rng` (it has `integer`). */
export function checkRng(functionName: string, argument: string, rng: unknown): asserts rng is Rng {
  if (typeof rng !== 'object' || rng === null || typeof (rng as { integer?: unknown }).integer !== 'function') {
    throw new InvalidArgumentError({
      functionName,
      argument,
      message: `expected an Rng from createRng({ seed }) of @fewshot/core, got ${describeValue(rng)}`,
    });
  }
}

/** Freezes a decision list (labels and option arrays). */
export function freezeDecisions(decisions: readonly Decision[]): readonly Decision[] {
  return Object.freeze(
    decisions.map((decision) => Object.freeze({ label: decision.label, options: Object.freeze([...decision.options]) })),
  );
}

function textError(functionName: string, message: string): ParseError {
  return new ParseError({ functionName, argument: 'text', message });
}

/**
 * The default text form of a product space: `label=option` pairs in decision
 * order, separated by `;`.
 */
export function encodeLabelled(decisions: readonly Decision[], architecture: Architecture): string {
  return decisions
    .map((decision, d) => `${decision.label}=${decision.options[architecture[d] as number] as string}`)
    .join(';');
}

/** Parses {@link encodeLabelled}; every decision exactly once, any order. */
export function decodeLabelled(functionName: string, decisions: readonly Decision[], text: unknown): Architecture {
  if (typeof text !== 'string') {
    throw new InvalidArgumentError({ functionName, argument: 'text', message: `expected a string, got ${describeValue(text)}` });
  }
  const byLabel = new Map(decisions.map((decision, d) => [decision.label, d] as const));
  const result = new Array<number>(decisions.length).fill(-1);
  const parts = text.trim() === '' ? [] : text.trim().split(';');
  for (const part of parts) {
    const equals = part.indexOf('=');
    if (equals < 0) {
      throw textError(functionName, `expected "label=option", got ${describeValue(part)} in ${describeValue(text)}`);
    }
    const label = part.slice(0, equals).trim();
    const optionName = part.slice(equals + 1).trim();
    const d = byLabel.get(label);
    if (d === undefined) {
      throw textError(functionName, `unknown decision ${describeValue(label)} in ${describeValue(text)}; expected one of ${decisions.map((decision) => decision.label).join(', ')}`);
    }
    if ((result[d] as number) >= 0) {
      throw textError(functionName, `decision ${label} appears twice in ${describeValue(text)}`);
    }
    const decision = decisions[d] as Decision;
    const option = decision.options.indexOf(optionName);
    if (option < 0) {
      throw textError(functionName, `unknown option ${describeValue(optionName)} for ${label} in ${describeValue(text)}; expected one of ${decision.options.join(', ')}`);
    }
    result[d] = option;
  }
  const missing = decisions.filter((_, d) => (result[d] as number) < 0).map((decision) => decision.label);
  if (missing.length > 0) {
    throw textError(functionName, `expected ${decisions.length} decisions, missing ${missing.join(', ')} in ${describeValue(text)}`);
  }
  return result;
}

/**
 * Builds the generic parts of a product search space: size, membership,
 * uniform sampling, enumeration in mixed-radix order (first decision most
 * significant), uniform one-decision mutation and the full neighbourhood.
 */
export function createProductSpace(options: ProductSpaceOptions): ProductSpace {
  const { id, name } = options;
  const decisions = freezeDecisions(options.decisions);
  const radices = decisions.map((decision) => decision.options.length);
  const size = radices.reduce((product, radix) => product * radix, 1);
  const mutableDecisionCount = radices.reduce((sum, radix) => sum + (radix - 1), 0);
  const encode = options.encode ?? ((architecture: Architecture) => encodeLabelled(decisions, architecture));
  const decode = options.decode ?? ((text: string) => decodeLabelled(`${name}.decode`, decisions, text));

  const space: ProductSpace = {
    id,
    decisions,
    size,
    contains: (architecture) => isArchitectureOf(architecture, decisions),
    sample: (rng) => {
      checkRng(`${name}.sample`, 'rng', rng);
      return radices.map((radix) => rng.integer(radix));
    },
    enumerate: () => mixedRadixEnumerate(radices.map((radix) => Array.from({ length: radix }, (_, o) => o))),
    encode: (architecture) => {
      checkArchitecture(`${name}.encode`, 'architecture', architecture, decisions);
      return encode(architecture);
    },
    decode: (text) => decode(text),
    mutate: (mutateOptions) => {
      if (typeof mutateOptions !== 'object' || mutateOptions === null) {
        throw new InvalidArgumentError({
          functionName: `${name}.mutate`,
          argument: 'options',
          message: `expected { architecture, rng }, got ${describeValue(mutateOptions)}`,
        });
      }
      const { architecture, rng } = mutateOptions;
      checkArchitecture(`${name}.mutate`, 'options.architecture', architecture, decisions);
      checkRng(`${name}.mutate`, 'options.rng', rng);
      if (mutableDecisionCount === 0) {
        throw new StateError({ functionName: `${name}.mutate`, message: 'every decision has a single option; nothing can change' });
      }
      // Uniform over the neighbourhood: every (decision, other option) pair is equally likely.
      let rest = rng.integer(mutableDecisionCount);
      const result = [...architecture];
      for (let d = 0; d < radices.length; d += 1) {
        const others = (radices[d] as number) - 1;
        if (rest < others) {
          const current = architecture[d] as number;
          result[d] = rest < current ? rest : rest + 1;
          return result;
        }
        rest -= others;
      }
      throw new StateError({ functionName: `${name}.mutate`, message: 'internal error: no decision selected' });
    },
    neighbours: (architecture) => {
      checkArchitecture(`${name}.neighbours`, 'architecture', architecture, decisions);
      const result: Architecture[] = [];
      for (let d = 0; d < radices.length; d += 1) {
        for (let option = 0; option < (radices[d] as number); option += 1) {
          if (option === architecture[d]) continue;
          const neighbour = [...architecture];
          neighbour[d] = option;
          result.push(neighbour);
        }
      }
      return result;
    },
    indexOf: (architecture, functionName = `${name}.indexOf`) => {
      checkArchitecture(functionName, 'architecture', architecture, decisions);
      return mixedRadixIndex(architecture, radices);
    },
    architectureAt: (index, functionName = `${name}.architectureAt`) => {
      if (typeof index !== 'number' || !Number.isInteger(index)) {
        throw new InvalidArgumentError({
          functionName,
          argument: 'index',
          message: `expected an integer, got ${describeValue(index)}`,
        });
      }
      if (index < 0 || index >= size) {
        throw new OutOfRangeError({
          functionName,
          argument: 'index',
          message: `expected 0..${size - 1}, got ${index}`,
        });
      }
      return mixedRadixDigits(index, radices);
    },
  };
  return space;
}
