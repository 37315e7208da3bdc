import { InvalidArgumentError, type Region } from '@fewshot/core';

/** Throws when two regions share an architecture (internal, used by the ensemble too). */
export function checkDisjoint(functionName: string, argument: string, regions: readonly Region[]): void {
  for (let i = 0; i < regions.length; i += 1) {
    for (let j = i + 1; j < regions.length; j += 1) {
      const a = regions[i] as Region;
      const b = regions[j] as Region;
      if (a.space.id !== b.space.id) {
        throw new InvalidArgumentError({ functionName, argument, message: `regions ${i} and ${j} belong to different spaces (${a.space.id}, ${b.space.id})` });
      }
      const shared = a.intersect(b).size;
      if (shared > 0) {
        throw new InvalidArgumentError({
          functionName,
          argument,
          message: `regions ${i} (${a.label}) and ${j} (${b.label}) share ${shared} architecture(s); they must be disjoint`,
        });
      }
    }
  }
}
