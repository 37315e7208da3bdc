import { createRng, InvalidArgumentError, type Architecture } from '@fewshot/core';
import { createRegion, nasBench201 } from '@fewshot/search-space';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSupernet, type Supernet } from './supernet.js';
import { bitIdentical, deterministicBatch } from './testing/tensors.js';

const tiny = { channels: 4, cellsPerStage: 1, classes: 10, inputShape: [8, 8, 3] } as const;

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('Supernet.restrict', () => {
  let parent: Supernet;
  let input: tf.Tensor4D;

  beforeAll(async () => {
    parent = createSupernet({ ...tiny, cellBatchNorm: 'running-statistics', rng: createRng({ seed: 21 }) });
    input = deterministicBatch([2, 8, 8, 3], 22);
    // Train-mode passes so that the running statistics differ from their initial values.
    for (const architecture of [[3, 3, 3, 1, 3, 2], [2, 2, 2, 2, 2, 2]] as Architecture[]) {
      tf.dispose(parent.forward({ input, training: true, architecture }));
    }
  });
  afterAll(() => {
    parent.dispose();
    input.dispose();
  });

  it('keeps exactly the weights the region can use, bit for bit, and drops the others', async () => {
    const whole = createRegion({ space: nasBench201 });
    const children = whole.split({ decision: 0, groups: [[0], [1], [2], [3], [4]] });
    const parentVariables = parent.namedVariables();
    for (const [operation, region] of children.entries()) {
      const child = parent.restrict(region);
      expect(child.region).toBe(region);
      const childVariables = child.namedVariables();
      const edge10 = [...childVariables.keys()].filter((key) => key.includes('/edge1-0/'));
      // Only the chosen op of edge 1<-0 keeps its weights (and only conv ops have any).
      const expectedEdge10 =
        operation === 2 || operation === 3
          ? [0, 1, 2].flatMap((cell) => {
              const name = operation === 2 ? 'nor_conv_1x1' : 'nor_conv_3x3';
              return [`cell${cell}/edge1-0/${name}/conv/kernel`, `cell${cell}/edge1-0/${name}/bn/running-mean`, `cell${cell}/edge1-0/${name}/bn/running-variance`];
            })
          : [];
      expect(edge10).toEqual(expectedEdge10);
      // Every other variable is kept, with bit-identical values.
      const dropped = [...parentVariables.keys()].filter((key) => !childVariables.has(key));
      expect(dropped.every((key) => key.includes('/edge1-0/'))).toBe(true);
      expect(childVariables.size).toBe(parentVariables.size - 18 + expectedEdge10.length);
      for (const [key, variable] of childVariables) {
        expect(await bitIdentical(variable, parentVariables.get(key)!), key).toBe(true);
        expect(variable.name).not.toBe(parentVariables.get(key)!.name);
        expect(variable.trainable).toBe(parentVariables.get(key)!.trainable);
      }
      child.dispose();
    }
  });

  it('gives bit-identical outputs for architectures inside the region, in both modes', async () => {
    const region = createRegion({ space: nasBench201, allowed: [[3], [0, 1, 2, 3, 4], [2, 4], [1], [0, 1, 2, 3, 4], [2, 3]] });
    const child = parent.restrict(region);
    const rng = createRng({ seed: 23 });
    for (let trial = 0; trial < 4; trial += 1) {
      const architecture = region.sample(rng);
      for (const training of [false, true]) {
        const fromParent = parent.forward({ input, training, architecture });
        const fromChild = child.forward({ input, training, architecture });
        expect(await bitIdentical(fromParent, fromChild)).toBe(true);
        tf.dispose([fromParent, fromChild]);
      }
    }
    expect(child.trainableVariables().length).toBeLessThan(parent.trainableVariables().length);
    const architecture: Architecture = [3, 0, 4, 1, 2, 3];
    expect(child.trainableVariables(architecture).map((variable) => variable.name.slice(child.id.length))).toEqual(
      parent.trainableVariables(architecture).map((variable) => variable.name.slice(parent.id.length)),
    );
    child.dispose();
  });

  it('rejects architectures outside its region and regions it cannot serve', () => {
    const region = createRegion({ space: nasBench201, allowed: [[3], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4]] });
    const child = parent.restrict(region);
    const outside = catchError(() => child.forward({ input, training: false, architecture: [2, 3, 3, 1, 3, 2] })) as InvalidArgumentError;
    expect(outside).toBeInstanceOf(InvalidArgumentError);
    expect(outside.argument).toBe('options.architecture');
    expect(outside.message).toMatch(/edge 1<-0 uses nor_conv_1x1, which is outside this supernet's region \(1<-0 in \{nor_conv_3x3\}\)/);
    expect(() => child.trainableVariables([0, 0, 0, 0, 0, 0])).toThrow(InvalidArgumentError);
    // A child cannot be widened again.
    const wider = catchError(() => child.restrict(createRegion({ space: nasBench201 }))) as InvalidArgumentError;
    expect(wider).toBeInstanceOf(InvalidArgumentError);
    expect(wider.message).toMatch(/^Supernet\.restrict: the region allows none on edge 1<-0/);
    // ...but narrowed further.
    const grandchild = child.restrict(region.split({ decision: 5, groups: [[0, 1], [2, 3, 4]] })[1]!);
    expect(grandchild.region.size).toBe(625 * 3);
    expect(() => parent.restrict(createRegion({ space: nasBench201, allowed: [[], [0], [0], [0], [0], [0]] }))).toThrow(/the region is empty: edge 1<-0/);
    expect(() => parent.restrict({ allowed: [] } as never)).toThrow(/expected a region of the nas-bench-201 space/);
    grandchild.dispose();
    child.dispose();
  });

  it('mixed forward on a restricted supernet sums only the ops of its region', async () => {
    const region = createRegion({ space: nasBench201, allowed: [[1, 3], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4]] });
    const child = parent.restrict(region);
    const architecture: Architecture = [3, 1, 2, 0, 4, 3];
    // Weight on ops outside the region (edge 1<-0: nor_conv_1x1, avg_pool) is ignored.
    const weights = tf.tidy(() => {
      const oneHot = tf.cast(tf.oneHot(tf.tensor1d([...architecture], 'int32'), 5), 'float32');
      const stray = tf.tensor2d([[0, 0, 0.5, 0, 0.25], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]]);
      return tf.add(oneHot, stray) as tf.Tensor2D;
    });
    const mixed = child.forward({ input, training: false, mixingWeights: weights });
    const single = child.forward({ input, training: false, architecture });
    const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(mixed, single))));
    expect((await difference.data())[0]).toBeLessThan(1e-5);
    tf.dispose([weights, mixed, single, difference]);
    child.dispose();
  });
});
