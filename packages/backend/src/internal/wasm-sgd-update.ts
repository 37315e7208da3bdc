/**
 * One step of SGD with momentum for one variable as a single tfjs-backend-wasm kernel in
 * WebAssembly SIMD (wasm/sgd-update.wat): the new weights and the new momentum buffer in one
 * pass, where the op formulation runs up to eight kernels and uploads four scalars per variable.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { wasmKernelChoice } from '../wasm-kernel-choice.js';
import { sgdUpdateWasmPlain, sgdUpdateWasmShared } from './sgd-update-wasm-binary.js';
import { moduleOnBackendMemory, type WasmBackendParts } from './wasm-module-on-backend.js';

/** Kernel: inputs `weights`, `gradient`, `buffer` (same shape, float32); attrs `weightDecay`, `momentum`, `learningRate`, `flags`; outputs [weights, buffer]. */
export const sgdUpdateKernelName = 'FewshotSgdUpdate';

interface SgdUpdateExports {
  sgdUpdate(
    weights: number,
    gradient: number,
    buffer: number,
    count: number,
    weightDecay: number,
    momentum: number,
    learningRate: number,
    flags: number,
    weightsOut: number,
    bufferOut: number,
  ): void;
}

const exportsFor = moduleOnBackendMemory<SgdUpdateExports>({ plain: sgdUpdateWasmPlain, shared: sgdUpdateWasmShared });

const sgdUpdateKernel: KernelFunc = ({ inputs, attrs, backend: kernelBackend }) => {
  const backend = kernelBackend as unknown as WasmBackendParts;
  const weights = inputs['weights'] as TensorInfo;
  const gradient = inputs['gradient'] as TensorInfo;
  const buffer = inputs['buffer'] as TensorInfo;
  const { weightDecay, momentum, learningRate, flags } = attrs as { weightDecay: number; momentum: number; learningRate: number; flags: number };
  const weightsOut = backend.makeOutput([...weights.shape], 'float32');
  const bufferOut = backend.makeOutput([...weights.shape], 'float32');
  (exportsFor(backend) as SgdUpdateExports).sgdUpdate(
    backend.getMemoryOffset(weights.dataId),
    backend.getMemoryOffset(gradient.dataId),
    backend.getMemoryOffset(buffer.dataId),
    tf.util.sizeFromShape(weights.shape),
    weightDecay,
    momentum,
    learningRate,
    flags,
    backend.getMemoryOffset(weightsOut.dataId),
    backend.getMemoryOffset(bufferOut.dataId),
  );
  return [weightsOut, bufferOut];
};

const kernelConfig: KernelConfig = { kernelName: sgdUpdateKernelName, backendName: 'wasm', kernelFunc: sgdUpdateKernel };

/** The update's settings. */
export interface SgdUpdateSettings {
  readonly weightDecay: number;
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly learningRate: number;
}

/** The op formulation: the same float32 operations in the same order as the kernel. */
export function sgdUpdateByOps(weights: tf.Tensor, gradient: tf.Tensor, buffer: tf.Tensor, settings: SgdUpdateSettings): [tf.Tensor, tf.Tensor] {
  return tf.tidy(() => {
    const decayed = settings.weightDecay !== 0 ? tf.add(gradient, tf.mul(weights, settings.weightDecay)) : gradient;
    const nextBuffer = tf.add(tf.mul(buffer, settings.momentum), decayed);
    const update = settings.nesterov ? tf.add(decayed, tf.mul(nextBuffer, settings.momentum)) : nextBuffer;
    return [tf.sub(weights, tf.mul(update, settings.learningRate)), nextBuffer];
  });
}

/**
 * The new weights and momentum buffer: on wasm, for float32 tensors of one shape, one fused
 * kernel (bit-identical to the ops); elsewhere the ops.
 */
export function sgdUpdate(weights: tf.Tensor, gradient: tf.Tensor, buffer: tf.Tensor, settings: SgdUpdateSettings): [tf.Tensor, tf.Tensor] {
  const fused =
    tf.getBackend() === 'wasm' &&
    weights.dtype === 'float32' &&
    gradient.dtype === 'float32' &&
    buffer.dtype === 'float32' &&
    tf.util.arraysEqual(weights.shape, gradient.shape) &&
    tf.util.arraysEqual(weights.shape, buffer.shape) &&
    wasmKernelChoice() === 'fewshot' &&
    exportsFor(tf.backend() as unknown as WasmBackendParts) !== undefined;
  if (!fused) return sgdUpdateByOps(weights, gradient, buffer, settings);
  if (tf.getKernel(kernelConfig.kernelName, kernelConfig.backendName) === undefined) tf.registerKernel(kernelConfig);
  const flags = (settings.weightDecay !== 0 ? 1 : 0) | (settings.nesterov ? 2 : 0);
  const [nextWeights, nextBuffer] = tf.engine().runKernel(
    sgdUpdateKernelName,
    { weights, gradient, buffer },
    { weightDecay: settings.weightDecay, momentum: settings.momentum, learningRate: settings.learningRate, flags },
  ) as tf.Tensor[];
  return [nextWeights as tf.Tensor, nextBuffer as tf.Tensor];
}
