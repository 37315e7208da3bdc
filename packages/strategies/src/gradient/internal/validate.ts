/** Option checks shared by the gradient-based methods; each throws a typed error naming the function and argument. */
import { InvalidArgumentError, type Region } from '@fewshot/core';
import { nasBench201 } from '@fewshot/search-space';
import { describe, requireNumber as requireNumberWithoutName } from '../../internal/validate.js';

export { describe };

/** A finite number within the constraints; the error message starts with the argument's name. */
export function requireNumber(
  functionName: string,
  argument: string,
  value: unknown,
  constraints: Parameters<typeof requireNumberWithoutName>[3] = {},
): number {
  try {
    return requireNumberWithoutName(functionName, argument, value, constraints);
  } catch (error) {
    const message = (error as Error).message.replace(/^[^:]+: /, '');
    throw new InvalidArgumentError({ functionName, argument, message: `${argument}: ${message}`, cause: error });
  }
}

/** Throws unless `value` is a plain options object; `undefined` becomes `{}` when `optional`. */
export function requireOptions(functionName: string, argument: string, value: unknown, optional = false): Record<string, unknown> {
  if (value === undefined && optional) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError({ functionName, argument, message: `expected an options object, got ${describe(value)}` });
  }
  return value as Record<string, unknown>;
}

/** A finite number within the constraints, or `fallback` when `value` is undefined. */
export function optionalNumber(
  functionName: string,
  argument: string,
  value: unknown,
  fallback: number,
  constraints: Parameters<typeof requireNumber>[3] = {},
): number {
  return value === undefined ? fallback : requireNumber(functionName, argument, value, constraints);
}

/** An integer >= `minimum`, or `fallback` when `value` is undefined. */
export function optionalInteger(functionName: string, argument: string, value: unknown, fallback: number, minimum: number): number {
  return value === undefined ? fallback : requireNumber(functionName, argument, value, { integer: true, minimum });
}

/** A boolean, or `fallback` when `value` is undefined. */
export function optionalBoolean(functionName: string, argument: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw new InvalidArgumentError({ functionName, argument, message: `expected a boolean, got ${describe(value)}` });
  }
  return value;
}

/** Throws unless `region` is a NAS-Bench-201 region. */
export function requireNasBench201Region(functionName: string, argument: string, region: unknown): Region {
  const candidate = region as Partial<Region> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    candidate.space?.id !== nasBench201.id ||
    !Array.isArray(candidate.allowed) ||
    typeof candidate.contains !== 'function'
  ) {
    throw new InvalidArgumentError({
      functionName,
      argument,
      message: `expected a region of the ${nasBench201.id} space (createRegion from @fewshot/search-space), got ${describe(candidate?.label ?? region)}`,
    });
  }
  if (candidate.size === 0) {
    throw new InvalidArgumentError({ functionName, argument, message: `the region ${candidate.label} is empty` });
  }
  return candidate as Region;
}

/** Throws unless every option `inner` allows is allowed by `outer` too. */
export function requireRegionInside(functionName: string, argument: string, inner: Region, outer: Region): void {
  inner.allowed.forEach((row, decision) =>
    row.forEach((allowed, option) => {
      if (allowed && outer.allowed[decision]?.[option] !== true) {
        throw new InvalidArgumentError({
          functionName,
          argument,
          message:
            `the region (${inner.label}) allows ${nasBench201.decisions[decision]?.options[option]} on edge ` +
            `${nasBench201.decisions[decision]?.label}, which the supernet does not hold (its region: ${outer.label})`,
        });
      }
    }),
  );
}
