/**
 * 3x3 stride-1 convolutions on tfjs-backend-wasm by Winograd's minimal filtering F(4x4, 3x3)
 * (wasm/winograd-convolution.wat), in place of XNNPACK's direct convolution.
 *
 * The forward convolutions of the NAS-Bench-201 cells and their input gradients (which are
 * forward convolutions with the flipped filter) are such convolutions, and were about half the
 * time of a training step (docs/results/speed.md). The transform needs 36 products per input
 * and output channel for 16 outputs where the direct convolution takes 144. Its results differ
 * from the direct convolution's by rounding only, which the transforms' factors (up to 8)
 * amplify: differences up to about 1e-5 of the largest output (tested against the cpu
 * backend's direct convolution). On the threaded build, a helper thread (wasm-helper-thread.ts)
 * and the main thread take blocks of tiles in turn until none is left; tiles are independent,
 * so one thread or two give the same bits.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { wasmKernelChoice } from '../wasm-kernel-choice.js';
import { helperThreadFor } from './wasm-helper-thread.js';
import { memoryOf, moduleOnBackendMemory, type WasmBackendParts } from './wasm-module-on-backend.js';
import { winogradConvolutionWasmPlain, winogradConvolutionWasmShared } from './winograd-convolution-wasm-binary.js';

/** The exports of wasm/winograd-convolution.wat (pointers are byte offsets). */
interface WinogradExports {
  transformFilter(w: number, inChannels: number, outChannels: number, u: number, scratch: number): void;
  filterGradient(
    x: number,
    dy: number,
    m: number,
    height: number,
    width: number,
    inChannels: number,
    outHeight: number,
    outWidth: number,
    outChannels: number,
    top: number,
    left: number,
    tileBegin: number,
    tileEnd: number,
    blockTiles: number,
    scratch: number,
  ): void;
  finishFilterGradient(first: number, second: number, inChannels: number, outChannels: number, dw: number, scratch: number): void;
  convolve(
    x: number,
    u: number,
    y: number,
    height: number,
    width: number,
    inChannels: number,
    outHeight: number,
    outWidth: number,
    outChannels: number,
    top: number,
    left: number,
    next: number,
    tiles: number,
    blockTiles: number,
    scratch: number,
  ): void;
}

const exportsFor = moduleOnBackendMemory<WinogradExports>({
  plain: winogradConvolutionWasmPlain,
  shared: winogradConvolutionWasmShared,
});

/** Tiles per block: the block's transformed inputs and products take 36 * 2048 floats (288 KB). */
export function winogradBlockTiles(inChannels: number, outChannels: number): number {
  return Math.max(2, 2 * Math.floor(1024 / (inChannels + outChannels)));
}

/** Bytes of one thread's workspace (the layout described in the .wat file). */
function workspaceBytes(inChannels: number, outChannels: number, blockTiles: number): number {
  return 4 * (36 * inChannels + 36 * Math.max(inChannels, outChannels) + 36 * blockTiles * (inChannels + outChannels) + 16 * outChannels);
}

/** The geometry of a convolution the Winograd kernel computes. */
interface WinogradGeometry {
  readonly batch: number;
  readonly height: number;
  readonly width: number;
  readonly inChannels: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly outChannels: number;
  readonly top: number;
  readonly left: number;
}

/**
 * The geometry of a Conv2D call the kernel computes, or undefined where it does not apply:
 * float32 NHWC, a 3x3 filter, strides and dilations 1, input channels a multiple of 4 and
 * output channels of 8, our kernels chosen and the module runnable on this backend.
 */
function winogradGeometry(x: TensorInfo, filter: TensorInfo, attrs: NamedAttrMap | undefined): WinogradGeometry | undefined {
  if (x.dtype !== 'float32' || filter.dtype !== 'float32' || x.shape.length !== 4 || filter.shape.length !== 4) return undefined;
  const dataFormat = attrs?.['dataFormat'];
  if (dataFormat !== undefined && dataFormat !== 'NHWC') return undefined;
  const [kernelHeight, kernelWidth, inChannels, outChannels] = filter.shape as [number, number, number, number];
  if (kernelHeight !== 3 || kernelWidth !== 3 || inChannels % 4 !== 0 || outChannels % 8 !== 0) return undefined;
  const strides = attrs?.['strides'] ?? 1;
  const dilations = attrs?.['dilations'] ?? 1;
  const ones = (value: unknown): boolean => value === 1 || (Array.isArray(value) && value.every((entry) => entry === 1));
  if (!ones(strides) || !ones(dilations)) return undefined;
  if (wasmKernelChoice() === 'stock') return undefined;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    1,
    1,
    attrs?.['pad'] as 'valid' | 'same' | number | tf.backend_util.ExplicitPadding,
    attrs?.['dimRoundingMode'] as 'floor' | 'round' | 'ceil' | undefined,
  );
  if (info.outHeight <= 0 || info.outWidth <= 0 || info.padInfo.top < 0 || info.padInfo.left < 0) return undefined;
  return {
    batch: info.batchSize,
    height: info.inHeight,
    width: info.inWidth,
    inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels,
    top: info.padInfo.top,
    left: info.padInfo.left,
  };
}

/**
 * Runs a Conv2D call on tfjs-backend-wasm by the Winograd kernel and returns its output, or
 * undefined where the kernel does not apply (the caller then runs the stock kernel).
 */
