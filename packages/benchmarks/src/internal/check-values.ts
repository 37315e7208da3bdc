import { InvalidArgumentError } from '@fewshot/core';

export type { NumberSequence } from '../metrics/number-sequence.js';

/** Checks that `values` is an array-like of finite numbers; returns it as a Float64Array copy. */
export function toFiniteArray(functionName: string, argument: string, values: unknown): Float64Array {
  if (values === null || typeof values !== 'object' || typeof (values as { length?: unknown }).length !== 'number') {
    throw new InvalidArgumentError({ functionName, argument, message: `expected an array of numbers, got ${describe(values)}` });
  }
  const sequence = values as ArrayLike<unknown>;
  const result = new Float64Array(sequence.length);
  for (let index = 0; index < sequence.length; index += 1) {
    const value = sequence[index];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new InvalidArgumentError({
        functionName,
        argument: `${argument}[${index}]`,
        message: `expected a finite number at ${argument}[${index}], got ${describe(value)}`,
      });
    }
    result[index] = value;
  }
  return result;
}

/** Checks two sequences of equal length (at least `minimum`) and returns them as Float64Arrays. */
export function toPairedArrays(
  functionName: string,
  names: readonly [string, string],
  first: unknown,
  second: unknown,
  minimum = 2,
): [Float64Array, Float64Array] {
  const a = toFiniteArray(functionName, names[0], first);
  const b = toFiniteArray(functionName, names[1], second);
  if (a.length !== b.length) {
    throw new InvalidArgumentError({
      functionName,
      argument: names[1],
      message: `expected ${names[0]} and ${names[1]} of equal length, got ${a.length} and ${b.length}`,
    });
  }
  if (a.length < minimum) {
    throw new InvalidArgumentError({
      functionName,
      argument: names[0],
      message: `expected at least ${minimum} values, got ${a.length}`,
    });
  }
  return [a, b];
}

/** Checks an options object. */
export function checkOptions(functionName: string, options: unknown): Record<string, unknown> {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidArgumentError({ functionName, argument: 'options', message: `expected an options object, got ${describe(options)}` });
  }
  return options as Record<string, unknown>;
}

/** A short, safe description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (typeof value === 'function') return 'a function';
  return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
}
