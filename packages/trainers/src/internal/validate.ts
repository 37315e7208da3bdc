import { InvalidArgumentError } from '@fewshot/core';

/** A short description of a value for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `"${value}"`;
  return `${typeof value} ${String(value)}`;
}

/** Throws unless `options` is a non-null object. */
export function checkOptions(functionName: string, options: unknown): asserts options is object {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options',
      message: `expected an options object, got ${describeValue(options)}`,
    });
  }
}

/** Throws unless `value` is an integer >= `minimum`. */
export function checkInteger(functionName: string, argument: string, value: unknown, minimum: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum) {
    throw new InvalidArgumentError({
      functionName,
      argument,
      message: `${argument}: expected an integer >= ${minimum}, got ${describeValue(value)}`,
    });
  }
}

/** Throws unless `value` is a finite number in [minimum, maximum]. */
export function checkNumber(
  functionName: string,
  argument: string,
  value: unknown,
  range: { readonly minimum?: number; readonly maximum?: number; readonly exclusiveMinimum?: number } = {},
): asserts value is number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (range.minimum === undefined || value >= range.minimum) &&
    (range.maximum === undefined || value <= range.maximum) &&
    (range.exclusiveMinimum === undefined || value > range.exclusiveMinimum);
  if (!ok) {
    const bounds = [
      range.minimum !== undefined ? `>= ${range.minimum}` : undefined,
      range.exclusiveMinimum !== undefined ? `> ${range.exclusiveMinimum}` : undefined,
      range.maximum !== undefined ? `<= ${range.maximum}` : undefined,
    ].filter((bound) => bound !== undefined);
    throw new InvalidArgumentError({
      functionName,
      argument,
      message: `${argument}: expected a finite number${bounds.length > 0 ? ` ${bounds.join(' and ')}` : ''}, got ${describeValue(value)}`,
    });
  }
}
