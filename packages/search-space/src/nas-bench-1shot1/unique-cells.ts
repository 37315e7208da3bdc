import { InvalidArgumentError, type Architecture } from '@fewshot/core';
import { describeValue } from '../internal/describe-value.js';
import { mixedRadixEnumerate } from '../internal/mixed-radix.js';
import type { NasBench101Cell } from '../nas-bench-101/cell.js';
import { hashCheckedCell } from '../nas-bench-101/hash.js';
import { keptVertices, pruneCheckedCell } from '../nas-bench-101/prune.js';
import { createNasBench1Shot1Space, type CreateNasBench1Shot1SpaceOptions, type NasBench1Shot1Space } from './space.js';

/**
 * One distinct NAS-Bench-101 cell of a NAS-Bench-1Shot1 space, as yielded by
 * {@link enumerateUniqueNasBench1Shot1Cells}.
 *
 * @example
 * ```ts
 * // The first unique cell of space 1: output <- (0, 1), node 1 <- 0; everything else prunes away.
 * const unique: NasBench1Shot1UniqueCell = {
 *   architecture: [0, 0, 0, 0, 0, 0, 0],
 *   cell: { matrix: [[0, 1, 1], [0, 0, 1], [0, 0, 0]], operations: ['input', 'conv1x1-bn-relu', 'output'] },
 *   hash: '09fc2d10bdd6225e167a6f81a22a3f06',
 * };
 * ```
 */
export interface NasBench1Shot1UniqueCell {
  /** The first architecture (in enumeration order) that gives this cell. */
  readonly architecture: Architecture;
  /** The pruned NAS-Bench-101 cell. */
  readonly cell: NasBench101Cell;
  /** Its NAS-Bench-101 module hash (the key in the NAS-Bench-101 data). */
  readonly hash: string;
}

/**
 * The counts of a NAS-Bench-1Shot1 space under several definitions (see the
 * package README for the numbers and how they relate to the paper's).
 *
 * @example
 * ```ts
 * const counts: NasBench1Shot1Counts = {
 *   searchSpace: 1, configurations: 14580, ignoringOperationsOfDanglingBlocks: 6240,
 *   distinctPrunedCells: 3288, uniqueCells: 2685,
 * };
 * ```
 */
export interface NasBench1Shot1Counts {
  /** Which of the three NAS-Bench-1Shot1 spaces these counts are for. */
  readonly searchSpace: 1 | 2 | 3;
  /** Architecture vectors of the space: parent choices x operation choices. */
  readonly configurations: number;
  /**
   * The sum over parent configurations of 3^(number of choice blocks with at
   * least one outgoing edge): the operation of a block that feeds nothing is
   * not counted, but nothing else is de-duplicated. For spaces 1 and 3 this
   * equals the paper's 6,240 and 363,648.
   */
  readonly ignoringOperationsOfDanglingBlocks: number;
  /** Distinct (pruned matrix, pruned operations) pairs, without isomorphism. */
  readonly distinctPrunedCells: number;
  /** Distinct NAS-Bench-101 hashes: the number of different NAS-Bench-101 architectures. */
  readonly uniqueCells: number;
}

function checkOptions(functionName: string, options: unknown): NasBench1Shot1Space {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError({ functionName, argument: 'options', message: `expected { searchSpace: 1 | 2 | 3 }, got ${describeValue(options)}` });
  }
  const searchSpace = (options as { searchSpace?: unknown }).searchSpace;
  if (searchSpace !== 1 && searchSpace !== 2 && searchSpace !== 3) {
    throw new InvalidArgumentError({ functionName, argument: 'options.searchSpace', message: `expected 1, 2 or 3, got ${describeValue(searchSpace)}` });
  }
  return createNasBench1Shot1Space({ searchSpace });
}

function cellKey(cell: NasBench101Cell): string {
  return `${cell.matrix.map((row) => row.join('')).join('/')}|${cell.operations.join(',')}`;
}

/**
 * Every distinct NAS-Bench-101 cell of a NAS-Bench-1Shot1 space, once each:
 * enumerates the space in order, builds each cell ({@link NasBench1Shot1Space.toCell}),
 * prunes it as NAS-Bench-101 does and yields it the first time its hash
 * appears. Space 3 (1,312,200 configurations) takes several seconds.
 *
 * @example
 * ```ts
 * import { enumerateUniqueNasBench1Shot1Cells } from '@fewshot/search-space';
 * const hashes = [...enumerateUniqueNasBench1Shot1Cells({ searchSpace: 1 })].map(({ hash }) => hash);
 * hashes.length; // 2685
 * hashes[0];     // '09fc2d10bdd6225e167a6f81a22a3f06'
 * ```
 */
