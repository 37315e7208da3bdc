/**
 * Gradients of reductions (Sum, Mean, Max, Min) and of Softmax / LogSoftmax.
 * Broadcasting back to the input shape multiplies by ones instead of tiling
 * (the Tile kernel of tfjs-backend-wasm is slow).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, NamedAttrMap } from '@tensorflow/tfjs-core';
import {
  broadcastWithoutTile,
  keptDimensionsShape,
  reductionAxes,
  savedTensor,
  singleGradient,
} from '../internal/gradient-kit.js';

function sumOrMean(kernelName: string, divideByCount: boolean): GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: NamedAttrMap) => {
      const x = savedTensor(saved, 0, kernelName);
      const axes = reductionAxes(attrs['axis'], x.shape);
      return {
        x: () => {
          const upstream = tf.reshape(singleGradient(dy), keptDimensionsShape(x.shape, axes));
          const count = axes.reduce((product, axis) => product * (x.shape[axis] ?? 1), 1);
          const scaled = divideByCount ? tf.div(upstream, count) : upstream;
          return broadcastWithoutTile(scaled, x.shape);
        },
      };
    },
  };
}

function extremum(kernelName: string, axisAttribute: string): GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    outputsToSave: [true],
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: NamedAttrMap) => {
      const x = savedTensor(saved, 0, kernelName);
      const y = savedTensor(saved, 1, kernelName);
      const axes = reductionAxes(attrs[axisAttribute], x.shape);
      return {
        x: () => {
          const kept = keptDimensionsShape(x.shape, axes);
          const isExtremum = tf.cast(tf.equal(x, tf.reshape(y, kept)), 'float32');
          return tf.mul(isExtremum, tf.reshape(singleGradient(dy), kept));
        },
      };
    },
  };
}

/** Gradients of reductions and softmax. */
export const reductionGradientConfigs: readonly GradConfig[] = [
  sumOrMean(tf.Sum, false),
  sumOrMean(tf.Mean, true),
  extremum(tf.Max, 'reductionIndices'),
  extremum(tf.Min, 'axis'),
  {
    kernelName: tf.Softmax,
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const y = savedTensor(saved, 0, tf.Softmax);
      const axis = reductionAxes(attrs['dim'] ?? -1, y.shape);
      return {
        logits: () => {
          const weighted = tf.mul(singleGradient(dy), y);
          return tf.sub(weighted, tf.mul(y, tf.sum(weighted, axis, true)));
        },
      };
    },
  },
  {
    kernelName: tf.LogSoftmax,
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const y = savedTensor(saved, 0, tf.LogSoftmax);
      const axis = reductionAxes(attrs['axis'] ?? -1, y.shape);
      return {
        logits: () => {
          const upstream = singleGradient(dy);
          return tf.sub(upstream, tf.mul(tf.exp(y), tf.sum(upstream, axis, true)));
        },
      };
    },
  },
];
