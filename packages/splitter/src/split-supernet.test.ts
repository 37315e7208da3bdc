import { createRng, InvalidArgumentError, StateError, type Architecture } from '@fewshot/core';
import { iterateBatches, type ImageDataset } from '@fewshot/datasets';
import { createRegion, nasBench201 } from '@fewshot/search-space';
import { createSupernet, type Supernet } from '@fewshot/supernet';
import { batchToTensors, trainSupernet } from '@fewshot/trainers';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFixedEdgeSplit } from './plan-fixed-edge-split.js';
import { planRandomSplit } from './plan-random-split.js';
import { splitSupernet, type SubSupernet } from './split-supernet.js';
import { buildSplitTree, splitTreeLeaves } from './split-tree.js';
import { bitIdentical, thrown, tinyFashionMnist, tinyNetwork } from './testing/fixtures.js';

/** Outputs of child and parent for every architecture: bit-identical? Returns the mismatches. */
async function mismatches(child: Supernet, parent: Supernet, input: tf.Tensor4D, architectures: Iterable<Architecture>): Promise<string[]> {
  const different: string[] = [];
  for (const architecture of architectures) {
    const [a, b] = [child.forward({ input, training: false, architecture }), parent.forward({ input, training: false, architecture })];
    if (!(await bitIdentical(a, b))) different.push(architecture.join(','));
    tf.dispose([a, b]);
  }
  return different;
}

