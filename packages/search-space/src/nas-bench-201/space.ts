import type { Architecture, SearchSpace } from '@fewshot/core';
import { createProductSpace } from '../internal/product-space.js';
import { formatNasBench201Architecture, parseNasBench201Architecture } from './architecture-string.js';
import { nasBench201Decisions } from './decisions.js';

const space = createProductSpace({
  id: 'nas-bench-201',
  name: 'nasBench201',
  decisions: nasBench201Decisions,
  encode: formatNasBench201Architecture,
  decode: parseNasBench201Architecture,
});

/**
 * The NAS-Bench-201 cell search space (15,625 architectures).
 *
 * - Decisions: the six edges `1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2`, each with the
 *   options `none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3`.
 * - `encode` / `decode`: the official string `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|`.
 * - `enumerate()`: a base-5 counter over the op indices with edge `1<-0` the most
 *   significant digit (see {@link nasBench201ArchitectureIndex}); this is NOT the
 *   official benchmark index order.
 * - `sample(rng)`: uniform; `mutate({ architecture, rng })`: exactly one edge
 *   changed to a different op, all 24 neighbours equally likely;
 *   `neighbours(architecture)`: those 24 neighbours.
 *
 * @example
 * ```ts
 * import { createRng } from '@fewshot/core';
 * import { nasBench201 } from '@fewshot/search-space';
 * const rng = createRng({ seed: 1 });
 * const architecture = nasBench201.sample(rng);
 * const text = nasBench201.encode(architecture);   // '|...~0|+|...~0|...~1|+|...~0|...~1|...~2|'
 * const child = nasBench201.mutate({ architecture, rng });
 * nasBench201.neighbours(architecture).length;     // 24
 * ```
 */
export const nasBench201: SearchSpace = Object.freeze({
  id: space.id,
  decisions: space.decisions,
  size: space.size,
  contains: space.contains,
  sample: space.sample,
  enumerate: space.enumerate,
  encode: space.encode,
  decode: space.decode,
  mutate: space.mutate,
  neighbours: space.neighbours,
});

/**
 * The position of an architecture in `nasBench201.enumerate()`: the op indices
 * read as a base-5 number with edge `1<-0` the most significant digit,
 * `index = a[0]*5^5 + a[1]*5^4 + a[2]*5^3 + a[3]*5^2 + a[4]*5 + a[5]`.
 *
 * This is NOT the official NAS-Bench-201 / NATS-Bench benchmark index: the
 * benchmark orders its 15,625 architectures differently (its order is the
 * `meta_archs` list of the benchmark's meta file; index 0 there is
 * `|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|`).
 * Map between the two through the architecture string.
 *
 * @example
 * ```ts
 * import { nasBench201ArchitectureIndex } from '@fewshot/search-space';
 * nasBench201ArchitectureIndex([0, 0, 0, 0, 0, 1]); // 1
 * nasBench201ArchitectureIndex([4, 4, 4, 4, 4, 4]); // 15624
 * ```
 */
export function nasBench201ArchitectureIndex(architecture: Architecture): number {
  return space.indexOf(architecture, 'nasBench201ArchitectureIndex');
}

/**
 * The architecture at `index` (0..15,624) of `nasBench201.enumerate()`, the
 * inverse of {@link nasBench201ArchitectureIndex} (not the official benchmark index).
 *
 * @example
 * ```ts
 * import { nasBench201ArchitectureAt } from '@fewshot/search-space';
 * nasBench201ArchitectureAt(1); // [0, 0, 0, 0, 0, 1]
 * ```
 */
export function nasBench201ArchitectureAt(index: number): Architecture {
  return space.architectureAt(index, 'nasBench201ArchitectureAt');
}
