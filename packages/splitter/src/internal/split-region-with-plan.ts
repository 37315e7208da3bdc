import { FewshotError, InvalidArgumentError, type Region } from '@fewshot/core';
import type { SplitPlan } from '../split-plan.js';
import { describeValue, sameAllowed } from './validate.js';

/** Validates `plan` against `region` and splits it (internal, shared with splitSupernet and trees). */
export function splitRegionWithPlan(functionName: string, region: Region, plan: SplitPlan, argument: string): Region[] {
  if (plan === null || typeof plan !== 'object' || plan.region === null || typeof plan.region !== 'object' || !Array.isArray(plan.region.allowed)) {
    throw new InvalidArgumentError({ functionName, argument, message: `expected a SplitPlan, got ${describeValue(plan)}` });
  }
  if (!sameAllowed(region.toJSON(), plan.region)) {
    throw new InvalidArgumentError({
      functionName,
      argument: `${argument}.region`,
      message: `the plan splits the region ${describeValue(plan.region)}, not this one (${region.label}: ${describeValue(region.toJSON())})`,
    });
  }
  try {
    return region.split({ decision: plan.decision, groups: plan.groups });
  } catch (error) {
    if (!FewshotError.isInstance(error)) throw error;
    throw new InvalidArgumentError({ functionName, argument: `${argument}.groups`, message: `the plan does not fit its region: ${error.message}`, cause: error });
  }
}
