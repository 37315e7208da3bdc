import { describe, expect, it } from 'vitest';
import { hashNasBench101Cell } from '../nas-bench-101/hash.js';
import { pruneNasBench101Cell } from '../nas-bench-101/prune.js';
import { thrown } from '../testing/thrown.js';
import { createNasBench1Shot1Space } from './space.js';
import { countNasBench1Shot1Architectures, enumerateUniqueNasBench1Shot1Cells } from './unique-cells.js';

describe('countNasBench1Shot1Architectures', () => {
  it('counts spaces 1 and 2 under every definition', () => {
    expect(countNasBench1Shot1Architectures({ searchSpace: 1 })).toEqual({
      searchSpace: 1,
      configurations: 14_580,
      ignoringOperationsOfDanglingBlocks: 6_240, // the paper's number
      distinctPrunedCells: 3_288,
      uniqueCells: 2_685,
    });
    expect(countNasBench1Shot1Architectures({ searchSpace: 2 })).toEqual({
      searchSpace: 2,
      configurations: 14_580 * 2, // 29,160: the paper's number
      ignoringOperationsOfDanglingBlocks: 16_632,
      distinctPrunedCells: 11_826,
      uniqueCells: 7_773,
    });
  });

  it('rejects an unknown space', () => {
    expect(thrown(() => countNasBench1Shot1Architectures({ searchSpace: 0 as 1 })).argument).toBe('options.searchSpace');
  });
});

describe('enumerateUniqueNasBench1Shot1Cells', () => {
  it('yields each NAS-Bench-101 cell of space 1 once, at its first architecture', () => {
    const space = createNasBench1Shot1Space({ searchSpace: 1 });
    const unique = [...enumerateUniqueNasBench1Shot1Cells({ searchSpace: 1 })];
    expect(unique.length).toBe(2_685);
    expect(new Set(unique.map((entry) => entry.hash)).size).toBe(2_685);
    // Independent first-occurrence table, hashing every pruned cell once.
    const firstIndex = new Map<string, number>();
    const hashOfPruned = new Map<string, string>();
    let index = 0;
    for (const architecture of space.enumerate()) {
      const pruned = pruneNasBench101Cell(space.toCell(architecture))!;
      const key = JSON.stringify(pruned);
      const hash = hashOfPruned.get(key) ?? hashNasBench101Cell(pruned)!;
      hashOfPruned.set(key, hash);
      if (!firstIndex.has(hash)) firstIndex.set(hash, index);
      index += 1;
    }
    expect(firstIndex.size).toBe(2_685);
    const all = [...space.enumerate()];
    const mismatches = unique.filter(
      (entry) =>
        JSON.stringify(entry.cell) !== JSON.stringify(pruneNasBench101Cell(space.toCell(entry.architecture))) ||
        hashNasBench101Cell(entry.cell) !== entry.hash ||
        all[firstIndex.get(entry.hash)!]!.join() !== entry.architecture.join(),
    );
    expect(mismatches).toEqual([]);
  });
});
