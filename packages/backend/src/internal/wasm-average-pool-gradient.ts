/**
 * The gradient of average pooling at stride 1 with 'same' padding (odd windows, padding left out
 * of the count) as one tfjs-backend-wasm kernel in WebAssembly SIMD (wasm/average-pool-gradient.wat).
 *
 * The NAS-Bench-201 `avg_pool_3x3` is such a pooling. Its gradient on wasm took three kernels
 * (a division by the counts, a pooling, a product with the counts: average-pool-gradient.ts);
 * here it is one, whose window sums run along the rows, then down the columns. (The forward
 * pooling stays XNNPACK's, which runs it faster than this kernel's way would.)
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { wasmKernelChoice } from '../wasm-kernel-choice.js';
import { averagePoolGradientWasmPlain, averagePoolGradientWasmShared } from './average-pool-gradient-wasm-binary.js';
import { moduleOnBackendMemory, type WasmBackendParts } from './wasm-module-on-backend.js';

/** Kernel: input `dy` [B, H, W, C]; attributes `radiusHeight`, `radiusWidth`; output dx. */
export const averagePoolGradientKernelName = 'FewshotAveragePoolGradient';

interface AveragePoolGradientExports {
  averagePoolGradient(
    input: number,
    output: number,
    batch: number,
    height: number,
    width: number,
    channels: number,
    radiusHeight: number,
    radiusWidth: number,
    scratch: number,
  ): void;
}

const exportsFor = moduleOnBackendMemory<AveragePoolGradientExports>({ plain: averagePoolGradientWasmPlain, shared: averagePoolGradientWasmShared });

/** Whether the kernels can run on this tensor now: wasm with our kernels, float32, channels in 4s. */
function kernelsApply(backend: WasmBackendParts, dtype: string, shape: readonly number[]): boolean {
  return (
    dtype === 'float32' &&
    shape.length === 4 &&
    (shape[3] as number) % 4 === 0 &&
    wasmKernelChoice() === 'fewshot' &&
    exportsFor(backend) !== undefined
  );
}

function runGradient(backend: WasmBackendParts, input: TensorInfo, radiusHeight: number, radiusWidth: number): TensorInfo {
  const [batch, height, width, channels] = input.shape as [number, number, number, number];
  const output = backend.makeOutput([batch, height, width, channels], 'float32');
  // One image's pass along the rows, the table of 1 / count, and a 1.
  const scratch = backend.wasm._malloc(4 * (height * width * (channels + 1) + 1));
  try {
    (exportsFor(backend) as AveragePoolGradientExports).averagePoolGradient(
      backend.getMemoryOffset(input.dataId),
      backend.getMemoryOffset(output.dataId),
      batch,
      height,
      width,
      channels,
      radiusHeight,
      radiusWidth,
      scratch,
    );
  } finally {
    backend.wasm._free(scratch);
  }
  return output;
}

const gradientKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const { radiusHeight, radiusWidth } = attrs as NamedAttrMap as { radiusHeight: number; radiusWidth: number };
  return runGradient(backend as unknown as WasmBackendParts, inputs['dy'] as TensorInfo, radiusHeight, radiusWidth);
};

const gradientConfig: KernelConfig = { kernelName: averagePoolGradientKernelName, backendName: 'wasm', kernelFunc: gradientKernel };

/**
 * The gradient of a stride-1 'same' average pooling with windows of 2 * radius + 1, as one wasm
 * kernel, or undefined where it does not apply (another backend, `FEWSHOT_WASM_KERNELS=stock`,
 * not float32, channels not a multiple of 4).
 */
export function averagePoolGradientByKernel(dy: tf.Tensor4D, radiusHeight: number, radiusWidth: number): tf.Tensor4D | undefined {
  if (tf.getBackend() !== 'wasm' || !kernelsApply(tf.backend() as unknown as WasmBackendParts, dy.dtype, dy.shape)) return undefined;
  if (tf.getKernel(gradientConfig.kernelName, gradientConfig.backendName) === undefined) tf.registerKernel(gradientConfig);
  return tf.engine().runKernel(averagePoolGradientKernelName, { dy }, { radiusHeight, radiusWidth }) as tf.Tensor4D;
}