describe('splitSupernet (cpu backend, tiny supernet trained on real Fashion-MNIST at 8x8)', () => {
  let train: ImageDataset;
  let parent: Supernet;
  let input: tf.Tensor4D;
  const whole = createRegion({ space: nasBench201 });

  beforeAll(async () => {
    await tf.setBackend('cpu');
    const data = await tinyFashionMnist({ trainPerClass: 4, testPerClass: 1 });
    train = data.train;
    // Running statistics everywhere, moved away from their initial values by two training steps.
    parent = createSupernet({ ...tinyNetwork, cellBatchNorm: 'running-statistics', rng: createRng({ seed: 31 }) });
    await trainSupernet({ supernet: parent, data: { dataset: train, batchSize: 20 }, epochs: 1, seed: 1, learningRate: { initial: 0.05, final: 0.01 } });
    const [batch] = iterateBatches({ dataset: data.test, batchSize: 3 });
    const tensors = batchToTensors(batch!);
    tensors.labels.dispose();
    input = tensors.images;
  }, 120_000);
  afterAll(() => {
    parent.dispose();
    input.dispose();
  });

  it('copies: right after the split, children give bit-identical outputs to the parent (100 architectures per child)', async () => {
    const plan = planFixedEdgeSplit({ region: parent.region });
    const children = splitSupernet({ supernet: parent, plan, initialization: 'copy' });
    try {
      expect(children.map((child) => child.region.label)).toEqual(['1<-0 in {none}', '1<-0 in {skip_connect}', '1<-0 in {nor_conv_1x1}', '1<-0 in {nor_conv_3x3}', '1<-0 in {avg_pool_3x3}']);
      const rng = createRng({ seed: 9 });
      for (const child of children) {
        expect(child.supernet.region).toBe(child.region);
        const sample = Array.from({ length: 100 }, () => child.region.sample(rng));
        expect(await mismatches(child.supernet, parent, input, sample)).toEqual([]);
      }
      // The children's outputs are not trivially equal to each other's: the parent has different ops on 1<-0.
      const [none, conv] = [children[0]!, children[3]!];
      const a = none.supernet.forward({ input, training: false, architecture: [0, 3, 3, 1, 3, 2] });
      const b = conv.supernet.forward({ input, training: false, architecture: [3, 3, 3, 1, 3, 2] });
      expect(await bitIdentical(a, b)).toBe(false);
      tf.dispose([a, b]);
    } finally {
      children.forEach((child) => child.supernet.dispose());
    }
  }, 120_000);

  it('copies through a split tree: every one of the 625 architectures of a leaf is bit-identical', async () => {
    const tree = buildSplitTree({ region: whole, levels: [{ decision: 0 }, { decision: 3 }] });
    const leaves = splitSupernet({ supernet: parent, tree });
    try {
      expect(leaves).toHaveLength(25);
      expect(leaves.map((leaf) => leaf.region.toJSON())).toEqual(splitTreeLeaves({ tree, space: nasBench201 }).map((region) => region.toJSON()));
      const leaf = leaves[17]!; // 1<-0 nor_conv_3x3, 3<-0 nor_conv_1x1
      expect(leaf.region.label).toBe('1<-0 in {nor_conv_3x3} and 3<-0 in {nor_conv_1x1}');
      expect(await mismatches(leaf.supernet, parent, input, leaf.region.enumerate())).toEqual([]);
    } finally {
      leaves.forEach((leaf) => leaf.supernet.dispose());
    }
  }, 120_000);

  it('copies with batch-statistics cells too, and leaves the parent unchanged', async () => {
    const batchStatistics = createSupernet({ ...tinyNetwork, rng: createRng({ seed: 4 }) });
    const plan = planRandomSplit({ region: batchStatistics.region, rng: createRng({ seed: 4 }) });
    const before = new Map([...batchStatistics.namedVariables()].map(([key, variable]) => [key, variable.dataSync().slice()]));
    const children: SubSupernet[] = splitSupernet({ supernet: batchStatistics, plan });
    try {
      const rng = createRng({ seed: 5 });
      for (const child of children) {
        for (let index = 0; index < 20; index += 1) {
          const architecture = child.region.sample(rng);
          const [a, b] = [child.supernet.forward({ input, training: false, architecture }), batchStatistics.forward({ input, training: false, architecture })];
          expect(await bitIdentical(a, b)).toBe(true);
          tf.dispose([a, b]);
        }
      }
      for (const [key, variable] of batchStatistics.namedVariables()) expect(variable.dataSync(), key).toEqual(before.get(key));
    } finally {
      children.forEach((child) => child.supernet.dispose());
      batchStatistics.dispose();
    }
  });

  it("re-initialises: fresh seeded weights, same variables as a copy, same seed -> same weights", async () => {
    const plan = planFixedEdgeSplit({ region: parent.region, decision: 2, groups: [[0, 1, 4], [2, 3]] });
    const copies = splitSupernet({ supernet: parent, plan });
    const fresh = splitSupernet({ supernet: parent, plan, initialization: 'reinitialize', rng: createRng({ seed: 77 }) });
    const again = splitSupernet({ supernet: parent, plan, initialization: 'reinitialize', rng: createRng({ seed: 77 }) });
    try {
      for (const [index, child] of fresh.entries()) {
        const copyVariables = copies[index]!.supernet.namedVariables();
        const freshVariables = child.supernet.namedVariables();
        const againVariables = again[index]!.supernet.namedVariables();
        expect([...freshVariables.keys()]).toEqual([...copyVariables.keys()]);
        expect(child.supernet.region.toJSON()).toEqual(copies[index]!.region.toJSON());
        for (const [key, variable] of freshVariables) {
          expect(await bitIdentical(variable, againVariables.get(key)!), key).toBe(true);
        }
        // Trained kernels and moved running statistics differ from fresh ones.
        expect(await bitIdentical(freshVariables.get('stem/conv/kernel')!, copyVariables.get('stem/conv/kernel')!)).toBe(false);
        expect(Array.from(freshVariables.get('stem/bn/running-mean')!.dataSync())).toEqual([0, 0, 0, 0]);
      }
      // The two children are initialised from different streams.
      const kernel = 'head/linear/kernel';
      expect(await bitIdentical(fresh[0]!.supernet.namedVariables().get(kernel)!, fresh[1]!.supernet.namedVariables().get(kernel)!)).toBe(false);
    } finally {
      [...copies, ...fresh, ...again].forEach((child) => child.supernet.dispose());
    }
  });

  it('rejects plans for another region, a missing rng and bad options, leaking nothing', () => {
    const [childRegion] = whole.split({ decision: 0, groups: [[0], [1, 2, 3, 4]] });
    const child = parent.restrict(childRegion!);
    try {
      const wrong = thrown(() => splitSupernet({ supernet: child, plan: planFixedEdgeSplit({ region: whole }) }));
      expect(wrong).toBeInstanceOf(InvalidArgumentError);
      expect((wrong as InvalidArgumentError).argument).toBe('options.plan.region');
      const tree = thrown(() => splitSupernet({ supernet: child, tree: buildSplitTree({ region: whole, levels: [] }) }));
      expect((tree as InvalidArgumentError).argument).toBe('options.tree.region');
      const rng = thrown(() => splitSupernet({ supernet: parent, plan: planFixedEdgeSplit({ region: whole }), initialization: 'reinitialize' }));
      expect((rng as InvalidArgumentError).argument).toBe('options.rng');
      const both = thrown(() => splitSupernet({ supernet: parent }));
      expect((both as Error).message).toBe('splitSupernet: expected exactly one of plan and tree');
      const gone = createSupernet({ ...tinyNetwork, rng: createRng({ seed: 1 }) });
      gone.dispose();
      expect(thrown(() => splitSupernet({ supernet: gone, plan: planFixedEdgeSplit({ region: whole }) }))).toBeInstanceOf(StateError);
      const mode = thrown(() => splitSupernet({ supernet: parent, plan: planFixedEdgeSplit({ region: whole }), initialization: 'zeros' as never }));
      expect((mode as InvalidArgumentError).argument).toBe('options.initialization');
    } finally {
      child.dispose();
    }
  });
});
