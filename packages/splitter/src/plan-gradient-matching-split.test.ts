import { CancelledError, createRng, InvalidArgumentError, StateError } from '@fewshot/core';
import { iterateBatches, type ImageBatch, type ImageDataset } from '@fewshot/datasets';
import { createRegion, nasBench201 } from '@fewshot/search-space';
import { createSupernet, type Supernet } from '@fewshot/supernet';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradientDistances } from './gradient-distance.js';
import { planGradientMatchingSplit } from './plan-gradient-matching-split.js';
import { applySplitPlan } from './apply-split-plan.js';
import { splitPlanFromJson } from './split-plan-from-json.js';
import { bitIdentical, rejected, tinyFashionMnist, tinyNetwork } from './testing/fixtures.js';

/** Makes nor_conv_3x3 compute exactly nor_conv_1x1 on `edge` in every cell: its kernel is the 1x1 kernel at the centre, zeros around. */
function makeConv3x3CopyConv1x1(supernet: Supernet, edge: string): void {
  const variables = supernet.namedVariables();
  for (let cell = 0; cell < supernet.cellCount; cell += 1) {
    const small = variables.get(`cell${cell}/edge${edge}/nor_conv_1x1/conv/kernel`)!;
    const large = variables.get(`cell${cell}/edge${edge}/nor_conv_3x3/conv/kernel`)!;
    tf.tidy(() => large.assign(tf.pad(small, [[1, 1], [1, 1], [0, 0], [0, 0]])));
  }
}

