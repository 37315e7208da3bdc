import type { Architecture } from '@fewshot/core';
import { checkArchitecture } from '../internal/product-space.js';
import { nasBench201Decisions } from './decisions.js';
import { nasBench201Edges } from './operations.js';

/**
 * True when the cell output (node 3) is connected to the cell input (node 0) by
 * a path of edges whose op is not `none`. When it is not, the cell output does
 * not depend on the input at all, and the benchmark network scores chance level
 * (exactly 10% on CIFAR-10, 1% on CIFAR-100, 0.8333% on ImageNet16-120).
 * Exactly 341 of the 15,625 architectures are cut off: `3<-0` is `none` and no
 * path `0->1->3`, `0->2->3` or `0->1->2->3` is free of `none`
 * (1·(125 + 4·25 + 4·25 + 16·1) = 341); the shared NAS-Bench-201 table has
 * exactly these 341 at 10.0 on CIFAR-10.
 *
 * @example
 * ```ts
 * import { isNasBench201OutputReachable, parseNasBench201Architecture } from '@fewshot/search-space';
 * isNasBench201OutputReachable(parseNasBench201Architecture('|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|')); // false
 * isNasBench201OutputReachable(parseNasBench201Architecture('|none~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|'));   // true
 * ```
 */
export function isNasBench201OutputReachable(architecture: Architecture): boolean {
  checkArchitecture('isNasBench201OutputReachable', 'architecture', architecture, nasBench201Decisions);
  const reached = [true, false, false, false];
  nasBench201Edges.forEach((edge, e) => {
    if (architecture[e] !== 0 && reached[edge.from]) reached[edge.to] = true;
  });
  return reached[3] as boolean;
}
