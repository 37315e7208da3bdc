import type { Rng } from '../random/rng.js';
import type { Architecture, Decision } from './architecture.js';

/**
 * A search space whose architectures are vectors of independent decisions.
 * Implemented by `@fewshot/search-space` (NAS-Bench-201, NAS-Bench-1Shot1) and
 * `@fewshot/autogan`; every strategy, supernet and splitter works on this contract.
 *
 * @example
 * ```ts
 * import { createRng } from '@fewshot/core';
 * import { nasBench201 } from '@fewshot/search-space';
 * const space: SearchSpace = nasBench201;
 * const architecture = space.sample(createRng({ seed: 0 }));
 * console.log(space.encode(architecture));
 * ```
 */
export interface SearchSpace {
  /** A stable identifier, e.g. `nas-bench-201`. */
  readonly id: string;
  /** The decisions, in architecture-vector order. */
  readonly decisions: readonly Decision[];
  /** The number of architecture vectors (product of the option counts). */
  readonly size: number;
  /** True when `architecture` is a valid vector of this space. */
  contains(architecture: Architecture): boolean;
  /** A uniformly random architecture. */
  sample(rng: Rng): Architecture;
  /** Every architecture, in the order documented by the space. */
  enumerate(): IterableIterator<Architecture>;
  /** The space's canonical text form (e.g. the NAS-Bench-201 string). */
  encode(architecture: Architecture): string;
  /** Parses the canonical text form; throws a typed error on bad input. */
  decode(text: string): Architecture;
  /** A copy with exactly one decision changed to another option, chosen uniformly. */
  mutate(options: {
    /** The architecture to change (not modified). */
    readonly architecture: Architecture;
    /** Chooses the decision and the new option. */
    readonly rng: Rng;
  }): Architecture;
  /** Every architecture that differs from `architecture` in exactly one decision. */
  neighbours(architecture: Architecture): Architecture[];
}
