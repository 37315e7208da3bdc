import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, type Architecture } from '@fewshot/core';
import { parseNasBench201Architecture } from '@fewshot/search-space';
import { describe, expect, it } from 'vitest';
import { countParameters } from './count-parameters.js';
import { createStandaloneNetwork } from './standalone-network.js';

// ../shared/data relative to the repository root (this file is packages/supernet/src/).
const csvPath = fileURLToPath(new URL('../../../../shared/data/nb201/nb201.csv', import.meta.url));
const csvExists = existsSync(csvPath);
if (!csvExists) console.warn(`count-parameters.test: ${csvPath} not found; the NAS-Bench-201 CSV checks are skipped`);

// NAS-Bench-201 index 0 and index 11 (CIFAR-10 network, params_c10_M).
const indexZero = parseNasBench201Architecture(
  '|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|',
);
const indexEleven = parseNasBench201Architecture(
  '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|none~0|nor_conv_3x3~1|avg_pool_3x3~2|',
);

describe('countParameters', () => {
  it('reproduces the benchmark for index 0 (0.129306 M) and index 11 (0.802426 M), analytically and from the variables', () => {
    expect(indexZero).toEqual([4, 2, 1, 2, 1, 1]);
    expect(countParameters({ architecture: indexZero })).toBe(129_306);
    expect(countParameters({ architecture: indexEleven })).toBe(802_426);
    for (const [architecture, expected] of [
      [indexZero, 129_306],
      [indexEleven, 802_426],
    ] as const) {
      const network = createStandaloneNetwork({ architecture });
      expect(network.parameterCount()).toBe(expected);
      network.dispose();
    }
  });

  it('counts conv weights, BN scale/offset and the linear layer for other sizes', () => {
    // C=4, N=1, 8x8x1, 3 classes, all skip: stem 9*1*4 + 8; reductions (4->8) 288+16+576+16+32 and
    // (8->16) 1152+32+2304+32+128; head BN 32 + linear 16*3 + 3.
    expect(countParameters({ architecture: [1, 1, 1, 1, 1, 1], channels: 4, cellsPerStage: 1, classes: 3, inputShape: [8, 8, 1] })).toBe(
      44 + 928 + 3648 + 32 + 51,
    );
    // One nor_conv_3x3 per cell adds 9w^2 + 2w at w = 4, 8, 16.
    expect(countParameters({ architecture: [3, 1, 1, 1, 1, 1], channels: 4, cellsPerStage: 1, classes: 3, inputShape: [8, 8, 1] })).toBe(
      44 + 928 + 3648 + 32 + 51 + (144 + 8) + (576 + 16) + (2304 + 32),
    );
    const network = createStandaloneNetwork({ architecture: [3, 2, 4, 0, 3, 2], channels: 4, cellsPerStage: 2, classes: 7, inputShape: [8, 8, 1] });
    expect(network.parameterCount()).toBe(
      countParameters({ architecture: [3, 2, 4, 0, 3, 2], channels: 4, cellsPerStage: 2, classes: 7, inputShape: [8, 8, 1] }),
    );
    network.dispose();
  });

  it('rejects bad architectures and sizes with typed errors', () => {
    expect(() => countParameters({ architecture: [1, 2, 3] })).toThrow(InvalidArgumentError);
    expect(() => countParameters({ architecture: [1, 2, 3] })).toThrow(/^countParameters: expected 6 op indices/);
    expect(() => countParameters({ architecture: [1, 1, 1, 1, 1, 1], inputShape: [30, 30, 3] })).toThrow(/divisible by 4/);
    expect(() => countParameters({ architecture: [1, 1, 1, 1, 1, 1], classes: 0 })).toThrow(/options\.classes/);
  });
});

describe.skipIf(!csvExists)(`countParameters against nb201.csv params_c10_M (${csvExists ? 'present' : `skipped: ${csvPath} not found`})`, () => {
  const rows = csvExists
    ? (() => {
        const lines = readFileSync(csvPath, 'utf8').trim().split('\n');
        const header = (lines[0] as string).split(',');
        const indexColumn = header.indexOf('index');
        const architectureColumn = header.indexOf('arch_str');
        const parameterColumn = header.indexOf('params_c10_M');
        return lines.slice(1).map((line) => {
          const cells = line.split(',');
          return {
            index: Number(cells[indexColumn]),
            architecture: parseNasBench201Architecture(cells[architectureColumn] as string),
            millions: Number(cells[parameterColumn]),
          };
        });
      })()
    : [];

  it('matches the analytic count for exactly the 15,421 rows the data README names', () => {
    expect(rows).toHaveLength(15_625);
    const mismatched = rows.filter((row) => Math.abs(countParameters({ architecture: row.architecture }) / 1e6 - row.millions) > 5e-7);
    expect(rows.length - mismatched.length).toBe(15_421);
    expect(mismatched).toHaveLength(204);
    // The README's example of a row that averages disagreeing seed records.
    const row296 = rows.find((row) => row.index === 296)!;
    expect(row296.millions).toBeCloseTo(0.119973, 6);
    expect(countParameters({ architecture: row296.architecture })).toBe(129_306);
  });

  it('matches the variables of the standalone network for several rows', () => {
    for (const index of [0, 11, 857, 6111, 9930]) {
      const row = rows.find((candidate) => candidate.index === index)!;
      const network = createStandaloneNetwork({ architecture: row.architecture as Architecture });
      expect(network.parameterCount(), `index ${index}`).toBe(Math.round(row.millions * 1e6));
      network.dispose();
    }
  });
});
