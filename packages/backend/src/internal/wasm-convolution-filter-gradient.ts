/**
 * The filter gradient of a stride-1, dilation-1 convolution as one tfjs-backend-wasm kernel
 * in WebAssembly SIMD (wasm/convolution-filter-gradient.wat).
 *
 * The op formulation (convolution-by-forward-ops.ts) expresses it as a forward convolution of
 * x with batch and channels swapped by dy: two transposes of the activations, one of the
 * result, and a convolution whose "filter" is as large as the image, which XNNPACK runs at
 * half the speed of an ordinary convolution of the same size. The kernel reads x and dy where
 * they are; it runs on the calling thread.
 */
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import {
  convolutionFilterGradientWasmPlain,
  convolutionFilterGradientWasmShared,
} from './convolution-filter-gradient-wasm-binary.js';
import { moduleOnBackendMemory, type WasmBackendParts } from './wasm-module-on-backend.js';

/** Kernel: inputs `x` [B, H, W, Ci], `dy` [B, Ho, Wo, Co]; attributes `filterShape`, `top`, `left`; output [kh, kw, Ci, Co]. */
export const convolutionFilterGradientKernelName = 'FewshotConv2DFilterGradient';

/** The exports of wasm/convolution-filter-gradient.wat (pointers are byte offsets). */
interface FilterGradientExports {
  filterGradient(
    x: number,
    dy: number,
    batch: number,
    height: number,
    width: number,
    inChannels: number,
    outHeight: number,
    outWidth: number,
    outChannels: number,
    kernelHeight: number,
    kernelWidth: number,
    top: number,
    left: number,
    dw: number,
  ): void;
}

const exportsFor = moduleOnBackendMemory<FilterGradientExports>({
  plain: convolutionFilterGradientWasmPlain,
  shared: convolutionFilterGradientWasmShared,
});

const filterGradientKernel: KernelFunc = ({ inputs, backend: kernelBackend, attrs }) => {
  const backend = kernelBackend as unknown as WasmBackendParts;
  const kernels = exportsFor(backend) as FilterGradientExports;
  const x = inputs['x'] as TensorInfo;
  const dy = inputs['dy'] as TensorInfo;
  const { filterShape, top, left } = attrs as NamedAttrMap as { filterShape: number[]; top: number; left: number };
  const [batch, height, width, inChannels] = x.shape as [number, number, number, number];
  const [, outHeight, outWidth, outChannels] = dy.shape as [number, number, number, number];
  const [kernelHeight, kernelWidth] = filterShape as [number, number, number, number];
  const dw = backend.makeOutput([...filterShape], 'float32');
  kernels.filterGradient(
    backend.getMemoryOffset(x.dataId),
    backend.getMemoryOffset(dy.dataId),
    batch,
    height,
    width,
    inChannels,
    outHeight,
    outWidth,
    outChannels,
    kernelHeight,
    kernelWidth,
    top,
    left,
    backend.getMemoryOffset(dw.dataId),
  );
  return dw;
};

const kernelConfig: KernelConfig = {
  kernelName: convolutionFilterGradientKernelName,
  backendName: 'wasm',
  kernelFunc: filterGradientKernel,
};

/**
 * Whether the fused kernel can compute the filter gradient of this convolution now: the
 * active backend is wasm and runs the module, x and dy are float32, the input channels are a
 * multiple of 4 and the output channels of 8. The caller checks stride and dilation (both 1).
 * Registers the kernel on first use.
 */
export function fusedFilterGradientApplies(x: tf.Tensor4D, dy: tf.Tensor4D): boolean {
  if (tf.getBackend() !== 'wasm' || x.dtype !== 'float32' || dy.dtype !== 'float32') return false;
  const inChannels = x.shape[3];
  const outChannels = dy.shape[3];
  if (inChannels % 4 !== 0 || outChannels % 8 !== 0 || x.shape[0] !== dy.shape[0]) return false;
  if (exportsFor(tf.backend() as unknown as WasmBackendParts) === undefined) return false;
  if (tf.getKernel(kernelConfig.kernelName, kernelConfig.backendName) === undefined) tf.registerKernel(kernelConfig);
  return true;
}

/**
 * `dw[i, j, ci, co] = sum over b, y, x of x[b, y + i - top, x + j - left, ci] * dy[b, y, x, co]`
 * (x zero outside the image): the filter gradient of a stride-1, dilation-1 convolution with
 * `top`/`left` padding, through the fused kernel. Call only where {@link fusedFilterGradientApplies}.
 */
export function filterGradientByKernel(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: readonly [number, number, number, number],
  top: number,
  left: number,
): tf.Tensor4D {
  return tf.engine().runKernel(convolutionFilterGradientKernelName, { x, dy }, {
    filterShape: [...filterShape],
    top,
    left,
  }) as tf.Tensor4D;
}
