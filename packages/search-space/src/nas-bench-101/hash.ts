import { md5 } from 'js-md5';
import { checkNasBench101Cell, nasBench101Operations, type NasBench101Cell } from './cell.js';
import { pruneCheckedCell } from './prune.js';
import { domainProblem } from './validate.js';

/**
 * The NAS-Bench-101 graph hash of a pruned matrix and its vertex labels
 * (input -1, output -2, inner: index in `available_ops`), reproducing
 * `graph_util.hash_module` byte for byte: Python's `str()` of a tuple
 * `(out_degree, in_degree, label)` and of a sorted list of hex strings.
 */
export function hashModule(matrix: readonly (readonly number[])[], labels: readonly number[]): string {
  const size = matrix.length;
  const inDegree = new Array<number>(size).fill(0);
  const outDegree = new Array<number>(size).fill(0);
  const inNeighbours: number[][] = Array.from({ length: size }, () => []);
  const outNeighbours: number[][] = Array.from({ length: size }, () => []);
  for (let from = 0; from < size; from += 1) {
    for (let to = 0; to < size; to += 1) {
      if ((matrix[from] as readonly number[])[to] === 1) {
        outDegree[from] = (outDegree[from] as number) + 1;
        inDegree[to] = (inDegree[to] as number) + 1;
        outNeighbours[from]?.push(to);
        inNeighbours[to]?.push(from);
      }
    }
  }
  let hashes = labels.map((label, vertex) => md5(`(${outDegree[vertex] as number}, ${inDegree[vertex] as number}, ${label})`));
  for (let round = 0; round < size; round += 1) {
    const previous = hashes;
    hashes = previous.map((own, vertex) => {
      const incoming = (inNeighbours[vertex] as number[]).map((other) => previous[other] as string).sort();
      const outgoing = (outNeighbours[vertex] as number[]).map((other) => previous[other] as string).sort();
      return md5(`${incoming.join('')}|${outgoing.join('')}|${own}`);
    });
  }
  const sorted = [...hashes].sort();
  return md5(`[${sorted.map((hash) => `'${hash}'`).join(', ')}]`);
}

/** Hash of a cell that was already structurally checked. */
export function hashCheckedCell(cell: NasBench101Cell): string | null {
  const pruned = pruneCheckedCell(cell);
  if (domainProblem(pruned) !== undefined || pruned === null) return null;
  const last = pruned.operations.length - 1;
  const labels = pruned.operations.map((operation, vertex) =>
    vertex === 0 ? -1 : vertex === last ? -2 : nasBench101Operations.indexOf(operation as (typeof nasBench101Operations)[number]),
  );
  return hashModule(pruned.matrix, labels);
}

/**
 * The NAS-Bench-101 module hash of a cell, exactly as the official API computes
 * it (`ModelSpec` pruning, then `hash_module`): the key of the cell in
 * `nasbench_only108.tfrecord`. Isomorphic cells (vertex orderings of the same
 * labelled graph) get the same hash. Returns `null` for a cell outside
 * NAS-Bench-101 (input and output disconnected, or more than 7 vertices or 9
 * edges after pruning); throws an `InvalidArgumentError` for a malformed cell
 * (including unknown operation names, even on vertices that pruning would remove).
 *
 * @example
 * ```ts
 * import { hashNasBench101Cell } from '@fewshot/search-space';
 * hashNasBench101Cell({
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
 * }); // '28cfc7874f6d200472e1a9dcd8650aa0'
 * ```
 */
export function hashNasBench101Cell(cell: NasBench101Cell): string | null {
  checkNasBench101Cell('hashNasBench101Cell', cell);
  return hashCheckedCell(cell);
}
