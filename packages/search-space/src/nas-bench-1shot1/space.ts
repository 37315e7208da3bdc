import { InvalidArgumentError, type Architecture, type Decision, type SearchSpace } from '@fewshot/core';
import { describeValue } from '../internal/describe-value.js';
import { checkArchitecture, createProductSpace } from '../internal/product-space.js';
import type { NasBench101Cell } from '../nas-bench-101/cell.js';

/**
 * The operations of a NAS-Bench-1Shot1 choice block, in the order of the
 * official configuration space (`[CONV1X1, CONV3X3, MAXPOOL3X3]`).
 *
 * @example
 * ```ts
 * import { nasBench1Shot1Operations } from '@fewshot/search-space';
 * nasBench1Shot1Operations[1]; // 'conv3x3-bn-relu'
 * ```
 */
export const nasBench1Shot1Operations = Object.freeze(['conv1x1-bn-relu', 'conv3x3-bn-relu', 'maxpool3x3'] as const);

/**
 * Options of {@link createNasBench1Shot1Space}.
 *
 * @example
 * ```ts
 * const options: CreateNasBench1Shot1SpaceOptions = { searchSpace: 3 };
 * ```
 */
export interface CreateNasBench1Shot1SpaceOptions {
  /** Which of the three NAS-Bench-1Shot1 sub-spaces of NAS-Bench-101. */
  readonly searchSpace: 1 | 2 | 3;
}

/**
 * A NAS-Bench-1Shot1 search space: a `SearchSpace` (of `@fewshot/core`) plus the mapping of its
 * architectures to NAS-Bench-101 cells.
 *
 * @example
 * ```ts
 * import { createNasBench1Shot1Space, hashNasBench101Cell } from '@fewshot/search-space';
 * const space: NasBench1Shot1Space = createNasBench1Shot1Space({ searchSpace: 2 });
 * const [first] = space.enumerate();
 * hashNasBench101Cell(space.toCell(first!)); // the key of this cell in NAS-Bench-101
 * ```
 */
export interface NasBench1Shot1Space extends SearchSpace {
  /** 1, 2 or 3. */
  readonly searchSpace: 1 | 2 | 3;
  /** `numberOfParents[node]`: how many parents node `node` takes (node 0 = input, last = output). */
  readonly numberOfParents: readonly number[];
  /**
   * The parents of every node for this architecture: `parents[node]` lists the
   * lower-numbered nodes that feed `node` (node 0 has none).
   */
  parentsOf(architecture: Architecture): readonly (readonly number[])[];
  /**
   * The unpruned 7-vertex NAS-Bench-101 cell this architecture stands for, as
   * the official `objective_function` builds it: an edge `parent -> node` for
   * every chosen parent of every node (loose ends included; NAS-Bench-101's
   * pruning removes them), operations `[input, block ops..., output]`. For
   * spaces 1 and 2 an unused `conv1x1-bn-relu` vertex with no edges is
   * inserted at index 5 (`upscale_to_nasbench_format`), so the output is vertex 6.
   */
  toCell(architecture: Architecture): NasBench101Cell;
}

/** num_parents_per_node of the official search_space_{1,2,3}.py. */
const parentsPerNode: Readonly<Record<1 | 2 | 3, readonly number[]>> = {
  1: [0, 1, 2, 2, 2, 2],
  2: [0, 1, 1, 2, 2, 3],
  3: [0, 1, 1, 1, 2, 2, 2],
};

function combinations(size: number, choose: number): number[][] {
  const result: number[][] = [];
  const current: number[] = [];
  const walk = (start: number): void => {
    if (current.length === choose) {
      result.push([...current]);
      return;
    }
    for (let value = start; value < size; value += 1) {
      current.push(value);
      walk(value + 1);
      current.pop();
    }
  };
  walk(0);
  return result;
}

