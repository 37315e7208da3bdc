/**
 * NAS-Bench-201 cell constants (from `@fewshot/search-space`) and the architecture checks the
 * networks use: an architecture is six op indices, one per edge `1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2`.
 */
import { InvalidArgumentError } from '@fewshot/core';
import type { Architecture } from '@fewshot/core';
import { nasBench201Edges, nasBench201Operations } from '@fewshot/search-space';

/** Op names in option order. */
export const operationNames = nasBench201Operations;

export const operationIndex = {
  none: 0,
  skipConnect: 1,
  convolution1x1: 2,
  convolution3x3: 3,
  averagePool3x3: 4,
} as const;

/** The edges `to<-from` of a cell, in architecture order. */
export const edges: readonly { readonly from: number; readonly to: number }[] = nasBench201Edges;

export const edgeCount = edges.length;
export const operationCount = operationNames.length;

/** `1<-0` etc. */
export function edgeLabel(edge: number): string {
  return nasBench201Edges[edge]?.label ?? `edge ${edge}`;
}

/** The kernel size of a convolution op, or undefined for ops without weights. */
export function kernelSizeOf(operation: number): number | undefined {
  if (operation === operationIndex.convolution1x1) return 1;
  if (operation === operationIndex.convolution3x3) return 3;
  return undefined;
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Throws an InvalidArgumentError unless `architecture` is six integers in 0..4. */
export function validateArchitecture(
  architecture: unknown,
  context: { readonly functionName: string; readonly argument: string },
): asserts architecture is Architecture {
  if (!Array.isArray(architecture)) {
    throw new InvalidArgumentError({
      ...context,
      message: `expected an architecture (${edgeCount} op indices), got ${describe(architecture)}`,
    });
  }
  if (architecture.length !== edgeCount) {
    throw new InvalidArgumentError({
      ...context,
      message: `expected ${edgeCount} op indices (one per edge ${edges.map((_, e) => edgeLabel(e)).join(', ')}), got ${architecture.length} in ${describe(architecture)}`,
    });
  }
  architecture.forEach((operation, edge) => {
    if (!Number.isInteger(operation) || operation < 0 || operation >= operationCount) {
      throw new InvalidArgumentError({
        ...context,
        message: `edge ${edgeLabel(edge)}: expected an op index in 0..${operationCount - 1} (${operationNames.join(', ')}), got ${describe(operation)} in ${describe(architecture)}`,
      });
    }
  });
}
