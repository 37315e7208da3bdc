import { InvalidArgumentError, StateError, type Region, type Rng } from '@fewshot/core';
import { createSupernet, type Supernet } from '@fewshot/supernet';
import { leavesOfTree } from './internal/leaves-of-tree.js';
import { splitRegionWithPlan } from './internal/split-region-with-plan.js';
import type { SplitPlan } from './split-plan.js';
import type { SplitTree } from './split-tree.js';
import { checkOptions, checkRng, describeValue, sameAllowed } from './internal/validate.js';

/**
 * One member of a few-shot ensemble: a sub-supernet and the region of architectures it answers
 * for. The caller owns `supernet` (dispose it when done).
 *
 * @example
 * ```ts
 * const [first]: SubSupernet[] = splitSupernet({ supernet, plan, initialization: 'copy' });
 * first.region.label;     // '1<-0 in {none}'
 * first.supernet.dispose();
 * ```
 */
export interface SubSupernet {
  /** The architectures this sub-supernet answers for (its `supernet.region`). */
  readonly region: Region;
  /** The sub-supernet (owned by the caller). */
  readonly supernet: Supernet;
}

/**
 * How the children of a split get their weights.
 *
 * - `'copy'` (few-shot NAS): bit-identical copies of the parent's weights (and BN running
 *   statistics) for everything the child's region can use; right after the split every
 *   architecture of a child gives exactly the parent's outputs.
 * - `'reinitialize'` (GM-NAS re-initialises sub-supernets after a split): fresh weights from
 *   `rng`, as `createSupernet` draws them.
 *
 * @example
 * ```ts
 * const initialization: SplitInitialization = 'reinitialize';
 * ```
 */
export type SplitInitialization = 'copy' | 'reinitialize';

/**
 * Options of {@link splitSupernet}: exactly one of `plan` (one split) and `tree` (a hierarchy,
 * giving its leaves).
 *
 * @example
 * ```ts
 * const options: SplitSupernetOptions = { supernet, plan, initialization: 'copy' };
 * ```
 */
export interface SplitSupernetOptions {
  /** The parent supernet (unchanged; still owned by the caller). */
  readonly supernet: Supernet;
  /** A plan for the supernet's region. */
  readonly plan?: SplitPlan;
  /** A split tree whose root is the supernet's region: one sub-supernet per leaf. */
  readonly tree?: SplitTree;
  /** Default `'copy'`. */
  readonly initialization?: SplitInitialization;
  /** Required for `'reinitialize'`: each child draws from `rng.fork('child-<i>')`, in child order. */
  readonly rng?: Rng;
}

/**
 * Splits a supernet into sub-supernets, one per child region of the plan (or per leaf of the
 * tree), in order. With `'copy'` each child is `supernet.restrict(childRegion)`: it keeps exactly
 * the weights its region can use, as bit-identical copies. The parent is not changed and stays
 * owned by the caller, who also owns every returned sub-supernet.
 *
 * @throws InvalidArgumentError when the plan (or tree) was made for another region, or
 * `'reinitialize'` has no `rng`; StateError when the supernet was disposed.
 *
 * @example
 * ```ts
 * import { createRegion, nasBench201 } from '@fewshot/search-space';
 * const plan = planFixedEdgeSplit({ region: supernet.region, decision: 0 });
 * const children = splitSupernet({ supernet, plan, initialization: 'copy' });
 * children.map((child) => child.region.size); // [3125, 3125, 3125, 3125, 3125]
 * children.forEach((child) => child.supernet.dispose());
 * ```
 */
export function splitSupernet(options: SplitSupernetOptions): SubSupernet[] {
  const functionName = 'splitSupernet';
  checkOptions(functionName, options, '{ supernet, plan | tree, initialization?, rng? }');
  const { supernet } = options;
  if (supernet === null || typeof supernet !== 'object' || typeof supernet.restrict !== 'function' || !supernet.region) {
    throw new InvalidArgumentError({ functionName, argument: 'options.supernet', message: `expected a Supernet from @fewshot/supernet, got ${describeValue(supernet)}` });
  }
  if (supernet.disposed) {
    throw new StateError({ functionName, argument: 'options.supernet', message: `the supernet ${supernet.id} was disposed` });
  }
  const initialization = options.initialization ?? 'copy';
  if (initialization !== 'copy' && initialization !== 'reinitialize') {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.initialization',
      message: `expected 'copy' or 'reinitialize', got ${describeValue(initialization)}`,
    });
  }
  if (initialization === 'reinitialize') checkRng(functionName, 'options.rng', options.rng);
  if ((options.plan === undefined) === (options.tree === undefined)) {
    throw new InvalidArgumentError({ functionName, argument: 'options', message: 'expected exactly one of plan and tree' });
  }
  let regions: Region[];
  if (options.plan !== undefined) {
    regions = splitRegionWithPlan(functionName, supernet.region, options.plan, 'options.plan');
  } else {
    const tree = options.tree as SplitTree;
    regions = leavesOfTree(functionName, 'options.tree', tree, supernet.region.space);
    if (!sameAllowed(supernet.region.toJSON(), tree.region)) {
      throw new InvalidArgumentError({
        functionName,
        argument: 'options.tree.region',
        message: `the tree's root region ${describeValue(tree.region)} is not the supernet's region (${supernet.region.label})`,
      });
    }
  }
  const children: SubSupernet[] = [];
  try {
    for (const [index, region] of regions.entries()) {
      if (initialization === 'copy') {
        children.push({ region, supernet: supernet.restrict(region) });
      } else {
        const fresh = createSupernet({
          ...supernet.networkOptions,
          cellBatchNorm: supernet.cellBatchNorm,
          rng: (options.rng as Rng).fork(`child-${index}`),
        });
        try {
          children.push({ region, supernet: fresh.restrict(region) });
        } finally {
          fresh.dispose();
        }
      }
    }
  } catch (error) {
    for (const child of children) child.supernet.dispose();
    throw error;
  }
  return children;
}
