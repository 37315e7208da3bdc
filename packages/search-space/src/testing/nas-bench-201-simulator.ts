/**
 * A tiny float64 reference implementation of the NAS-Bench-201 cell, for tests
 * only (not part of the published package): it checks numerically that cells
 * the canonical form identifies really compute the same function.
 *
 * Tensors are [batch, channels, height, width]; ops follow NAS-Bench-201:
 * none = zeros, skip = identity, nor_conv_kxk = ReLU -> conv (k x k, stride 1,
 * zero padding, no bias) -> batch normalisation, avg_pool_3x3 = 3x3 mean over
 * the in-image neighbours (padding excluded).
 */
import { createRng } from '@fewshot/core';
import type { Architecture } from '@fewshot/core';

export interface SimulatorShape {
  readonly batch: number;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
}

export interface SimulatorWeights {
  readonly conv1x1: Float64Array;
  readonly conv3x3: Float64Array;
  readonly gamma: Float64Array;
  readonly beta: Float64Array;
  /** 'train' uses batch statistics; 'eval' uses the running statistics below. */
  readonly mode: 'train' | 'eval';
  readonly runningMean: Float64Array;
  readonly runningVariance: Float64Array;
}

export function createSimulatorWeights(options: { readonly seed: number; readonly channels: number; readonly mode: 'train' | 'eval' }): SimulatorWeights {
  const rng = createRng({ seed: options.seed });
  const c = options.channels;
  const normal = (length: number, scale = 1, offset = 0): Float64Array => Float64Array.from({ length }, () => offset + scale * rng.normal());
  return {
    conv1x1: normal(c * c, 0.7),
    conv3x3: normal(c * c * 9, 0.3),
    gamma: normal(c, 0.3, 1),
    beta: normal(c, 0.8),
    mode: options.mode,
    runningMean: normal(c, 0.5),
    runningVariance: Float64Array.from({ length: c }, () => 0.5 + rng.float()),
  };
}

export function randomInput(options: { readonly seed: number; readonly shape: SimulatorShape }): Float64Array {
  const rng = createRng({ seed: options.seed });
  const { batch, channels, height, width } = options.shape;
  return Float64Array.from({ length: batch * channels * height * width }, () => rng.normal());
}

function relu(x: Float64Array): Float64Array {
  return x.map((v) => (v > 0 ? v : 0));
}

function conv(x: Float64Array, kernel: Float64Array, size: 1 | 3, shape: SimulatorShape): Float64Array {
  const { batch, channels, height, width } = shape;
  const out = new Float64Array(x.length);
  const half = (size - 1) / 2;
  for (let n = 0; n < batch; n += 1)
    for (let o = 0; o < channels; o += 1)
      for (let h = 0; h < height; h += 1)
        for (let w = 0; w < width; w += 1) {
          let sum = 0;
          for (let i = 0; i < channels; i += 1)
            for (let dh = -half; dh <= half; dh += 1)
              for (let dw = -half; dw <= half; dw += 1) {
                const hh = h + dh;
                const ww = w + dw;
                if (hh < 0 || hh >= height || ww < 0 || ww >= width) continue;
                const weight = kernel[((o * channels + i) * size + (dh + half)) * size + (dw + half)] as number;
                sum += weight * (x[((n * channels + i) * height + hh) * width + ww] as number);
              }
          out[((n * channels + o) * height + h) * width + w] = sum;
        }
  return out;
}

function batchNorm(x: Float64Array, weights: SimulatorWeights, shape: SimulatorShape): Float64Array {
  const { batch, channels, height, width } = shape;
  const out = new Float64Array(x.length);
  const count = batch * height * width;
  for (let c = 0; c < channels; c += 1) {
    let mean = weights.runningMean[c] as number;
    let variance = weights.runningVariance[c] as number;
    if (weights.mode === 'train') {
      mean = 0;
      for (let n = 0; n < batch; n += 1) for (let p = 0; p < height * width; p += 1) mean += x[(n * channels + c) * height * width + p] as number;
      mean /= count;
      variance = 0;
      for (let n = 0; n < batch; n += 1)
        for (let p = 0; p < height * width; p += 1) variance += ((x[(n * channels + c) * height * width + p] as number) - mean) ** 2;
      variance /= count;
    }
    const scale = (weights.gamma[c] as number) / Math.sqrt(variance + 1e-5);
    for (let n = 0; n < batch; n += 1)
      for (let p = 0; p < height * width; p += 1) {
        const index = (n * channels + c) * height * width + p;
        out[index] = ((x[index] as number) - mean) * scale + (weights.beta[c] as number);
      }
  }
  return out;
}

function averagePool(x: Float64Array, shape: SimulatorShape): Float64Array {
  const { batch, channels, height, width } = shape;
  const out = new Float64Array(x.length);
  for (let nc = 0; nc < batch * channels; nc += 1)
    for (let h = 0; h < height; h += 1)
      for (let w = 0; w < width; w += 1) {
        let sum = 0;
        let count = 0;
        for (let dh = -1; dh <= 1; dh += 1)
          for (let dw = -1; dw <= 1; dw += 1) {
            const hh = h + dh;
            const ww = w + dw;
            if (hh < 0 || hh >= height || ww < 0 || ww >= width) continue;
            sum += x[(nc * height + hh) * width + ww] as number;
            count += 1;
          }
        out[(nc * height + h) * width + w] = sum / count;
      }
  return out;
}

/**
 * The cell output for `input`. Edge `e` (architecture position) uses
 * `edgeWeights[e]` (the kernel of its kind and its own batch normalisation).
 * Passing the same weights for all six edges gives the "kind-shared" setting
 * under which any two equivalent cells must agree.
 */
export function simulateNasBench201Cell(options: {
  readonly architecture: Architecture;
  readonly input: Float64Array;
  readonly edgeWeights: readonly SimulatorWeights[];
  readonly shape: SimulatorShape;
}): Float64Array {
  const { architecture, input, edgeWeights, shape } = options;
  const nodes: Float64Array[] = [input];
  let edge = 0;
  for (let to = 1; to <= 3; to += 1) {
    const value = new Float64Array(input.length);
    for (let from = 0; from < to; from += 1) {
      const operation = architecture[edge] as number;
      const weights = edgeWeights[edge] as SimulatorWeights;
      edge += 1;
      const source = nodes[from] as Float64Array;
      let contribution: Float64Array | undefined;
      if (operation === 1) contribution = source;
      else if (operation === 2) contribution = batchNorm(conv(relu(source), weights.conv1x1, 1, shape), weights, shape);
      else if (operation === 3) contribution = batchNorm(conv(relu(source), weights.conv3x3, 3, shape), weights, shape);
      else if (operation === 4) contribution = averagePool(source, shape);
      if (contribution !== undefined) for (let i = 0; i < value.length; i += 1) value[i] = (value[i] as number) + (contribution[i] as number);
    }
    nodes.push(value);
  }
  return nodes[3] as Float64Array;
}

export function maximumDifference(a: Float64Array, b: Float64Array): number {
  let result = 0;
  for (let i = 0; i < a.length; i += 1) result = Math.max(result, Math.abs((a[i] as number) - (b[i] as number)));
  return result;
}
