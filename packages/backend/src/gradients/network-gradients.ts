/**
 * Gradients of the remaining network kernels: pooling, matrix products,
 * `tf.batchNorm` (FusedBatchNorm, without the Tile of TensorFlow.js's own
 * gradient) and image resizing (nearest-neighbour without the buggy cpu kernel).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, NamedAttrMap } from '@tensorflow/tfjs-core';
import { averagePoolGradient } from '../internal/average-pool-gradient.js';
import { matrixProduct } from '../internal/fast-paths.js';
import { reduceToShape, savedTensor, singleGradient } from '../internal/gradient-kit.js';
import { resizeNearestNeighborGradient } from '../internal/resize-nearest-gradient.js';

function poolingAttributes(attrs: NamedAttrMap): NamedAttrMap {
  return {
    filterSize: attrs['filterSize'],
    strides: attrs['strides'],
    pad: attrs['pad'],
    dimRoundingMode: attrs['dimRoundingMode'],
  } as unknown as NamedAttrMap;
}

/** Gradients of pooling, matrix product, batch normalisation and resizing kernels. */
export const networkGradientConfigs: readonly GradConfig[] = [
  {
    kernelName: tf.AvgPool,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = savedTensor(saved, 0, tf.AvgPool) as tf.Tensor4D;
      const upstream = singleGradient(dy) as tf.Tensor4D;
      // Not the AvgPoolGrad kernel: with padding, TensorFlow.js 4.22's kernels compute a wrong gradient.
      return { x: () => averagePoolGradient({ dy: upstream, x, attrs }) };
    },
  },
  {
    kernelName: tf.MaxPool,
    inputsToSave: ['x'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const x = savedTensor(saved, 0, tf.MaxPool);
      const y = savedTensor(saved, 1, tf.MaxPool);
      return {
        x: () =>
          tf
            .engine()
            .runKernel(tf.MaxPoolGrad, { dy: singleGradient(dy), input: x, output: y }, poolingAttributes(attrs)),
      };
    },
  },
  {
    kernelName: tf.BatchMatMul,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved, attrs) => {
      const a = savedTensor(saved, 0, tf.BatchMatMul);
      const b = savedTensor(saved, 1, tf.BatchMatMul);
      const upstream = singleGradient(dy);
      const transposeA = Boolean(attrs['transposeA']);
      const transposeB = Boolean(attrs['transposeB']);
      const gradientA = (): tf.Tensor => {
        if (!transposeA && !transposeB) return matrixProduct(upstream, b, false, true);
        if (!transposeA && transposeB) return matrixProduct(upstream, b, false, false);
        if (transposeA && !transposeB) return matrixProduct(b, upstream, false, true);
        return matrixProduct(b, upstream, true, true);
      };
      const gradientB = (): tf.Tensor => {
        if (!transposeA && !transposeB) return matrixProduct(a, upstream, true, false);
        if (!transposeA && transposeB) return matrixProduct(upstream, a, true, false);
        if (transposeA && !transposeB) return matrixProduct(a, upstream, false, false);
        return matrixProduct(upstream, a, true, true);
      };
      return {
        a: () => reduceToShape(gradientA(), a.shape),
        b: () => reduceToShape(gradientB(), b.shape),
      };
    },
  },
  {
    kernelName: tf.FusedBatchNorm,
    // Like TensorFlow.js's own gradient, this saves `scale`: differentiating tf.batchNorm
    // therefore needs a scale tensor (the engine cannot save a missing input).
    inputsToSave: ['x', 'mean', 'variance', 'scale'],
    gradFunc: (dy, saved, attrs) => {
      const x = savedTensor(saved, 0, tf.FusedBatchNorm);
      const mean = savedTensor(saved, 1, tf.FusedBatchNorm);
      const variance = savedTensor(saved, 2, tf.FusedBatchNorm);
      const scale = saved[3];
      const upstream = singleGradient(dy);
      const epsilon = Number(attrs['varianceEpsilon'] ?? 0.001);
      const inverseDeviation = tf.rsqrt(tf.add(variance, epsilon));
      const scaledUpstream = scale === undefined ? upstream : tf.mul(upstream, scale);
      const centered = tf.sub(x, mean);
      const gradients: Record<string, () => tf.Tensor> = {
        x: () => reduceToShape(tf.mul(scaledUpstream, inverseDeviation), x.shape),
        mean: () => reduceToShape(tf.neg(tf.mul(scaledUpstream, inverseDeviation)), mean.shape),
        variance: () =>
          reduceToShape(
            tf.mul(tf.mul(scaledUpstream, centered), tf.mul(tf.pow(inverseDeviation, 3), -0.5)),
            variance.shape,
          ),
      };
      if (scale !== undefined) {
        gradients['scale'] = () => reduceToShape(tf.mul(upstream, tf.mul(centered, inverseDeviation)), scale.shape);
      }
      // offset has the rank of mean (checked by tf.batchNorm) and, in practice, its shape.
      gradients['offset'] = () => reduceToShape(upstream, mean.shape);
      return gradients;
    },
  },
  {
    // Not the ResizeNearestNeighborGrad kernel: tfjs-backend-cpu 4.22 gets it wrong for batch > 1.
    kernelName: tf.ResizeNearestNeighbor,
    inputsToSave: ['images'],
    gradFunc: (dy, saved, attrs) => {
      const images = savedTensor(saved, 0, tf.ResizeNearestNeighbor) as tf.Tensor4D;
      return {
        images: () =>
          resizeNearestNeighborGradient({
            images,
            dy: singleGradient(dy) as tf.Tensor4D,
            alignCorners: Boolean(attrs['alignCorners']),
            halfPixelCenters: Boolean(attrs['halfPixelCenters']),
          }),
      };
    },
  },
  {
    kernelName: tf.ResizeBilinear,
    inputsToSave: ['images'],
    gradFunc: (dy, saved, attrs) => {
      const images = savedTensor(saved, 0, tf.ResizeBilinear);
      return {
        images: () => tf.engine().runKernel(tf.ResizeBilinearGrad, { images, dy: singleGradient(dy) }, attrs),
      };
    },
  },
];
