import { nasBench201 } from '@fewshot/search-space';
import { describe, expect, it } from 'vitest';
import { checkStrategyConformance } from '../conformance/check-strategy-conformance.js';
import { createBohb } from '../strategies/bohb.js';
import { createRegularizedEvolution } from '../strategies/regularized-evolution.js';
import {
  createNasBench201Evaluator,
  loadNasBench201Table,
  nasBench201CsvExists,
  nasBench201CsvPath,
} from '../testing/nas-bench-201-table.js';
import { strategyFactories } from '../testing/strategy-factories.js';
import { runSearch } from './run-search.js';

const optimum = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|';

describe('every built-in strategy conforms on the real NAS-Bench-201 space', () => {
  for (const [label, factory] of Object.entries(strategyFactories)) {
    it(label, () => {
      expect(checkStrategyConformance({ space: nasBench201, create: factory(nasBench201), rounds: 40 }).failures).toEqual([]);
    });
  }
});

if (!nasBench201CsvExists) console.warn(`Skipping the NAS-Bench-201 ground-truth searches: ${nasBench201CsvPath} does not exist.`);

describe.skipIf(!nasBench201CsvExists)(`searches on NAS-Bench-201 ground truth (needs ${nasBench201CsvPath})`, () => {
  const table = nasBench201CsvExists ? loadNasBench201Table() : undefined;

  it('reads the table: 15,625 rows, optimum index 6111 at 94.3733', () => {
    const row = table!.get(nasBench201.decode(optimum));
    expect(row.index).toBe(6111);
    expect(row.test200).toBeCloseTo(94.3733, 4);
    expect(Math.max(...table!.rows.map((entry) => entry.test200))).toBe(row.test200);
  });

  it('regularized evolution reaches >= 94% CIFAR-10 test accuracy within 300 evaluations (3 seeds)', async () => {
    const evaluator = createNasBench201Evaluator(table!);
    for (const seed of [1, 2, 3]) {
      const result = await runSearch({ strategy: createRegularizedEvolution({ space: nasBench201, seed }), evaluator, truth: evaluator, budget: { evaluations: 300 } });
      expect(result.best!.accuracy).toBeGreaterThanOrEqual(94);
      expect(result.best!.trueAccuracy).toBe(result.best!.accuracy);
      expect(result.distinctArchitectures).toBeLessThan(300);
    }
  });

  it('BOHB on fidelities 12 and 200 keeps a 200-epoch incumbent and its true accuracy', async () => {
    const evaluator = createNasBench201Evaluator(table!);
    const result = await runSearch({
      strategy: createBohb({ space: nasBench201, seed: 1, fidelities: [12, 200] }),
      evaluator,
      truth: evaluator,
      truthFidelity: 200,
      budget: { evaluations: 200 },
    });
    expect(result.best!.fidelity).toBe(200);
    expect(result.best!.trueAccuracy).toBe(result.best!.accuracy);
    expect(result.best!.accuracy).toBeGreaterThan(93);
    expect(result.points.filter((point) => point.proposal.fidelity === 12).length).toBeGreaterThan(40);
  });
});
