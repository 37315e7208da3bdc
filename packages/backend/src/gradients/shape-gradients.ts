/**
 * Gradients of kernels that move values around without arithmetic: reshape,
 * transpose, concat/split, stack/unstack, slice/pad, tile/broadcast, reverse,
 * gather.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig } from '@tensorflow/tfjs-core';
import { matrixProduct } from '../internal/fast-paths.js';
import { reduceToShape, savedTensor, singleGradient } from '../internal/gradient-kit.js';

function gradientList(dy: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
  return Array.isArray(dy) ? dy : [dy];
}

function positiveAxis(axis: unknown, rank: number): number {
  const value = Number(axis ?? 0);
  return value < 0 ? value + rank : value;
}

/** Gradient of `tf.gather` with `batchDims` 0, as a one-hot matrix product (wasm has no UnsortedSegmentSum). */
function gatherGradient(dy: tf.Tensor, x: tf.Tensor, indices: tf.Tensor, axis: number): tf.Tensor {
  const before = x.shape.slice(0, axis).reduce((product, size) => product * size, 1);
  const after = x.shape.slice(axis + 1).reduce((product, size) => product * size, 1);
  const count = indices.size;
  const depth = x.shape[axis] ?? 0;
  // dy: [...before, ...indices.shape, ...after] -> [count, before * after]
  const grouped = tf.reshape(tf.transpose(tf.reshape(dy, [before, count, after]), [1, 0, 2]), [count, before * after]);
  // int32 one-hot, then cast: tfjs-backend-wasm 4.22's OneHot writes integer bits into float32 outputs.
  const selector = tf.oneHot(tf.reshape(tf.cast(indices, 'int32'), [count]), depth); // [count, depth]
  const summed = matrixProduct(tf.cast(selector, 'float32'), grouped, true, false); // [depth, before * after]
  const restored = tf.transpose(tf.reshape(summed, [depth, before, after]), [1, 0, 2]);
  return tf.reshape(restored, x.shape);
}

