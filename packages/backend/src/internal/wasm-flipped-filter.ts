/**
 * The filter of an input gradient, `flipped[i, j, co, ci] = filter[kh-1-i, kw-1-j, ci, co]`, as
 * one tfjs-backend-wasm kernel. The op formulation (`reverse` then `transpose`) runs two generic
 * index-mapping kernels, which cost ~2 ms each on wasm even for a 3x3x64x64 filter; the filter
 * is small, so a plain JavaScript loop over the backend's memory does it in microseconds.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { wasmKernelChoice } from '../wasm-kernel-choice.js';
import { float32View, memoryOf, type WasmBackendParts } from './wasm-module-on-backend.js';

/** Kernel: input `filter` [kh, kw, Ci, Co]; output [kh, kw, Co, Ci], spatially flipped. */
export const flippedFilterKernelName = 'FewshotFlippedFilter';

const flippedFilterKernel: KernelFunc = ({ inputs, backend: kernelBackend }) => {
  const backend = kernelBackend as unknown as WasmBackendParts;
  const filter = inputs['filter'] as TensorInfo;
  const [kernelHeight, kernelWidth, inChannels, outChannels] = filter.shape as [number, number, number, number];
  const output = backend.makeOutput([kernelHeight, kernelWidth, outChannels, inChannels], 'float32');
  const memory = memoryOf(backend);
  if (memory === undefined) throw new Error(`${flippedFilterKernelName}: the wasm backend's memory was not found`);
  const size = filter.shape.reduce((product, extent) => product * extent, 1);
  const source = float32View(memory, backend.getMemoryOffset(filter.dataId), size);
  const target = float32View(memory, backend.getMemoryOffset(output.dataId), size);
  const block = inChannels * outChannels;
  for (let i = 0; i < kernelHeight; i += 1) {
    for (let j = 0; j < kernelWidth; j += 1) {
      const from = ((kernelHeight - 1 - i) * kernelWidth + (kernelWidth - 1 - j)) * block;
      const to = (i * kernelWidth + j) * block;
      for (let ci = 0; ci < inChannels; ci += 1) {
        for (let co = 0; co < outChannels; co += 1) {
          target[to + co * inChannels + ci] = source[from + ci * outChannels + co] as number;
        }
      }
    }
  }
  return output;
};

const kernelConfig: KernelConfig = { kernelName: flippedFilterKernelName, backendName: 'wasm', kernelFunc: flippedFilterKernel };

/** Whether {@link flippedFilter} runs as one kernel now (wasm, float32, our kernels on). */
export function flippedFilterKernelApplies(filter: tf.Tensor4D): boolean {
  return (
    tf.getBackend() === 'wasm' &&
    filter.dtype === 'float32' &&
    wasmKernelChoice() === 'fewshot' &&
    memoryOf(tf.backend() as unknown as WasmBackendParts) !== undefined
  );
}

/**
 * `transpose(reverse(filter, [0, 1]), [0, 1, 3, 2])`: on wasm (float32) one kernel, elsewhere the
 * two ops. The result is bit for bit the same (values are only moved).
 */
export function flippedFilter(filter: tf.Tensor4D): tf.Tensor4D {
  if (!flippedFilterKernelApplies(filter)) return tf.tidy(() => tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D);
  if (tf.getKernel(kernelConfig.kernelName, kernelConfig.backendName) === undefined) tf.registerKernel(kernelConfig);
  return tf.engine().runKernel(flippedFilterKernelName, { filter }) as tf.Tensor4D;
}
