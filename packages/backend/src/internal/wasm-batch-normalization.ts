/**
 * Batch normalisation with batch statistics as two fused tfjs-backend-wasm kernels, forward
 * and backward, written in WebAssembly SIMD (wasm/batch-normalization.wat).
 *
 * Written with tfjs ops, one batch normalisation and its gradient run about 25 kernels on the
 * wasm backend (sums by average pooling, broadcast subtract/multiply/add, square, rsqrt...),
 * each a pass over the activations plus the engine's per-kernel cost; broadcasting binary
 * kernels are twice as slow as same-shape ones there. The fused kernels make three passes
 * forward (sum; sum of squared deviations; normalise) and two backward (the two sums; dx).
 *
 * The module imports tfjs-backend-wasm's own memory (plain, or shared in the threaded build),
 * so it works on the tensors in place. The per-channel arithmetic (C values) runs in
 * JavaScript, rounded to float32 at each step as the op formulation rounds it.
 */
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { wasmKernelChoice } from '../wasm-kernel-choice.js';
import { batchNormalizationWasmPlain, batchNormalizationWasmShared } from './batch-normalization-wasm-binary.js';
import {
  float32View,
  float64View,
  memoryOf,
  moduleOnBackendMemory,
  type WasmBackendParts,
  type WasmMemory,
} from './wasm-module-on-backend.js';

/** Kernel: inputs `x`, optional `scale`, `offset`; attribute `epsilon`; outputs output, mean, variance, 1/sqrt(variance + epsilon). */
export const batchNormalizationKernelName = 'FewshotBatchNormalization';
/** Kernel: inputs `dy`, `x`, `mean`, `inverseDeviation`, optional `scale`; outputs dx, dscale, doffset. */
export const batchNormalizationGradientKernelName = 'FewshotBatchNormalizationGradient';

/** The exports of wasm/batch-normalization.wat (pointers are byte offsets). */
interface BatchNormalizationExports {
  channelSums(x: number, rows: number, rowBytes: number, scratch: number, totals: number): void;
  centeredSquareSums(x: number, mean: number, rows: number, rowBytes: number, scratch: number, totals: number): void;
  normalize(x: number, mean: number, multiplier: number, offset: number, rows: number, rowBytes: number, y: number): void;
  gradientSums(
    dy: number,
    x: number,
    mean: number,
    rows: number,
    rowBytes: number,
    dyScratch: number,
    dyTotals: number,
    productScratch: number,
    productTotals: number,
  ): void;
  inputGradient(
    dy: number,
    x: number,
    mean: number,
    multiplier: number,
    centeredFactor: number,
    constant: number,
    rows: number,
    rowBytes: number,
    dx: number,
  ): void;
}

const exportsFor = moduleOnBackendMemory<BatchNormalizationExports>({
  plain: batchNormalizationWasmPlain,
  shared: batchNormalizationWasmShared,
});

/** A block of scratch memory on the wasm heap, freed by `release`. */
function scratchBlock(backend: WasmBackendParts, floats: number, doubles: number) {
  // float64 totals first (8-byte aligned by malloc), then the float32 vectors.
  const pointer = backend.wasm._malloc(doubles * 8 + floats * 4);
  return {
    doubles: (index: number, length: number) => ({ pointer: pointer + index * 8, length }),
    floats: (index: number, length: number) => ({ pointer: pointer + doubles * 8 + index * 4, length }),
    release: () => backend.wasm._free(pointer),
  };
}

const round = Math.fround;

