import { CancelledError, createRng, InvalidArgumentError, NotFoundError, type Architecture, type Evaluator } from '@fewshot/core';
import type { ImageDataset } from '@fewshot/datasets';
import { createRegion, nasBench201 } from '@fewshot/search-space';
import { createSupernet, type Supernet } from '@fewshot/supernet';
import { evaluateArchitectures, trainSupernet } from '@fewshot/trainers';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFewShotEnsemble } from './few-shot-ensemble.js';
import { planFixedEdgeSplit } from './plan-fixed-edge-split.js';
import { splitSupernet, type SubSupernet } from './split-supernet.js';
import { buildSplitTree, splitTreeLeaves } from './split-tree.js';
import { rejected, thrown, tinyFashionMnist, tinyNetwork } from './testing/fixtures.js';

describe('createFewShotEnsemble (cpu backend, tiny sub-supernets trained on real Fashion-MNIST at 8x8)', () => {
  let train: ImageDataset;
  let test: ImageDataset;
  let parent: Supernet;
  let members: SubSupernet[];
  const whole = createRegion({ space: nasBench201 });
  const data = () => ({ dataset: test, batchSize: 25 });

  beforeAll(async () => {
    await tf.setBackend('cpu');
    ({ train, test } = await tinyFashionMnist({ trainPerClass: 6, testPerClass: 5 }));
    parent = createSupernet({ ...tinyNetwork, rng: createRng({ seed: 8 }) });
    members = splitSupernet({ supernet: parent, plan: planFixedEdgeSplit({ region: parent.region, decision: 3, groups: [[0, 1], [2, 3], [4]] }) });
    // Train each member a little, independently, so that they no longer agree with the parent.
    for (const [index, member] of members.entries()) {
      await trainSupernet({ supernet: member.supernet, data: { dataset: train, batchSize: 20 }, epochs: 1, seed: index, learningRate: { initial: 0.1, final: 0.01 } });
    }
  }, 120_000);
  afterAll(() => {
    members.forEach((member) => member.supernet.dispose());
    parent.dispose();
  });

  it('equals evaluating each member directly, in the order asked', async () => {
    const ensemble: Evaluator = createFewShotEnsemble({ members, data: data(), partitionOf: whole });
    expect(ensemble.name).toBe('few-shot ensemble (3 sub-supernets)');
    const rng = createRng({ seed: 3 });
    const architectures: Architecture[] = Array.from({ length: 9 }, () => nasBench201.sample(rng));
    architectures.push([3, 3, 3, 4, 3, 2], [3, 3, 3, 0, 3, 2], [3, 3, 3, 2, 3, 2]);
    const evaluations = await ensemble.evaluate({ architectures });
    expect(evaluations.map((evaluation) => evaluation.architecture)).toEqual(architectures);
    for (const [index, architecture] of architectures.entries()) {
      const owner = architecture[3] === 4 ? 2 : architecture[3]! < 2 ? 0 : 1;
      const [direct] = await evaluateArchitectures({ supernet: members[owner]!.supernet, architectures: [architecture], data: data() });
      expect(evaluations[index]!.accuracy, architecture.join(',')).toBe(direct!.accuracy);
      expect(evaluations[index]!.loss).toBe(direct!.loss);
      expect(evaluations[index]!.cost).toBe(0);
      expect(evaluations[index]!.metrics).toEqual({ member: owner });
    }
    // The members were trained apart: the same architecture scored by the parent differs.
    const [fromParent] = await evaluateArchitectures({ supernet: parent, architectures: [architectures[9]!], data: data() });
    expect(fromParent!.loss).not.toBe(evaluations[9]!.loss);
    expect(await ensemble.evaluate({ architectures: [] })).toEqual([]);
  }, 120_000);

  it('routes, and refuses architectures no member owns before computing anything', async () => {
    const partial = createFewShotEnsemble({ members: members.slice(0, 2), data: data() });
    expect(partial.route([0, 0, 0, 3, 0, 0])).toBe(1);
    expect(thrown(() => partial.route([0, 0, 0, 4, 0, 0]))).toBeInstanceOf(NotFoundError);
    const error = await rejected(() => partial.evaluate({ architectures: [[0, 0, 0, 1, 0, 0], [0, 0, 0, 4, 0, 0]] }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).argument).toBe('options.architectures[1]');
    const controller = new AbortController();
    controller.abort();
    expect(await rejected(() => partial.evaluate({ architectures: [[0, 0, 0, 1, 0, 0]], signal: controller.signal }))).toBeInstanceOf(CancelledError);
  });

  it('refuses overlapping members, regions outside their supernet, and non-partitions', () => {
    const overlap = thrown(() => createFewShotEnsemble({ members: [...members, { supernet: parent }], data: data() }));
    expect(overlap).toBeInstanceOf(InvalidArgumentError);
    expect((overlap as InvalidArgumentError).argument).toBe('options.members');
    expect((overlap as Error).message).toMatch(/share \d+ architecture\(s\); they must be disjoint/);
    const outside = thrown(() => createFewShotEnsemble({ members: [{ supernet: members[0]!.supernet, region: whole }], data: data() }));
    expect((outside as InvalidArgumentError).argument).toBe('options.members[0].region');
    const gap = thrown(() => createFewShotEnsemble({ members: members.slice(1), data: data(), partitionOf: whole }));
    expect((gap as InvalidArgumentError).argument).toBe('options.partitionOf');
    expect((thrown(() => createFewShotEnsemble({ members: [], data: data() })) as InvalidArgumentError).argument).toBe('options.members');
  });

  it('works with the regions of a split tree narrower than the supernets', async () => {
    // Route by leaf regions while two leaves share one (wider) supernet: allowed, each region lies inside.
    const tree = buildSplitTree({ region: whole, levels: [{ decision: 3, groups: [[0, 1], [2, 3], [4]] }, { decision: 0, groups: [[0, 1, 2], [3, 4]], leaves: [0] }] });
    const [first, second] = members[0]!.region.split({ decision: 0, groups: [[0, 1, 2], [3, 4]] });
    const leaves = splitTreeLeaves({ tree, space: nasBench201 }).map((leaf) => leaf.toJSON());
    expect(leaves).toEqual([first!, second!, members[1]!.region, members[2]!.region].map((region) => region.toJSON()));
    const ensemble = createFewShotEnsemble({
      members: [{ supernet: members[0]!.supernet, region: first! }, { supernet: members[0]!.supernet, region: second! }, members[1]!, members[2]!],
      data: data(),
      partitionOf: whole,
    });
    expect(ensemble.route([4, 0, 0, 1, 0, 0])).toBe(1);
    const [evaluation] = await ensemble.evaluate({ architectures: [[4, 0, 0, 1, 0, 0]] });
    const [direct] = await evaluateArchitectures({ supernet: members[0]!.supernet, architectures: [[4, 0, 0, 1, 0, 0]], data: data() });
    expect(evaluation!.accuracy).toBe(direct!.accuracy);
  });
});
