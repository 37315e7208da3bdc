import { checkNasBench101Cell, type NasBench101Cell } from './cell.js';

/**
 * The vertices that lie on some input -> output path (reachable from vertex 0
 * and reaching the last vertex), in order; `null` when the input does not reach
 * the output. The matrix must already be checked.
 */
export function keptVertices(matrix: readonly (readonly number[])[]): number[] | null {
  const size = matrix.length;
  const fromInput = new Array<boolean>(size).fill(false);
  fromInput[0] = true;
  for (let from = 0; from < size; from += 1) {
    if (!fromInput[from]) continue;
    const row = matrix[from] as readonly number[];
    for (let to = from + 1; to < size; to += 1) if (row[to] === 1) fromInput[to] = true;
  }
  const toOutput = new Array<boolean>(size).fill(false);
  toOutput[size - 1] = true;
  for (let to = size - 1; to >= 0; to -= 1) {
    if (!toOutput[to]) continue;
    for (let from = 0; from < to; from += 1) if ((matrix[from] as readonly number[])[to] === 1) toOutput[from] = true;
  }
  // The input reaches the output exactly when the input is on a path to the output.
  if (!toOutput[0]) return null;
  const kept: number[] = [];
  for (let vertex = 0; vertex < size; vertex += 1) if (fromInput[vertex] && toOutput[vertex]) kept.push(vertex);
  return kept;
}

/** Pruning without the structural check (for callers that checked already). */
export function pruneCheckedCell(cell: NasBench101Cell): NasBench101Cell | null {
  const kept = keptVertices(cell.matrix);
  if (kept === null) return null;
  return {
    matrix: kept.map((from) => kept.map((to) => (cell.matrix[from] as readonly number[])[to] as number)),
    operations: kept.map((vertex) => cell.operations[vertex] as string),
  };
}

/**
 * Removes the vertices that lie on no input -> output path, as the official
 * `ModelSpec` does before hashing or querying: a vertex is kept when it is
 * reachable from the input AND reaches the output; kept vertices stay in their
 * order. Returns `null` when the input and the output are not connected (the
 * official spec is then invalid). Throws an `InvalidArgumentError` for a
 * malformed cell (non-square or non-0/1 or not upper-triangular matrix, wrong
 * operation count or names).
 *
 * @example
 * ```ts
 * import { pruneNasBench101Cell } from '@fewshot/search-space';
 * pruneNasBench101Cell({
 *   matrix: [[0, 1, 1, 0], [0, 0, 0, 1], [0, 0, 0, 0], [0, 0, 0, 0]],
 *   operations: ['input', 'conv3x3-bn-relu', 'maxpool3x3', 'output'],
 * });
 * // { matrix: [[0, 1, 0], [0, 0, 1], [0, 0, 0]], operations: ['input', 'conv3x3-bn-relu', 'output'] }
 * ```
 */
export function pruneNasBench101Cell(cell: NasBench101Cell): NasBench101Cell | null {
  checkNasBench101Cell('pruneNasBench101Cell', cell);
  return pruneCheckedCell(cell);
}
