import { describe, expect, it } from 'vitest';
import { errorCodes } from '@fewshot/core';
import { thrown } from '../testing/thrown.js';
import { nasBench101Limits } from './cell.js';
import { pruneNasBench101Cell } from './prune.js';
import { isValidNasBench101Cell, validateNasBench101Cell } from './validate.js';

const conv = 'conv3x3-bn-relu';

describe('pruneNasBench101Cell', () => {
  it('drops vertices that are unreachable from the input or do not reach the output', () => {
    // 0 -> 1 -> 4 (output); 2 has no input (dangling source); 0 -> 3 leads nowhere.
    const cell = {
      matrix: [
        [0, 1, 0, 1, 0],
        [0, 0, 0, 0, 1],
        [0, 0, 0, 0, 1],
        [0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0],
      ],
      operations: ['input', 'conv1x1-bn-relu', conv, 'maxpool3x3', 'output'],
    };
    expect(pruneNasBench101Cell(cell)).toEqual({
      matrix: [
        [0, 1, 0],
        [0, 0, 1],
        [0, 0, 0],
      ],
      operations: ['input', 'conv1x1-bn-relu', 'output'],
    });
  });

  it('returns null when the input does not reach the output', () => {
    expect(pruneNasBench101Cell({ matrix: [[0, 1, 0], [0, 0, 0], [0, 0, 0]], operations: ['input', conv, 'output'] })).toBeNull();
  });
});

describe('validateNasBench101Cell / isValidNasBench101Cell', () => {
  it('checks the limits after pruning, as the official API does', () => {
    // 8 vertices, but vertex 6 is a loose end: 7 after pruning, so valid.
    const size = 8;
    const matrix = Array.from({ length: size }, () => new Array<number>(size).fill(0));
    for (let vertex = 0; vertex < 6; vertex += 1) matrix[vertex]![vertex + 1] = 1; // chain 0..6
    matrix[5]![6] = 0;
    matrix[5]![7] = 1; // 5 -> output; 6 is a loose end fed by nothing now
    matrix[4]![6] = 1;
    const operations = ['input', conv, conv, conv, conv, conv, conv, 'output'];
    expect(validateNasBench101Cell({ matrix, operations }).operations.length).toBe(7);
    expect(isValidNasBench101Cell({ matrix, operations })).toBe(true);
  });

  it('rejects more than 7 vertices or 9 edges after pruning, and disconnected cells', () => {
    const size = 8;
    const chain = Array.from({ length: size }, (_, from) => Array.from({ length: size }, (_, to) => (to === from + 1 ? 1 : 0)));
    const eight = { matrix: chain, operations: ['input', ...Array<string>(6).fill(conv), 'output'] };
    expect(thrown(() => validateNasBench101Cell(eight)).message).toBe(
      'validateNasBench101Cell: the pruned cell has 8 vertices; NAS-Bench-101 allows at most 7',
    );
    // Five vertices, all 4+3+2+1 = 10 forward edges: one too many.
    const full = Array.from({ length: 5 }, (_, from) => Array.from({ length: 5 }, (_, to) => (to > from ? 1 : 0)));
    const dense = { matrix: full, operations: ['input', conv, conv, conv, 'output'] };
    const tooDense = thrown(() => validateNasBench101Cell(dense));
    expect(tooDense.code).toBe(errorCodes.invalidArgument);
    expect(tooDense.message).toBe('validateNasBench101Cell: the pruned cell has 10 edges; NAS-Bench-101 allows at most 9');
    expect(isValidNasBench101Cell(dense)).toBe(false);
    // Dropping one edge (1 -> 2) leaves 9: valid.
    const nine = full.map((row) => [...row]);
    nine[1]![2] = 0;
    expect(validateNasBench101Cell({ matrix: nine, operations: dense.operations }).matrix).toEqual(nine);
    const disconnected = { matrix: [[0, 1, 0], [0, 0, 0], [0, 0, 0]], operations: ['input', conv, 'output'] };
    expect(thrown(() => validateNasBench101Cell(disconnected)).message).toBe('validateNasBench101Cell: the input and the output are not connected');
    expect(nasBench101Limits).toEqual({ maxVertices: 7, maxEdges: 9 });
  });

  it('never throws from isValidNasBench101Cell, even for malformed input', () => {
    expect(isValidNasBench101Cell(null as never)).toBe(false);
    expect(isValidNasBench101Cell({ matrix: [[0, 1], [0, 0]], operations: ['input', 'conv', 'output'] })).toBe(false);
    expect(isValidNasBench101Cell({ matrix: [[0, 1], [0, 0]], operations: ['input', 'output'] })).toBe(true);
    expect(thrown(() => validateNasBench101Cell({ matrix: [[0]], operations: ['input'] })).message).toBe(
      'validateNasBench101Cell: expected at least 2 vertices (input and output), got 1',
    );
  });
});
