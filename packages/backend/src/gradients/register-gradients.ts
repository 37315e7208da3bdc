import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig } from '@tensorflow/tfjs-core';
import {
  conv2dGradientConfig,
  conv2dTransposeGradientConfig,
  depthwiseConv2dGradientConfig,
} from './convolution-gradients.js';
import { binaryGradientConfigs, unaryGradientConfigs } from './elementwise-gradients.js';
import { networkGradientConfigs } from './network-gradients.js';
import { reductionGradientConfigs } from './reduction-gradients.js';
import { shapeGradientConfigs } from './shape-gradients.js';
import { registerWasmKernels } from '../internal/wasm-kernels.js';

const allConfigs: readonly GradConfig[] = [
  conv2dGradientConfig,
  conv2dTransposeGradientConfig,
  depthwiseConv2dGradientConfig,
  ...unaryGradientConfigs,
  ...binaryGradientConfigs,
  ...reductionGradientConfigs,
  ...shapeGradientConfigs,
  ...networkGradientConfigs,
];

/**
 * Kernels whose gradient replaces any gradient already registered, because
 * TensorFlow.js 4.22's own version is unusable here:
 * - Conv2D, Conv2DBackpropInput, DepthwiseConv2dNative: need kernels that
 *   tfjs-backend-wasm lacks (`Conv2DBackpropFilter`, the depthwise backprop
 *   kernels) or runs 5-9x slower than a forward convolution
 *   (`Conv2DBackpropInput`), and reject dilations;
 * - FusedBatchNorm: uses `Tile`, slow on wasm;
 * - AvgPool: the `AvgPoolGrad` kernels (cpu, wasm) are wrong with padding (they
 *   divide by the filter size, the forward pass by the count of real values);
 * - ResizeNearestNeighbor: the cpu `ResizeNearestNeighborGrad` kernel is wrong
 *   for batch > 1;
 * - Maximum, Minimum, SquaredDifference, BatchMatMul: fail ("gradient of input
 *   'b' has shape ...") when an input is broadcast.
 */
const replacingKernelNames: ReadonlySet<string> = new Set([
  tf.Conv2D,
  tf.Conv2DBackpropInput,
  tf.DepthwiseConv2dNative,
  tf.FusedBatchNorm,
  tf.AvgPool,
  tf.ResizeNearestNeighbor,
  tf.Maximum,
  tf.Minimum,
  tf.SquaredDifference,
  tf.BatchMatMul,
]);

const replacingConfigs = allConfigs.filter((config) => replacingKernelNames.has(config.kernelName));

/** Gradients registered only where no gradient exists yet (plain Node has none at all). */
const fillingConfigs = allConfigs.filter((config) => !replacingKernelNames.has(config.kernelName));

/** What {@link registerGradients} did. */
export interface GradientRegistration {
  /** Kernels whose gradient is now the one of `@fewshot/backend`, sorted. */
  readonly registered: readonly string[];
  /**
   * Kernels that already had a gradient from elsewhere (for example
   * `@tensorflow/tfjs-core/dist/register_all_gradients`, loaded by a bundler or
   * by `@tensorflow/tfjs-node`) that was kept, sorted.
   */
  readonly keptExisting: readonly string[];
}

/**
 * Registers the gradients `@fewshot/backend` provides; idempotent. Importing the
 * package calls it and {@link selectBackend} calls it again, so users rarely need it.
 *
 * Why: in plain Node.js, `@tensorflow/tfjs-core` registers no gradient at all, and
 * its `dist/register_all_gradients` module cannot be loaded there (its ES module
 * files import each other without file extensions). This package therefore
 * defines gradients for the kernels that training networks use: element-wise
 * math and activations, reductions, softmax, shape kernels, pooling, matrix
 * products, convolutions (regular, transposed, depthwise, dilated), batch
 * normalisation and resizing. Where another gradient is already registered it is
 * kept, except for ten kernels where TensorFlow.js 4.22's own gradient needs
 * a kernel tfjs-backend-wasm lacks or runs slowly (Conv2D, Conv2DBackpropInput,
 * DepthwiseConv2dNative, FusedBatchNorm), gives wrong values (AvgPool with
 * padding; ResizeNearestNeighbor on cpu with batch > 1) or fails for broadcast
 * inputs (Maximum, Minimum, SquaredDifference, BatchMatMul).
 *
 * Once tfjs-backend-wasm is loaded, it also replaces that backend's `Identity` kernel with one
 * that shares data instead of copying it (no number changes).
 *
 * @returns which kernels now use this package's gradient and which kept another.
 * @example
 * ```ts
 * import { registerGradients } from '@fewshot/backend';
 * const { registered } = registerGradients();
 * console.log(registered.includes('Conv2D')); // true
 * ```
 */
export function registerGradients(): GradientRegistration {
  // Faster wasm kernels (internal/wasm-kernels.ts); a no-op until tfjs-backend-wasm is loaded.
  registerWasmKernels();
  const registered: string[] = [];
  const keptExisting: string[] = [];
  for (const config of replacingConfigs) {
    if (tf.getGradient(config.kernelName) !== config) tf.registerGradient(config);
    registered.push(config.kernelName);
  }
  for (const config of fillingConfigs) {
    const existing = tf.getGradient(config.kernelName);
    if (existing === undefined || existing === null) {
      tf.registerGradient(config);
      registered.push(config.kernelName);
    } else if (existing === config) {
      registered.push(config.kernelName);
    } else {
      keptExisting.push(config.kernelName);
    }
  }
  return { registered: registered.sort(), keptExisting: keptExisting.sort() };
}

/** Every gradient config of this package, for tests. */
export const allGradientConfigs: readonly GradConfig[] = allConfigs;

/** The kernels whose existing gradient {@link registerGradients} replaces, for tests. */
export const replacedKernelNames: ReadonlySet<string> = replacingKernelNames;
