import { InvalidArgumentError, OutOfRangeError, StateError, type Region } from '@fewshot/core';
import type { CandidateDecisions } from '../candidate-decisions.js';
import { allowedOptions, describeValue } from './validate.js';

/** The decisions a criterion may split, in increasing order (typed errors otherwise). */
export function resolveCandidates(
  functionName: string,
  argument: string,
  region: Region,
  candidates: CandidateDecisions | undefined,
  groupCount: number,
): number[] {
  const decisions = region.space.decisions;
  const value: unknown = candidates ?? 'unsplit';
  let result: number[];
  if (value === 'unsplit') {
    result = decisions.flatMap((decision, index) =>
      allowedOptions(region, index).length === decision.options.length && decision.options.length >= groupCount ? [index] : [],
    );
  } else if (value === 'splittable') {
    result = decisions.flatMap((_, index) => (allowedOptions(region, index).length >= groupCount ? [index] : []));
  } else if (Array.isArray(value)) {
    const seen = new Set<number>();
    for (const decision of value as unknown[]) {
      if (typeof decision !== 'number' || !Number.isInteger(decision) || decision < 0 || decision >= decisions.length) {
        throw new OutOfRangeError({ functionName, argument, message: `expected decision indices 0..${decisions.length - 1}, got ${describeValue(decision)}` });
      }
      const count = allowedOptions(region, decision).length;
      if (count < groupCount) {
        throw new InvalidArgumentError({
          functionName,
          argument,
          message: `decision ${decision} (${decisions[decision]?.label}) has ${count} allowed option(s) in the region ${region.label}; it cannot be split into ${groupCount} groups`,
        });
      }
      seen.add(decision);
    }
    result = [...seen].sort((a, b) => a - b);
  } else {
    throw new InvalidArgumentError({
      functionName,
      argument,
      message: `expected 'unsplit', 'splittable' or a list of decision indices, got ${describeValue(value)}`,
    });
  }
  if (result.length === 0) {
    throw new StateError({
      functionName,
      argument,
      message: `no decision of the region ${region.label} can be split into ${groupCount} groups with candidateDecisions ${describeValue(value)}`,
    });
  }
  return result;
}

/** Sizes of `groupCount` balanced groups of `count` items: the first `count % groupCount` get one more. */
export function balancedSizes(count: number, groupCount: number): number[] {
  const base = Math.floor(count / groupCount);
  return Array.from({ length: groupCount }, (_, group) => base + (group < count % groupCount ? 1 : 0));
}

/** Sorts each group and orders the groups by their smallest element. */
export function normaliseGroups(groups: readonly (readonly number[])[]): number[][] {
  return groups.map((group) => [...group].sort((a, b) => a - b)).sort((a, b) => (a[0] as number) - (b[0] as number));
}
