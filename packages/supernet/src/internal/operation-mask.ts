/** Which ops a supernet holds on each edge: a 6 x 5 boolean mask (a region's `allowed`). */
import { InvalidArgumentError, type Architecture } from '@fewshot/core';
import { edgeCount, edgeLabel, operationCount } from './nas-bench-201.js';

export type OperationMask = readonly (readonly boolean[])[];

/** Reads and checks `region.allowed` (a 6 x 5 boolean mask with at least one op per edge). */
export function maskFromRegion(region: unknown, context: { readonly functionName: string; readonly argument: string }): boolean[][] {
  const allowed = (region as { allowed?: unknown } | null)?.allowed;
  const valid =
    Array.isArray(allowed) &&
    allowed.length === edgeCount &&
    allowed.every((row) => Array.isArray(row) && row.length === operationCount && row.every((value) => typeof value === 'boolean'));
  if (!valid) {
    throw new InvalidArgumentError({
      ...context,
      message: `expected a NAS-Bench-201 region (allowed: ${edgeCount} x ${operationCount} booleans), got ${describeRegion(region)}`,
    });
  }
  const mask = (allowed as boolean[][]).map((row) => [...row]);
  mask.forEach((row, edge) => {
    if (!row.some(Boolean)) {
      throw new InvalidArgumentError({ ...context, message: `the region is empty: edge ${edgeLabel(edge)} allows no op` });
    }
  });
  return mask;
}

function describeRegion(region: unknown): string {
  if (region === null || typeof region !== 'object') return String(region);
  const label = (region as { label?: unknown }).label;
  return typeof label === 'string' ? `region "${label}"` : 'an object without a valid "allowed"';
}

export function masksEqual(a: OperationMask, b: OperationMask): boolean {
  return a.length === b.length && a.every((row, edge) => row.length === b[edge]?.length && row.every((value, operation) => value === b[edge]?.[operation]));
}

/** The first edge whose op the mask does not hold, or undefined. */
export function firstOutside(mask: OperationMask, architecture: Architecture): number | undefined {
  for (let edge = 0; edge < edgeCount; edge += 1) {
    if (!mask[edge]?.[architecture[edge] as number]) return edge;
  }
  return undefined;
}
