import { InvalidArgumentError, type Region, type RegionJson, type Rng } from '@fewshot/core';

/** A short, readable rendering of any value for error messages (JSON where possible, truncated). */
export function describeValue(value: unknown, maximumLength = 120): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (value === undefined) text = 'undefined';
  else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') text = String(value);
  else if (typeof value === 'function') text = 'a function';
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > maximumLength ? `${text.slice(0, maximumLength - 3)}...` : text;
}

/** Throws unless `options` is a non-null, non-array object. */
export function checkOptions(functionName: string, options: unknown, expected: string): asserts options is object {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidArgumentError({ functionName, argument: 'options', message: `expected ${expected}, got ${describeValue(options)}` });
  }
}

/** Throws unless `value` is a safe integer in [minimum, maximum]. */
export function checkInteger(
  functionName: string,
  argument: string,
  value: unknown,
  minimum: number,
  maximum = Number.MAX_SAFE_INTEGER,
): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum || value > maximum) {
    const range = maximum === Number.MAX_SAFE_INTEGER ? `>= ${minimum}` : `in ${minimum}..${maximum}`;
    throw new InvalidArgumentError({ functionName, argument, message: `expected an integer ${range}, got ${describeValue(value)}` });
  }
}

/** Throws unless `value` looks like a `Region` (from `createRegion` in `@fewshot/search-space`). */
export function checkRegion(functionName: string, argument: string, value: unknown): asserts value is Region {
  const region = value as Partial<Region> | null | undefined;
  const valid =
    typeof region === 'object' &&
    region !== null &&
    typeof region.space === 'object' &&
    region.space !== null &&
    Array.isArray(region.allowed) &&
    typeof region.split === 'function' &&
    typeof region.contains === 'function' &&
    typeof region.toJSON === 'function';
  if (!valid) {
    throw new InvalidArgumentError({
      functionName,
      argument,
      message: `expected a Region (createRegion or regionFromJson from @fewshot/search-space), got ${describeValue(value)}`,
    });
  }
}

/** Throws unless `value` is an `Rng` from `createRng`. */
export function checkRng(functionName: string, argument: string, value: unknown): asserts value is Rng {
  const rng = value as Partial<Rng> | null | undefined;
  if (typeof rng !== 'object' || rng === null || typeof rng.integer !== 'function' || typeof rng.fork !== 'function' || typeof rng.shuffle !== 'function') {
    throw new InvalidArgumentError({ functionName, argument, message: `expected an Rng from createRng (@fewshot/core), got ${describeValue(value)}` });
  }
}

/** True when two regions allow exactly the same options (and belong to spaces with the same id). */
export function sameRegion(a: Region, b: Region): boolean {
  return a.space.id === b.space.id && sameAllowed(a.toJSON(), b.toJSON());
}

/** True when two serialised regions allow exactly the same options. */
export function sameAllowed(a: RegionJson, b: RegionJson): boolean {
  return (
    a.space === b.space &&
    a.allowed.length === b.allowed.length &&
    a.allowed.every((list, decision) => {
      const other = b.allowed[decision] as readonly number[];
      return list.length === other.length && list.every((option, index) => option === other[index]);
    })
  );
}

/** True when every option `inner` allows is allowed by `outer`. */
export function regionInside(inner: Region, outer: Region): boolean {
  return (
    inner.space.id === outer.space.id &&
    inner.allowed.length === outer.allowed.length &&
    inner.allowed.every((row, decision) => row.every((allowed, option) => !allowed || outer.allowed[decision]?.[option] === true))
  );
}

/** The allowed option indices of one decision of a region, increasing. */
export function allowedOptions(region: Region, decision: number): number[] {
  return (region.allowed[decision] ?? []).flatMap((allowed, option) => (allowed ? [option] : []));
}

/** `{a, b}` with option names, e.g. `{none, skip_connect}`. */
export function describeGroup(region: Region, decision: number, group: readonly number[]): string {
  const options = region.space.decisions[decision]?.options ?? [];
  return `{${group.map((option) => options[option] ?? String(option)).join(', ')}}`;
}
