import { InvalidArgumentError } from '@fewshot/core';
import { describeValue } from '../internal/describe-value.js';

/**
 * A NAS-Bench-101 cell (the benchmark's `ModelSpec`): an upper-triangular 0/1
 * adjacency matrix (`matrix[from][to] === 1` for an edge) and one operation per
 * vertex. Vertex 0 is `input`, the last vertex is `output`, and inner vertices
 * are `conv3x3-bn-relu`, `conv1x1-bn-relu` or `maxpool3x3`.
 *
 * @example
 * ```ts
 * // The example cell of the NAS-Bench-101 README.
 * const cell: NasBench101Cell = {
 *   matrix: [
 *     [0, 1, 1, 1, 0, 1, 0],
 *     [0, 0, 0, 0, 0, 0, 1],
 *     [0, 0, 0, 0, 0, 0, 1],
 *     [0, 0, 0, 0, 1, 0, 0],
 *     [0, 0, 0, 0, 0, 0, 1],
 *     [0, 0, 0, 0, 0, 0, 1],
 *     [0, 0, 0, 0, 0, 0, 0],
 *   ],
 *   operations: ['input', 'conv1x1-bn-relu', 'conv3x3-bn-relu', 'conv3x3-bn-relu', 'conv3x3-bn-relu', 'maxpool3x3', 'output'],
 * };
 * ```
 */
export interface NasBench101Cell {
  /** `matrix[from][to]` is 1 for an edge, 0 otherwise; strictly upper triangular. */
  readonly matrix: readonly (readonly number[])[];
  /** One operation name per vertex: `input`, inner operations, `output`. */
  readonly operations: readonly string[];
}

/**
 * The inner operations of NAS-Bench-101 in the benchmark's `available_ops`
 * order; the hash labels an inner vertex with its index here (input -1, output -2).
 *
 * @example
 * ```ts
 * import { nasBench101Operations } from '@fewshot/search-space';
 * nasBench101Operations.indexOf('maxpool3x3'); // 2
 * ```
 */
export const nasBench101Operations = Object.freeze(['conv3x3-bn-relu', 'conv1x1-bn-relu', 'maxpool3x3'] as const);

/**
 * The NAS-Bench-101 limits, checked on the PRUNED cell (as the official API
 * does): at most 7 vertices and at most 9 edges.
 *
 * @example
 * ```ts
 * import { nasBench101Limits } from '@fewshot/search-space';
 * nasBench101Limits.maxEdges; // 9
 * ```
 */
export const nasBench101Limits = Object.freeze({
  /** Most vertices a pruned cell may have, counting `input` and `output`: 7. */
  maxVertices: 7,
  /** Most edges (1 entries of the adjacency matrix) a pruned cell may have: 9. */
  maxEdges: 9,
} as const);

/**
 * Throws a typed error unless `cell` is structurally a NAS-Bench-101 cell: a
 * square 0/1 strictly upper-triangular matrix with at least 2 vertices, one
 * operation per vertex, `input` first, `output` last and known inner operations.
 */
export function checkNasBench101Cell(functionName: string, cell: unknown): asserts cell is NasBench101Cell {
  const fail = (argument: string, message: string): never => {
    throw new InvalidArgumentError({ functionName, argument, message });
  };
  if (typeof cell !== 'object' || cell === null) fail('cell', `expected { matrix, operations }, got ${describeValue(cell)}`);
  const { matrix, operations } = cell as { matrix?: unknown; operations?: unknown };
  if (!Array.isArray(matrix)) fail('cell.matrix', `expected an array of rows, got ${describeValue(matrix)}`);
  const rows = matrix as unknown[];
  const size = rows.length;
  if (size < 2) fail('cell.matrix', `expected at least 2 vertices (input and output), got ${size}`);
  rows.forEach((row, from) => {
    if (!Array.isArray(row) || row.length !== size) {
      fail('cell.matrix', `expected a square ${size}x${size} matrix, row ${from} is ${describeValue(row)}`);
    }
    (row as unknown[]).forEach((entry, to) => {
      if (entry !== 0 && entry !== 1) fail('cell.matrix', `expected 0 or 1, got ${describeValue(entry)} at [${from}][${to}]`);
      if (entry === 1 && to <= from) {
        fail('cell.matrix', `expected a strictly upper-triangular matrix (edges go from lower to higher vertices), got 1 at [${from}][${to}]`);
      }
    });
  });
  if (!Array.isArray(operations)) fail('cell.operations', `expected an array of ${size} operation names, got ${describeValue(operations)}`);
  const names = operations as unknown[];
  if (names.length !== size) fail('cell.operations', `expected ${size} operations (one per vertex), got ${names.length}`);
  if (names[0] !== 'input') fail('cell.operations', `the first operation must be "input", got ${describeValue(names[0])}`);
  if (names[size - 1] !== 'output') fail('cell.operations', `the last operation must be "output", got ${describeValue(names[size - 1])}`);
  for (let vertex = 1; vertex < size - 1; vertex += 1) {
    if (!(nasBench101Operations as readonly unknown[]).includes(names[vertex])) {
      fail('cell.operations', `unknown operation ${describeValue(names[vertex])} at vertex ${vertex}; expected one of ${nasBench101Operations.join(', ')}`);
    }
  }
}

/** The number of edges (ones) of a checked matrix. */
export function countEdges(matrix: readonly (readonly number[])[]): number {
  let edges = 0;
  for (const row of matrix) for (const entry of row) edges += entry;
  return edges;
}
