import { FewshotError, InvalidArgumentError, type SearchSpace } from '@fewshot/core';
import { regionFromJson } from '@fewshot/search-space';
import type { EdgeGradientScore, GradientMatchingScores } from './gradient-matching-scores.js';
import type { SplitCriterion, SplitPlan } from './split-plan.js';
import { splitRegionWithPlan } from './internal/split-region-with-plan.js';
import { checkOptions, describeValue } from './internal/validate.js';

const criteria: readonly SplitCriterion[] = ['fixed-edge', 'random', 'gradient-matching'];

/**
 * Options of {@link splitPlanFromJson}.
 *
 * @example
 * ```ts
 * import { nasBench201 } from '@fewshot/search-space';
 * const options: SplitPlanFromJsonOptions = { space: nasBench201, json: JSON.parse(text) };
 * ```
 */
export interface SplitPlanFromJsonOptions {
  /** The space the plan's region belongs to. */
  readonly space: SearchSpace;
  /** A plan as `JSON.parse(JSON.stringify(plan))` gives it. */
  readonly json: unknown;
}

/**
 * Validates a plan read from JSON and returns it as a {@link SplitPlan}: the criterion is known,
 * the region belongs to `space` (checked with `regionFromJson`), and the groups partition the
 * options the region allows for the decision.
 *
 * @throws InvalidArgumentError naming the offending field.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { nasBench201 } from '@fewshot/search-space';
 * const plan = splitPlanFromJson({ space: nasBench201, json: JSON.parse(await readFile('plan.json', 'utf8')) });
 * ```
 */
export function splitPlanFromJson(options: SplitPlanFromJsonOptions): SplitPlan {
  const functionName = 'splitPlanFromJson';
  checkOptions(functionName, options, '{ space, json }');
  const json = options.json as Partial<Record<keyof SplitPlan, unknown>> | null;
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new InvalidArgumentError({ functionName, argument: 'options.json', message: `expected a split plan object, got ${describeValue(json)}` });
  }
  if (!criteria.includes(json.criterion as SplitCriterion)) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.json.criterion',
      message: `expected one of ${criteria.map((criterion) => `'${criterion}'`).join(', ')}, got ${describeValue(json.criterion)}`,
    });
  }
  if (typeof json.reason !== 'string') {
    throw new InvalidArgumentError({ functionName, argument: 'options.json.reason', message: `expected a string, got ${describeValue(json.reason)}` });
  }
  let region;
  try {
    region = regionFromJson({ space: options.space, json: json.region as never });
  } catch (error) {
    if (!FewshotError.isInstance(error)) throw error;
    throw new InvalidArgumentError({ functionName, argument: 'options.json.region', message: error.message, cause: error });
  }
  const groups = json.groups;
  if (!Array.isArray(groups) || !groups.every((group) => Array.isArray(group))) {
    throw new InvalidArgumentError({ functionName, argument: 'options.json.groups', message: `expected a list of option-index lists, got ${describeValue(groups)}` });
  }
  const plan: SplitPlan = {
    criterion: json.criterion as SplitCriterion,
    region: region.toJSON(),
    decision: json.decision as number,
    groups: (groups as unknown[][]).map((group) => [...group] as number[]),
    reason: json.reason,
    ...(json.scores === undefined ? {} : { scores: checkScores(functionName, json.scores) }),
  };
  // Validates decision and groups against the region (typed errors naming options.json.*).
  splitRegionWithPlan(functionName, region, plan, 'options.json');
  return plan;
}

function checkScores(functionName: string, value: unknown): GradientMatchingScores {
  const scores = value as Partial<Record<keyof GradientMatchingScores, unknown>> | null;
  const argument = 'options.json.scores';
  const fail = (message: string): never => {
    throw new InvalidArgumentError({ functionName, argument, message });
  };
  if (scores === null || typeof scores !== 'object' || !Array.isArray(scores.edges)) {
    return fail(`expected { distance, batchCount, sampling, sharedVariables, balanced, edges }, got ${describeValue(value)}`);
  }
  if (!['cosine', 'per-filter-cosine', 'mse'].includes(scores.distance as string)) fail(`unknown distance ${describeValue(scores.distance)}`);
  if (!['per-step', 'per-cell'].includes(scores.sampling as string)) fail(`unknown sampling ${describeValue(scores.sampling)}`);
  if (!['all', 'cells-and-reductions'].includes(scores.sharedVariables as string)) fail(`unknown sharedVariables ${describeValue(scores.sharedVariables)}`);
  if (typeof scores.batchCount !== 'number' || typeof scores.balanced !== 'boolean') fail('expected a numeric batchCount and a boolean balanced');
  const isNumbers = (list: unknown): list is number[] => Array.isArray(list) && list.every((item) => typeof item === 'number' && Number.isFinite(item));
  const edges = (scores.edges as unknown[]).map((edge, index) => {
    const entry = edge as Partial<Record<keyof EdgeGradientScore, unknown>> | null;
    const valid =
      entry !== null &&
      typeof entry === 'object' &&
      typeof entry.decision === 'number' &&
      typeof entry.label === 'string' &&
      isNumbers(entry.options) &&
      Array.isArray(entry.distances) &&
      entry.distances.length === entry.options.length &&
      entry.distances.every((row) => isNumbers(row) && row.length === (entry.options as number[]).length) &&
      Array.isArray(entry.groups) &&
      entry.groups.every(isNumbers) &&
      typeof entry.cut === 'number' &&
      typeof entry.within === 'number';
    if (!valid) fail(`edges[${index}] is not an edge score: ${describeValue(edge)}`);
    const checked = entry as EdgeGradientScore;
    return {
      decision: checked.decision,
      label: checked.label,
      options: [...checked.options],
      distances: checked.distances.map((row) => [...row]),
      groups: checked.groups.map((group) => [...group]),
      cut: checked.cut,
      within: checked.within,
    };
  });
  return {
    distance: scores.distance as GradientMatchingScores['distance'],
    batchCount: scores.batchCount as number,
    sampling: scores.sampling as GradientMatchingScores['sampling'],
    sharedVariables: scores.sharedVariables as GradientMatchingScores['sharedVariables'],
    balanced: scores.balanced as boolean,
    edges,
  };
}