describe('planGradientMatchingSplit (cpu backend, tiny supernet, real Fashion-MNIST at 8x8)', () => {
  let train: ImageDataset;
  let batches: ImageBatch[];
  const whole = createRegion({ space: nasBench201 });

  beforeAll(async () => {
    await tf.setBackend('cpu');
    ({ train } = await tinyFashionMnist({ trainPerClass: 4, testPerClass: 1 }));
    batches = [...iterateBatches({ dataset: train, batchSize: 8, shuffle: true, rng: createRng({ seed: 2 }) })].slice(0, 2);
  });

  it('(a) is deterministic under the seed, leaves the supernet unchanged, and splits the edge with the largest cut', async () => {
    const supernet = createSupernet({ ...tinyNetwork, cellBatchNorm: 'running-statistics', rng: createRng({ seed: 12 }) });
    const before = new Map([...supernet.namedVariables()].map(([key, variable]) => [key, tf.clone(variable)]));
    try {
      const options = { supernet, data: { dataset: train, batchSize: 8 }, batchCount: 2 } as const;
      const plan = await planGradientMatchingSplit({ ...options, rng: createRng({ seed: 1 }) });
      for (const [key, variable] of supernet.namedVariables()) expect(await bitIdentical(variable, before.get(key)!), key).toBe(true);
      const again = await planGradientMatchingSplit({ ...options, rng: createRng({ seed: 1 }) });
      expect(again).toEqual(plan);
      // Every edge is measured on the same batches and paths: edge 1<-0 alone gives the same matrix.
      const alone = await planGradientMatchingSplit({ ...options, rng: createRng({ seed: 1 }), candidateDecisions: [0] });
      expect(alone.scores!.edges).toEqual([plan.scores!.edges[0]]);
      const other = await planGradientMatchingSplit({ ...options, rng: createRng({ seed: 2 }), candidateDecisions: [0] });
      expect(other.scores!.edges[0]!.distances).not.toEqual(plan.scores!.edges[0]!.distances);

      expect(plan.criterion).toBe('gradient-matching');
      const scores = plan.scores!;
      expect(scores).toMatchObject({ distance: 'cosine', batchCount: 2, sampling: 'per-step', sharedVariables: 'all', balanced: true });
      expect(scores.edges.map((edge) => edge.label)).toEqual(['1<-0', '2<-0', '2<-1', '3<-0', '3<-1', '3<-2']);
      const largest = Math.max(...scores.edges.map((edge) => edge.cut));
      const chosen = scores.edges.find((edge) => edge.decision === plan.decision)!;
      expect(chosen.cut).toBe(largest);
      expect(plan.groups).toEqual(chosen.groups);
      expect(plan.groups.map((group) => group.length).sort()).toEqual([2, 3]);
      for (const edge of scores.edges) {
        // Symmetric matrices of cosine distances; the diagonal is 1 - |g|^2 / (|g|^2 + 1e-6), about 0.
        expect(edge.distances).toHaveLength(5);
        edge.distances.forEach((row, i) =>
          row.forEach((value, j) => {
            expect(value).toBe(edge.distances[j]![i]);
            if (i === j) expect(value).toBeLessThan(1e-4);
            else expect(value).toBeGreaterThan(0);
            expect(value).toBeLessThanOrEqual(2);
          }),
        );
        let within = 0;
        for (const group of edge.groups) for (const a of group) for (const b of group) if (a < b) within += edge.distances[a]![b]!;
        expect(edge.within).toBeCloseTo(within, 12);
        expect(edge.cut + edge.within).toBeCloseTo(edge.distances.flatMap((row, i) => row.filter((_, j) => j > i)).reduce((x, y) => x + y, 0), 12);
      }
      expect(plan.reason).toMatch(new RegExp(`^gradient matching \\(cosine distance, 2 batches, per-step paths\\): edge ${chosen.label.replace(/[<-]/g, '\\$&')} has the largest cut`));
      // Plain JSON that validates and splits the region into a partition.
      expect(splitPlanFromJson({ space: nasBench201, json: JSON.parse(JSON.stringify(plan)) })).toEqual(plan);
      expect(applySplitPlan({ region: whole, plan }).reduce((total, child) => total + child.size, 0)).toBe(15625);
    } finally {
      tf.dispose([...before.values()]);
      supernet.dispose();
    }
  }, 120_000);

  it('(b) ops whose shared-weight gradients coincide (conv3x3 = conv1x1 padded) are at distance ~0 and land in the same group', async () => {
    const supernet = createSupernet({ ...tinyNetwork, rng: createRng({ seed: 5 }) });
    try {
      makeConv3x3CopyConv1x1(supernet, '1-0');
      // Same outputs for the two ops: the construction really makes them the same function.
      const [batch] = batches;
      const images = tf.tensor4d(batch!.images, [batch!.size, 8, 8, 1]);
      const [a, b] = [supernet.forward({ input: images, training: false, architecture: [2, 3, 1, 3, 3, 1] }), supernet.forward({ input: images, training: false, architecture: [3, 3, 1, 3, 3, 1] })];
      const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))));
      expect((await difference.data())[0]).toBeLessThan(1e-5);
      tf.dispose([images, a, b, difference]);

      // Edge 1<-0 restricted to {skip_connect, nor_conv_1x1, nor_conv_3x3}: two groups, balanced 2 + 1.
      const region = createRegion({ space: nasBench201, allowed: [[1, 2, 3], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4]] });
      for (const distance of gradientDistances) {
        const plan = await planGradientMatchingSplit({ supernet, region, batches, distance, candidateDecisions: [0], rng: createRng({ seed: 3 }) });
        expect(plan.decision).toBe(0);
        expect(plan.groups, distance).toEqual([[1], [2, 3]]);
        const [edge] = plan.scores!.edges;
        expect(edge!.options).toEqual([1, 2, 3]);
        const [[, skipVersus1x1, skipVersus3x3], [, self1x1, sameOps], [, , self3x3]] = edge!.distances as [number[], number[], number[]];
        // conv1x1 vs conv3x3: the same gradients, so their distance is each op's distance to itself
        // (0 for mse; 1 - |g|^2 / (|g|^2 + 1e-6) per vector or per filter for the cosines, which the
        // epsilon keeps above 0 for filters with tiny gradients).
        expect(sameOps!, distance).toBeCloseTo(self1x1!, 9);
        expect(sameOps!, distance).toBeCloseTo(self3x3!, 9);
        expect(sameOps!, distance).toBeLessThan(distance === 'per-filter-cosine' ? 0.1 : 1e-6);
        expect(skipVersus1x1!, distance).toBeGreaterThan(1000 * Math.max(sameOps!, 1e-9));
        expect(skipVersus3x3!).toBeCloseTo(skipVersus1x1!, distance === 'mse' ? 8 : 4);
      }

      // In the full region, with every op and all edges compared, the matrix still shows it.
      const full = await planGradientMatchingSplit({ supernet, batches, rng: createRng({ seed: 3 }), sampling: 'per-cell', sharedVariables: 'cells-and-reductions' });
      const edge = full.scores!.edges[0]!;
      expect(full.scores!.sampling).toBe('per-cell');
      expect(edge.distances[2]![3]!).toBeLessThan(1e-6);
      expect(Math.min(...[0, 1, 4].map((other) => edge.distances[2]![other]!))).toBeGreaterThan(1e-3);
    } finally {
      supernet.dispose();
    }
  }, 120_000);

  it('stops on an aborted signal (restoring the supernet) and rejects bad options with typed errors', async () => {
    const supernet = createSupernet({ ...tinyNetwork, cellBatchNorm: 'running-statistics', rng: createRng({ seed: 6 }) });
    try {
      const controller = new AbortController();
      controller.abort();
      const cancelled = await rejected(() => planGradientMatchingSplit({ supernet, batches, rng: createRng({ seed: 1 }), signal: controller.signal }));
      expect(cancelled).toBeInstanceOf(CancelledError);
      const argumentOf = async (options: object) =>
        ((await rejected(() => planGradientMatchingSplit({ supernet, batches, rng: createRng({ seed: 1 }), ...options }))) as InvalidArgumentError).argument;
      expect(await argumentOf({ data: { dataset: train, batchSize: 8 } })).toBe('options');
      expect(await argumentOf({ batches: undefined, data: { dataset: train, batchSize: 8 } })).toBe('options.batchCount');
      expect(await argumentOf({ batchCount: 3 })).toBe('options.batchCount');
      expect(await argumentOf({ distance: 'l2' })).toBe('options.distance');
      expect(await argumentOf({ sampling: 'all' })).toBe('options.sampling');
      expect(await argumentOf({ groupCount: 1 })).toBe('options.groupCount');
      expect(await argumentOf({ rng: undefined })).toBe('options.rng');
      expect(await argumentOf({ batches: [{ ...batches[0]!, channels: 3 }] })).toBe('options.batches[0]');
      expect(await argumentOf({ candidateDecisions: [7] })).toBe('options.candidateDecisions');
      const [narrow] = whole.split({ decision: 0, groups: [[0], [1, 2, 3, 4]] });
      const child = supernet.restrict(narrow!);
      try {
        const outside = (await rejected(() => planGradientMatchingSplit({ supernet: child, region: whole, batches, rng: createRng({ seed: 1 }) }))) as Error;
        expect(outside.message).toMatch(/^planGradientMatchingSplit: the region \(whole space\) is not inside the supernet's region/);
      } finally {
        child.dispose();
      }
      const gone = createSupernet({ ...tinyNetwork, rng: createRng({ seed: 1 }) });
      gone.dispose();
      expect(await rejected(() => planGradientMatchingSplit({ supernet: gone, batches, rng: createRng({ seed: 1 }) }))).toBeInstanceOf(StateError);
      let region = whole;
      for (const decision of [0, 1, 2, 3, 4, 5]) region = region.split({ decision, groups: [[0, 1, 2], [3, 4]] })[0]!;
      expect(await rejected(() => planGradientMatchingSplit({ supernet, region, batches, rng: createRng({ seed: 1 }) }))).toBeInstanceOf(StateError);
    } finally {
      supernet.dispose();
    }
  });
});