const forwardKernel: KernelFunc = ({ inputs, backend: kernelBackend, attrs }) => {
  const backend = kernelBackend as unknown as WasmBackendParts;
  const kernels = exportsFor(backend) as BatchNormalizationExports;
  const memory = memoryOf(backend) as WasmMemory;
  const x = inputs['x'] as TensorInfo;
  const scale = inputs['scale'] as TensorInfo | undefined;
  const offset = inputs['offset'] as TensorInfo | undefined;
  const epsilon = round((attrs as NamedAttrMap)['epsilon'] as number);
  const channels = x.shape[x.shape.length - 1] as number;
  const rows = tf.util.sizeFromShape(x.shape) / channels;
  const rowBytes = channels * 4;
  const output = backend.makeOutput([...x.shape], 'float32');
  const mean = backend.makeOutput([channels], 'float32');
  const variance = backend.makeOutput([channels], 'float32');
  const inverseDeviation = backend.makeOutput([channels], 'float32');
  // scratch: totals (float64 [C]); sum scratch, multiplier, offset (float32 [C] each)
  const block = scratchBlock(backend, 3 * channels, channels);
  try {
    const totals = block.doubles(0, channels);
    const sumScratch = block.floats(0, channels);
    const multiplier = block.floats(channels, channels);
    const shift = block.floats(2 * channels, channels);
    const xPointer = backend.getMemoryOffset(x.dataId);
    const meanPointer = backend.getMemoryOffset(mean.dataId);
    kernels.channelSums(xPointer, rows, rowBytes, sumScratch.pointer, totals.pointer);
    const meanValues = float32View(memory, meanPointer, channels);
    float64View(memory, totals.pointer, channels).forEach((total, channel) => {
      meanValues[channel] = round(round(total) / rows);
    });
    kernels.centeredSquareSums(xPointer, meanPointer, rows, rowBytes, sumScratch.pointer, totals.pointer);
    const squares = float64View(memory, totals.pointer, channels);
    const varianceValues = float32View(memory, backend.getMemoryOffset(variance.dataId), channels);
    const inverseValues = float32View(memory, backend.getMemoryOffset(inverseDeviation.dataId), channels);
    const scaleValues = scale === undefined ? undefined : float32View(memory, backend.getMemoryOffset(scale.dataId), channels);
    const offsetValues = offset === undefined ? undefined : float32View(memory, backend.getMemoryOffset(offset.dataId), channels);
    const multiplierValues = float32View(memory, multiplier.pointer, channels);
    const shiftValues = float32View(memory, shift.pointer, channels);
    for (let channel = 0; channel < channels; channel += 1) {
      const channelVariance = round(round(squares[channel] as number) / rows);
      const inverse = round(1 / Math.sqrt(round(channelVariance + epsilon)));
      varianceValues[channel] = channelVariance;
      inverseValues[channel] = inverse;
      multiplierValues[channel] = scaleValues === undefined ? inverse : round((scaleValues[channel] as number) * inverse);
      shiftValues[channel] = offsetValues === undefined ? 0 : (offsetValues[channel] as number);
    }
    kernels.normalize(xPointer, meanPointer, multiplier.pointer, shift.pointer, rows, rowBytes, backend.getMemoryOffset(output.dataId));
  } finally {
    block.release();
  }
  return [output, mean, variance, inverseDeviation];
};

