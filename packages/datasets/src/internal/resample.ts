/**
 * Separable bilinear resampling of one NHWC byte image, two flavours:
 *
 * - `antialias`: Pillow's `Image.resize(size, Image.BILINEAR)` (what
 *   torchvision's `Resize` does to PIL images), reproduced bit for bit: a
 *   triangle filter whose support widens by the scale factor when shrinking,
 *   22-bit fixed-point weights, a horizontal pass rounded to bytes, then a
 *   vertical pass.
 * - `plain`: `tf.image.resizeBilinear(images, size, false, true)` (half-pixel
 *   centres, two taps per axis, no antialiasing), computed in float64 and
 *   rounded to the nearest byte at the end (ties up).
 */

const precisionBits = 22;
const fixedOne = 1 << precisionBits;
const fixedHalf = 1 << (precisionBits - 1);

/** Per-output-coordinate taps along one axis. */
export interface AxisTaps {
  /** First input index of each output coordinate. */
  readonly starts: Int32Array;
  /** Number of taps of each output coordinate. */
  readonly counts: Int32Array;
  /** `kernelSize` weights per output coordinate (fixed-point for antialias, float otherwise). */
  readonly weights: Int32Array | Float64Array;
  readonly kernelSize: number;
}

/** Pillow's `precompute_coeffs` + `normalize_coeffs_8bpc` for the bilinear filter. */
export function antialiasTaps(inputSize: number, outputSize: number): AxisTaps {
  const scale = inputSize / outputSize;
  const filterScale = Math.max(scale, 1);
  const support = 1 * filterScale;
  const kernelSize = Math.ceil(support) * 2 + 1;
  const starts = new Int32Array(outputSize);
  const counts = new Int32Array(outputSize);
  const weights = new Int32Array(outputSize * kernelSize);
  const raw = new Float64Array(kernelSize);
  for (let output = 0; output < outputSize; output += 1) {
    const center = (output + 0.5) * scale;
    const inverse = 1 / filterScale;
    const first = Math.max(Math.trunc(center - support + 0.5), 0);
    const last = Math.min(Math.trunc(center + support + 0.5), inputSize);
    const count = last - first;
    let total = 0;
    for (let tap = 0; tap < count; tap += 1) {
      const distance = Math.abs((tap + first - center + 0.5) * inverse);
      const weight = distance < 1 ? 1 - distance : 0;
      raw[tap] = weight;
      total += weight;
    }
    for (let tap = 0; tap < count; tap += 1) {
      const normalised = total !== 0 ? (raw[tap] as number) / total : (raw[tap] as number);
      weights[output * kernelSize + tap] = normalised < 0 ? Math.trunc(-0.5 + normalised * fixedOne) : Math.trunc(0.5 + normalised * fixedOne);
    }
    starts[output] = first;
    counts[output] = count;
  }
  return { starts, counts, weights, kernelSize };
}

/** TensorFlow.js `resizeBilinear` with half-pixel centres, as two taps per output coordinate. */
export function plainTaps(inputSize: number, outputSize: number): AxisTaps {
  const ratio = inputSize / outputSize;
  const starts = new Int32Array(outputSize);
  const counts = new Int32Array(outputSize);
  const weights = new Float64Array(outputSize * 2);
  for (let output = 0; output < outputSize; output += 1) {
    const source = ratio * (output + 0.5) - 0.5;
    const lower = Math.max(0, Math.floor(source));
    const upper = Math.min(inputSize - 1, Math.ceil(source));
    const fraction = source - lower;
    starts[output] = lower;
    if (upper === lower) {
      counts[output] = 1;
      weights[output * 2] = 1;
    } else {
      counts[output] = 2;
      weights[output * 2] = 1 - fraction;
      weights[output * 2 + 1] = fraction;
    }
  }
  return { starts, counts, weights, kernelSize: 2 };
}

/** A resampler of images of one size to another, with its scratch buffers. */
export interface ImageResampler {
  /** Resamples the image at `sourceOffset` of `source` into `target` at `targetOffset`. */
  resample(source: Uint8Array, sourceOffset: number, target: Uint8Array, targetOffset: number): void;
}

