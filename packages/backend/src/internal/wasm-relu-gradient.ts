/**
 * The gradient of ReLU as one tfjs-backend-wasm kernel in WebAssembly SIMD
 * (wasm/relu-gradient.wat): `dx = x > 0 ? dy : 0` in one pass, where the op formulation
 * `dy * step(x)` runs two kernels and two passes over the activations.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { asFloat } from './gradient-kit.js';
import { wasmKernelChoice } from '../wasm-kernel-choice.js';
import { reluGradientWasmPlain, reluGradientWasmShared } from './relu-gradient-wasm-binary.js';
import { moduleOnBackendMemory, type WasmBackendParts } from './wasm-module-on-backend.js';

/** Kernel: inputs `dy`, `x` (same shape, float32); output dx. */
export const reluGradientKernelName = 'FewshotReluGradient';

interface ReluGradientExports {
  reluGradient(dy: number, x: number, count: number, dx: number): void;
}

const exportsFor = moduleOnBackendMemory<ReluGradientExports>({ plain: reluGradientWasmPlain, shared: reluGradientWasmShared });

const reluGradientKernel: KernelFunc = ({ inputs, backend: kernelBackend }) => {
  const backend = kernelBackend as unknown as WasmBackendParts;
  const dy = inputs['dy'] as TensorInfo;
  const x = inputs['x'] as TensorInfo;
  const dx = backend.makeOutput([...x.shape], 'float32');
  (exportsFor(backend) as ReluGradientExports).reluGradient(
    backend.getMemoryOffset(dy.dataId),
    backend.getMemoryOffset(x.dataId),
    tf.util.sizeFromShape(x.shape),
    backend.getMemoryOffset(dx.dataId),
  );
  return dx;
};

const kernelConfig: KernelConfig = { kernelName: reluGradientKernelName, backendName: 'wasm', kernelFunc: reluGradientKernel };

/**
 * `dy * step(x)`, the gradient of `relu(x)`: on wasm, for float32 `dy` and `x` of the same shape,
 * one fused kernel (which writes +0 where the product writes -0); elsewhere the two ops.
 */
export function reluGradient(dy: tf.Tensor, x: tf.Tensor): tf.Tensor {
  const fused =
    tf.getBackend() === 'wasm' &&
    dy.dtype === 'float32' &&
    x.dtype === 'float32' &&
    tf.util.arraysEqual(dy.shape, x.shape) &&
    wasmKernelChoice() === 'fewshot' &&
    exportsFor(tf.backend() as unknown as WasmBackendParts) !== undefined;
  if (!fused) return tf.tidy(() => tf.mul(dy, tf.step(asFloat(x))));
  if (tf.getKernel(kernelConfig.kernelName, kernelConfig.backendName) === undefined) tf.registerKernel(kernelConfig);
  return tf.engine().runKernel(reluGradientKernelName, { dy, x }) as tf.Tensor;
}
