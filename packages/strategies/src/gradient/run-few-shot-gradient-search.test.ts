import { FewshotError } from '@fewshot/core';
import { selectExamples, type ImageDataset } from '@fewshot/datasets';
import { createRegion, nasBench201 } from '@fewshot/search-space';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GradientSearchResult } from './contracts/gradient-search-result.js';
import { createGdas } from './methods/gdas.js';
import { runFewShotGradientSearch, selectByValidationAccuracy, type FewShotGradientSearchEvent } from './run-few-shot-gradient-search.js';
import { tinyMethods } from './testing/methods.js';
import { tinyData, tinyFashionMnist, tinySupernet } from './testing/tiny-data.js';

/** Edge 2<-1 split into {skip_connect} and the rest; the second part also drops nor_conv_3x3 on edge 3<-2. */
function twoRegions() {
  const [skip, rest] = createRegion({ space: nasBench201 }).split({ decision: 2, groups: [[1], [0, 2, 3, 4]] }) as [
    ReturnType<typeof createRegion>,
    ReturnType<typeof createRegion>,
  ];
  const [withoutConvolution] = rest.split({ decision: 5, groups: [[0, 1, 2, 4], [3]] });
  return [skip, withoutConvolution!];
}

describe('runFewShotGradientSearch (cpu backend, two sub-supernets, real Fashion-MNIST at 8x8)', () => {
  let train: ImageDataset;
  let validation: ImageDataset;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    const data = await tinyFashionMnist({ trainPerClass: 1, validationPerClass: 1 });
    // One training batch of 4 per epoch keeps the two runs per method short.
    train = selectExamples({ dataset: data.train, indices: [0, 1, 2, 3] });
    validation = data.validation;
  });

  describe.each(tinyMethods)('$label', ({ create }) => {
    it('runs on every sub-supernet, derives an architecture inside each region and selects by validation accuracy', async () => {
      const oneShot = tinySupernet();
      const regions = twoRegions();
      const subSupernets = regions.map((region) => ({ region, supernet: oneShot.restrict(region) }));
      try {
        const result = await runFewShotGradientSearch({ method: create(), subSupernets, ...tinyData(train, validation), epochs: 1, seed: 5 });
        expect(result.results).toHaveLength(2);
        result.results.forEach((run, index) => {
          const region = regions[index]!;
          expect(region.contains(run.architecture), `${run.method} in ${region.label}`).toBe(true);
          expect(run.region).toEqual(region.toJSON());
          const alpha = run.architectureParameters['alpha'];
          if (alpha !== undefined) {
            region.allowed.flat().forEach((allowed, position) => {
              if (!allowed) expect(alpha.values[position]).toBe(Number.NEGATIVE_INFINITY);
              else expect(Number.isFinite(alpha.values[position])).toBe(true);
            });
          }
        });
        expect(result.results[0]?.architecture[2]).toBe(1);
        expect(result.results[1]?.architecture[2]).not.toBe(1);
        expect(result.results[1]?.architecture[5]).not.toBe(3);
        expect(result.selected).toBe(selectByValidationAccuracy(result.results));
        const best = Math.max(...result.results.map((run) => run.validationAccuracy));
        expect(result.results[result.selected]?.validationAccuracy).toBe(best);
        expect(result.architecture).toEqual(result.results[result.selected]?.architecture);
      } finally {
        for (const { supernet } of subSupernets) supernet.dispose();
        oneShot.dispose();
      }
    });
  });

  it('takes a custom selection rule, reports events per sub-supernet and rejects bad rules', async () => {
    const oneShot = tinySupernet();
    const regions = twoRegions();
    const subSupernets = regions.map((region) => ({ region, supernet: oneShot.restrict(region) }));
    const events: FewShotGradientSearchEvent[] = [];
    try {
      const lowestLoss = (results: readonly GradientSearchResult[]) =>
        results.reduce((best, run, index) => (run.validationLoss < (results[best] as GradientSearchResult).validationLoss ? index : best), 0);
      const result = await runFewShotGradientSearch({
        method: createGdas(),
        subSupernets,
        ...tinyData(train, validation),
        epochs: 1,
        seed: 6,
        select: lowestLoss,
        onEvent: (event) => events.push(event),
      });
      expect(result.selected).toBe(lowestLoss(result.results));
      const kinds = events.map((event) => (event.type === 'sub-supernet-event' ? `${event.index}:${event.event.type}` : `${event.type}`));
      expect(kinds[0]).toBe('sub-supernet-start');
      expect(kinds).toContain('0:search-end');
      expect(kinds).toContain('1:search-end');
      expect(kinds.at(-1)).toBe('selection-end');
      await expect(
        runFewShotGradientSearch({ method: createGdas(), subSupernets, ...tinyData(train, validation), epochs: 1, seed: 6, select: () => 7 }),
      ).rejects.toThrow(/runFewShotGradientSearch: the selection rule returned 7/);
    } finally {
      for (const { supernet } of subSupernets) supernet.dispose();
      oneShot.dispose();
    }
  });

  it('checks every sub-supernet before training any', async () => {
    const oneShot = tinySupernet();
    const regions = twoRegions();
    const first = oneShot.restrict(regions[0]!);
    try {
      await runFewShotGradientSearch({
        method: createGdas(),
        subSupernets: [
          { region: regions[0]!, supernet: first },
          { region: regions[1]!, supernet: first },
        ],
        ...tinyData(train, validation),
        epochs: 1,
        seed: 1,
      });
      expect.unreachable();
    } catch (error) {
      expect(FewshotError.isInstance(error) && error.argument).toBe('options.subSupernets[1].region');
    } finally {
      first.dispose();
      oneShot.dispose();
    }
    await expect(runFewShotGradientSearch({ method: createGdas(), subSupernets: [], ...tinyData(train, validation), epochs: 1, seed: 1 })).rejects.toThrow(
      /options|subSupernets|non-empty/,
    );
  });
});
