/**
 * The NAS-Bench-201 macro skeleton shared by the supernet and the standalone network:
 * stem, three stages of cells separated by two residual reduction blocks, and the head
 * (BN + ReLU, global average pool, linear). The cells are supplied by the caller.
 * Call inside `tf.tidy`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ResolvedNetworkOptions } from '../network-options.js';
import { applyBatchNormalization, type BatchNormalizationParameters } from './batch-normalization.js';
import { averagePool2x2, averagePool3x3, convolution } from './operations.js';
import type { ParameterStore } from './parameter-store.js';
import { cellCount } from './parameter-specs.js';
import { edges, operationIndex } from './nas-bench-201.js';

export interface NetworkRun {
  readonly logits: tf.Tensor2D;
  readonly features: tf.Tensor2D;
  readonly layerOutputs: tf.Tensor4D[];
}

export function batchNormalizationParameters(store: ParameterStore, key: string): BatchNormalizationParameters {
  return {
    scale: store.find(`${key}/scale`),
    offset: store.find(`${key}/offset`),
    runningMean: store.find(`${key}/running-mean`),
    runningVariance: store.find(`${key}/running-variance`),
  };
}

/** ReLU -> conv (stride, symmetric padding) -> BN, with the parameters under `key`. */
export function reluConvolutionBatchNormalization(
  x: tf.Tensor4D,
  store: ParameterStore,
  convolutionKey: string,
  batchNormalizationKey: string,
  stride: 1 | 2,
  training: boolean,
): tf.Tensor4D {
  const convolved = convolution(tf.relu(x), store.get(`${convolutionKey}/kernel`) as tf.Variable<tf.Rank.R4>, stride);
  return applyBatchNormalization(convolved, batchNormalizationParameters(store, batchNormalizationKey), training);
}

/**
 * The output of one op on one edge. `none` is not handled here (callers skip it or use zeros).
 * Conv ops take their parameters under `operationKey(cell, edge, op)`.
 */
export function applyCellOperation(
  x: tf.Tensor4D,
  operation: number,
  store: ParameterStore,
  key: string,
  training: boolean,
): tf.Tensor4D {
  switch (operation) {
    case operationIndex.skipConnect:
      return x;
    case operationIndex.convolution1x1:
    case operationIndex.convolution3x3:
      return reluConvolutionBatchNormalization(x, store, `${key}/conv`, `${key}/bn`, 1, training);
    case operationIndex.averagePool3x3:
      return averagePool3x3(x);
    default:
      throw new Error(`internal: op ${operation} has no tensor function`);
  }
}

/**
 * One cell: node_i = sum over edges j->i of `edgeOutput(edge, node_j)`; returns node 3.
 * `edgeOutput` returns undefined for an edge that contributes nothing (a `none` op);
 * a node with no contribution is zeros.
 */
export function runCell(
  x: tf.Tensor4D,
  edgeOutput: (edge: number, input: tf.Tensor4D) => tf.Tensor4D | undefined,
): tf.Tensor4D {
  const nodes: tf.Tensor4D[] = [x];
  for (let to = 1; to <= 3; to += 1) {
    const terms: tf.Tensor4D[] = [];
    edges.forEach((edge, index) => {
      if (edge.to !== to) return;
      const output = edgeOutput(index, nodes[edge.from] as tf.Tensor4D);
      if (output !== undefined) terms.push(output);
    });
    // A node with no contribution: zeros that do not depend on x (tf.fill, not tf.zerosLike), so
    // that the backward pass neither builds a zero gradient for x nor adds it.
    const node =
      terms.length === 0
        ? (tf.fill(x.shape, 0) as tf.Tensor4D)
        : terms.length === 1
          ? (terms[0] as tf.Tensor4D)
          : (tf.addN(terms) as tf.Tensor4D);
    nodes.push(node);
  }
  return nodes[3] as tf.Tensor4D;
}

/** The residual reduction block (ResNet basic block, stride 2). */
function runReduction(x: tf.Tensor4D, store: ParameterStore, reduction: number, training: boolean): tf.Tensor4D {
  const key = `reduction${reduction}`;
  const a = reluConvolutionBatchNormalization(x, store, `${key}/conv-a`, `${key}/bn-a`, 2, training);
  const b = reluConvolutionBatchNormalization(a, store, `${key}/conv-b`, `${key}/bn-b`, 1, training);
  const shortcut = convolution(averagePool2x2(x), store.get(`${key}/shortcut/kernel`) as tf.Variable<tf.Rank.R4>, 1);
  return tf.add(shortcut, b);
}

export function runNetwork(options: {
  readonly input: tf.Tensor4D;
  readonly network: ResolvedNetworkOptions;
  readonly store: ParameterStore;
  readonly training: boolean;
  readonly cell: (x: tf.Tensor4D, cell: number) => tf.Tensor4D;
  readonly collectLayers: boolean;
}): NetworkRun {
  const { input, network, store, training, collectLayers } = options;
  const layerOutputs: tf.Tensor4D[] = [];
  const record = (tensor: tf.Tensor4D): tf.Tensor4D => {
    if (collectLayers) layerOutputs.push(tensor);
    return tensor;
  };
  let feature = convolution(input, store.get('stem/conv/kernel') as tf.Variable<tf.Rank.R4>, 1);
  feature = record(applyBatchNormalization(feature, batchNormalizationParameters(store, 'stem/bn'), training));
  for (let cell = 0; cell < cellCount(network); cell += 1) {
    if (cell > 0 && cell % network.cellsPerStage === 0) {
      feature = record(runReduction(feature, store, cell / network.cellsPerStage - 1, training));
    }
    feature = record(options.cell(feature, cell));
  }
  const activated = tf.relu(applyBatchNormalization(feature, batchNormalizationParameters(store, 'head/bn'), training));
  const features = tf.mean(activated, [1, 2]) as tf.Tensor2D;
  const logits = tf.add(
    tf.matMul(features, store.get('head/linear/kernel') as tf.Variable<tf.Rank.R2>),
    store.get('head/linear/bias'),
  ) as tf.Tensor2D;
  return { logits, features, layerOutputs };
}
