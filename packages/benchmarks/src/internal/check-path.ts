import { InvalidArgumentError } from '@fewshot/core';
import { describe } from './check-values.js';

/** Checks a path argument. */
export function checkPath(functionName: string, argument: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidArgumentError({ functionName, argument, message: `expected a file path, got ${describe(value)}` });
  }
  return value;
}

/** Checks an optional path argument. */
export function checkOptionalPath(functionName: string, argument: string, value: unknown): string | undefined {
  return value === undefined ? undefined : checkPath(functionName, argument, value);
}
