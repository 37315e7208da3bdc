import { InvalidArgumentError, OutOfRangeError, type Rng } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';

/** A short, readable rendering of any value for error messages. */
export function describeValue(value: unknown, maximumLength = 120): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (value === undefined) text = 'undefined';
  else if (value instanceof tf.Tensor) text = `a ${value.dtype} tensor of shape [${value.shape.join(', ')}]`;
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

/** Throws unless `options` is a plain object. */
export function requireOptions(functionName: string, options: unknown, shape: string): asserts options is object {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidArgumentError({ functionName, argument: 'options', message: `expected ${shape}, got ${describeValue(options)}` });
  }
}

/** An integer within bounds, or the default when undefined. */
export function integerOption(
  functionName: string,
  argument: string,
  value: unknown,
  options: { readonly minimum?: number; readonly maximum?: number; readonly fallback?: number } = {},
): number {
  const resolved = value ?? options.fallback;
  if (typeof resolved !== 'number' || !Number.isSafeInteger(resolved)) {
    throw new InvalidArgumentError({ functionName, argument, message: `${argument}: expected an integer, got ${describeValue(resolved)}` });
  }
  if (options.minimum !== undefined && resolved < options.minimum) {
    throw new OutOfRangeError({ functionName, argument, message: `${argument}: expected an integer >= ${options.minimum}, got ${resolved}` });
  }
  if (options.maximum !== undefined && resolved > options.maximum) {
    throw new OutOfRangeError({ functionName, argument, message: `${argument}: expected an integer <= ${options.maximum}, got ${resolved}` });
  }
  return resolved;
}

/** A finite number within bounds, or the default when undefined. */
export function numberOption(
  functionName: string,
  argument: string,
  value: unknown,
  options: {
    readonly minimum?: number;
    readonly maximum?: number;
    readonly exclusiveMinimum?: number;
    readonly exclusiveMaximum?: number;
    readonly fallback?: number;
  } = {},
): number {
  const resolved = value ?? options.fallback;
  if (typeof resolved !== 'number' || !Number.isFinite(resolved)) {
    throw new InvalidArgumentError({ functionName, argument, message: `${argument}: expected a finite number, got ${describeValue(resolved)}` });
  }
  const bad =
    (options.minimum !== undefined && resolved < options.minimum) ||
    (options.maximum !== undefined && resolved > options.maximum) ||
    (options.exclusiveMinimum !== undefined && resolved <= options.exclusiveMinimum) ||
    (options.exclusiveMaximum !== undefined && resolved >= options.exclusiveMaximum);
  if (bad) {
    const parts: string[] = [];
    if (options.minimum !== undefined) parts.push(`>= ${options.minimum}`);
    if (options.exclusiveMinimum !== undefined) parts.push(`> ${options.exclusiveMinimum}`);
    if (options.maximum !== undefined) parts.push(`<= ${options.maximum}`);
    if (options.exclusiveMaximum !== undefined) parts.push(`< ${options.exclusiveMaximum}`);
    throw new OutOfRangeError({ functionName, argument, message: `${argument}: expected a number ${parts.join(' and ')}, got ${resolved}` });
  }
  return resolved;
}

/** Throws unless `rng` looks like a core `Rng`. */
export function requireRng(functionName: string, argument: string, rng: unknown): Rng {
  const candidate = rng as Partial<Rng> | null | undefined;
  if (typeof candidate !== 'object' || candidate === null || typeof candidate.float !== 'function' || typeof candidate.normal !== 'function') {
    throw new InvalidArgumentError({ functionName, argument, message: `expected an Rng from createRng, got ${describeValue(rng)}` });
  }
  return candidate as Rng;
}

/** Throws unless `value` is a float32 tensor of rank 4 (NHWC). */
export function requireImageTensor(functionName: string, argument: string, value: unknown): tf.Tensor4D {
  if (!(value instanceof tf.Tensor) || value.rank !== 4 || value.dtype !== 'float32') {
    throw new InvalidArgumentError({
      functionName,
      argument,
      message: `expected a float32 tensor [batch, height, width, channels], got ${describeValue(value)}`,
    });
  }
  if (value.isDisposed) {
    throw new InvalidArgumentError({ functionName, argument, message: 'the tensor was disposed' });
  }
  return value as tf.Tensor4D;
}

/** Throws when the signal is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined, make: () => Error): void {
  if (signal?.aborted === true) throw make();
}