/** Builds a resampler for fixed input/output sizes and channel count. */
export function createResampler(request: {
  readonly inputHeight: number;
  readonly inputWidth: number;
  readonly outputHeight: number;
  readonly outputWidth: number;
  readonly channels: number;
  readonly antialias: boolean;
}): ImageResampler {
  const { inputHeight, inputWidth, outputHeight, outputWidth, channels, antialias } = request;
  const horizontal = inputWidth !== outputWidth;
  const vertical = inputHeight !== outputHeight;
  if (antialias) {
    const columnTaps = antialiasTaps(inputWidth, outputWidth);
    const rowTaps = antialiasTaps(inputHeight, outputHeight);
    const scratch = new Uint8Array(inputHeight * outputWidth * channels);
    return {
      resample(source, sourceOffset, target, targetOffset) {
        if (!horizontal && !vertical) {
          target.set(source.subarray(sourceOffset, sourceOffset + inputHeight * inputWidth * channels), targetOffset);
          return;
        }
        if (horizontal && !vertical) {
          fixedHorizontal(source, sourceOffset, target, targetOffset, inputHeight, inputWidth, outputWidth, channels, columnTaps);
          return;
        }
        if (!horizontal) {
          fixedVertical(source, sourceOffset, target, targetOffset, outputHeight, inputWidth, channels, rowTaps);
          return;
        }
        fixedHorizontal(source, sourceOffset, scratch, 0, inputHeight, inputWidth, outputWidth, channels, columnTaps);
        fixedVertical(scratch, 0, target, targetOffset, outputHeight, outputWidth, channels, rowTaps);
      },
    };
  }
  const columnTaps = plainTaps(inputWidth, outputWidth);
  const rowTaps = plainTaps(inputHeight, outputHeight);
  const scratch = new Float64Array(inputHeight * outputWidth * channels);
  return {
    resample(source, sourceOffset, target, targetOffset) {
      const rowLength = outputWidth * channels;
      // Horizontal pass into float64 (identity when the width is unchanged).
      for (let y = 0; y < inputHeight; y += 1) {
        const sourceRow = sourceOffset + y * inputWidth * channels;
        const scratchRow = y * rowLength;
        for (let x = 0; x < outputWidth; x += 1) {
          const start = horizontal ? (columnTaps.starts[x] as number) : x;
          const count = horizontal ? (columnTaps.counts[x] as number) : 1;
          for (let channel = 0; channel < channels; channel += 1) {
            let sum = 0;
            for (let tap = 0; tap < count; tap += 1) {
              const weight = horizontal ? (columnTaps.weights[x * 2 + tap] as number) : 1;
              sum += weight * (source[sourceRow + (start + tap) * channels + channel] as number);
            }
            scratch[scratchRow + x * channels + channel] = sum;
          }
        }
      }
      // Vertical pass and rounding to bytes.
      for (let y = 0; y < outputHeight; y += 1) {
        const start = vertical ? (rowTaps.starts[y] as number) : y;
        const count = vertical ? (rowTaps.counts[y] as number) : 1;
        const targetRow = targetOffset + y * rowLength;
        for (let index = 0; index < rowLength; index += 1) {
          let sum = 0;
          for (let tap = 0; tap < count; tap += 1) {
            const weight = vertical ? (rowTaps.weights[y * 2 + tap] as number) : 1;
            sum += weight * (scratch[(start + tap) * rowLength + index] as number);
          }
          // Round half up; the epsilon absorbs float64 noise on exact ties (x.5).
          const rounded = Math.floor(sum + 0.5 + 1e-9);
          target[targetRow + index] = rounded < 0 ? 0 : rounded > 255 ? 255 : rounded;
        }
      }
    },
  };
}

function clip8(value: number): number {
  if (value >= fixedOne * 256) return 255;
  if (value <= 0) return 0;
  return Math.floor(value / fixedOne);
}

function fixedHorizontal(
  source: Uint8Array,
  sourceOffset: number,
  target: Uint8Array,
  targetOffset: number,
  height: number,
  inputWidth: number,
  outputWidth: number,
  channels: number,
  taps: AxisTaps,
): void {
  const { starts, counts, weights, kernelSize } = taps;
  for (let y = 0; y < height; y += 1) {
    const sourceRow = sourceOffset + y * inputWidth * channels;
    const targetRow = targetOffset + y * outputWidth * channels;
    for (let x = 0; x < outputWidth; x += 1) {
      const start = starts[x] as number;
      const count = counts[x] as number;
      const weightBase = x * kernelSize;
      for (let channel = 0; channel < channels; channel += 1) {
        let sum = fixedHalf;
        for (let tap = 0; tap < count; tap += 1) {
          sum += (source[sourceRow + (start + tap) * channels + channel] as number) * (weights[weightBase + tap] as number);
        }
        target[targetRow + x * channels + channel] = clip8(sum);
      }
    }
  }
}

function fixedVertical(
  source: Uint8Array,
  sourceOffset: number,
  target: Uint8Array,
  targetOffset: number,
  outputHeight: number,
  width: number,
  channels: number,
  taps: AxisTaps,
): void {
  const { starts, counts, weights, kernelSize } = taps;
  const rowLength = width * channels;
  for (let y = 0; y < outputHeight; y += 1) {
    const start = starts[y] as number;
    const count = counts[y] as number;
    const weightBase = y * kernelSize;
    const targetRow = targetOffset + y * rowLength;
    for (let index = 0; index < rowLength; index += 1) {
      let sum = fixedHalf;
      for (let tap = 0; tap < count; tap += 1) {
        sum += (source[sourceOffset + (start + tap) * rowLength + index] as number) * (weights[weightBase + tap] as number);
      }
      target[targetRow + index] = clip8(sum);
    }
  }
}
