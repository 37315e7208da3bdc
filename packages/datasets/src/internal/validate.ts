import { InvalidArgumentError, type Rng } from '@fewshot/core';
import type { ImageDataset } from '../image-dataset.js';

/** A short description of a value for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as Uint8Array).length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `"${value}"`;
  return `${typeof value} ${String(value)}`;
}

/** Throws unless `options` is a non-null object. */
export function checkOptions(functionName: string, options: unknown): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options',
      message: `options: expected an options object, got ${describeValue(options)}`,
    });
  }
}

/** Throws unless `value` is an integer >= 1. */
export function checkPositiveInteger(functionName: string, argument: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidArgumentError({ functionName, argument, message: `${argument}: expected a positive integer, got ${describeValue(value)}` });
  }
}

/** Throws unless `value` is an integer >= 0. */
export function checkNonNegativeInteger(functionName: string, argument: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidArgumentError({ functionName, argument, message: `${argument}: expected a non-negative integer, got ${describeValue(value)}` });
  }
}

/** Throws unless `value` is a boolean or undefined. */
export function checkOptionalBoolean(functionName: string, argument: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new InvalidArgumentError({ functionName, argument, message: `${argument}: expected a boolean, got ${describeValue(value)}` });
  }
}

/** Throws unless `value` looks like an {@link Rng}. */
export function checkRng(functionName: string, argument: string, value: unknown): asserts value is Rng {
  const candidate = value as Partial<Rng> | null | undefined;
  if (
    candidate === null ||
    typeof candidate !== 'object' ||
    typeof candidate.uint32 !== 'function' ||
    typeof candidate.integer !== 'function' ||
    typeof candidate.float !== 'function' ||
    typeof candidate.fork !== 'function'
  ) {
    throw new InvalidArgumentError({
      functionName,
      argument,
      message: `${argument}: expected an Rng from createRng({ seed }), got ${describeValue(value)}`,
    });
  }
}

/**
 * Throws unless `dataset` is a consistent {@link ImageDataset}: typed arrays
 * of matching sizes and every label below `classes`.
 */
export function checkDataset(functionName: string, argument: string, dataset: unknown): asserts dataset is ImageDataset {
  const candidate = dataset as Partial<ImageDataset> | null | undefined;
  if (candidate === null || typeof candidate !== 'object') {
    throw new InvalidArgumentError({ functionName, argument, message: `${argument}: expected an ImageDataset, got ${describeValue(dataset)}` });
  }
  const { images, labels, count, height, width, channels, classes } = candidate;
  if (!(images instanceof Uint8Array) || !(labels instanceof Uint8Array)) {
    throw new InvalidArgumentError({
      functionName,
      argument,
      message: `${argument}: expected an ImageDataset with Uint8Array images and labels`,
    });
  }
  for (const [field, value] of [
    ['height', height],
    ['width', width],
    ['channels', channels],
    ['classes', classes],
  ] as const) {
    checkPositiveInteger(functionName, `${argument}.${field}`, value);
  }
  if (count !== labels.length) {
    throw new InvalidArgumentError({
      functionName,
      argument: `${argument}.count`,
      message: `${argument}.count: count is ${describeValue(count)} but there are ${labels.length} labels`,
    });
  }
  const expected = labels.length * (height as number) * (width as number) * (channels as number);
  if (images.length !== expected) {
    throw new InvalidArgumentError({
      functionName,
      argument: `${argument}.images`,
      message: `${argument}.images: expected ${labels.length} x ${height} x ${width} x ${channels} = ${expected} bytes, got ${images.length}`,
    });
  }
  for (let index = 0; index < labels.length; index += 1) {
    if ((labels[index] as number) >= (classes as number)) {
      throw new InvalidArgumentError({
        functionName,
        argument: `${argument}.labels`,
        message: `${argument}.labels: label ${labels[index]} of example ${index} is not below classes = ${classes}`,
      });
    }
  }
}
