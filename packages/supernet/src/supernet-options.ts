import type { Architecture, Rng } from '@fewshot/core';
import type * as tf from '@tensorflow/tfjs-core';
import type { NetworkOptions } from './network-options.js';

/**
 * How the batch normalisation inside the supernet's cells computes its statistics. The cells'
 * BN never has affine parameters (as in the few-shot NAS release).
 *
 * - `'batch-statistics'` (default, the paper's setting): always the statistics of the current
 *   batch, also at evaluation, so estimates depend on the evaluation batch size (the release
 *   evaluates with batches of 48). The cells hold no running statistics.
 * - `'running-statistics'`: every conv op's BN keeps running statistics (momentum 0.1), updated
 *   by `forward({ training: true })` and used by `forward({ training: false })`.
 *
 * @example
 * ```ts
 * const mode: CellBatchNorm = 'running-statistics';
 * const supernet = createSupernet({ cellBatchNorm: mode, channels: 4, cellsPerStage: 1, inputShape: [8, 8, 3] });
 * supernet.dispose();
 * ```
 */
export type CellBatchNorm = 'batch-statistics' | 'running-statistics';

/**
 * Options of {@link createSupernet}: the network size plus the cell BN mode and the generator
 * that initialises the weights.
 *
 * @example
 * ```ts
 * import { createRng } from '@fewshot/core';
 * const options: SupernetOptions = { channels: 16, cellsPerStage: 5, classes: 10, rng: createRng({ seed: 1 }) };
 * ```
 */
export interface SupernetOptions extends NetworkOptions {
  /** Cell BN statistics; default `'batch-statistics'`. */
  readonly cellBatchNorm?: CellBatchNorm;
  /**
   * Initialises the weights (PyTorch's default schemes: uniform +-1/sqrt(fan-in) for convolutions
   * and the linear layer, BN scale 1 and offset 0). Default `createRng({ seed: 0 })`.
   */
  readonly rng?: Rng;
}

/**
 * The part of every forward call that does not choose the path.
 *
 * @example
 * ```ts
 * const common: ForwardBaseOptions = { input: tf.zeros([2, 8, 8, 3]), training: false };
 * ```
 */
export interface ForwardBaseOptions {
  /**
   * A float32 batch `[batch, height, width, channels]` (NHWC); height and width divisible by 4,
   * channels as `inputShape[2]`. Not disposed by the call.
   */
  readonly input: tf.Tensor4D;
  /**
   * True in a training step: every BN uses batch statistics and updates its running statistics.
   * False at evaluation: BN layers with running statistics use them (cell BN in
   * `'batch-statistics'` mode always uses the batch).
   */
  readonly training: boolean;
}

/**
 * Single path, the same architecture in every cell (evaluation, SPOS-style training with one
 * architecture per step).
 *
 * @example
 * ```ts
 * const logits = supernet.forward({ input, training: false, architecture: [3, 3, 3, 1, 3, 2] });
 * ```
 */
export interface SinglePathForwardOptions extends ForwardBaseOptions {
  /** Six op indices, edge order `1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2`. */
  readonly architecture: Architecture;
  /** Not allowed with `architecture`: give exactly one of `architecture`, `architecturesPerCell`, `mixingWeights`. */
  readonly architecturesPerCell?: never;
  /** Not allowed with `architecture`: give exactly one of `architecture`, `architecturesPerCell`, `mixingWeights`. */
  readonly mixingWeights?: never;
  /** Only meaningful with `mixingWeights` (GDAS); not allowed on a single path. */
  readonly activeOperations?: never;
}

/**
 * Single path with its own architecture in every cell (the few-shot NAS release draws a fresh
 * random architecture for every cell in every training step).
 *
 * @example
 * ```ts
 * const perCell = Array.from({ length: supernet.cellCount }, () => nasBench201.sample(rng));
 * const logits = supernet.forward({ input, training: true, architecturesPerCell: perCell });
 * ```
 */
