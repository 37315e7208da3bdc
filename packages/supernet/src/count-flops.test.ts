import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseNasBench201Architecture } from '@fewshot/search-space';
import { describe, expect, it } from 'vitest';
import { countFlops } from './count-flops.js';
import { countParameters } from './count-parameters.js';

// ../shared/data relative to the repository root (this file is packages/supernet/src/).
const fixturePath = fileURLToPath(new URL('../../../../shared/data/nats-bench/fixture-summary.json', import.meta.url));
const fixtureExists = existsSync(fixturePath);
if (!fixtureExists) console.warn(`count-flops.test: ${fixturePath} not found; the NATS-Bench fixture checks are skipped`);

const datasetSizes = {
  'cifar10-valid': { classes: 10, inputShape: [32, 32, 3] },
  cifar10: { classes: 10, inputShape: [32, 32, 3] },
  cifar100: { classes: 100, inputShape: [32, 32, 3] },
  'ImageNet16-120': { classes: 120, inputShape: [16, 16, 3] },
} as const;

describe('countFlops', () => {
  it("reproduces the benchmark's CIFAR-10 FLOPs of index 0 (15.64737 M) and index 11 (113.95137 M)", () => {
    expect(countFlops({ architecture: [4, 2, 1, 2, 1, 1] })).toBe(15_647_370);
    expect(countFlops({ architecture: [3, 3, 4, 0, 3, 4] })).toBe(113_951_370);
  });

  it('counts conv and linear multiply-accumulates per image', () => {
    // C=4, N=1, 8x8x1, 3 classes, all skip: stem 9*1*4*64; reduction 4->8 at 4x4: (288+576+32)*16;
    // reduction 8->16 at 2x2: (1152+2304+128)*4; linear 16*3 + 3.
    expect(countFlops({ architecture: [1, 1, 1, 1, 1, 1], channels: 4, cellsPerStage: 1, classes: 3, inputShape: [8, 8, 1] })).toBe(
      2304 + 14_336 + 14_336 + 51,
    );
    // A nor_conv_1x1 adds w^2 * positions per cell: 16*64 + 64*16 + 256*4.
    expect(countFlops({ architecture: [2, 1, 1, 1, 1, 1], channels: 4, cellsPerStage: 1, classes: 3, inputShape: [8, 8, 1] })).toBe(
      2304 + 14_336 + 14_336 + 51 + 3072,
    );
  });
});

describe.skipIf(!fixtureExists)(`countFlops / countParameters against the NATS-Bench fixture (${fixtureExists ? 'present' : `skipped: ${fixturePath} not found`})`, () => {
  it('match flop_M and params_M of every architecture, dataset and schedule in the fixture', () => {
    const fixture = JSON.parse(readFileSync(fixturePath, 'utf8')) as Record<
      string,
      { arch_str: string } & Record<string, Record<string, { flop_M: number; params_M: number }>>
    >;
    let checked = 0;
    for (const entry of Object.values(fixture)) {
      const architecture = parseNasBench201Architecture(entry.arch_str);
      for (const [key, datasets] of Object.entries(entry)) {
        if (!key.startsWith('hp')) continue;
        for (const [dataset, record] of Object.entries(datasets as Record<string, { flop_M: number; params_M: number }>)) {
          const size = datasetSizes[dataset as keyof typeof datasetSizes];
          expect(size, dataset).toBeDefined();
          expect(countFlops({ architecture, ...size }) / 1e6, `${entry.arch_str} ${dataset}`).toBeCloseTo(record.flop_M, 5);
          expect(countParameters({ architecture, ...size }) / 1e6, `${entry.arch_str} ${dataset}`).toBeCloseTo(record.params_M, 6);
          checked += 1;
        }
      }
    }
    expect(checked).toBe(24); // 3 architectures x 2 schedules x 4 datasets
  });
});