const gradientKernel: KernelFunc = ({ inputs, backend: kernelBackend }) => {
  const backend = kernelBackend as unknown as WasmBackendParts;
  const kernels = exportsFor(backend) as BatchNormalizationExports;
  const memory = memoryOf(backend) as WasmMemory;
  const dy = inputs['dy'] as TensorInfo;
  const x = inputs['x'] as TensorInfo;
  const mean = inputs['mean'] as TensorInfo;
  const inverseDeviation = inputs['inverseDeviation'] as TensorInfo;
  const scale = inputs['scale'] as TensorInfo | undefined;
  const channels = x.shape[x.shape.length - 1] as number;
  const rows = tf.util.sizeFromShape(x.shape) / channels;
  const rowBytes = channels * 4;
  const dx = backend.makeOutput([...x.shape], 'float32');
  const dscale = backend.makeOutput([channels], 'float32');
  const doffset = backend.makeOutput([channels], 'float32');
  // scratch: two totals (float64 [C]); two sum scratches, multiplier, centred factor, constant (float32 [C])
  const block = scratchBlock(backend, 5 * channels, 2 * channels);
  try {
    const dyTotals = block.doubles(0, channels);
    const productTotals = block.doubles(channels, channels);
    const dyScratch = block.floats(0, channels);
    const productScratch = block.floats(channels, channels);
    const multiplier = block.floats(2 * channels, channels);
    const centeredFactor = block.floats(3 * channels, channels);
    const constant = block.floats(4 * channels, channels);
    const dyPointer = backend.getMemoryOffset(dy.dataId);
    const xPointer = backend.getMemoryOffset(x.dataId);
    const meanPointer = backend.getMemoryOffset(mean.dataId);
    kernels.gradientSums(
      dyPointer,
      xPointer,
      meanPointer,
      rows,
      rowBytes,
      dyScratch.pointer,
      dyTotals.pointer,
      productScratch.pointer,
      productTotals.pointer,
    );
    const dySums = float64View(memory, dyTotals.pointer, channels);
    const productSums = float64View(memory, productTotals.pointer, channels);
    const inverseValues = float32View(memory, backend.getMemoryOffset(inverseDeviation.dataId), channels);
    const scaleValues = scale === undefined ? undefined : float32View(memory, backend.getMemoryOffset(scale.dataId), channels);
    const multiplierValues = float32View(memory, multiplier.pointer, channels);
    const centeredValues = float32View(memory, centeredFactor.pointer, channels);
    const constantValues = float32View(memory, constant.pointer, channels);
    const dscaleValues = float32View(memory, backend.getMemoryOffset(dscale.dataId), channels);
    const doffsetValues = float32View(memory, backend.getMemoryOffset(doffset.dataId), channels);
    for (let channel = 0; channel < channels; channel += 1) {
      const inverse = inverseValues[channel] as number;
      const k = scaleValues === undefined ? inverse : round((scaleValues[channel] as number) * inverse);
      const sumDy = round(dySums[channel] as number);
      const sumProduct = round(productSums[channel] as number);
      // As batchNormalization's op formulation: k * (invstd^2 * sum(dy*centred) / N), k * sum(dy) / N.
      multiplierValues[channel] = k;
      centeredValues[channel] = round(k * round(round(inverse * inverse) * round(sumProduct / rows)));
      constantValues[channel] = round(k * round(sumDy / rows));
      dscaleValues[channel] = round(sumProduct * inverse);
      doffsetValues[channel] = sumDy;
    }
    kernels.inputGradient(
      dyPointer,
      xPointer,
      meanPointer,
      multiplier.pointer,
      centeredFactor.pointer,
      constant.pointer,
      rows,
      rowBytes,
      backend.getMemoryOffset(dx.dataId),
    );
  } finally {
    block.release();
  }
  return [dx, dscale, doffset];
};

const kernelConfigs: readonly KernelConfig[] = [
  { kernelName: batchNormalizationKernelName, backendName: 'wasm', kernelFunc: forwardKernel },
  { kernelName: batchNormalizationGradientKernelName, backendName: 'wasm', kernelFunc: gradientKernel },
];

/**
 * Whether the fused kernels can run a batch normalisation of `x` now: the active backend is
 * wasm, this runtime runs the module on that backend's memory, `x` is float32 and its channels
 * are a multiple of 4. Registers the kernels on first use.
 */
export function fusedBatchNormalizationApplies(x: tf.Tensor): boolean {
  if (tf.getBackend() !== 'wasm' || x.dtype !== 'float32' || wasmKernelChoice() === 'stock') return false;
  const channels = x.shape[x.rank - 1] ?? 0;
  if (channels % 4 !== 0 || channels === 0) return false;
  if (exportsFor(tf.backend() as unknown as WasmBackendParts) === undefined) return false;
  for (const config of kernelConfigs) {
    if (tf.getKernel(config.kernelName, config.backendName) === undefined) tf.registerKernel(config);
  }
  return true;
}
