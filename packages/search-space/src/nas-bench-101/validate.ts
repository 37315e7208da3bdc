import { InvalidArgumentError } from '@fewshot/core';
import { checkNasBench101Cell, countEdges, nasBench101Limits, type NasBench101Cell } from './cell.js';
import { pruneCheckedCell } from './prune.js';

/** The reason a structurally sound cell lies outside NAS-Bench-101, or undefined. */
export function domainProblem(pruned: NasBench101Cell | null): string | undefined {
  if (pruned === null) return 'the input and the output are not connected';
  if (pruned.operations.length > nasBench101Limits.maxVertices) {
    return `the pruned cell has ${pruned.operations.length} vertices; NAS-Bench-101 allows at most ${nasBench101Limits.maxVertices}`;
  }
  const edges = countEdges(pruned.matrix);
  if (edges > nasBench101Limits.maxEdges) {
    return `the pruned cell has ${edges} edges; NAS-Bench-101 allows at most ${nasBench101Limits.maxEdges}`;
  }
  return undefined;
}

/**
 * Checks a cell the way the official API does (`ModelSpec` prunes first, then
 * `_check_spec` checks the pruned spec) and returns the pruned cell. Throws an
 * `InvalidArgumentError` naming the problem when the cell is malformed or lies
 * outside NAS-Bench-101: input and output disconnected, more than 7 vertices
 * or more than 9 edges AFTER pruning. A cell with 8 vertices or 10 edges whose
 * extraneous parts prune away is therefore valid.
 *
 * @example
 * ```ts
 * import { validateNasBench101Cell } from '@fewshot/search-space';
 * const pruned = validateNasBench101Cell({
 *   matrix: [[0, 1, 1, 0], [0, 0, 0, 1], [0, 0, 0, 0], [0, 0, 0, 0]],
 *   operations: ['input', 'conv3x3-bn-relu', 'maxpool3x3', 'output'],
 * });
 * pruned.operations; // ['input', 'conv3x3-bn-relu', 'output']
 * ```
 */
export function validateNasBench101Cell(cell: NasBench101Cell): NasBench101Cell {
  checkNasBench101Cell('validateNasBench101Cell', cell);
  const pruned = pruneCheckedCell(cell);
  const problem = domainProblem(pruned);
  if (problem !== undefined || pruned === null) {
    throw new InvalidArgumentError({ functionName: 'validateNasBench101Cell', argument: 'cell', message: problem ?? 'invalid cell' });
  }
  return pruned;
}

/**
 * True when {@link validateNasBench101Cell} accepts the cell; false for any
 * other value, malformed ones included (never throws).
 *
 * @example
 * ```ts
 * import { isValidNasBench101Cell } from '@fewshot/search-space';
 * isValidNasBench101Cell({ matrix: [[0, 1], [0, 0]], operations: ['input', 'output'] }); // true
 * isValidNasBench101Cell({ matrix: [[0, 0], [0, 0]], operations: ['input', 'output'] }); // false: disconnected
 * ```
 */
export function isValidNasBench101Cell(cell: NasBench101Cell): boolean {
  try {
    validateNasBench101Cell(cell);
    return true;
  } catch {
    return false;
  }
}
