import { InvalidArgumentError, NotFoundError, type Architecture, type Region } from '@fewshot/core';
import { describeValue } from './validate.js';

/** Routing without validating the members (internal, used by the ensemble). */
export function routeUnchecked(
  functionName: string,
  members: readonly { readonly region: Region }[],
  architecture: Architecture,
  argument: string,
): number {
  const owners = members.flatMap((member, index) => (member.region.contains(architecture) ? [index] : []));
  if (owners.length === 1) return owners[0] as number;
  const text = Array.isArray(architecture) ? `[${architecture.join(', ')}]` : describeValue(architecture);
  if (owners.length === 0) {
    throw new NotFoundError({
      functionName,
      argument,
      message: `no member's region contains ${text} (members: ${members.map((member) => member.region.label).join('; ')})`,
    });
  }
  throw new InvalidArgumentError({
    functionName,
    argument: 'options.members',
    message: `members ${owners.join(' and ')} all contain ${text}: their regions overlap, so they do not partition the space`,
  });
}
