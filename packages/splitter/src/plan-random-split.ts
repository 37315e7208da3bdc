import { InvalidArgumentError, type Region, type Rng } from '@fewshot/core';
import type { CandidateDecisions } from './candidate-decisions.js';
import type { SplitPlan } from './split-plan.js';
import { balancedSizes, normaliseGroups, resolveCandidates } from './internal/candidates.js';
import { allowedOptions, checkInteger, checkOptions, checkRegion, checkRng, describeGroup } from './internal/validate.js';

/**
 * Options of {@link planRandomSplit}.
 *
 * @example
 * ```ts
 * const options: PlanRandomSplitOptions = { region: whole, rng: createRng({ seed: 1 }), groupCount: 2 };
 * ```
 */
export interface PlanRandomSplitOptions {
  /** The region to split. */
  readonly region: Region;
  /** Draws the decision (unless given) and the grouping. */
  readonly rng: Rng;
  /** Number of children. Default 2 (GM-NAS's branching factor on NAS-Bench-201). */
  readonly groupCount?: number;
  /** Split this decision instead of drawing one. */
  readonly decision?: number;
  /** Where the decision is drawn from; default `'unsplit'`. Ignored when `decision` is given. */
  readonly candidateDecisions?: CandidateDecisions;
}

/**
 * A random split — GM-NAS's "random partition" baseline: a decision drawn uniformly from the
 * candidates, its allowed options shuffled and dealt into `groupCount` balanced groups (sizes differ
 * by at most one; 5 ops into 2 groups gives sizes 3 and 2). Groups are then sorted, the group
 * holding the smallest option first. Deterministic under `rng`. Pure (no tensors).
 *
 * @example
 * ```ts
 * import { createRng } from '@fewshot/core';
 * import { createRegion, nasBench201 } from '@fewshot/search-space';
 * const plan = planRandomSplit({ region: createRegion({ space: nasBench201 }), rng: createRng({ seed: 7 }) });
 * plan.groups.map((group) => group.length).sort(); // [2, 3]
 * ```
 */
export function planRandomSplit(options: PlanRandomSplitOptions): SplitPlan {
  const functionName = 'planRandomSplit';
  checkOptions(functionName, options, '{ region, rng, groupCount?, decision?, candidateDecisions? }');
  checkRegion(functionName, 'options.region', options.region);
  checkRng(functionName, 'options.rng', options.rng);
  const { region, rng } = options;
  const groupCount = options.groupCount ?? 2;
  checkInteger(functionName, 'options.groupCount', groupCount, 2);
  let decision: number;
  if (options.decision !== undefined) {
    [decision] = resolveCandidates(functionName, 'options.decision', region, [options.decision], groupCount) as [number];
  } else {
    decision = rng.choice(resolveCandidates(functionName, 'options.candidateDecisions', region, options.candidateDecisions, groupCount));
  }
  const allowed = allowedOptions(region, decision);
  if (allowed.length < groupCount) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.groupCount',
      message: `decision ${decision} allows ${allowed.length} option(s) in ${region.label}; cannot make ${groupCount} groups`,
    });
  }
  const shuffled = rng.shuffle(allowed);
  let start = 0;
  const groups = normaliseGroups(
    balancedSizes(allowed.length, groupCount).map((size) => {
      const group = shuffled.slice(start, start + size);
      start += size;
      return group;
    }),
  );
  const label = region.space.decisions[decision]?.label ?? String(decision);
  return {
    criterion: 'random',
    region: region.toJSON(),
    decision,
    groups,
    reason: `random split of edge ${label} into ${groupCount} balanced groups: ${groups.map((group) => describeGroup(region, decision, group)).join(' | ')}`,
  };
}
