import { InvalidArgumentError, type Architecture, type Region } from '@fewshot/core';
import { routeUnchecked } from './internal/route-unchecked.js';
import { checkOptions, describeValue } from './internal/validate.js';

/**
 * Options of {@link routeArchitecture}.
 *
 * @example
 * ```ts
 * const options: RouteArchitectureOptions = { members: children, architecture: [3, 3, 3, 1, 3, 2] };
 * ```
 */
export interface RouteArchitectureOptions {
  /** The members (sub-supernets, or anything with a region); their regions must not overlap. */
  readonly members: readonly {
    /** The part of the search space this member answers for. */
    readonly region: Region;
  }[];
  /** The architecture to route. */
  readonly architecture: Architecture;
}

/**
 * The index of the member whose region contains the architecture. Pure.
 *
 * @throws NotFoundError when no member's region contains it; InvalidArgumentError when more than
 * one does (the regions do not partition the space).
 *
 * @example
 * ```ts
 * const children = splitSupernet({ supernet, plan: planFixedEdgeSplit({ region: supernet.region }) });
 * routeArchitecture({ members: children, architecture: [3, 3, 3, 1, 3, 2] }); // 3: edge 1<-0 is nor_conv_3x3
 * ```
 */
export function routeArchitecture(options: RouteArchitectureOptions): number {
  const functionName = 'routeArchitecture';
  checkOptions(functionName, options, '{ members, architecture }');
  const { members, architecture } = options;
  if (!Array.isArray(members) || !members.every((member) => typeof member?.region?.contains === 'function')) {
    throw new InvalidArgumentError({ functionName, argument: 'options.members', message: `expected a list of { region } members, got ${describeValue(members)}` });
  }
  return routeUnchecked(functionName, members, architecture, 'options.architecture');
}
