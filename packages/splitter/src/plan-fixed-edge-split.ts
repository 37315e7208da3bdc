import { InvalidArgumentError, type Region } from '@fewshot/core';
import { splitRegionWithPlan } from './internal/split-region-with-plan.js';
import type { SplitPlan } from './split-plan.js';
import { allowedOptions, checkOptions, checkRegion, describeGroup, describeValue } from './internal/validate.js';

/**
 * Options of {@link planFixedEdgeSplit}.
 *
 * @example
 * ```ts
 * const options: PlanFixedEdgeSplitOptions = { region: whole, decision: 0, groups: [[0, 1], [2, 3], [4]] };
 * ```
 */
export interface PlanFixedEdgeSplitOptions {
  /** The region to split (a sub-supernet's region, or the whole space). */
  readonly region: Region;
  /** The decision (edge) to split. Default 0 (`1<-0` on NAS-Bench-201, as in few-shot NAS). */
  readonly decision?: number;
  /**
   * The groups of option indices, one child per group, in child order. They must cover exactly the
   * options the region allows for the decision. Default: one option per child.
   */
  readonly groups?: readonly (readonly number[])[];
}

/**
 * A split on a decision the caller chooses. With the defaults it is few-shot NAS (Zhao et al.,
 * ICML 2021): edge `1<-0` of NAS-Bench-201, one child per op — five sub-supernets of 3,125
 * architectures each. Pure (no tensors).
 *
 * @throws InvalidArgumentError when the groups do not partition the allowed options.
 *
 * @example
 * ```ts
 * import { createRegion, nasBench201 } from '@fewshot/search-space';
 * const plan = planFixedEdgeSplit({ region: createRegion({ space: nasBench201 }) });
 * plan.groups; // [[0], [1], [2], [3], [4]]
 * plan.reason; // 'fixed edge 1<-0 split into 5 children: {none} | {skip_connect} | {nor_conv_1x1} | {nor_conv_3x3} | {avg_pool_3x3}'
 * ```
 */
export function planFixedEdgeSplit(options: PlanFixedEdgeSplitOptions): SplitPlan {
  const functionName = 'planFixedEdgeSplit';
  checkOptions(functionName, options, '{ region, decision?, groups? }');
  checkRegion(functionName, 'options.region', options.region);
  const { region } = options;
  const decision = options.decision ?? 0;
  if (typeof decision !== 'number' || !Number.isInteger(decision) || decision < 0 || decision >= region.space.decisions.length) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.decision',
      message: `expected a decision index 0..${region.space.decisions.length - 1}, got ${describeValue(decision)}`,
    });
  }
  const groups = (options.groups ?? allowedOptions(region, decision).map((option) => [option])) as readonly (readonly number[])[];
  if (!Array.isArray(groups) || !groups.every((group) => Array.isArray(group))) {
    throw new InvalidArgumentError({ functionName, argument: 'options.groups', message: `expected a list of option-index lists, got ${describeValue(groups)}` });
  }
  const sorted = groups.map((group) => [...group].sort((a, b) => a - b));
  const label = region.space.decisions[decision]?.label ?? String(decision);
  const plan: SplitPlan = {
    criterion: 'fixed-edge',
    region: region.toJSON(),
    decision,
    groups: sorted,
    reason: `fixed edge ${label} split into ${sorted.length} children: ${sorted.map((group) => describeGroup(region, decision, group)).join(' | ')}`,
  };
  splitRegionWithPlan(functionName, region, plan, 'options');
  return plan;
}
