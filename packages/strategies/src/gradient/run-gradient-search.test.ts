import { CancelledError, FewshotError } from '@fewshot/core';
import type { ImageDataset } from '@fewshot/datasets';
import { createRegion, nasBench201 } from '@fewshot/search-space';
import type { Supernet } from '@fewshot/supernet';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GradientSearchEvent } from './contracts/gradient-search-events.js';
import type { GradientSearchResult } from './contracts/gradient-search-result.js';
import { createGdas } from './methods/gdas.js';
import { createPcDarts } from './methods/pc-darts.js';
import { runGradientSearch } from './run-gradient-search.js';
import { tinyMethods } from './testing/methods.js';
import { tinyData, tinyFashionMnist, tinySupernet } from './testing/tiny-data.js';

function weightsOf(supernet: Supernet): Map<string, Float32Array> {
  return new Map([...supernet.namedVariables()].map(([key, variable]) => [key, variable.dataSync() as Float32Array]));
}

function withoutTimes(result: GradientSearchResult) {
  return { ...result, seconds: 0, history: result.history.map((record) => ({ ...record, seconds: 0 })) };
}

describe('runGradientSearch (cpu backend, C = 4, N = 1, real Fashion-MNIST at 8x8)', () => {
  let train: ImageDataset;
  let validation: ImageDataset;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    ({ train, validation } = await tinyFashionMnist({ trainPerClass: 1, validationPerClass: 1 }));
  });

  describe.each(tinyMethods)('$label', ({ create }) => {
    it('trains, derives an architecture of the space and is bit-for-bit repeatable under a seed', async () => {
      const runs: { result: GradientSearchResult; weights: Map<string, Float32Array> }[] = [];
      const untrained = tinySupernet();
      const initial = weightsOf(untrained);
      untrained.dispose();
      for (let repeat = 0; repeat < 2; repeat += 1) {
        const supernet = tinySupernet();
        try {
          const result = await runGradientSearch({ method: create(), supernet, ...tinyData(train, validation), epochs: 1, seed: 11 });
          runs.push({ result, weights: weightsOf(supernet) });
        } finally {
          supernet.dispose();
        }
      }
      const [first, second] = runs as [(typeof runs)[0], (typeof runs)[0]];
      const { result } = first;
      expect(nasBench201.contains(result.architecture)).toBe(true);
      expect(result.steps).toBe(2);
      expect(result.history).toHaveLength(1);
      expect(result.history[0]?.loss).toBeGreaterThan(0.5);
      expect(result.history[0]?.loss).toBeLessThan(5);
      expect(result.validationAccuracy).toBeGreaterThanOrEqual(0);
      expect(result.validationAccuracy).toBeLessThanOrEqual(100);
      expect(Number.isFinite(result.validationLoss)).toBe(true);
      expect(Object.keys(result.architectureParameters).length).toBeGreaterThan(0);
      if (result.operationProbabilities !== undefined) {
        for (const row of result.operationProbabilities) expect(row.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 10);
        expect(result.architectureParameters['alpha']?.values).toHaveLength(30);
      }
      // The weights moved...
      expect(first.weights.get('stem/conv/kernel')).not.toEqual(initial.get('stem/conv/kernel'));
      // ...and a second run with the same seed is bit-identical: architecture, parameters, history, weights.
      expect(withoutTimes(second.result)).toEqual(withoutTimes(result));
      for (const [key, values] of first.weights) expect(second.weights.get(key), key).toEqual(values);
    });
  });

  it('reports events in order and honours the region and the abort signal', async () => {
    const supernet = tinySupernet();
    const region = createRegion({ space: nasBench201 }).split({ decision: 3, groups: [[2], [0, 1, 3, 4]] })[0]!;
    const events: GradientSearchEvent[] = [];
    try {
      const result = await runGradientSearch({
        method: createGdas(),
        supernet,
        region,
        ...tinyData(train, validation),
        epochs: 2,
        seed: 3,
        onEvent: (event) => events.push(event),
      });
      expect(events.map((event) => event.type)).toEqual(['search-start', 'step-end', 'step-end', 'epoch-end', 'step-end', 'step-end', 'epoch-end', 'search-end']);
      expect(result.architecture[3]).toBe(2);
      expect(result.region).toEqual(region.toJSON());
      expect(result.history.map((record) => record.temperature)).toEqual([10, 0.1]);
      const alpha = result.architectureParameters['alpha']?.values as number[];
      expect(alpha.slice(15, 20)).toEqual([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, alpha[17], Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY]);
      const controller = new AbortController();
      controller.abort();
      await expect(
        runGradientSearch({ method: createGdas(), supernet, ...tinyData(train, validation), epochs: 1, seed: 3, signal: controller.signal }),
      ).rejects.toBeInstanceOf(CancelledError);
    } finally {
      supernet.dispose();
    }
  });

  it('rejects bad options with typed errors naming the argument', async () => {
    const supernet = tinySupernet();
    const narrow = supernet.restrict(createRegion({ space: nasBench201 }).split({ decision: 0, groups: [[1], [0, 2, 3, 4]] })[0]!);
    const argumentOf = async (promise: Promise<unknown>) => {
      try {
        await promise;
        return 'no error';
      } catch (error) {
        return FewshotError.isInstance(error) ? error.argument : String(error);
      }
    };
    const base = { method: createGdas(), supernet, ...tinyData(train, validation), epochs: 1, seed: 1 };
    try {
      expect(await argumentOf(runGradientSearch({ ...base, epochs: 0 }))).toBe('options.epochs');
      expect(await argumentOf(runGradientSearch({ ...base, method: {} as never }))).toBe('options.method');
      expect(await argumentOf(runGradientSearch({ ...base, supernet: narrow, region: createRegion({ space: nasBench201 }) }))).toBe('options.region');
      expect(await argumentOf(runGradientSearch({ ...base, train: { dataset: train, batchSize: 11 } }))).toBe('options.train.batchSize');
      expect(await argumentOf(runGradientSearch({ ...base, validation: { dataset: validation, batchSize: 0 } }))).toBe('options.validation.batchSize');
      expect(await argumentOf(runGradientSearch({ ...base, method: createPcDarts({ partialChannels: 3 }) }))).toBe('options.partialChannels');
    } finally {
      narrow.dispose();
      supernet.dispose();
    }
  });
});
