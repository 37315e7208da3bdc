import { createRng, InvalidArgumentError, StateError, type Architecture } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createStandaloneNetwork } from './standalone-network.js';
import { createSupernet } from './supernet.js';
import { bitIdentical, deterministicBatch, maxAbsoluteDifference } from './testing/tensors.js';

const tiny = { channels: 4, cellsPerStage: 1, classes: 10, inputShape: [8, 8, 3] } as const;
const edges = [
  [0, 1],
  [0, 2],
  [1, 2],
  [0, 3],
  [1, 3],
  [2, 3],
] as const;
const operationNames = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'];

/**
 * An independent re-implementation of the NAS-Bench-201 network (TinyNetwork) with plain
 * TensorFlow.js ops: explicit zero padding + 'valid' convolutions, BN by tf.moments, the
 * padding-excluded average pool as a ratio of two pooled sums.
 */
function referenceForward(
  variables: ReadonlyMap<string, tf.Variable>,
  architecture: Architecture,
  cells: number,
  cellsPerStage: number,
  x: tf.Tensor4D,
  training: boolean,
): tf.Tensor2D {
  const get = (key: string) => {
    const variable = variables.get(key);
    if (variable === undefined) throw new Error(`missing ${key}`);
    return variable;
  };
  const conv = (input: tf.Tensor4D, key: string, stride: 1 | 2) => {
    const kernel = get(`${key}/kernel`) as tf.Tensor4D;
    const pad = (kernel.shape[0] - 1) / 2;
    const padded = tf.pad(input, [
      [0, 0],
      [pad, pad],
      [pad, pad],
      [0, 0],
    ]);
    return tf.conv2d(padded, kernel, stride, 'valid');
  };
  const norm = (input: tf.Tensor4D, key: string) => {
    const [mean, variance] = training
      ? (() => {
          const moments = tf.moments(input, [0, 1, 2]);
          return [moments.mean, moments.variance];
        })()
      : [get(`${key}/running-mean`), get(`${key}/running-variance`)];
    const normalised = tf.div(tf.sub(input, mean!), tf.sqrt(tf.add(variance!, 1e-5)));
    return tf.add(tf.mul(normalised, get(`${key}/scale`)), get(`${key}/offset`)) as tf.Tensor4D;
  };
  const pool = (input: tf.Tensor4D) => {
    const padding: [number, number][] = [
      [0, 0],
      [1, 1],
      [1, 1],
      [0, 0],
    ];
    const sums = tf.avgPool(tf.pad(input, padding), 3, 1, 'valid');
    const counts = tf.avgPool(tf.pad(tf.onesLike(input), padding), 3, 1, 'valid');
    return tf.div(sums, counts) as tf.Tensor4D;
  };
  let feature = norm(conv(x, 'stem/conv', 1), 'stem/bn');
  for (let cell = 0; cell < cells; cell += 1) {
    if (cell > 0 && cell % cellsPerStage === 0) {
      const key = `reduction${cell / cellsPerStage - 1}`;
      const a = norm(conv(tf.relu(feature), `${key}/conv-a`, 2), `${key}/bn-a`);
      const b = norm(conv(tf.relu(a), `${key}/conv-b`, 1), `${key}/bn-b`);
      feature = tf.add(conv(tf.avgPool(feature, 2, 2, 'valid'), `${key}/shortcut`, 1), b);
    }
    const nodes: tf.Tensor4D[] = [feature];
    for (let to = 1; to <= 3; to += 1) {
      let node: tf.Tensor4D = tf.zerosLike(feature);
      edges.forEach(([from, target], edge) => {
        if (target !== to) return;
        const operation = architecture[edge] as number;
        const source = nodes[from] as tf.Tensor4D;
        const key = `cell${cell}/edge${to}-${from}/${operationNames[operation]}`;
        if (operation === 1) node = tf.add(node, source);
        if (operation === 2 || operation === 3) node = tf.add(node, norm(conv(tf.relu(source), `${key}/conv`, 1), `${key}/bn`));
        if (operation === 4) node = tf.add(node, pool(source));
      });
      nodes.push(node);
    }
    feature = nodes[3] as tf.Tensor4D;
  }
  const pooled = tf.mean(tf.relu(norm(feature, 'head/bn')), [1, 2]) as tf.Tensor2D;
  return tf.add(tf.matMul(pooled, get('head/linear/kernel') as tf.Tensor2D), get('head/linear/bias')) as tf.Tensor2D;
}

