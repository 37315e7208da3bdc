import type { Rng } from '../random/rng.js';
import type { Architecture } from './architecture.js';
import type { SearchSpace } from './search-space.js';

/**
 * A region (sub-space) of a {@link SearchSpace}: for every decision, the set of
 * options it may take. Sub-supernets own regions; splitting a region partitions it.
 * Implemented by `createRegion` in `@fewshot/search-space`.
 *
 * @example
 * ```ts
 * import { createRegion, nasBench201 } from '@fewshot/search-space';
 * const whole: Region = createRegion({ space: nasBench201 });
 * const children = whole.split({ decision: 0, groups: [[0], [1], [2], [3], [4]] });
 * children.map((child) => child.size); // [3125, 3125, 3125, 3125, 3125]
 * ```
 */
export interface Region {
  /** The space this region belongs to. */
  readonly space: SearchSpace;
  /** `allowed[d][o]` is true when decision `d` may take option `o`. */
  readonly allowed: readonly (readonly boolean[])[];
  /** The number of architectures in the region. */
  readonly size: number;
  /** A readable description, e.g. `1<-0 in {nor_conv_3x3}`; `whole space` when unrestricted. */
  readonly label: string;
  /** True when `architecture` lies in this region. */
  contains(architecture: Architecture): boolean;
  /** Every architecture of the region, in the space's enumeration order. */
  enumerate(): IterableIterator<Architecture>;
  /** A uniformly random architecture of the region. Throws on an empty region. */
  sample(rng: Rng): Architecture;
  /** The architectures in both regions (possibly empty). */
  intersect(other: Region): Region;
  /**
   * Partitions the region on one decision: one child per group of option indices.
   * The groups must cover exactly the options this region allows for that decision.
   */
  split(options: {
    /** Index of the decision to split on, into {@link SearchSpace.decisions}. */
    readonly decision: number;
    /** Option indices of each child, e.g. `[[0, 1], [2, 3, 4]]`; children follow this order. */
    readonly groups: readonly (readonly number[])[];
  }): Region[];
  /** A JSON form that `regionFromJson` in `@fewshot/search-space` restores. */
  toJSON(): RegionJson;
}

/**
 * The serialised form of a {@link Region}.
 *
 * @example
 * ```ts
 * const json: RegionJson = { space: 'nas-bench-201', allowed: [[3], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4]] };
 * ```
 */
export interface RegionJson {
  /** The {@link SearchSpace.id}. */
  readonly space: string;
  /** For every decision, the allowed option indices in increasing order. */
  readonly allowed: readonly (readonly number[])[];
}
