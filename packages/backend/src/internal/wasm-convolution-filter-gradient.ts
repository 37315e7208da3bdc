/**
 * The filter gradient of a dilation-1 convolution as one tfjs-backend-wasm kernel in
 * WebAssembly SIMD (wasm/convolution-filter-gradient.wat; for 3x3 filters at stride 1 with
 * output channels in 8s, Winograd's F(4x4, 3x3) in wasm/winograd-convolution.wat).
 *
 * The op formulation (convolution-by-forward-ops.ts) expresses it as a forward convolution of
 * x with batch and channels swapped by dy: two transposes of the activations, one of the
 * result, and a convolution whose "filter" is as large as the image, which XNNPACK runs at
 * half the speed of an ordinary convolution of the same size. The kernel reads x and dy where
 * they are. On the threaded build, a helper thread (wasm-helper-thread.ts) takes half the batch.
 */
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { wasmKernelChoice } from '../wasm-kernel-choice.js';
import {
  convolutionFilterGradientWasmPlain,
  convolutionFilterGradientWasmShared,
} from './convolution-filter-gradient-wasm-binary.js';
import { helperThreadFor } from './wasm-helper-thread.js';
import { winogradFilterGradient } from './wasm-winograd-convolution.js';
import {
  float32View,
  memoryOf,
  moduleOnBackendMemory,
  type WasmBackendParts,
  type WasmMemory,
} from './wasm-module-on-backend.js';

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
    strideHeight: number,
    strideWidth: number,
    dw: number,
  ): void;
}

const exportsFor = moduleOnBackendMemory<FilterGradientExports>({
  plain: convolutionFilterGradientWasmPlain,
  shared: convolutionFilterGradientWasmShared,
});

/**
 * The batch is cut in two halves, summed into dw and into a scratch buffer, then added: by the
 * helper thread and the main thread at once on the threaded build, one after the other on the
 * single-threaded one, so that both give the same bits.
 */
const filterGradientKernel: KernelFunc = ({ inputs, backend: kernelBackend, attrs }) => {
  const backend = kernelBackend as unknown as WasmBackendParts;
  const kernels = exportsFor(backend) as FilterGradientExports;
  const memory = memoryOf(backend) as WasmMemory;
  const x = inputs['x'] as TensorInfo;
  const dy = inputs['dy'] as TensorInfo;
  const { filterShape, top, left, strides } = attrs as NamedAttrMap as {
    filterShape: number[];
    top: number;
    left: number;
    strides: [number, number];
  };
  const [batch, height, width, inChannels] = x.shape as [number, number, number, number];
  const [, outHeight, outWidth, outChannels] = dy.shape as [number, number, number, number];
  const [kernelHeight, kernelWidth] = filterShape as [number, number, number, number];
  const dw = backend.makeOutput([...filterShape], 'float32');
  const xPointer = backend.getMemoryOffset(x.dataId);
  const dyPointer = backend.getMemoryOffset(dy.dataId);
  const dwPointer = backend.getMemoryOffset(dw.dataId);
  const unitStrides = strides[0] === 1 && strides[1] === 1;
  if (unitStrides && kernelHeight === 3 && kernelWidth === 3 && winogradFilterGradient(backend, x, dy, dwPointer, top, left)) {
    return dw;
  }
  const geometry = [height, width, inChannels, outHeight, outWidth, outChannels, kernelHeight, kernelWidth, top, left, ...strides];
  const half = Math.floor(batch / 2);
  if (half === 0) {
    kernels.filterGradient(xPointer, dyPointer, batch, ...(geometry as Twelve), dwPointer);
    return dw;
  }
  const size = tf.util.sizeFromShape(filterShape);
  const secondPointer = backend.wasm._malloc(4 * size);
  try {
    const second: FilterGradientArguments = [
      xPointer + 4 * half * height * width * inChannels,
      dyPointer + 4 * half * outHeight * outWidth * outChannels,
      batch - half,
      ...(geometry as Twelve),
      secondPointer,
    ];
    const helper = helperThreadFor(memory, convolutionFilterGradientWasmShared, 'filterGradient');
    helper?.start(second);
    try {
      kernels.filterGradient(xPointer, dyPointer, half, ...(geometry as Twelve), dwPointer);
    } finally {
      // Never free the scratch buffer while the helper may still write into it.
      helper?.finish();
    }
    if (helper === undefined) kernels.filterGradient(...second);
    const total = float32View(memory, dwPointer, size);
    const part = float32View(memory, secondPointer, size);
    for (let index = 0; index < size; index += 1) total[index] = (total[index] as number) + (part[index] as number);
  } finally {
    backend.wasm._free(secondPointer);
  }
  return dw;
};

type Twelve = [number, number, number, number, number, number, number, number, number, number, number, number];
type FilterGradientArguments = [number, number, number, ...Twelve, number];

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
  if (wasmKernelChoice() === 'stock') return false;
  const inChannels = x.shape[3];
  const outChannels = dy.shape[3];
  if (inChannels % 4 !== 0 || outChannels % 8 !== 0 || x.shape[0] !== dy.shape[0]) return false;
  if (exportsFor(tf.backend() as unknown as WasmBackendParts) === undefined) return false;
  if (tf.getKernel(kernelConfig.kernelName, kernelConfig.backendName) === undefined) tf.registerKernel(kernelConfig);
  return true;
}

/**
 * `dw[i, j, ci, co] = sum over b, y, x of x[b, sh * y + i - top, sw * x + j - left, ci] * dy[b, y, x, co]`
 * (x zero outside the image): the filter gradient of a dilation-1 convolution with strides
 * `[sh, sw]` and `top`/`left` padding, through the fused kernel (Winograd's F(4x4, 3x3) for 3x3
 * filters at stride 1 with output channels in 8s); throws where {@link fusedFilterGradientApplies} is false.
 */
export function filterGradientByKernel(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: readonly [number, number, number, number],
  top: number,
  left: number,
  strides: readonly [number, number] = [1, 1],
): tf.Tensor4D {
  if (!fusedFilterGradientApplies(x, dy)) {
    throw new Error('filterGradientByKernel: needs the wasm backend, input channels in 4s and output channels in 8s');
  }
  return tf.engine().runKernel(convolutionFilterGradientKernelName, { x, dy }, {
    filterShape: [...filterShape],
    top,
    left,
    strides: [...strides],
  }) as tf.Tensor4D;
}
