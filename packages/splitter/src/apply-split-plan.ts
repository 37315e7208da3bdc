import type { Region } from '@fewshot/core';
import type { SplitPlan } from './split-plan.js';
import { splitRegionWithPlan } from './internal/split-region-with-plan.js';
import { checkOptions, checkRegion } from './internal/validate.js';

/**
 * Options of {@link applySplitPlan}.
 *
 * @example
 * ```ts
 * const options: ApplySplitPlanOptions = { region: whole, plan };
 * ```
 */
export interface ApplySplitPlanOptions {
  /** The region the plan was made for (its `toJSON()` must equal `plan.region`). */
  readonly region: Region;
  /** The plan to apply. */
  readonly plan: SplitPlan;
}

/**
 * The child regions of a plan, one per group, in group order. They partition `region`: disjoint,
 * and their union is `region`. Pure (no tensors).
 *
 * @throws InvalidArgumentError when the plan was made for another region or its groups do not
 * partition the options the region allows for the decision.
 *
 * @example
 * ```ts
 * import { createRegion, nasBench201 } from '@fewshot/search-space';
 * const whole = createRegion({ space: nasBench201 });
 * const plan = planFixedEdgeSplit({ region: whole, decision: 0 });
 * applySplitPlan({ region: whole, plan }).map((child) => child.label);
 * // ['1<-0 in {none}', '1<-0 in {skip_connect}', '1<-0 in {nor_conv_1x1}', '1<-0 in {nor_conv_3x3}', '1<-0 in {avg_pool_3x3}']
 * ```
 */
export function applySplitPlan(options: ApplySplitPlanOptions): Region[] {
  const functionName = 'applySplitPlan';
  checkOptions(functionName, options, '{ region, plan }');
  checkRegion(functionName, 'options.region', options.region);
  const { region, plan } = options;
  return splitRegionWithPlan(functionName, region, plan, 'options.plan');
}
