/**
 * Weight initialisation drawn from an explicit `Rng` (never `Math.random`), following
 * AutoGAN's `weights_init` (xavier-uniform for Conv2d weights, N(1, 0.02) for BatchNorm
 * scales) and PyTorch's defaults for everything it does not touch.
 */
import type { Rng } from '@fewshot/core';

/** How a parameter is initialised. */
export type Initializer =
  | { readonly kind: 'zeros' }
  | { readonly kind: 'ones' }
  /** U(-bound, bound). */
  | { readonly kind: 'uniform'; readonly bound: number }
  /** N(mean, standardDeviation). */
  | { readonly kind: 'normal'; readonly mean: number; readonly standardDeviation: number }
  /** A random unit vector (spectral-norm u and v: N(0, 1), normalised). */
  | { readonly kind: 'unit-normal' };

/** Xavier/Glorot uniform with gain 1: bound sqrt(6 / (fanIn + fanOut)). */
export function xavierUniform(fanIn: number, fanOut: number): Initializer {
  return { kind: 'uniform', bound: Math.sqrt(6 / (fanIn + fanOut)) };
}

/** PyTorch's default for Linear / Conv weights and biases: U(+-1/sqrt(fanIn)). */
export function pytorchDefault(fanIn: number): Initializer {
  return { kind: 'uniform', bound: 1 / Math.sqrt(fanIn) };
}

/** Fills a new array of `size` values. */
export function initialValues(initializer: Initializer, size: number, rng: Rng): Float32Array {
  const values = new Float32Array(size);
  switch (initializer.kind) {
    case 'zeros':
      break;
    case 'ones':
      values.fill(1);
      break;
    case 'uniform':
      for (let index = 0; index < size; index += 1) values[index] = (rng.float() * 2 - 1) * initializer.bound;
      break;
    case 'normal':
      for (let index = 0; index < size; index += 1) values[index] = initializer.mean + initializer.standardDeviation * rng.normal();
      break;
    case 'unit-normal': {
      let norm = 0;
      const raw = new Float64Array(size);
      for (let index = 0; index < size; index += 1) {
        raw[index] = rng.normal();
        norm += (raw[index] as number) ** 2;
      }
      const scale = 1 / Math.max(Math.sqrt(norm), 1e-12);
      for (let index = 0; index < size; index += 1) values[index] = (raw[index] as number) * scale;
      break;
    }
  }
  return values;
}
