import { InvalidArgumentError, type Region } from '@fewshot/core';
import { checkDisjoint } from './internal/check-disjoint.js';
import { checkOptions, checkRegion, describeValue, regionInside } from './internal/validate.js';

/**
 * Options of {@link assertRegionPartition}.
 *
 * @example
 * ```ts
 * const options: AssertRegionPartitionOptions = { parent: whole, children: whole.split({ decision: 0, groups: [[0, 1], [2, 3, 4]] }) };
 * ```
 */
export interface AssertRegionPartitionOptions {
  /** The region that should be covered. */
  readonly parent: Region;
  /** The regions that should partition it. */
  readonly children: readonly Region[];
}

/**
 * Throws unless `children` partition `parent`: every child lies inside the parent, no two
 * children share an architecture, and together they hold every architecture of the parent (their
 * sizes add up to the parent's). Pure; exact (regions are products of option sets, so overlaps are
 * computed by intersection, not by sampling).
 *
 * @throws InvalidArgumentError naming the first child that breaks the partition.
 *
 * @example
 * ```ts
 * import { createRegion, nasBench201 } from '@fewshot/search-space';
 * const whole = createRegion({ space: nasBench201 });
 * assertRegionPartition({ parent: whole, children: splitTreeLeaves({ tree, space: nasBench201 }) }); // no error
 * ```
 */
export function assertRegionPartition(options: AssertRegionPartitionOptions): void {
  const functionName = 'assertRegionPartition';
  checkOptions(functionName, options, '{ parent, children }');
  checkRegion(functionName, 'options.parent', options.parent);
  const { parent, children } = options;
  if (!Array.isArray(children)) {
    throw new InvalidArgumentError({ functionName, argument: 'options.children', message: `expected a list of regions, got ${describeValue(children)}` });
  }
  children.forEach((child, index) => {
    checkRegion(functionName, `options.children[${index}]`, child);
    if (!regionInside(child, parent)) {
      throw new InvalidArgumentError({
        functionName,
        argument: `options.children[${index}]`,
        message: `${child.label} is not inside the parent region ${parent.label}`,
      });
    }
  });
  checkDisjoint(functionName, 'options.children', children);
  const total = children.reduce((sum, child) => sum + child.size, 0);
  if (total !== parent.size) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.children',
      message: `the children hold ${total} architectures but the parent ${parent.label} holds ${parent.size}; they do not cover it`,
    });
  }
}
