import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng, errorCodes } from '@fewshot/core';
import { hashNasBench101Cell } from '../nas-bench-101/hash.js';
import { pruneNasBench101Cell } from '../nas-bench-101/prune.js';
import { thrown } from '../testing/thrown.js';
import { createNasBench1Shot1Space, nasBench1Shot1Operations } from './space.js';

const edges = (matrix: readonly (readonly number[])[]): number => matrix.flat().reduce((sum, entry) => sum + entry, 0);

describe('createNasBench1Shot1Space', () => {
  it('builds the three spaces with the official parent counts', () => {
    const one = createNasBench1Shot1Space({ searchSpace: 1 });
    const two = createNasBench1Shot1Space({ searchSpace: 2 });
    const three = createNasBench1Shot1Space({ searchSpace: 3 });
    expect([one.id, two.id, three.id]).toEqual(['nas-bench-1shot1/1', 'nas-bench-1shot1/2', 'nas-bench-1shot1/3']);
    expect([one.size, two.size, three.size]).toEqual([14_580, 29_160, 1_312_200]);
    expect(one.numberOfParents).toEqual([0, 1, 2, 2, 2, 2]);
    expect(two.numberOfParents).toEqual([0, 1, 1, 2, 2, 3]);
    expect(three.numberOfParents).toEqual([0, 1, 1, 1, 2, 2, 2]);
    expect(one.decisions.map((decision) => `${decision.label}:${decision.options.length}`)).toEqual([
      'choice_block_3_parents:3',
      'choice_block_4_parents:6',
      'choice_block_5_parents:10',
      'choice_block_1_op:3',
      'choice_block_2_op:3',
      'choice_block_3_op:3',
      'choice_block_4_op:3',
    ]);
    expect(three.decisions.map((decision) => decision.label)).toEqual([
      'choice_block_2_parents',
      'choice_block_3_parents',
      'choice_block_4_parents',
      'choice_block_5_parents',
      'choice_block_6_parents',
      'choice_block_1_op',
      'choice_block_2_op',
      'choice_block_3_op',
      'choice_block_4_op',
      'choice_block_5_op',
    ]);
    expect(two.decisions[3]!.options).toEqual(['0,1,2', '0,1,3', '0,1,4', '0,2,3', '0,2,4', '0,3,4', '1,2,3', '1,2,4', '1,3,4', '2,3,4']);
    expect(one.decisions[3]!.options).toEqual([...nasBench1Shot1Operations]);
  });

  it('lifts spaces 1 and 2 to 7 vertices with an unused conv1x1 at vertex 5, like upscale_to_nasbench_format', () => {
    const space = createNasBench1Shot1Space({ searchSpace: 1 });
    // node 3 <- (1, 2), node 4 <- (0, 3), output <- (2, 4); ops conv3x3, maxpool, conv1x1, conv3x3
    const architecture = space.decode(
      'choice_block_3_parents=1,2;choice_block_4_parents=0,3;choice_block_5_parents=2,4;' +
        'choice_block_1_op=conv3x3-bn-relu;choice_block_2_op=maxpool3x3;choice_block_3_op=conv1x1-bn-relu;choice_block_4_op=conv3x3-bn-relu',
    );
    expect(space.parentsOf(architecture)).toEqual([[], [0], [0, 1], [1, 2], [0, 3], [2, 4]]);
    expect(space.toCell(architecture)).toEqual({
      matrix: [
        [0, 1, 1, 0, 1, 0, 0],
        [0, 0, 1, 1, 0, 0, 0],
        [0, 0, 0, 1, 0, 0, 1],
        [0, 0, 0, 0, 1, 0, 0],
        [0, 0, 0, 0, 0, 0, 1],
        [0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0],
      ],
      operations: ['input', 'conv3x3-bn-relu', 'maxpool3x3', 'conv1x1-bn-relu', 'conv3x3-bn-relu', 'conv1x1-bn-relu', 'output'],
    });
    expect(space.encode(architecture)).toBe(
      'choice_block_3_parents=1,2;choice_block_4_parents=0,3;choice_block_5_parents=2,4;' +
        'choice_block_1_op=conv3x3-bn-relu;choice_block_2_op=maxpool3x3;choice_block_3_op=conv1x1-bn-relu;choice_block_4_op=conv3x3-bn-relu',
    );
  });

  it('keeps space 3 at 7 vertices with the output fed by its parents', () => {
    const space = createNasBench1Shot1Space({ searchSpace: 3 });
    const [first] = space.enumerate();
    // Every parent choice at its first option: 2<-0, 3<-0, 4<-(0,1), 5<-(0,1), 6<-(0,1).
    expect(space.toCell(first!)).toEqual({
      matrix: [
        [0, 1, 1, 1, 1, 1, 1],
        [0, 0, 0, 0, 1, 1, 1],
        [0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0],
      ],
      operations: ['input', ...Array<string>(5).fill('conv1x1-bn-relu'), 'output'],
    });
    // Nodes 2..5 feed nothing: pruning leaves input -> 1 -> output and input -> output.
    expect(pruneNasBench101Cell(space.toCell(first!))).toEqual({
      matrix: [
        [0, 1, 1],
        [0, 0, 1],
        [0, 0, 0],
      ],
      operations: ['input', 'conv1x1-bn-relu', 'output'],
    });
  });

  it('gives 7-vertex, 9-edge, valid NAS-Bench-101 cells for every architecture of spaces 1 and 2', () => {
    for (const searchSpace of [1, 2] as const) {
      const space = createNasBench1Shot1Space({ searchSpace });
      let checked = 0;
      const problems: string[] = [];
      for (const architecture of space.enumerate()) {
        const cell = space.toCell(architecture);
        const vertexFiveUnused = cell.matrix[5]!.every((entry) => entry === 0) && cell.matrix.every((row) => row[5] === 0);
        if (cell.matrix.length !== 7 || edges(cell.matrix) !== 9 || !vertexFiveUnused) problems.push(space.encode(architecture));
        checked += 1;
      }
      expect(problems).toEqual([]);
      expect(checked).toBe(space.size);
    }
  });

  it('gives valid cells for sampled architectures of space 3 (property)', () => {
    const space = createNasBench1Shot1Space({ searchSpace: 3 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const architecture = space.sample(createRng({ seed }));
        const cell = space.toCell(architecture);
        expect(edges(cell.matrix)).toBe(9);
        expect(cell.matrix.every((row, from) => row.every((entry, to) => entry === 0 || to > from))).toBe(true);
        expect(hashNasBench101Cell(cell)).toMatch(/^[0-9a-f]{32}$/);
        expect(space.decode(space.encode(architecture))).toEqual(architecture);
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  it('mutates one decision, uniformly over the neighbours', () => {
    const space = createNasBench1Shot1Space({ searchSpace: 2 });
    const architecture = space.sample(createRng({ seed: 4 }));
    const neighbours = space.neighbours(architecture);
    expect(neighbours.length).toBe(space.decisions.reduce((sum, decision) => sum + decision.options.length - 1, 0));
    const rng = createRng({ seed: 5 });
    const seen = new Set<string>();
    for (let i = 0; i < 2_000; i += 1) {
      const child = space.mutate({ architecture, rng });
      expect(child.filter((option, d) => option !== architecture[d]).length).toBe(1);
      seen.add(child.join(','));
    }
    expect(seen.size).toBe(neighbours.length);
  });

  it('rejects bad options and texts with typed errors', () => {
    expect(thrown(() => createNasBench1Shot1Space({ searchSpace: 4 as 1 })).message).toBe(
      'createNasBench1Shot1Space: expected 1, 2 or 3, got 4',
    );
    const space = createNasBench1Shot1Space({ searchSpace: 1 });
    const missing = thrown(() => space.decode('choice_block_3_parents=1,2'));
    expect(missing.code).toBe(errorCodes.parse);
    expect(missing.message).toMatch(/^NasBench1Shot1Space\.decode: expected 7 decisions, missing choice_block_4_parents/);
    expect(thrown(() => space.decode('choice_block_3_parents=3,4')).message).toMatch(/unknown option "3,4" for choice_block_3_parents/);
    expect(thrown(() => space.toCell([0, 0, 0])).functionName).toBe('NasBench1Shot1Space.toCell');
  });
});
