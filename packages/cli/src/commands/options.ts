import { InvalidArgumentError } from '@fewshot/core';
import type { ParsedArguments } from './command-arguments.js';

/** The `--workers n` option, validated. */
export function workersOption(parsed: ParsedArguments, functionName: string): number | undefined {
  const value = parsed.options.get('workers');
  if (value === undefined) return undefined;
  const workers = Number(value);
  if (value === true || !Number.isSafeInteger(workers) || workers < 1) {
    throw new InvalidArgumentError({ functionName, argument: '--workers', message: `--workers expects a positive integer, got ${String(value)}` });
  }
  return workers;
}

/** The `--seeds 1,2,3` option, validated. */
export function seedsOption(parsed: ParsedArguments, functionName: string): number[] | undefined {
  const value = parsed.options.get('seeds');
  if (value === undefined) return undefined;
  const seeds = value === true ? [] : value.split(',').map((part) => Number(part.trim()));
  if (seeds.length === 0 || seeds.some((seed) => !Number.isSafeInteger(seed) || seed < 0)) {
    throw new InvalidArgumentError({ functionName, argument: '--seeds', message: `--seeds expects a comma-separated list of integers, got ${String(value)}` });
  }
  return seeds;
}
