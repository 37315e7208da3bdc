import type { Architecture, Evaluation, Region, Rng } from '@fewshot/core';
import type { ImageBatch } from '@fewshot/datasets';
import type { Supernet } from '@fewshot/supernet';
import type { EvaluationData } from '@fewshot/trainers';
import type { JsonValue } from '../../contracts/json.js';

/**
 * A gradient-based NAS method (DARTS, PC-DARTS, GDAS, SETN, ENAS, or your own): a named set of
 * resolved hyper-parameters that opens a {@link GradientSearchSession} on one supernet. The
 * drivers {@link runGradientSearch} (one-shot) and {@link runFewShotGradientSearch} (one run per
 * sub-supernet) own the data, the epochs, the events and the final evaluation; the session owns
 * the architecture parameters, the optimisers and the update rule.
 *
 * @example
 * ```ts
 * const method: GradientSearchMethod = createDarts({ order: 2 });
 * method.name;                  // 'darts-second-order'
 * method.settings.architecture; // { learningRate: 0.0003, beta1: 0.5, ... }
 * ```
 */
export interface GradientSearchMethod {
  /** A short, stable name such as `darts-second-order`, `gdas` or `enas`. */
  readonly name: string;
  /** Every hyper-parameter after defaults were applied, as plain JSON (for reports). */
  readonly settings: { readonly [key: string]: JsonValue };
  /** Opens a session; the driver disposes it. */
  createSession(context: GradientSearchSessionContext): GradientSearchSession;
}

/**
 * What a {@link GradientSearchMethod} gets to start a search.
 *
 * @example
 * ```ts
 * const session = method.createSession({ supernet, region: supernet.region, rng: createRng({ seed: 1 }), epochs: 50, stepsPerEpoch: 390, nextValidationBatch });
 * ```
 */
export interface GradientSearchSessionContext {
  /** The supernet whose weights the search trains (changed in place). */
  readonly supernet: Supernet;
  /** The architectures the search may return (inside the supernet's region). */
  readonly region: Region;
  /** All of the method's randomness (initialisation, sampled paths, Gumbel noise). */
  readonly rng: Rng;
  /** The number of epochs the driver will run. */
  readonly epochs: number;
  /** Training batches per epoch. */
  readonly stepsPerEpoch: number;
  /**
   * The next batch of the validation stream (shuffled, endless, the same sequence for the same
   * seed). Draw from it for architecture updates, rewards and candidate scoring.
   */
  readonly nextValidationBatch: () => ImageBatch;
}

/**
 * Options of {@link GradientSearchSession.step}.
 *
 * @example
 * ```ts
 * const record = await session.step({ batch, epoch: 0, step: 0, stepInEpoch: 0 });
 * ```
 */
export interface GradientSearchStepOptions {
  /** The training batch of this step. */
  readonly batch: ImageBatch;
  /** 0-based epoch. */
  readonly epoch: number;
  /** 0-based step over the whole run. */
  readonly step: number;
  /** 0-based step inside the epoch. */
  readonly stepInEpoch: number;
}

/**
 * What one step did.
 *
 * @example
 * ```ts
 * const record: GradientSearchStepRecord = { loss: 2.1, accuracy: 25, learningRate: 0.025, architectureLoss: 2.2, architectureAccuracy: 21 };
 * ```
 */
export interface GradientSearchStepRecord {
  /** Training loss of the weight update. */
  readonly loss: number;
  /** Training top-1 accuracy of the weight update, percent. */
  readonly accuracy: number;
  /** The weights' learning rate of this step. */
  readonly learningRate: number;
  /** Validation loss of the architecture update, when the step made one. */
  readonly architectureLoss?: number;
  /** Validation top-1 accuracy of the architecture update, percent, when the step made one. */
  readonly architectureAccuracy?: number;
}

/**
 * What a session reports at the end of an epoch.
 *
 * @example
 * ```ts
 * const summary: GradientSearchEpochSummary = { architecture: [3, 3, 3, 1, 3, 2], temperature: 5.05 };
 * ```
 */
export interface GradientSearchEpochSummary {
  /** The architecture the method would return now (argmax of alpha, or the controller's best sample). */
  readonly architecture: Architecture;
  /** GDAS: the Gumbel-softmax temperature of the epoch. */
  readonly temperature?: number;
  /** Further named numbers (e.g. ENAS: `baseline`, `reward`). */
  readonly metrics?: Readonly<Record<string, number>>;
}

/**
 * The values of one architecture parameter tensor (plain numbers, row-major).
 *
 * @example
 * ```ts
 * const alpha: ArchitectureParameterValues = { shape: [6, 5], values: new Array<number>(30).fill(0) };
 * const result = await runGradientSearch(options);
 * result.architectureParameters['alpha']?.values.length; // 30 for a DARTS-family method (6 edges x 5 ops)
 * ```
 */
export interface ArchitectureParameterValues {
  /** The tensor shape. */
  readonly shape: readonly number[];
  /**
   * The values in row-major order. DARTS-family logits of ops outside the search region are
   * `-Infinity` (they are masked; `JSON.stringify` writes them as `null`).
   */
  readonly values: readonly number[];
}

/**
 * Options of {@link GradientSearchSession.evaluate}.
 *
 * @example
 * ```ts
 * const [evaluation] = await session.evaluate({ architectures: [architecture], data: { dataset: validation, batchSize: 64 } });
 * ```
 */
export interface GradientSearchEvaluateOptions {
  /** Architectures inside the session's region. */
  readonly architectures: readonly Architecture[];
  /** The examples to score on (no augmentation). */
  readonly data: EvaluationData;
}

/**
 * One running search on one supernet: owns the architecture parameters (or controller) and the
 * optimisers. The driver calls `step` for every training batch, `endEpoch` after every epoch,
 * then `derive`, `evaluate`, `architectureParameters` and `dispose`.
 *
 * @example
 * ```ts
 * const session = method.createSession(context);
 * try {
 *   for (const batch of loader.epoch({ epoch: 0 })) await session.step({ batch, epoch: 0, step, stepInEpoch });
 *   await session.endEpoch({ epoch: 0 });
 *   const architecture = await session.derive();
 * } finally {
 *   session.dispose();
 * }
 * ```
 */
export interface GradientSearchSession {
  /** One update of the supernet's weights (and, for most methods, of the architecture parameters). */
  step(options: GradientSearchStepOptions): Promise<GradientSearchStepRecord>;
  /** End-of-epoch work (ENAS trains its controller here) and the epoch's architecture. */
  endEpoch(options: {
    /** The 0-based epoch that just ended. */
    readonly epoch: number;
  }): Promise<GradientSearchEpochSummary>;
  /** The final architecture, inside the session's region. */
  derive(): Promise<Architecture>;
  /**
   * Scores architectures the way this method's network computes them (the supernet's single path
   * for most methods; PC-DARTS's partial-channel network for PC-DARTS).
   */
  evaluate(options: GradientSearchEvaluateOptions): Promise<Evaluation[]>;
  /** The architecture parameters by name (`alpha`, `beta`, the controller's weights, ...). */
  architectureParameters(): Readonly<Record<string, ArchitectureParameterValues>>;
  /**
   * The per-edge op probabilities `[6][5]` the parameters stand for (softmax of alpha; 0 outside
   * the region), or undefined for methods without an independent per-edge distribution (ENAS).
   */
  operationProbabilities(): readonly (readonly number[])[] | undefined;
  /** Frees every tensor the session owns (not the supernet). */
  dispose(): void;
}