describe('StandaloneNetwork', () => {
  it('gives the exact layer output shapes and holds only its architecture\'s weights', () => {
    for (const architecture of [
      [3, 3, 3, 1, 3, 2],
      [4, 2, 1, 2, 1, 1],
      [0, 0, 0, 0, 0, 0],
    ] as Architecture[]) {
      const network = createStandaloneNetwork({ ...tiny, architecture });
      const input = deterministicBatch([2, 8, 8, 3]);
      const { logits, features, layerOutputs } = network.forwardDetailed({ input, training: false });
      expect(layerOutputs.map((layer) => layer.shape)).toEqual([
        [2, 8, 8, 4],
        [2, 8, 8, 4],
        [2, 4, 4, 8],
        [2, 4, 4, 8],
        [2, 2, 2, 16],
        [2, 2, 2, 16],
      ]);
      expect(features.shape).toEqual([2, 16]);
      expect(logits.shape).toEqual([2, 10]);
      const cellKeys = [...network.namedVariables().keys()].filter((key) => key.startsWith('cell0/'));
      const convEdges = architecture.filter((operation) => operation === 2 || operation === 3).length;
      expect(cellKeys).toHaveLength(convEdges * 5); // kernel, scale, offset, running mean, running variance
      tf.dispose([input, logits, features, ...layerOutputs]);
      network.dispose();
    }
  });

  it('matches an independent re-implementation of the NAS-Bench-201 network, in training and evaluation', async () => {
    const architecture: Architecture = [3, 4, 2, 1, 0, 3];
    const network = createStandaloneNetwork({ ...tiny, cellsPerStage: 2, architecture, rng: createRng({ seed: 41 }) });
    const input = deterministicBatch([3, 8, 8, 3], 42);
    const variables = network.namedVariables();
    const expectedTraining = tf.tidy(() => referenceForward(variables, architecture, 6, 2, input, true));
    const training = network.forward({ input, training: true });
    expect(await maxAbsoluteDifference(training, expectedTraining)).toBeLessThan(1e-4);
    // The training pass updated the running statistics; evaluation uses them.
    const expectedEvaluation = tf.tidy(() => referenceForward(variables, architecture, 6, 2, input, false));
    const evaluation = network.forward({ input, training: false });
    expect(await maxAbsoluteDifference(evaluation, expectedEvaluation)).toBeLessThan(1e-4);
    expect(await maxAbsoluteDifference(evaluation, training)).toBeGreaterThan(1e-3);
    tf.dispose([input, expectedTraining, training, expectedEvaluation, evaluation]);
    network.dispose();
  });

  it('updates running statistics like PyTorch (momentum 0.1, unbiased variance) only when training', async () => {
    const network = createStandaloneNetwork({ ...tiny, architecture: [1, 1, 1, 1, 1, 1], rng: createRng({ seed: 43 }) });
    const variables = network.namedVariables();
    const input = deterministicBatch([2, 8, 8, 3], 44);
    const stem = tf.tidy(() => tf.conv2d(input, variables.get('stem/conv/kernel') as tf.Tensor4D, 1, 'same'));
    const moments = tf.tidy(() => tf.moments(stem, [0, 1, 2]));
    tf.dispose(network.forward({ input, training: false }));
    expect(Array.from(await variables.get('stem/bn/running-mean')!.data())).toEqual([0, 0, 0, 0]);
    tf.dispose(network.forward({ input, training: true }));
    const runningMean = await variables.get('stem/bn/running-mean')!.data();
    const runningVariance = await variables.get('stem/bn/running-variance')!.data();
    const batchMean = await moments.mean.data();
    const batchVariance = await moments.variance.data();
    const count = 2 * 8 * 8;
    for (let channel = 0; channel < 4; channel += 1) {
      expect(runningMean[channel]).toBeCloseTo(0.1 * batchMean[channel]!, 6);
      expect(runningVariance[channel]).toBeCloseTo(0.9 + 0.1 * batchVariance[channel]! * (count / (count - 1)), 5);
    }
    tf.dispose([stem, moments.mean, moments.variance]);
    input.dispose();
    network.dispose();
  });

  it('uses the same keys as the supernet for its conv kernels (weights can be copied across)', () => {
    const architecture: Architecture = [3, 2, 4, 1, 3, 2];
    const network = createStandaloneNetwork({ ...tiny, architecture });
    const supernet = createSupernet(tiny);
    const supernetVariables = supernet.namedVariables();
    const kernels = [...network.namedVariables()].filter(([key]) => key.endsWith('/kernel'));
    expect(kernels).toHaveLength(1 + 2 * 3 + 3 * 4 + 1); // stem, reductions, cells, linear
    for (const [key, variable] of kernels) {
      expect(supernetVariables.get(key)?.shape, key).toEqual(variable.shape);
    }
    network.dispose();
    supernet.dispose();
  });

  it('rejects bad input with typed errors, clones, and frees everything on dispose', async () => {
    const before = tf.memory().numTensors;
    expect(() => createStandaloneNetwork({ ...tiny, architecture: [1, 2] })).toThrow(/^createStandaloneNetwork: expected 6 op indices/);
    const network = createStandaloneNetwork({ ...tiny, architecture: [3, 3, 3, 1, 3, 2] });
    expect(network.architectureString).toBe('|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|');
    const odd = deterministicBatch([1, 10, 8, 3]);
    const error = (() => {
      try {
        network.forward({ input: odd, training: false });
      } catch (caught) {
        return caught as InvalidArgumentError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error?.functionName).toBe('StandaloneNetwork.forward');
    expect(error?.argument).toBe('options.input');
    // One 4x4 image leaves a single value per channel in the last stage: no batch statistics.
    const single = deterministicBatch([1, 4, 4, 3]);
    expect(() => network.forward({ input: single, training: true })).toThrow(/batch statistics need at least 2 values per channel/);
    const evaluation = network.forward({ input: single, training: false });
    expect(evaluation.shape).toEqual([1, 10]);
    const copy = network.clone();
    const cloned = copy.forward({ input: single, training: false });
    expect(await bitIdentical(evaluation, cloned)).toBe(true);
    tf.dispose([odd, single, evaluation, cloned]);
    copy.dispose();
    network.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => network.parameterCount()).toThrow(StateError);
  });
});
