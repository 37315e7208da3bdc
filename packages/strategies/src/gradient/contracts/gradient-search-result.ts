import type { Architecture, RegionJson } from '@fewshot/core';
import type { JsonValue } from '../../contracts/json.js';
import type { ArchitectureParameterValues } from './gradient-search-method.js';

/**
 * One finished epoch of a gradient-based search.
 *
 * @example
 * ```ts
 * const record: GradientSearchEpochRecord = {
 *   epoch: 0, loss: 2.05, accuracy: 24.1, architectureLoss: 2.1, architectureAccuracy: 22.3,
 *   learningRate: 0.024, architecture: [3, 3, 1, 1, 3, 2], seconds: 41.2,
 * };
 * ```
 */
export interface GradientSearchEpochRecord {
  /** 0-based epoch. */
  readonly epoch: number;
  /** Mean training loss of the weight updates. */
  readonly loss: number;
  /** Training top-1 accuracy of the weight updates, percent. */
  readonly accuracy: number;
  /** Mean validation loss of the architecture updates (absent when the epoch made none). */
  readonly architectureLoss?: number;
  /** Validation top-1 accuracy of the architecture updates, percent (absent when none). */
  readonly architectureAccuracy?: number;
  /** The weights' learning rate of the epoch's last step. */
  readonly learningRate: number;
  /** The architecture the method would return after this epoch. */
  readonly architecture: Architecture;
  /** GDAS: the Gumbel-softmax temperature of the epoch. */
  readonly temperature?: number;
  /** Further method-specific numbers. */
  readonly metrics?: Readonly<Record<string, number>>;
  /** Wall-clock seconds of the epoch. */
  readonly seconds: number;
}

/**
 * What {@link runGradientSearch} returns.
 *
 * @example
 * ```ts
 * const result: GradientSearchResult = await runGradientSearch({ method: createGdas(), supernet, train, validation, epochs: 10, seed: 1 });
 * nasBench201.encode(result.architecture);
 * result.validationAccuracy; // the derived architecture on the whole validation set, percent
 * ```
 */
export interface GradientSearchResult {
  /** The method's name. */
  readonly method: string;
  /** The method's resolved hyper-parameters. */
  readonly settings: { readonly [key: string]: JsonValue };
  /** The derived architecture (inside `region`). */
  readonly architecture: Architecture;
  /** The region searched. */
  readonly region: RegionJson;
  /** Top-1 accuracy (percent) of `architecture` on the whole validation set, scored by the method's network. */
  readonly validationAccuracy: number;
  /** Mean cross-entropy of `architecture` on the whole validation set. */
  readonly validationLoss: number;
  /** The final architecture parameters by name. */
  readonly architectureParameters: Readonly<Record<string, ArchitectureParameterValues>>;
  /** Per-edge op probabilities (DARTS family), undefined for ENAS. */
  readonly operationProbabilities: readonly (readonly number[])[] | undefined;
  /** One record per epoch. */
  readonly history: readonly GradientSearchEpochRecord[];
  /** Training steps taken. */
  readonly steps: number;
  /** Wall-clock seconds of the whole run, final evaluation included. */
  readonly seconds: number;
}