/** Gradients of shape kernels. */
export const shapeGradientConfigs: readonly GradConfig[] = [
  {
    kernelName: tf.Reshape,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const x = savedTensor(saved, 0, tf.Reshape);
      return { x: () => tf.reshape(singleGradient(dy), x.shape) };
    },
  },
  {
    kernelName: tf.ExpandDims,
    inputsToSave: ['input'],
    gradFunc: (dy, saved) => {
      const input = savedTensor(saved, 0, tf.ExpandDims);
      return { input: () => tf.reshape(singleGradient(dy), input.shape) };
    },
  },
  {
    kernelName: tf.Transpose,
    gradFunc: (dy, _saved, attrs) => {
      const permutation = attrs['perm'] as number[];
      const inverse = tf.backend_util.getUndoAxesPermutation(permutation);
      return { x: () => tf.transpose(singleGradient(dy), inverse) };
    },
  },
  {
    kernelName: tf.Concat,
    saveAllInputs: true,
    gradFunc: (dy, saved, attrs) => {
      const upstream = singleGradient(dy);
      const axis = tf.util.parseAxisParam(attrs['axis'] as number, upstream.shape)[0] ?? 0;
      const gradients: Record<string, () => tf.Tensor> = {};
      let start = 0;
      for (const [index, input] of saved.entries()) {
        const begin = upstream.shape.map((_extent, dimension) => (dimension === axis ? start : 0));
        const size = upstream.shape.map((extent, dimension) => (dimension === axis ? (input.shape[axis] ?? 0) : extent));
        // Each thunk runs in its own scope: slice its piece there, share nothing.
        gradients[String(index)] = () => tf.slice(upstream, begin, size);
        start += input.shape[axis] ?? 0;
      }
      return gradients;
    },
  },
  {
    kernelName: tf.SplitV,
    gradFunc: (dy, _saved, attrs) => {
      const pieces = gradientList(dy);
      const first = pieces[0];
      const axis = first === undefined ? 0 : positiveAxis(attrs['axis'], first.rank);
      return { x: () => tf.concat(pieces, axis) };
    },
  },
  {
    kernelName: tf.Pack,
    saveAllInputs: true,
    gradFunc: (dy, saved, attrs) => {
      const upstream = singleGradient(dy);
      const axis = positiveAxis(attrs['axis'], upstream.rank);
      const gradients: Record<string, () => tf.Tensor> = {};
      for (const [index, input] of saved.entries()) {
        const begin = upstream.shape.map((_extent, dimension) => (dimension === axis ? index : 0));
        const size = upstream.shape.map((extent, dimension) => (dimension === axis ? 1 : extent));
        gradients[String(index)] = () => tf.reshape(tf.slice(upstream, begin, size), input.shape);
      }
      return gradients;
    },
  },
  {
    kernelName: tf.Unpack,
    gradFunc: (dy, _saved, attrs) => {
      const pieces = gradientList(dy);
      const first = pieces[0];
      const axis = first === undefined ? 0 : positiveAxis(attrs['axis'], first.rank + 1);
      return { value: () => tf.stack(pieces, axis) };
    },
  },
  {
    kernelName: tf.Slice,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = savedTensor(saved, 0, tf.Slice);
      const [begin = [], size = []] = tf.slice_util.parseSliceParams(
        x,
        attrs['begin'] as number | number[],
        attrs['size'] as number | number[],
      );
      const paddings = x.shape.map((extent, axis): [number, number] => {
        const start = begin[axis] ?? 0;
        return [start, extent - start - (size[axis] ?? extent)];
      });
      return { x: () => tf.pad(singleGradient(dy), paddings) };
    },
  },
  {
    kernelName: tf.PadV2,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = savedTensor(saved, 0, tf.PadV2);
      const paddings = attrs['paddings'] as Array<[number, number]>;
      const begin = paddings.map((pair) => pair[0]);
      return { x: () => tf.slice(singleGradient(dy), begin, x.shape) };
    },
  },
  {
    kernelName: tf.Tile,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = savedTensor(saved, 0, tf.Tile);
      const repetitions = attrs['reps'] as number[];
      return {
        x: () => {
          // Each axis of dy is [repetition, position]; sum over the repetitions.
          const split = x.shape.flatMap((size, axis) => [repetitions[axis] ?? 1, size]);
          const repetitionAxes = x.shape.map((_size, axis) => 2 * axis);
          return tf.reshape(tf.sum(tf.reshape(singleGradient(dy), split), repetitionAxes), x.shape);
        },
      };
    },
  },
  {
    kernelName: tf.BroadcastTo,
    gradFunc: (dy, _saved, attrs) => {
      const inputShape = attrs['inputShape'] as number[];
      return { x: () => reduceToShape(singleGradient(dy), inputShape) };
    },
  },
  {
    kernelName: tf.Reverse,
    gradFunc: (dy, _saved, attrs) => {
      const upstream = singleGradient(dy);
      const axes = tf.util.parseAxisParam(attrs['dims'] as number | number[], upstream.shape);
      return { x: () => tf.reverse(upstream, axes) };
    },
  },
  {
    kernelName: tf.GatherV2,
    inputsToSave: ['x', 'indices'],
    gradFunc: (dy, saved, attrs) => {
      const x = savedTensor(saved, 0, tf.GatherV2);
      const indices = savedTensor(saved, 1, tf.GatherV2);
      const batchDims = Number(attrs['batchDims'] ?? 0);
      if (batchDims !== 0) {
        throw new Error(`@fewshot/backend: the GatherV2 gradient supports batchDims 0 only (got ${batchDims})`);
      }
      const axis = tf.util.parseAxisParam(attrs['axis'] as number, x.shape)[0] ?? 0;
      return {
        x: () => gatherGradient(singleGradient(dy), x, indices, axis),
        indices: () => tf.zeros(indices.shape, 'float32'),
      };
    },
  },
];