export function winogradConvolution(args: Parameters<KernelFunc>[0]): TensorInfo | undefined {
  const x = args.inputs['x'] as TensorInfo;
  const filter = args.inputs['filter'] as TensorInfo;
  const geometry = winogradGeometry(x, filter, args.attrs);
  if (geometry === undefined) return undefined;
  const backend = args.backend as unknown as WasmBackendParts;
  const kernels = exportsFor(backend);
  const memory = memoryOf(backend);
  if (kernels === undefined || memory === undefined) return undefined;
  const { batch, height, width, inChannels, outHeight, outWidth, outChannels, top, left } = geometry;
  const y = backend.makeOutput([batch, outHeight, outWidth, outChannels], 'float32');
  const blockTiles = winogradBlockTiles(inChannels, outChannels);
  const workspace = workspaceBytes(inChannels, outChannels, blockTiles);
  const transformed = backend.wasm._malloc(36 * inChannels * outChannels * 4);
  // Two workspaces, then the counter of blocks taken (16 bytes).
  const scratch = backend.wasm._malloc(2 * workspace + 16);
  try {
    const xPointer = backend.getMemoryOffset(x.dataId);
    const yPointer = backend.getMemoryOffset(y.dataId);
    const counter = scratch + 2 * workspace;
    kernels.transformFilter(backend.getMemoryOffset(filter.dataId), inChannels, outChannels, transformed, scratch);
    new Int32Array(memory.buffer, counter, 1)[0] = 0;
    const tiles = batch * Math.ceil(outHeight / 4) * Math.ceil(outWidth / 4);
    // Both threads take blocks of tiles from the counter until none is left.
    const helper = tiles > blockTiles ? helperThreadFor(memory, winogradConvolutionWasmShared, 'convolve') : undefined;
    helper?.start([xPointer, transformed, yPointer, height, width, inChannels, outHeight, outWidth, outChannels, top, left, counter, tiles, blockTiles, scratch + workspace]);
    try {
      kernels.convolve(xPointer, transformed, yPointer, height, width, inChannels, outHeight, outWidth, outChannels, top, left, counter, tiles, blockTiles, scratch);
    } finally {
      // Never free the workspace while the helper may still use it.
      helper?.finish();
    }
  } finally {
    backend.wasm._free(scratch);
    backend.wasm._free(transformed);
  }
  return y;
}

/**
 * The filter gradient of a 3x3 stride-1 convolution by the same transform,
 * `dw[i, j, ci, co] = sum over b, p, q of x[b, p + i - top, q + j - left, ci] * dy[b, p, q, co]`
 * (x zero outside the image), written into `dw` (byte offset, [3, 3, Ci, Co]); or false where the
 * kernel does not apply (input channels not a multiple of 4, output channels not of 8, no
 * module on this backend). Each half of the tiles is summed on its own (the second on the
 * helper thread where there is one), then the two sums are added: one thread or two give the
 * same bits.
 */
export function winogradFilterGradient(
  backend: WasmBackendParts,
  x: TensorInfo,
  dy: TensorInfo,
  dw: number,
  top: number,
  left: number,
): boolean {
  const [batch, height, width, inChannels] = x.shape as [number, number, number, number];
  const [, outHeight, outWidth, outChannels] = dy.shape as [number, number, number, number];
  if (inChannels % 4 !== 0 || outChannels % 8 !== 0 || wasmKernelChoice() === 'stock') return false;
  const kernels = exportsFor(backend);
  const memory = memoryOf(backend);
  if (kernels === undefined || memory === undefined) return false;
  const blockTiles = winogradBlockTiles(inChannels, outChannels);
  const workspace = workspaceBytes(inChannels, outChannels, blockTiles);
  const sumBytes = 36 * inChannels * outChannels * 4;
  const sums = backend.wasm._malloc(2 * sumBytes);
  const scratch = backend.wasm._malloc(2 * workspace);
  try {
    const xPointer = backend.getMemoryOffset(x.dataId);
    const dyPointer = backend.getMemoryOffset(dy.dataId);
    const tiles = batch * Math.ceil(outHeight / 4) * Math.ceil(outWidth / 4);
    const half = Math.floor(tiles / 2);
    const run = (tileBegin: number, tileEnd: number, sum: number, workspacePointer: number): void =>
      kernels.filterGradient(xPointer, dyPointer, sum, height, width, inChannels, outHeight, outWidth, outChannels, top, left, tileBegin, tileEnd, blockTiles, workspacePointer);
    const helper = half > 0 ? helperThreadFor(memory, winogradConvolutionWasmShared, 'filterGradient') : undefined;
    helper?.start([xPointer, dyPointer, sums + sumBytes, height, width, inChannels, outHeight, outWidth, outChannels, top, left, half, tiles, blockTiles, scratch + workspace]);
    try {
      run(0, half, sums, scratch);
    } finally {
      // Never free the sums or the workspace while the helper may still use them.
      helper?.finish();
    }
    if (helper === undefined) run(half, tiles, sums + sumBytes, scratch + workspace);
    kernels.finishFilterGradient(sums, sums + sumBytes, inChannels, outChannels, dw, scratch);
  } finally {
    backend.wasm._free(scratch);
    backend.wasm._free(sums);
  }
  return true;
}
