import { describe, expect, it } from 'vitest';
import { hasNb201Csv, nb201CsvPath, readCsvColumns, skipReason } from '../testing/shared-data.js';
import { kendallTau } from './kendall-tau.js';
import { pearson } from './pearson.js';
import { spearman } from './spearman.js';

/** Independent O(n^2) tau-b: counts every pair. */
function kendallTauByPairs(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let concordant = 0;
  let discordant = 0;
  let tiesXOnly = 0;
  let tiesYOnly = 0;
  const n = x.length;
  for (let i = 0; i < n; i += 1) {
    const xi = x[i] as number;
    const yi = y[i] as number;
    for (let j = i + 1; j < n; j += 1) {
      const dx = xi - (x[j] as number);
      const dy = yi - (y[j] as number);
      if (dx === 0 && dy === 0) continue;
      if (dx === 0) tiesXOnly += 1;
      else if (dy === 0) tiesYOnly += 1;
      else if (dx * dy > 0) concordant += 1;
      else discordant += 1;
    }
  }
  return (concordant - discordant) / Math.sqrt((concordant + discordant + tiesXOnly) * (concordant + discordant + tiesYOnly));
}

describe('kendallTau', () => {
  it('gives the textbook values (scipy.stats.kendalltau)', () => {
    expect(kendallTau({ x: [1, 2, 3, 4], y: [10, 20, 40, 30] })).toBeCloseTo(0.6666666666666669, 14);
    expect(kendallTau({ x: [1, 1, 2], y: [1, 2, 3] })).toBeCloseTo(0.816496580927726, 14);
    expect(kendallTau({ x: [1, 1, 2, 2, 3, 5, 5], y: [3, 3, 1, 2, 2, 7, 6] })).toBeCloseTo(0.27036903521793754, 14);
    expect(kendallTau({ x: [1, 2, 3], y: [3, 2, 1] })).toBe(-1);
    expect(kendallTau({ x: Float64Array.of(5, 6), y: [1, 2] })).toBe(1);
  });

  it('agrees with an O(n^2) pair count on random data with many ties', () => {
    let state = 12345;
    const next = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
    for (const n of [2, 3, 7, 64, 500]) {
      const x = Array.from({ length: n }, () => Math.floor(next() * 6));
      const y = Array.from({ length: n }, (_, index) => Math.floor(((x[index] as number) + next() * 5) * 2) / 2);
      if (new Set(x).size < 2 || new Set(y).size < 2) continue;
      expect(kendallTau({ x, y })).toBeCloseTo(kendallTauByPairs(x, y), 12);
    }
  });

  it('rejects bad input with typed errors naming the argument', () => {
    expect(() => kendallTau({ x: [1, 2], y: [1] })).toThrow(/kendallTau: expected x and y of equal length, got 2 and 1/);
    expect(() => kendallTau({ x: [1, Number.NaN], y: [1, 2] })).toThrow(/x\[1\]/);
    expect(() => kendallTau({ x: [1, 1, 1], y: [1, 2, 3] })).toThrow(/x is constant/);
    expect(() => kendallTau({ x: [1], y: [1] })).toThrow(/at least 2 values/);
    expect(() => kendallTau(undefined as never)).toThrow(/expected an options object/);
  });
});

describe(`rank metrics on the shared NAS-Bench-201 table${skipReason(hasNb201Csv, 'nb201/nb201.csv')}`, () => {
  it.skipIf(!hasNb201Csv)('match scipy and an independent O(n^2) count on all 15,625 architectures', () => {
    const { header, rows } = readCsvColumns(nb201CsvPath);
    const column = (name: string) => Float64Array.from(rows, (row) => Number(row[header.indexOf(name)]));
    const test = column('c10_test_200_nats');
    const valid = column('c10valid_valid_200_nb201pth');
    expect(test.length).toBe(15_625);
    const fast = kendallTau({ x: test, y: valid });
    // Reference values from scipy 1.17.1 (scipy.stats.kendalltau / spearmanr / pearsonr) on the same columns.
    expect(fast).toBeCloseTo(0.8917690466997233, 12);
    expect(fast).toBeCloseTo(kendallTauByPairs(test, valid), 12);
    expect(spearman({ x: test, y: valid })).toBeCloseTo(0.9835341120310844, 12);
    expect(pearson({ x: test, y: valid })).toBeCloseTo(0.9947716606607822, 12);

    const short = column('c10_test_12');
    expect(kendallTau({ x: short, y: test })).toBeCloseTo(0.7000160900327194, 12);
    expect(spearman({ x: short, y: test })).toBeCloseTo(0.8705130585832077, 12);
    const params = column('params_c10_M');
    const shortValid = column('c10valid_valid_12');
    expect(kendallTau({ x: shortValid, y: params })).toBeCloseTo(0.3007267377621094, 12);
    expect(kendallTau({ x: shortValid, y: params })).toBeCloseTo(kendallTauByPairs(shortValid, params), 12);
    expect(spearman({ x: shortValid, y: params })).toBeCloseTo(0.4223702629994587, 12);
    expect(pearson({ x: shortValid, y: params })).toBeCloseTo(0.33677914969427747, 12);
  });
});
