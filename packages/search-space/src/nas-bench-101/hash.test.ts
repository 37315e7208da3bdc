import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorCodes } from '@fewshot/core';
import { sharedDataExists, sharedDataPath } from '../testing/shared-data.js';
import { thrown } from '../testing/thrown.js';
import { nasBench101Operations, type NasBench101Cell } from './cell.js';
import { hashNasBench101Cell } from './hash.js';
import { pruneNasBench101Cell } from './prune.js';
import { isValidNasBench101Cell, validateNasBench101Cell } from './validate.js';

const readmeCell: NasBench101Cell = {
  matrix: [
    [0, 1, 1, 1, 0, 1, 0],
    [0, 0, 0, 0, 0, 0, 1],
    [0, 0, 0, 0, 0, 0, 1],
    [0, 0, 0, 0, 1, 0, 0],
    [0, 0, 0, 0, 0, 0, 1],
    [0, 0, 0, 0, 0, 0, 1],
    [0, 0, 0, 0, 0, 0, 0],
  ],
  operations: ['input', 'conv1x1-bn-relu', 'conv3x3-bn-relu', 'conv3x3-bn-relu', 'conv3x3-bn-relu', 'maxpool3x3', 'output'],
};

describe('hashNasBench101Cell', () => {
  it('reproduces the hash of the NAS-Bench-101 README example', () => {
    expect(hashNasBench101Cell(readmeCell)).toBe('28cfc7874f6d200472e1a9dcd8650aa0');
  });

  it('returns null outside NAS-Bench-101 and throws for malformed cells', () => {
    expect(hashNasBench101Cell({ matrix: [[0, 0], [0, 0]], operations: ['input', 'output'] })).toBeNull();
    const full = Array.from({ length: 6 }, (_, from) => Array.from({ length: 6 }, (_, to) => (to > from ? 1 : 0)));
    // 15 edges after pruning: over the limit of 9.
    expect(hashNasBench101Cell({ matrix: full, operations: ['input', ...Array<string>(4).fill('conv3x3-bn-relu'), 'output'] })).toBeNull();
    const unknown = thrown(() => hashNasBench101Cell({ ...readmeCell, operations: [...readmeCell.operations.slice(0, 6), 'out'] }));
    expect(unknown.code).toBe(errorCodes.invalidArgument);
    expect(unknown.message).toBe('hashNasBench101Cell: the last operation must be "output", got "out"');
    expect(thrown(() => hashNasBench101Cell({ matrix: [[0, 1], [1, 0]], operations: ['input', 'output'] })).message).toMatch(
      /strictly upper-triangular .* got 1 at \[1\]\[0\]/,
    );
    expect(thrown(() => hashNasBench101Cell({ matrix: [[0, 2], [0, 0]], operations: ['input', 'output'] })).message).toMatch(/expected 0 or 1, got 2 at \[0\]\[1\]/);
    expect(thrown(() => hashNasBench101Cell({ matrix: [[0, 1, 0], [0, 0]], operations: ['input', 'conv1x1-bn-relu', 'output'] })).argument).toBe('cell.matrix');
    expect(thrown(() => hashNasBench101Cell({ matrix: [[0, 1], [0, 0]], operations: ['input', 'conv1x1', 'output'] })).message).toMatch(
      /expected 2 operations \(one per vertex\), got 3/,
    );
    expect(thrown(() => hashNasBench101Cell({ matrix: [[0, 1, 0], [0, 0, 1], [0, 0, 0]], operations: ['input', 'conv5x5', 'output'] })).message).toBe(
      'hashNasBench101Cell: unknown operation "conv5x5" at vertex 1; expected one of conv3x3-bn-relu, conv1x1-bn-relu, maxpool3x3',
    );
  });

  // Random upper-triangular cells of 2..7 vertices (plus one extra loose vertex at times).
  const cellArbitrary = fc.integer({ min: 2, max: 8 }).chain((size) =>
    fc
      .record({
        edges: fc.array(fc.boolean(), { minLength: (size * (size - 1)) / 2, maxLength: (size * (size - 1)) / 2 }),
        operations: fc.array(fc.constantFrom(...nasBench101Operations), { minLength: size - 2, maxLength: size - 2 }),
        order: fc.array(fc.nat(), { minLength: size, maxLength: size }),
      })
      .map(({ edges, operations, order }) => {
        const matrix = Array.from({ length: size }, () => new Array<number>(size).fill(0));
        let position = 0;
        for (let from = 0; from < size; from += 1) for (let to = from + 1; to < size; to += 1) matrix[from]![to] = edges[position++] ? 1 : 0;
        return { cell: { matrix, operations: ['input', ...operations, 'output'] } as NasBench101Cell, order };
      }),
  );

  /** Relabels the vertices along a random topological order that keeps input first and output last. */
  function permute(cell: NasBench101Cell, choices: readonly number[]): NasBench101Cell {
    const size = cell.matrix.length;
    const placed: number[] = [0];
    const remaining = new Set(Array.from({ length: size - 2 }, (_, i) => i + 1));
    let step = 0;
    while (remaining.size > 0) {
      // Vertices whose predecessors are all placed already.
      const ready = [...remaining].filter((vertex) => [...remaining].every((other) => cell.matrix[other]![vertex] === 0));
      const pick = ready[(choices[step++] ?? 0) % ready.length]!;
      placed.push(pick);
      remaining.delete(pick);
    }
    placed.push(size - 1);
    const newIndex = new Array<number>(size);
    placed.forEach((vertex, index) => (newIndex[vertex] = index));
    const matrix = Array.from({ length: size }, () => new Array<number>(size).fill(0));
    for (let from = 0; from < size; from += 1) for (let to = 0; to < size; to += 1) if (cell.matrix[from]![to] === 1) matrix[newIndex[from]!]![newIndex[to]!] = 1;
    return { matrix, operations: placed.map((vertex) => cell.operations[vertex]!) };
  }

  it('is invariant under relabelling the vertices (property)', () => {
    let permutedDifferently = 0;
    fc.assert(
      fc.property(cellArbitrary, ({ cell, order }) => {
        const permuted = permute(cell, order);
        if (JSON.stringify(permuted) !== JSON.stringify(cell)) permutedDifferently += 1;
        expect(permuted.matrix.every((row, from) => row.every((entry, to) => entry === 0 || to > from))).toBe(true);
        expect(hashNasBench101Cell(permuted)).toBe(hashNasBench101Cell(cell));
      }),
      { numRuns: 400, seed: 101 },
    );
    expect(permutedDifferently).toBeGreaterThan(100);
  });

  it('tells apart cells that differ in one operation (property)', () => {
    fc.assert(
      fc.property(cellArbitrary, fc.nat(), ({ cell }, pick) => {
        const pruned = pruneNasBench101Cell(cell);
        fc.pre(pruned !== null && pruned.operations.length > 2 && hashNasBench101Cell(cell) !== null);
        // Change the operation of a vertex that survives pruning.
        const vertex = 1 + (pick % (pruned!.operations.length - 2));
        const operations = [...pruned!.operations];
        const current = nasBench101Operations.indexOf(operations[vertex] as (typeof nasBench101Operations)[number]);
        operations[vertex] = nasBench101Operations[(current + 1) % 3]!;
        // The multiset of labels changes, so no relabelling can map one onto the other.
        expect(hashNasBench101Cell({ matrix: pruned!.matrix, operations })).not.toBe(hashNasBench101Cell(pruned!));
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});

interface Vector {
  readonly matrix: number[][];
  readonly ops: string[];
  readonly hash: string | null;
  readonly pruned_matrix?: number[][] | null;
  readonly pruned_ops?: string[] | null;
  readonly note?: string;
}

const vectorsFile = 'nb101-hash-vectors.json';
const hasVectors = sharedDataExists(vectorsFile);
if (!hasVectors) console.warn(`skipping the NAS-Bench-101 hash vectors: ../shared/data/${vectorsFile} is absent`);

describe.skipIf(!hasVectors)(`against the reference vectors (../shared/data/${vectorsFile})`, () => {
  const vectors = hasVectors ? (JSON.parse(readFileSync(sharedDataPath(vectorsFile), 'utf8')) as { vectors: Vector[] }).vectors : [];

  it('has the 62 vectors, two of them invalid', () => {
    expect(vectors.length).toBe(62);
    expect(vectors.filter((vector) => vector.hash === null).length).toBe(2);
  });

  it('matches every hash, every pruned cell and every validity verdict', () => {
    for (const vector of vectors) {
      const cell: NasBench101Cell = { matrix: vector.matrix, operations: vector.ops };
      expect(hashNasBench101Cell(cell), vector.note ?? JSON.stringify(vector.matrix)).toBe(vector.hash);
      expect(isValidNasBench101Cell(cell)).toBe(vector.hash !== null);
      if (vector.hash !== null) {
        const pruned = validateNasBench101Cell(cell);
        expect(pruned).toEqual({ matrix: vector.pruned_matrix, operations: vector.pruned_ops });
        expect(pruneNasBench101Cell(cell)).toEqual(pruned);
      } else {
        expect(() => validateNasBench101Cell(cell)).toThrow(/^validateNasBench101Cell: /);
      }
    }
  });
});
