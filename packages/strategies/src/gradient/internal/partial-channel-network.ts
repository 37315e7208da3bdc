/**
 * The PC-DARTS cell computation (Xu et al., ICLR 2020) for the NAS-Bench-201 network, built on a
 * supernet's own variables (`namedVariables()`): on every edge only the first C/K channels of the
 * input go through the mixed op, the other channels bypass it, the two parts are concatenated and
 * channel-shuffled with K groups; optionally every node sums its incoming edges with weights
 * softmax(beta) over those edges (edge normalisation). Conv ops use the top-left
 * [k, k, C/K, C/K] block of the supernet's [k, k, C, C] kernels (and the first C/K entries of their
 * BN statistics). The stem, reduction blocks and head are the supernet's, computed exactly as
 * `Supernet.forward` computes them; with K = 1 and no edge normalisation the logits equal
 * `Supernet.forward({ mixingWeights })`. Call inside `tf.tidy`.
 */
import { batchNormalization, batchNormalizationInference } from '@fewshot/backend';
import { nasBench201Edges } from '@fewshot/search-space';
import type { Supernet } from '@fewshot/supernet';
import * as tf from '@tensorflow/tfjs-core';
import { channelShuffle } from '../operations/channel-shuffle.js';

const epsilon = 1e-5;
const momentum = 0.1;
const operationNames = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'] as const;

function convolution(x: tf.Tensor4D, kernel: tf.Tensor4D, stride: 1 | 2): tf.Tensor4D {
  const padding = (kernel.shape[0] - 1) / 2;
  return tf.conv2d(x, kernel, stride, padding === 0 ? 'valid' : padding);
}

/**
 * 3x3 average pool, stride 1, padding 1, padded positions not counted (PyTorch
 * count_include_pad=False): TensorFlow.js's 'same' avgPool, whose exact gradient
 * `@fewshot/backend` registers; the same kernel as the supernet's, so both networks agree bit for bit.
 */
function averagePool3x3(x: tf.Tensor4D): tf.Tensor4D {
  return tf.avgPool(x, 3, 1, 'same');
}

export interface PartialChannelForwardOptions {
  /** `[batch, height, width, channels]`. */
  readonly input: tf.Tensor4D;
  /** Batch statistics and running-statistics updates (as `Supernet.forward`). */
  readonly training: boolean;
  /** `[6, 5]` op weights shared by all cells (softmax of the masked alpha, or one-hot). */
  readonly mixingWeights: tf.Tensor2D;
  /** `[6]` edge weights, already normalised per node (softmax of beta per node), or undefined. */
  readonly edgeWeights?: tf.Tensor1D | undefined;
  /** K: 1 / K of the channels go through the mixed op. */
  readonly partialChannels: number;
}

export class PartialChannelNetwork {
  readonly #supernet: Supernet;
  readonly #variables: ReadonlyMap<string, tf.Variable>;

  constructor(supernet: Supernet) {
    this.#supernet = supernet;
    this.#variables = supernet.namedVariables();
  }

