import { InvalidArgumentError } from '@fewshot/core';

/**
 * Reads a JSON configuration field by field, so that every error names the offending field
 * (`config.oneShot.epochs: expected an integer >= 1, got 0`) before any training starts.
 */
export class ConfigReader {
  readonly #functionName: string;
  readonly #path: string;
  readonly #value: Record<string, unknown>;

  constructor(functionName: string, path: string, value: unknown) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new InvalidArgumentError({
        functionName,
        argument: path,
        message: `${path}: expected an object, got ${describe(value)}`,
      });
    }
    this.#functionName = functionName;
    this.#path = path;
    this.#value = value as Record<string, unknown>;
  }

  /** Fails on fields that the schema does not know (typos must not be silently ignored). */
  rejectUnknown(known: readonly string[]): void {
    for (const key of Object.keys(this.#value)) {
      if (!known.includes(key)) {
        this.fail(key, `unknown field; expected one of ${known.join(', ')}`);
      }
    }
  }

  has(key: string): boolean {
    return this.#value[key] !== undefined;
  }

  raw(key: string): unknown {
    return this.#value[key];
  }

  path(key: string): string {
    return `${this.#path}.${key}`;
  }

  fail(key: string, message: string): never {
    throw new InvalidArgumentError({
      functionName: this.#functionName,
      argument: this.path(key),
      message: `${this.path(key)}: ${message}`,
    });
  }

  object(key: string): ConfigReader {
    return new ConfigReader(this.#functionName, this.path(key), this.#value[key]);
  }

  optionalObject(key: string): ConfigReader | undefined {
    return this.has(key) ? this.object(key) : undefined;
  }

  integer(key: string, options: { readonly minimum?: number; readonly maximum?: number; readonly default?: number } = {}): number {
    const value = this.#value[key] ?? options.default;
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) this.fail(key, `expected an integer, got ${describe(value)}`);
    if (options.minimum !== undefined && value < options.minimum) this.fail(key, `expected an integer >= ${options.minimum}, got ${value}`);
    if (options.maximum !== undefined && value > options.maximum) this.fail(key, `expected an integer <= ${options.maximum}, got ${value}`);
    return value;
  }

  number(
    key: string,
    options: { readonly minimum?: number; readonly maximum?: number; readonly exclusiveMinimum?: number; readonly default?: number } = {},
  ): number {
    const value = this.#value[key] ?? options.default;
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(key, `expected a number, got ${describe(value)}`);
    if (options.minimum !== undefined && value < options.minimum) this.fail(key, `expected a number >= ${options.minimum}, got ${value}`);
    if (options.exclusiveMinimum !== undefined && value <= options.exclusiveMinimum) {
      this.fail(key, `expected a number > ${options.exclusiveMinimum}, got ${value}`);
    }
    if (options.maximum !== undefined && value > options.maximum) this.fail(key, `expected a number <= ${options.maximum}, got ${value}`);
    return value;
  }

  optionalNumber(key: string, options: { readonly exclusiveMinimum?: number; readonly minimum?: number } = {}): number | undefined {
    return this.has(key) ? this.number(key, options) : undefined;
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.#value[key] ?? fallback;
    if (typeof value !== 'boolean') this.fail(key, `expected true or false, got ${describe(value)}`);
    return value;
  }

  string(key: string, fallback?: string): string {
    const value = this.#value[key] ?? fallback;
    if (typeof value !== 'string' || value === '') this.fail(key, `expected a non-empty string, got ${describe(value)}`);
    return value;
  }

  optionalString(key: string): string | undefined {
    return this.has(key) ? this.string(key) : undefined;
  }

  oneOf<T extends string>(key: string, choices: readonly T[], fallback?: T): T {
    const value = this.#value[key] ?? fallback;
    if (typeof value !== 'string' || !choices.includes(value as T)) {
      this.fail(key, `expected one of ${choices.map((choice) => `"${choice}"`).join(', ')}, got ${describe(value)}`);
    }
    return value as T;
  }

  integerList(key: string, options: { readonly minimum?: number; readonly default?: readonly number[]; readonly nonEmpty?: boolean } = {}): number[] {
    const value = this.#value[key] ?? options.default;
    if (!Array.isArray(value)) this.fail(key, `expected an array of integers, got ${describe(value)}`);
    if (options.nonEmpty === true && value.length === 0) this.fail(key, 'expected at least one value');
    return value.map((item, index) => {
      if (typeof item !== 'number' || !Number.isSafeInteger(item) || (options.minimum !== undefined && item < options.minimum)) {
        this.fail(`${key}[${index}]`, `expected an integer${options.minimum === undefined ? '' : ` >= ${options.minimum}`}, got ${describe(item)}`);
      }
      return item;
    });
  }

  list(key: string): ConfigListReader {
    const value = this.#value[key];
    if (!Array.isArray(value)) this.fail(key, `expected an array, got ${describe(value)}`);
    return new ConfigListReader(this.#functionName, this.path(key), value);
  }
}

/** The items of an array field. */
export class ConfigListReader {
  constructor(
    readonly functionName: string,
    readonly listPath: string,
    readonly items: readonly unknown[],
  ) {}

  objects(): ConfigReader[] {
    return this.items.map((item, index) => new ConfigReader(this.functionName, `${this.listPath}[${index}]`, item));
  }
}

/** A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `"${value}"`;
  return String(value);
}
