import { InvalidArgumentError, OutOfRangeError } from '@fewshot/core';
import { describeValue } from './validate.js';

/** Reads a JSON configuration field by field; every error names the field's path and unknown fields are refused. */
export class ConfigReader {
  constructor(
    readonly functionName: string,
    readonly path: string,
    readonly value: Record<string, unknown>,
  ) {}

  static of(functionName: string, path: string, value: unknown): ConfigReader {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new InvalidArgumentError({ functionName, argument: path, message: `${path}: expected an object, got ${describeValue(value)}` });
    }
    return new ConfigReader(functionName, path, value as Record<string, unknown>);
  }

  at(key: string): string {
    return `${this.path}.${key}`;
  }

  fail(key: string, message: string, range = false): never {
    const options = { functionName: this.functionName, argument: this.at(key), message: `${this.at(key)}: ${message}` };
    throw range ? new OutOfRangeError(options) : new InvalidArgumentError(options);
  }

  rejectUnknown(known: readonly string[]): void {
    for (const key of Object.keys(this.value)) if (!known.includes(key)) this.fail(key, `unknown field; expected one of ${known.join(', ')}`);
  }

  has(key: string): boolean {
    return this.value[key] !== undefined;
  }

  raw(key: string): unknown {
    return this.value[key];
  }

  object(key: string): ConfigReader {
    return ConfigReader.of(this.functionName, this.at(key), this.value[key]);
  }

  optionalObject(key: string): ConfigReader {
    return this.has(key) ? this.object(key) : new ConfigReader(this.functionName, this.at(key), {});
  }

  integer(key: string, options: { readonly minimum?: number; readonly maximum?: number; readonly fallback?: number } = {}): number {
    const value = this.value[key] ?? options.fallback;
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) this.fail(key, `expected an integer, got ${describeValue(value)}`);
    if (options.minimum !== undefined && value < options.minimum) this.fail(key, `expected an integer >= ${options.minimum}, got ${value}`, true);
    if (options.maximum !== undefined && value > options.maximum) this.fail(key, `expected an integer <= ${options.maximum}, got ${value}`, true);
    return value;
  }

  number(key: string, options: { readonly minimum?: number; readonly exclusiveMinimum?: number; readonly exclusiveMaximum?: number; readonly fallback?: number } = {}): number {
    const value = this.value[key] ?? options.fallback;
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(key, `expected a number, got ${describeValue(value)}`);
    if (options.minimum !== undefined && value < options.minimum) this.fail(key, `expected a number >= ${options.minimum}, got ${value}`, true);
    if (options.exclusiveMinimum !== undefined && value <= options.exclusiveMinimum) this.fail(key, `expected a number > ${options.exclusiveMinimum}, got ${value}`, true);
    if (options.exclusiveMaximum !== undefined && value >= options.exclusiveMaximum) this.fail(key, `expected a number < ${options.exclusiveMaximum}, got ${value}`, true);
    return value;
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.value[key] ?? fallback;
    if (typeof value !== 'boolean') this.fail(key, `expected true or false, got ${describeValue(value)}`);
    return value;
  }

  string(key: string, fallback?: string): string {
    const value = this.value[key] ?? fallback;
    if (typeof value !== 'string' || value === '') this.fail(key, `expected a non-empty string, got ${describeValue(value)}`);
    return value;
  }

  oneOf<T extends string>(key: string, choices: readonly T[], fallback?: T): T {
    const value = this.value[key] ?? fallback;
    if (typeof value !== 'string' || !choices.includes(value as T)) {
      this.fail(key, `expected one of ${choices.map((choice) => `"${choice}"`).join(', ')}, got ${describeValue(value)}`);
    }
    return value as T;
  }

  integerList(key: string, options: { readonly minimum?: number; readonly fallback?: readonly number[]; readonly length?: number } = {}): number[] {
    const value = this.value[key] ?? options.fallback;
    if (!Array.isArray(value) || value.length === 0) this.fail(key, `expected a non-empty array of integers, got ${describeValue(value)}`);
    if (options.length !== undefined && value.length !== options.length) this.fail(key, `expected ${options.length} integers, got ${value.length}`);
    return value.map((item, index) => {
      if (typeof item !== 'number' || !Number.isSafeInteger(item) || (options.minimum !== undefined && item < options.minimum)) {
        this.fail(`${key}[${index}]`, `expected an integer${options.minimum === undefined ? '' : ` >= ${options.minimum}`}, got ${describeValue(item)}`);
      }
      return item;
    });
  }

  stringList(key: string, choices: readonly string[], fallback: readonly string[]): string[] {
    const value = this.value[key] ?? fallback;
    if (!Array.isArray(value)) this.fail(key, `expected an array of strings, got ${describeValue(value)}`);
    return value.map((item, index) => {
      if (typeof item !== 'string' || !choices.includes(item)) this.fail(`${key}[${index}]`, `expected one of ${choices.map((choice) => `"${choice}"`).join(', ')}, got ${describeValue(item)}`);
      return item;
    });
  }
}
