/**
 * Comparisons of gradient arrays used by the tests, free of any backend import (so that a
 * test file can choose when tfjs-backend-wasm loads).
 */
import { expect } from 'vitest';

/** Largest absolute difference between two arrays of the same length. */
export function maximumDifference(actual: Float32Array, expected: Float32Array): number {
  expect(actual.length).toBe(expected.length);
  let largest = 0;
  for (let index = 0; index < actual.length; index += 1) {
    const difference = Math.abs((actual[index] ?? Number.NaN) - (expected[index] ?? Number.NaN));
    if (!(difference <= largest)) largest = Number.isNaN(difference) ? Number.POSITIVE_INFINITY : difference;
  }
  return largest;
}

/** Largest absolute value of an array. */
export function maximumMagnitude(values: Float32Array): number {
  let largest = 0;
  for (const value of values) largest = Math.max(largest, Math.abs(value));
  return largest;
}

/**
 * Asserts `max |actual - expected| <= tolerance * max(1, max |expected|)`: a
 * relative tolerance on the scale of the expected values.
 */
export function expectClose(actual: Float32Array, expected: Float32Array, tolerance: number, label = ''): void {
  const scale = Math.max(1, maximumMagnitude(expected));
  const difference = maximumDifference(actual, expected);
  expect(difference, `${label}: max |difference| ${difference} > ${tolerance} x ${scale}`).toBeLessThanOrEqual(
    tolerance * scale,
  );
}