export function* enumerateUniqueNasBench1Shot1Cells(
  options: CreateNasBench1Shot1SpaceOptions,
): IterableIterator<NasBench1Shot1UniqueCell> {
  const space = checkOptions('enumerateUniqueNasBench1Shot1Cells', options);
  const hashOfKey = new Map<string, string>();
  const seen = new Set<string>();
  for (const architecture of space.enumerate()) {
    const pruned = pruneCheckedCell(space.toCell(architecture));
    if (pruned === null) continue;
    const key = cellKey(pruned);
    let hash = hashOfKey.get(key);
    if (hash === undefined) {
      hash = hashCheckedCell(pruned) ?? '';
      hashOfKey.set(key, hash);
    }
    if (hash === '' || seen.has(hash)) continue;
    seen.add(hash);
    yield { architecture, cell: pruned, hash };
  }
}

/**
 * Counts a NAS-Bench-1Shot1 space under the definitions of
 * {@link NasBench1Shot1Counts}: raw configurations, the paper-style count that
 * ignores operations of blocks without successors, distinct pruned cells and
 * distinct NAS-Bench-101 hashes. Uses the fact that pruning depends only on the
 * parent choices, so it visits each parent configuration once and only the
 * operation choices of the blocks that survive pruning. Space 3 takes tens of
 * seconds (it hashes about 10^5 distinct cells).
 *
 * @example
 * ```ts
 * import { countNasBench1Shot1Architectures } from '@fewshot/search-space';
 * countNasBench1Shot1Architectures({ searchSpace: 1 });
 * // { searchSpace: 1, configurations: 14580, ignoringOperationsOfDanglingBlocks: 6240, distinctPrunedCells: 3288, uniqueCells: 2685 }
 * ```
 */
export function countNasBench1Shot1Architectures(options: CreateNasBench1Shot1SpaceOptions): NasBench1Shot1Counts {
  const space = checkOptions('countNasBench1Shot1Architectures', options);
  const operationCount = 3;
  const parentDecisions: number[] = [];
  const operationDecisions: number[] = [];
  space.decisions.forEach((decision, d) => (decision.label.endsWith('_op') ? operationDecisions : parentDecisions).push(d));
  const blocks = operationDecisions.length;
  const parentOptions = parentDecisions.map((d) => Array.from({ length: (space.decisions[d] as { options: readonly string[] }).options.length }, (_, o) => o));

  let ignoringOperationsOfDanglingBlocks = 0;
  const prunedKeys = new Set<string>();
  const hashes = new Set<string>();
  for (const parentChoice of mixedRadixEnumerate(parentOptions)) {
    const architecture = new Array<number>(space.decisions.length).fill(0);
    parentDecisions.forEach((d, position) => (architecture[d] = parentChoice[position] as number));
    const parents = space.parentsOf(architecture);
    const hasSuccessor = new Array<boolean>(blocks + 2).fill(false);
    parents.forEach((nodeParents) => nodeParents.forEach((parent) => (hasSuccessor[parent] = true)));
    let blocksWithSuccessors = 0;
    for (let block = 1; block <= blocks; block += 1) if (hasSuccessor[block]) blocksWithSuccessors += 1;
    ignoringOperationsOfDanglingBlocks += operationCount ** blocksWithSuccessors;

    // Which blocks survive pruning does not depend on the operations (block b is vertex b).
    const kept = keptVertices(space.toCell(architecture).matrix);
    if (kept === null) continue;
    const keptBlocks = kept.filter((vertex) => vertex >= 1 && vertex <= blocks);
    const keptOptions = keptBlocks.map(() => [0, 1, 2]);
    for (const operations of mixedRadixEnumerate(keptOptions)) {
      keptBlocks.forEach((block, position) => (architecture[operationDecisions[block - 1] as number] = operations[position] as number));
      const pruned = pruneCheckedCell(space.toCell(architecture));
      if (pruned === null) continue;
      const key = cellKey(pruned);
      if (prunedKeys.has(key)) continue;
      prunedKeys.add(key);
      const hash = hashCheckedCell(pruned);
      if (hash !== null) hashes.add(hash);
    }
  }
  return {
    searchSpace: space.searchSpace,
    configurations: space.size,
    ignoringOperationsOfDanglingBlocks,
    distinctPrunedCells: prunedKeys.size,
    uniqueCells: hashes.size,
  };
}
