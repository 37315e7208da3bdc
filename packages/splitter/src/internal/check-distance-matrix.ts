import { InvalidArgumentError } from '@fewshot/core';
import { describeValue } from './validate.js';

/** Checks a square, finite, symmetric matrix (relative tolerance 1e-9) and returns it as numbers. */
export function checkDistanceMatrix(functionName: string, argument: string, value: unknown): number[][] {
  if (!Array.isArray(value) || !value.every((row) => Array.isArray(row) && row.length === value.length)) {
    throw new InvalidArgumentError({ functionName, argument, message: `expected a square matrix (a list of equally long rows), got ${describeValue(value)}` });
  }
  const matrix = value as unknown[][];
  matrix.forEach((row, i) =>
    row.forEach((entry, j) => {
      if (typeof entry !== 'number' || !Number.isFinite(entry)) {
        throw new InvalidArgumentError({ functionName, argument: `${argument}[${i}][${j}]`, message: `expected a finite number, got ${describeValue(entry)}` });
      }
    }),
  );
  const numbers = matrix as number[][];
  for (let i = 0; i < numbers.length; i += 1) {
    for (let j = i + 1; j < numbers.length; j += 1) {
      const a = (numbers[i] as number[])[j] as number;
      const b = (numbers[j] as number[])[i] as number;
      if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))) {
        throw new InvalidArgumentError({ functionName, argument, message: `expected a symmetric matrix; [${i}][${j}] = ${a} but [${j}][${i}] = ${b}` });
      }
    }
  }
  return numbers;
}
