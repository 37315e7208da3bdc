/**
 * Kernels registered for tfjs-backend-wasm in place of its own, where the stock
 * kernel is a measurable cost of a training step (docs/results/speed.md).
 *
 * - `Identity` (what `tf.clone` runs, and what the engine runs for every tensor a
 *   gradient saves): the wasm kernel copies the data into new memory; 585 copies
 *   per NB201 supernet step (79 ms). Tensors are immutable, so, like the cpu
 *   backend, the replacement shares the data and raises its reference count.
 * - `Cast` to the dtype the tensor already has (what `tf.avgPool` runs on every output, and
 *   the engine on the gradient of every saved tensor): the wasm kernel copies element by
 *   element in JavaScript; the replacement shares the data as `Identity` does. Casts that
 *   change the dtype run the stock kernel.
 * - `Conv2D` with a 3x3 filter, strides and dilations 1 (the cells' convolutions and their input
 *   gradients): Winograd's F(4x4, 3x3) (wasm-winograd-convolution.ts), on two threads where the
 *   backend has them; every other convolution runs the stock kernel (XNNPACK).
 */
import * as tf from '@tensorflow/tfjs-core';
import { wasmKernelChoice } from '../wasm-kernel-choice.js';
import { winogradConvolution } from './wasm-winograd-convolution.js';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

/** The parts of tfjs-backend-wasm's `BackendWasm` these kernels use. */
interface ReferenceCountingBackend {
  incRef(dataId: object): void;
}

const sharingIdentity: KernelFunc = ({ inputs, backend }) => {
  const x = inputs['x'] as TensorInfo;
  (backend as unknown as ReferenceCountingBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
};

/** The kernels tfjs-backend-wasm registered before {@link registerWasmKernels} replaced them. */
const stockKernels = new Map<string, KernelConfig>();

const sharingCast: KernelFunc = (args) => {
  const x = args.inputs['x'] as TensorInfo;
  if (args.attrs?.['dtype'] === x.dtype) return sharingIdentity(args);
  const stock = stockKernels.get(tf.Cast);
  if (stock === undefined) throw new Error('registerWasmKernels: the stock wasm Cast kernel is missing');
  return stock.kernelFunc(args);
};

const dispatchingConv2D: KernelFunc = (args) => {
  const output = winogradConvolution(args);
  if (output !== undefined) return output;
  const stock = stockKernels.get(tf.Conv2D);
  if (stock === undefined) throw new Error('registerWasmKernels: the stock wasm Conv2D kernel is missing');
  return stock.kernelFunc(args);
};

const identityConfig: KernelConfig = { kernelName: tf.Identity, backendName: 'wasm', kernelFunc: sharingIdentity };
const castConfig: KernelConfig = { kernelName: tf.Cast, backendName: 'wasm', kernelFunc: sharingCast };

const conv2dConfig: KernelConfig = {
  kernelName: tf.Conv2D,
  backendName: 'wasm',
  kernelFunc: dispatchingConv2D,
};

const replacements: readonly KernelConfig[] = [identityConfig, castConfig, conv2dConfig];

/**
 * The stock tfjs-backend-wasm kernel that {@link registerWasmKernels} replaced, if any (for the
 * tests that compare each replacement with it).
 */
export function stockWasmKernel(kernelName: string): KernelConfig | undefined {
  return stockKernels.get(kernelName);
}

/**
 * Registers the wasm kernel replacements once tfjs-backend-wasm is loaded (idempotent).
 * Before that it does nothing: the package registers its own kernels when it loads, and
 * would replace ours with a warning. With `FEWSHOT_WASM_KERNELS=stock` it does nothing
 * either. Returns the replaced kernel names (empty when wasm is not loaded or stock is asked).
 */
export function registerWasmKernels(): string[] {
  if (tf.findBackendFactory('wasm') === null || wasmKernelChoice() === 'stock') return [];
  for (const config of replacements) {
    const existing = tf.getKernel(config.kernelName, config.backendName);
    if (existing?.kernelFunc === config.kernelFunc) continue;
    if (existing !== undefined) {
      stockKernels.set(config.kernelName, existing);
      tf.unregisterKernel(config.kernelName, config.backendName);
    }
    // The stock kernel's set-up (e.g. Conv2D's binding to its wasm export) still runs when the
    // backend starts after this, since the replacements fall back on the stock kernels.
    tf.registerKernel(existing?.setupFunc === undefined ? config : { ...config, setupFunc: existing.setupFunc });
  }
  return replacements.map((config) => config.kernelName);
}
