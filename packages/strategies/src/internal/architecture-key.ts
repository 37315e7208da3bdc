import type { Architecture } from '@fewshot/core';

/** A string key that identifies an architecture vector (for sets and maps). */
export function architectureKey(architecture: Architecture): string {
  return architecture.join(',');
}

/** True when both vectors hold the same option indices. */
export function sameArchitecture(first: Architecture, second: Architecture): boolean {
  if (first.length !== second.length) return false;
  for (let index = 0; index < first.length; index += 1) {
    if (first[index] !== second[index]) return false;
  }
  return true;
}
