import { InvalidArgumentError } from '@fewshot/core';

/**
 * The environment variable that chooses the wasm kernels: `fewshot` (the default) runs
 * @fewshot/backend's own kernels on tfjs-backend-wasm (fused batch normalisation, Winograd
 * F(4x4, 3x3) for 3x3 stride-1 convolutions and their filter gradients, the filter gradient of
 * other convolutions, ReLU's gradient, the gradient of stride-1 'same' average pooling, the
 * flipped filter, data-sharing `Identity` and `Cast`);
 * `stock` runs tfjs-backend-wasm's kernels and the op formulations only, to compare speed or
 * numbers with the plain backend. Read when a kernel is chosen, so set it before the
 * run.
 *
 * @example
 * ```ts
 * // FEWSHOT_WASM_KERNELS=stock node train.js
 * import { wasmKernelsEnvironmentVariable, wasmKernelChoice } from '@fewshot/backend';
 * console.log(process.env[wasmKernelsEnvironmentVariable], wasmKernelChoice()); // undefined 'fewshot'
 * ```
 */
export const wasmKernelsEnvironmentVariable = 'FEWSHOT_WASM_KERNELS';

/**
 * The values of {@link wasmKernelsEnvironmentVariable}.
 *
 * @example
 * ```ts
 * const choice: WasmKernelChoice = wasmKernelChoice(); // 'fewshot' or 'stock'
 * ```
 */
export type WasmKernelChoice = 'fewshot' | 'stock';

/**
 * Which wasm kernels run: `fewshot` unless {@link wasmKernelsEnvironmentVariable} says `stock`.
 *
 * @throws InvalidArgumentError when the variable holds anything else.
 * @example
 * ```ts
 * import { wasmKernelChoice } from '@fewshot/backend';
 * if (wasmKernelChoice() === 'stock') console.log('tfjs-backend-wasm kernels only');
 * ```
 */
export function wasmKernelChoice(): WasmKernelChoice {
  const environment = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = environment?.[wasmKernelsEnvironmentVariable];
  if (value === undefined || value === '' || value === 'fewshot') return 'fewshot';
  if (value === 'stock') return 'stock';
  throw new InvalidArgumentError({
    functionName: 'wasmKernelChoice',
    argument: wasmKernelsEnvironmentVariable,
    message: `${wasmKernelsEnvironmentVariable}: expected "fewshot" or "stock", got "${value}"`,
  });
}