export interface PerCellForwardOptions extends ForwardBaseOptions {
  /** One architecture per cell, in network order ({@link Supernet.cellCount} of them). */
  readonly architecturesPerCell: readonly Architecture[];
  /** Not allowed with `architecturesPerCell`: give exactly one of `architecture`, `architecturesPerCell`, `mixingWeights`. */
  readonly architecture?: never;
  /** Not allowed with `architecturesPerCell`: give exactly one of `architecture`, `architecturesPerCell`, `mixingWeights`. */
  readonly mixingWeights?: never;
  /** Only meaningful with `mixingWeights` (GDAS); not allowed on a per-cell single path. */
  readonly activeOperations?: never;
}

/**
 * Continuous relaxation (DARTS, PC-DARTS without partial channels, SETN's mixture, GDAS): every
 * edge outputs `sum over ops o of w[edge, o] * o(x)`.
 *
 * With `activeOperations` (GDAS), only the active op of each edge is computed: the edge outputs
 * `w[edge, a] * a(x) + sum over o != a of w[edge, o]`. With straight-through one-hot weights
 * (see {@link gumbelSoftmaxMixingWeights}) the other terms are zero in value but carry gradient
 * to the architecture parameters.
 *
 * @example
 * ```ts
 * const weights = softmaxMixingWeights({ logits: alphas }); // [6, 5]
 * const logits = supernet.forward({ input, training: true, mixingWeights: weights });
 * ```
 */
export interface MixedForwardOptions extends ForwardBaseOptions {
  /**
   * A `[6, 5]` weight matrix (edge x op) shared by all cells, or one per cell. Gradients flow
   * into it. Ops outside a restricted supernet's region are left out of the sum.
   */
  readonly mixingWeights: tf.Tensor2D | readonly tf.Tensor2D[];
  /** GDAS: the one op to compute on each edge, shared by all cells or one per cell. */
  readonly activeOperations?: Architecture | readonly Architecture[];
  /** Not allowed with `mixingWeights`: give exactly one of `architecture`, `architecturesPerCell`, `mixingWeights`. */
  readonly architecture?: never;
  /** Not allowed with `mixingWeights`: give exactly one of `architecture`, `architecturesPerCell`, `mixingWeights`. */
  readonly architecturesPerCell?: never;
}

/**
 * Options of {@link Supernet.forward}: exactly one of `architecture`, `architecturesPerCell`
 * or `mixingWeights` chooses the path.
 *
 * @example
 * ```ts
 * const options: SupernetForwardOptions = { input, training: false, architecture: [1, 2, 3, 4, 0, 1] };
 * ```
 */
export type SupernetForwardOptions = SinglePathForwardOptions | PerCellForwardOptions | MixedForwardOptions;

/**
 * What {@link Supernet.forwardDetailed} and {@link StandaloneNetwork.forwardDetailed} return. The
 * caller owns (and must dispose) every tensor.
 *
 * @example
 * ```ts
 * const { logits, features, layerOutputs } = network.forwardDetailed({ input, training: false });
 * layerOutputs.map((layer) => layer.shape); // stem, cells and reductions in order
 * tf.dispose([logits, features, ...layerOutputs]);
 * ```
 */
export interface NetworkOutputs {
  /** `[batch, classes]` scores before softmax. */
  readonly logits: tf.Tensor2D;
  /** `[batch, 4C]` globally pooled features (after the final BN + ReLU), the classifier's input. */
  readonly features: tf.Tensor2D;
  /**
   * The output of every layer in order: stem, N cells, reduction, N cells, reduction, N cells
   * (3N + 3 tensors of shape `[batch, height, width, channels]`).
   */
  readonly layerOutputs: readonly tf.Tensor4D[];
}

/**
 * Options of `save`: the folder to write (created; an existing weights folder is replaced).
 *
 * @example
 * ```ts
 * await supernet.save({ directory: 'checkpoints/one-shot' });
 * ```
 */
export interface SaveOptions {
  /** Folder to write `manifest.json` and `weights.bin` into. */
  readonly directory: string;
}

/**
 * Options of `load`, {@link loadSupernet} and {@link loadStandaloneNetwork}.
 *
 * @example
 * ```ts
 * const restored = await loadSupernet({ directory: 'checkpoints/one-shot' });
 * ```
 */
export interface LoadOptions {
  /** Folder written by `save`. */
  readonly directory: string;
}
