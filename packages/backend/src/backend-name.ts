/**
 * The backends {@link selectBackend} knows, in its automatic order (fastest first):
 * `node-gpu` (`@tensorflow/tfjs-node-gpu`), `node` (`@tensorflow/tfjs-node`),
 * `wasm` (`@tensorflow/tfjs-backend-wasm`) and `cpu` (`@tensorflow/tfjs-backend-cpu`).
 *
 * @example
 * ```ts
 * import { backendNames } from '@fewshot/backend';
 * console.log(backendNames.join(' > ')); // node-gpu > node > wasm > cpu
 * ```
 */
export const backendNames = ['node-gpu', 'node', 'wasm', 'cpu'] as const;

/**
 * One of {@link backendNames}.
 *
 * @example
 * ```ts
 * import type { BackendName } from '@fewshot/backend';
 * const preferred: BackendName = 'wasm';
 * ```
 */
export type BackendName = (typeof backendNames)[number];

/** The npm package and TensorFlow.js backend name behind each {@link BackendName}. */
export interface BackendCandidate {
  readonly backend: BackendName;
  readonly packageName: string;
  readonly tensorflowBackendName: string;
}

/** The candidates in automatic order. */
export const backendCandidates: readonly BackendCandidate[] = [
  { backend: 'node-gpu', packageName: '@tensorflow/tfjs-node-gpu', tensorflowBackendName: 'tensorflow' },
  { backend: 'node', packageName: '@tensorflow/tfjs-node', tensorflowBackendName: 'tensorflow' },
  { backend: 'wasm', packageName: '@tensorflow/tfjs-backend-wasm', tensorflowBackendName: 'wasm' },
  { backend: 'cpu', packageName: '@tensorflow/tfjs-backend-cpu', tensorflowBackendName: 'cpu' },
];

/** True for a member of {@link backendNames}. */
export function isBackendName(value: unknown): value is BackendName {
  return typeof value === 'string' && (backendNames as readonly string[]).includes(value);
}