/**
 * Creates one of the three NAS-Bench-1Shot1 search spaces (Zela et al., 2020),
 * sub-spaces of NAS-Bench-101 with id `nas-bench-1shot1/<n>`.
 *
 * Nodes are 0 (input), 1..B (choice blocks; B = 4 for spaces 1 and 2, 5 for
 * space 3) and B+1 (output). Node `i` takes `numberOfParents[i]` parents among
 * the nodes before it (space 1: 1,2,2,2,2; space 2: 1,1,2,2,3; space 3:
 * 1,1,1,2,2,2 for nodes 1..output), so every cell has exactly 9 edges before
 * pruning. The decisions, labelled like the official configuration space:
 *
 * - `choice_block_<i>_parents` for every node `i` whose parent set is a real
 *   choice, options such as `0,2` (the parent list). Node 1 (always `0`) and, in
 *   space 1, node 2 (always `0,1`) have one option and are not decisions;
 * - `choice_block_<i>_op` for every choice block, options
 *   `conv1x1-bn-relu, conv3x3-bn-relu, maxpool3x3`.
 *
 * Sizes: 14,580 (space 1), 29,160 (space 2), 1,312,200 (space 3). Many
 * configurations give the same NAS-Bench-101 cell (loose ends are pruned; see
 * {@link countNasBench1Shot1Architectures}). `encode` writes
 * `label=option` pairs separated by `;`, which `decode` reads back.
 * Enumeration order: mixed radix, first decision most significant.
 *
 * @example
 * ```ts
 * import { createRng } from '@fewshot/core';
 * import { createNasBench1Shot1Space, hashNasBench101Cell } from '@fewshot/search-space';
 * const space = createNasBench1Shot1Space({ searchSpace: 1 });
 * space.id;   // 'nas-bench-1shot1/1'
 * space.size; // 14580
 * const architecture = space.sample(createRng({ seed: 0 }));
 * const cell = space.toCell(architecture); // 7x7, vertex 5 is the unused conv1x1
 * const hash = hashNasBench101Cell(cell);
 * ```
 */
export function createNasBench1Shot1Space(options: CreateNasBench1Shot1SpaceOptions): NasBench1Shot1Space {
  const functionName = 'createNasBench1Shot1Space';
  const searchSpace = (options as { searchSpace?: unknown } | null | undefined)?.searchSpace;
  if (searchSpace !== 1 && searchSpace !== 2 && searchSpace !== 3) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.searchSpace',
      message: `expected 1, 2 or 3, got ${describeValue(searchSpace)}`,
    });
  }
  const numberOfParents = Object.freeze([...parentsPerNode[searchSpace]]);
  const output = numberOfParents.length - 1;
  const blocks = output - 1;
  const parentChoices = numberOfParents.map((count, node) => (node === 0 ? [[]] : combinations(node, count)));

  const decisions: Decision[] = [];
  /** For each node, the decision index of its parent set (or -1 when fixed). */
  const parentDecision = numberOfParents.map(() => -1);
  for (let node = 1; node <= output; node += 1) {
    const choices = parentChoices[node] as number[][];
    if (choices.length > 1) {
      parentDecision[node] = decisions.length;
      decisions.push({ label: `choice_block_${node}_parents`, options: choices.map((parents) => parents.join(',')) });
    }
  }
  const operationDecision: number[] = [];
  for (let block = 1; block <= blocks; block += 1) {
    operationDecision[block] = decisions.length;
    decisions.push({ label: `choice_block_${block}_op`, options: nasBench1Shot1Operations });
  }

  const space = createProductSpace({ id: `nas-bench-1shot1/${searchSpace}`, name: 'NasBench1Shot1Space', decisions });

  const parentsOfChecked = (architecture: Architecture): number[][] =>
    numberOfParents.map((_, node) => {
      const choices = parentChoices[node] as number[][];
      const decision = parentDecision[node] as number;
      return [...(choices[decision < 0 ? 0 : (architecture[decision] as number)] as number[])];
    });

  const upscale = searchSpace !== 3;
  const result: NasBench1Shot1Space = Object.freeze({
    id: space.id,
    decisions: space.decisions,
    size: space.size,
    contains: space.contains,
    sample: space.sample,
    enumerate: space.enumerate,
    encode: space.encode,
    decode: space.decode,
    mutate: space.mutate,
    neighbours: space.neighbours,
    searchSpace,
    numberOfParents,
    parentsOf: (architecture: Architecture) => {
      checkArchitecture('NasBench1Shot1Space.parentsOf', 'architecture', architecture, space.decisions);
      return parentsOfChecked(architecture);
    },
    toCell: (architecture: Architecture) => {
      checkArchitecture('NasBench1Shot1Space.toCell', 'architecture', architecture, space.decisions);
      const parents = parentsOfChecked(architecture);
      // Vertex of each node in the 7-vertex cell (spaces 1 and 2 skip vertex 5).
      const vertexOf = (node: number): number => (upscale && node === output ? 6 : node);
      const matrix = Array.from({ length: 7 }, () => new Array<number>(7).fill(0));
      parents.forEach((nodeParents, node) => {
        for (const parent of nodeParents) (matrix[vertexOf(parent)] as number[])[vertexOf(node)] = 1;
      });
      const operations: string[] = ['input'];
      for (let block = 1; block <= blocks; block += 1) {
        operations.push(nasBench1Shot1Operations[architecture[operationDecision[block] as number] as number] as string);
      }
      if (upscale) operations.push('conv1x1-bn-relu');
      operations.push('output');
      return { matrix, operations };
    },
  });
  return result;
}
