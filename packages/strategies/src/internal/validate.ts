import { InvalidArgumentError } from '@fewshot/core';

/** Describes a value for an error message without dumping huge objects. */
export function describe(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  try {
    const text = JSON.stringify(value);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

export interface NumberConstraints {
  readonly integer?: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
}

/** Throws an `InvalidArgumentError` unless `value` is a finite number within the constraints. */
export function requireNumber(
  functionName: string,
  argument: string,
  value: unknown,
  constraints: NumberConstraints = {},
): number {
  const fail = (expected: string): never => {
    throw new InvalidArgumentError({ functionName, argument, message: `expected ${expected}, got ${describe(value)}` });
  };
  const kind = constraints.integer === true ? 'an integer' : 'a finite number';
  if (typeof value !== 'number' || !Number.isFinite(value)) return fail(kind);
  if (constraints.integer === true && !Number.isSafeInteger(value)) return fail(kind);
  if (constraints.minimum !== undefined && value < constraints.minimum) return fail(`${kind} >= ${constraints.minimum}`);
  if (constraints.maximum !== undefined && value > constraints.maximum) return fail(`${kind} <= ${constraints.maximum}`);
  if (constraints.exclusiveMinimum !== undefined && value <= constraints.exclusiveMinimum) {
    return fail(`${kind} > ${constraints.exclusiveMinimum}`);
  }
  if (constraints.exclusiveMaximum !== undefined && value >= constraints.exclusiveMaximum) {
    return fail(`${kind} < ${constraints.exclusiveMaximum}`);
  }
  return value;
}

/** Throws an `InvalidArgumentError` unless `value` is a boolean. */
export function requireBoolean(functionName: string, argument: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new InvalidArgumentError({ functionName, argument, message: `expected a boolean, got ${describe(value)}` });
  }
  return value;
}

/** Throws an `InvalidArgumentError` unless `value` is a non-null object (not an array). */
export function requireObject(functionName: string, argument: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError({ functionName, argument, message: `expected an object, got ${describe(value)}` });
  }
  return value as Record<string, unknown>;
}

/** Throws an `InvalidArgumentError` unless `value` is an array. */
export function requireArray(functionName: string, argument: string, value: unknown): readonly unknown[] {
  if (!Array.isArray(value)) {
    throw new InvalidArgumentError({ functionName, argument, message: `expected an array, got ${describe(value)}` });
  }
  return value;
}

/** Throws an `InvalidArgumentError` unless `value` is an architecture of `space`. */
export function requireArchitecture(
  functionName: string,
  argument: string,
  value: unknown,
  space: { readonly id: string; contains(architecture: readonly number[]): boolean },
): readonly number[] {
  if (!Array.isArray(value) || !value.every((entry) => Number.isInteger(entry)) || !space.contains(value)) {
    throw new InvalidArgumentError({
      functionName,
      argument,
      message: `expected an architecture of space '${space.id}', got ${describe(value)}`,
    });
  }
  return Object.freeze([...(value as number[])]);
}
