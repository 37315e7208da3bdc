import { CancelledError, InvalidArgumentError, type Architecture, type EvaluateOptions, type Evaluation, type Evaluator, type Region } from '@fewshot/core';
import type { Supernet } from '@fewshot/supernet';
import { evaluateArchitectures, type EvaluationData } from '@fewshot/trainers';
import { assertRegionPartition } from './assert-region-partition.js';
import { checkDisjoint } from './internal/check-disjoint.js';
import { routeUnchecked } from './internal/route-unchecked.js';
import type { SubSupernet } from './split-supernet.js';
import { checkOptions, checkRegion, describeValue, regionInside } from './internal/validate.js';

/**
 * Options of {@link createFewShotEnsemble}.
 *
 * @example
 * ```ts
 * const options: CreateFewShotEnsembleOptions = { members: children, data: { dataset: validation, batchSize: 48 }, partitionOf: whole };
 * ```
 */
export interface CreateFewShotEnsembleOptions {
  /**
   * The sub-supernets (still owned by the caller). `region` defaults to the supernet's region and
   * must lie inside it; the members' regions must not overlap.
   */
  readonly members: readonly {
    /** The trained (sub-)supernet that scores this member's architectures; not disposed by the ensemble. */
    readonly supernet: Supernet;
    /** The architectures this member answers for; default `supernet.region`. */
    readonly region?: Region;
  }[];
  /** The data to score on (as `evaluateArchitectures` in `@fewshot/trainers`). */
  readonly data: EvaluationData;
  /** When given, the members must partition this region (checked once, here). */
  readonly partitionOf?: Region;
  /** A name for reports; default `few-shot ensemble (<n> sub-supernets)`. */
  readonly name?: string;
}

/**
 * A few-shot ensemble: an `Evaluator` (`@fewshot/core`) that answers each architecture with the sub-supernet
 * whose region contains it. Any search strategy can use it unchanged.
 *
 * @example
 * ```ts
 * const ensemble: FewShotEnsemble = createFewShotEnsemble({ members: children, data: { dataset: validation } });
 * ensemble.route([3, 3, 3, 1, 3, 2]); // the index of the member that answers for it
 * ```
 */
export interface FewShotEnsemble extends Evaluator {
  /** The members, with their regions filled in, in the order given. */
  readonly members: readonly SubSupernet[];
  /**
   * The index of the member whose region contains `architecture`; a `NotFoundError` when none
   * does.
   */
  route(architecture: Architecture): number;
}

/**
 * Builds a few-shot ensemble evaluator over sub-supernets. `evaluate` routes every architecture to
 * its member, scores each member's architectures in one call of `evaluateArchitectures` (one pass
 * over the data per architecture, the data turned into tensors once per member), and returns the
 * evaluations in the order asked — identical to evaluating each member directly, plus
 * `metrics.member`, the index of the member that answered. Answers are supernet estimates
 * (`cost` 0); `fidelity` is ignored.
 *
 * @throws InvalidArgumentError when members overlap, a member's region is not inside its
 * supernet's, or (with `partitionOf`) the members do not partition the region. `evaluate` rejects
 * with a `NotFoundError` for an architecture no member owns, before any computation.
 *
 * @example
 * ```ts
 * const children = splitSupernet({ supernet, plan: planFixedEdgeSplit({ region: supernet.region }) });
 * // ... train every child with trainSupernet ...
 * const evaluator = createFewShotEnsemble({ members: children, data: { dataset: validation, batchSize: 48 } });
 * const evaluations = await evaluator.evaluate({ architectures: [[3, 3, 3, 1, 3, 2], [1, 0, 0, 0, 0, 1]] });
 * ```
 */
export function createFewShotEnsemble(options: CreateFewShotEnsembleOptions): FewShotEnsemble {
  const functionName = 'createFewShotEnsemble';
  checkOptions(functionName, options, '{ members, data, partitionOf?, name? }');
  const { data } = options;
  if (!Array.isArray(options.members) || options.members.length === 0) {
    throw new InvalidArgumentError({ functionName, argument: 'options.members', message: `expected a non-empty list of { supernet, region? }, got ${describeValue(options.members)}` });
  }
  checkOptions(functionName, data, '{ dataset, batchSize?, normalization? }');
  const members: SubSupernet[] = options.members.map((member, index) => {
    const argument = `options.members[${index}]`;
    const supernet = member?.supernet;
    if (supernet === null || typeof supernet !== 'object' || typeof supernet.forward !== 'function' || supernet.region === undefined) {
      throw new InvalidArgumentError({ functionName, argument: `${argument}.supernet`, message: `expected a Supernet from @fewshot/supernet, got ${describeValue(supernet)}` });
    }
    const region = member.region ?? supernet.region;
    checkRegion(functionName, `${argument}.region`, region);
    if (!regionInside(region, supernet.region)) {
      throw new InvalidArgumentError({
        functionName,
        argument: `${argument}.region`,
        message: `the region ${region.label} is not inside its supernet's region ${supernet.region.label}`,
      });
    }
    return { region, supernet };
  });
  checkDisjoint(functionName, 'options.members', members.map((member) => member.region));
  if (options.partitionOf !== undefined) {
    try {
      assertRegionPartition({ parent: options.partitionOf, children: members.map((member) => member.region) });
    } catch (error) {
      throw new InvalidArgumentError({ functionName, argument: 'options.partitionOf', message: (error as Error).message, cause: error });
    }
  }
  const name = options.name ?? `few-shot ensemble (${members.length} sub-supernets)`;
  const route = (architecture: Architecture): number => routeUnchecked('FewShotEnsemble.route', members, architecture, 'architecture');

  const evaluate = async (request: EvaluateOptions): Promise<readonly Evaluation[]> => {
    const evaluateName = 'FewShotEnsemble.evaluate';
    checkOptions(evaluateName, request, '{ architectures, fidelity?, signal? }');
    const { architectures, signal } = request;
    if (!Array.isArray(architectures)) {
      throw new InvalidArgumentError({ functionName: evaluateName, argument: 'options.architectures', message: `expected a list of architectures, got ${describeValue(architectures)}` });
    }
    const owners = architectures.map((architecture, index) => routeUnchecked(evaluateName, members, architecture, `options.architectures[${index}]`));
    const results = new Array<Evaluation | undefined>(architectures.length);
    for (const [memberIndex, member] of members.entries()) {
      const positions = owners.flatMap((owner, position) => (owner === memberIndex ? [position] : []));
      if (positions.length === 0) continue;
      if (signal?.aborted) {
        throw new CancelledError({ functionName: evaluateName, argument: 'options.signal', message: `cancelled before member ${memberIndex} of ${members.length}` });
      }
      const evaluations = await evaluateArchitectures({
        supernet: member.supernet,
        architectures: positions.map((position) => architectures[position] as Architecture),
        data,
        ...(signal === undefined ? {} : { signal }),
      });
      positions.forEach((position, index) => {
        results[position] = { ...(evaluations[index] as Evaluation), metrics: { member: memberIndex } };
      });
    }
    return results as Evaluation[];
  };
  return Object.freeze({ name, members: Object.freeze(members), route, evaluate });
}