  #get(key: string): tf.Variable {
    const variable = this.#variables.get(key);
    if (variable === undefined) throw new Error(`internal: the supernet has no variable ${key}`);
    return variable;
  }

  #batchNorm(x: tf.Tensor4D, key: string, training: boolean, channels?: number): tf.Tensor4D {
    const scale = this.#variables.get(`${key}/scale`);
    const offset = this.#variables.get(`${key}/offset`);
    const runningMean = this.#variables.get(`${key}/running-mean`);
    const runningVariance = this.#variables.get(`${key}/running-variance`);
    const affine = { ...(scale === undefined ? {} : { scale }), ...(offset === undefined ? {} : { offset }) };
    const full = runningMean?.shape[0] ?? 0;
    const used = channels ?? full;
    const slice = (tensor: tf.Tensor): tf.Tensor1D => (used === full ? (tensor as tf.Tensor1D) : (tf.slice(tensor, [0], [used]) as tf.Tensor1D));
    if (runningMean !== undefined && runningVariance !== undefined && !training) {
      return batchNormalizationInference({ x, mean: slice(runningMean), variance: slice(runningVariance), epsilon, ...affine }) as tf.Tensor4D;
    }
    const { output, mean, variance, count } = batchNormalization({ x, epsilon, ...affine });
    if (runningMean !== undefined && runningVariance !== undefined && training) {
      const update = (running: tf.Variable, batch: tf.Tensor): void => {
        const updated = tf.add(tf.mul(slice(running), 1 - momentum), tf.mul(batch, momentum));
        running.assign(used === full ? updated : tf.concat([updated, tf.slice(running, [used], [full - used])]));
      };
      update(runningMean, mean);
      update(runningVariance, tf.mul(variance, count / (count - 1)));
    }
    return output as tf.Tensor4D;
  }

  #reluConvolutionBatchNorm(x: tf.Tensor4D, convolutionKey: string, batchNormKey: string, stride: 1 | 2, training: boolean): tf.Tensor4D {
    const convolved = convolution(tf.relu(x), this.#get(`${convolutionKey}/kernel`) as tf.Variable<tf.Rank.R4>, stride);
    return this.#batchNorm(convolved, batchNormKey, training);
  }

  /** One op of the NB201 space on the partial input `x` (C/K channels). */
  #operation(x: tf.Tensor4D, operation: number, key: string, training: boolean): tf.Tensor4D {
    if (operation === 1) return x;
    if (operation === 4) return averagePool3x3(x);
    const kernel = this.#get(`${key}/conv/kernel`) as tf.Variable<tf.Rank.R4>;
    const channels = x.shape[3];
    const [size, , inChannels, outChannels] = kernel.shape;
    const block = inChannels === channels && outChannels === channels ? kernel : (tf.slice(kernel, [0, 0, 0, 0], [size, size, channels, channels]) as tf.Tensor4D);
    return this.#batchNorm(convolution(tf.relu(x), block, 1), `${key}/bn`, training, channels);
  }

  #cell(x: tf.Tensor4D, cell: number, options: PartialChannelForwardOptions, weights: tf.Scalar[][], edgeWeights: tf.Scalar[] | undefined): tf.Tensor4D {
    const { partialChannels, training } = options;
    const allowed = this.#supernet.region.allowed;
    const channels = x.shape[3];
    const part = channels / partialChannels;
    const nodes: tf.Tensor4D[] = [x];
    for (let to = 1; to <= 3; to += 1) {
      const terms: tf.Tensor4D[] = [];
      nasBench201Edges.forEach((edge, index) => {
        if (edge.to !== to) return;
        const input = nodes[edge.from] as tf.Tensor4D;
        const [batch, height, width] = input.shape;
        const throughOps = partialChannels === 1 ? input : (tf.slice(input, [0, 0, 0, 0], [batch, height, width, part]) as tf.Tensor4D);
        const mixedTerms: tf.Tensor4D[] = [];
        for (let operation = 1; operation < operationNames.length; operation += 1) {
          if (allowed[index]?.[operation] !== true) continue;
          const key = `cell${cell}/edge${edge.to}-${edge.from}/${operationNames[operation]}`;
          mixedTerms.push(tf.mul(weights[index]?.[operation] as tf.Scalar, this.#operation(throughOps, operation, key, training)));
        }
        let output: tf.Tensor4D | undefined;
        if (partialChannels === 1) {
          output = mixedTerms.length === 0 ? undefined : mixedTerms.length === 1 ? mixedTerms[0] : (tf.addN(mixedTerms) as tf.Tensor4D);
        } else {
          const mixed = mixedTerms.length === 0 ? tf.zerosLike(throughOps) : mixedTerms.length === 1 ? (mixedTerms[0] as tf.Tensor4D) : (tf.addN(mixedTerms) as tf.Tensor4D);
          const bypass = tf.slice(input, [0, 0, 0, part], [batch, height, width, channels - part]) as tf.Tensor4D;
          output = channelShuffle({ input: tf.concat([mixed, bypass], 3) as tf.Tensor4D, groups: partialChannels });
        }
        if (output === undefined) return;
        terms.push(edgeWeights === undefined ? output : (tf.mul(edgeWeights[index] as tf.Scalar, output) as tf.Tensor4D));
      });
      nodes.push(terms.length === 0 ? tf.zerosLike(x) : terms.length === 1 ? (terms[0] as tf.Tensor4D) : (tf.addN(terms) as tf.Tensor4D));
    }
    return nodes[3] as tf.Tensor4D;
  }

  #reduction(x: tf.Tensor4D, reduction: number, training: boolean): tf.Tensor4D {
    const key = `reduction${reduction}`;
    const a = this.#reluConvolutionBatchNorm(x, `${key}/conv-a`, `${key}/bn-a`, 2, training);
    const b = this.#reluConvolutionBatchNorm(a, `${key}/conv-b`, `${key}/bn-b`, 1, training);
    const shortcut = convolution(tf.avgPool(x, 2, 2, 'valid') as tf.Tensor4D, this.#get(`${key}/shortcut/kernel`) as tf.Variable<tf.Rank.R4>, 1);
    return tf.add(shortcut, b);
  }

  /** The logits `[batch, classes]`. Call inside `tf.tidy` (or a gradient tape). */
  forward(options: PartialChannelForwardOptions): tf.Tensor2D {
    const { input, training } = options;
    const network = this.#supernet.networkOptions;
    const weights = tf.unstack(options.mixingWeights).map((row) => tf.unstack(row) as tf.Scalar[]);
    const edgeWeights = options.edgeWeights === undefined ? undefined : (tf.unstack(options.edgeWeights) as tf.Scalar[]);
    let feature = this.#batchNorm(convolution(input, this.#get('stem/conv/kernel') as tf.Variable<tf.Rank.R4>, 1), 'stem/bn', training);
    const cells = 3 * network.cellsPerStage;
    for (let cell = 0; cell < cells; cell += 1) {
      if (cell > 0 && cell % network.cellsPerStage === 0) feature = this.#reduction(feature, cell / network.cellsPerStage - 1, training);
      feature = this.#cell(feature, cell, options, weights, edgeWeights);
    }
    const activated = tf.relu(this.#batchNorm(feature, 'head/bn', training));
    const pooled = tf.mean(activated, [1, 2]) as tf.Tensor2D;
    return tf.add(tf.matMul(pooled, this.#get('head/linear/kernel') as tf.Tensor2D), this.#get('head/linear/bias')) as tf.Tensor2D;
  }
}

/** softmax(beta) within the incoming edges of every node: `[6]` -> `[6]`. Call inside `tf.tidy`. */
export function normalizeEdgeWeights(beta: tf.Tensor1D): tf.Tensor1D {
  const groups: number[][] = [[], [], []];
  nasBench201Edges.forEach((edge, index) => groups[edge.to - 1]?.push(index));
  const parts = tf.unstack(beta) as tf.Scalar[];
  const normalized: tf.Scalar[] = new Array<tf.Scalar>(parts.length);
  for (const group of groups) {
    const softmax = tf.unstack(tf.softmax(tf.stack(group.map((index) => parts[index] as tf.Scalar)) as tf.Tensor1D)) as tf.Scalar[];
    group.forEach((index, position) => {
      normalized[index] = softmax[position] as tf.Scalar;
    });
  }
  return tf.stack(normalized) as tf.Tensor1D;
}
