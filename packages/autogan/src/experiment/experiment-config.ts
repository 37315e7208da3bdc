import type { ResolvedAutoGanSearchOptions } from '../search/search-options.js';

/**
 * How few-shot AutoGAN gives compute to its sub-supernets.
 *
 * - `'matched'`: the same total compute as one-shot: after the shared warm-up, each of the K
 *   sub-supernets gets 1/K of the remaining shared-training steps and controller steps per
 *   iteration (rounded, at least 1);
 * - `'per-sub-supernet'`: each sub-supernet gets one-shot's full per-iteration budget
 *   (about K times the remaining compute, the paper's "small increase of cost" spirit).
 *
 * @example
 * ```ts
 * const budget: FewShotBudget = 'matched';
 * ```
 */
export type FewShotBudget = 'matched' | 'per-sub-supernet';

/**
 * A classifier of the built-in metrics: its widths and training.
 *
 * @example
 * ```ts
 * const classifier: ClassifierConfig = { widths: [32, 64, 128], epochs: 2, batchSize: 128, learningRate: 0.001, seed: 101 };
 * ```
 */
export interface ClassifierConfig {
  /** Channels of the three conv stages; the last is the feature dimension. */
  readonly widths: readonly [number, number, number];
  /** Training epochs on the training split. */
  readonly epochs: number;
  /** Training batch size. */
  readonly batchSize: number;
  /** Adam learning rate. */
  readonly learningRate: number;
  /** Seeds its initialisation and data order. */
  readonly seed: number;
}

/**
 * A validated AutoGAN experiment configuration (`"kind": "autogan"`), every default filled
 * in; what {@link parseAutoGanExperimentConfig} returns and {@link runAutoGanExperiment} runs.
 *
 * @example
 * ```ts
 * const config = parseAutoGanExperimentConfig({ json: { kind: 'autogan', seeds: [1] }, directory: process.cwd() });
 * config.fewShot.decision; // 2 (cell1.upsampling)
 * ```
 */
export interface AutoGanExperimentConfig {
  /** Always `autogan`. */
  readonly kind: 'autogan';
  /** The experiment's name (reports, default output folder). */
  readonly name: string;
  /** One full comparison per seed. */
  readonly seeds: readonly number[];
  /** The TensorFlow.js backend to activate (`@fewshot/backend`'s names); undefined: keep the current one. */
  readonly backend: 'auto' | 'node-gpu' | 'node' | 'wasm' | 'cpu' | undefined;
  /** The images: Fashion-MNIST, padded to 32 x 32 for the GAN, 28 x 28 for the classifiers. */
  readonly data: {
    /** `fashion-mnist`: the full 60k/10k (Debian's package or `directory`); `embedded-fashion-mnist`: the 10k/2k subset in @fewshot/datasets. */
    readonly source: 'fashion-mnist' | 'embedded-fashion-mnist';
    /** Absolute folder of the IDX files (fashion-mnist only). */
    readonly directory: string | undefined;
    /** Use a seeded random subset of this many training images (all when undefined). */
    readonly trainImages: number | undefined;
    /** Use a seeded random subset of this many test images (all when undefined). */
    readonly testImages: number | undefined;
  };
  /** The search settings (AutoGAN's defaults; grey images: outputChannels 1). */
  readonly search: ResolvedAutoGanSearchOptions;
  /** Few-shot AutoGAN. */
  readonly fewShot: {
    /** Whether to run few-shot AutoGAN (else one-shot only). */
    readonly enabled: boolean;
    /** The split decision's index in the 14-vector. */
    readonly decision: number;
    /** The one-shot iteration at whose start the sub-supernets fork (the warm-up length). */
    readonly forkIteration: number;
    /** The budgets to compare with one-shot. */
    readonly budgets: readonly FewShotBudget[];
  };
  /** Training the found architectures from scratch (AutoGAN's `train_derived.py`). */
  readonly finalTraining: {
    /** How many of each method's top (re-scored) architectures are trained from scratch. */
    readonly architectures: number;
    /** gf_dim of the final generator (AutoGAN: 256). */
    readonly generatorChannels: number;
    /** df_dim of the final discriminator (AutoGAN: 128). */
    readonly discriminatorChannels: number;
    /** G steps (AutoGAN: 50,000). */
    readonly generatorSteps: number;
    /** n_critic. */
    readonly criticSteps: number;
    /** Real images per D step. */
    readonly discriminatorBatchSize: number;
    /** Images per G step. */
    readonly generatorBatchSize: number;
    /** Adam learning rate. */
    readonly learningRate: number;
    /** Adam beta1. */
    readonly beta1: number;
    /** Adam beta2. */
    readonly beta2: number;
    /** EMA decay of G's parameters. */
    readonly averageDecay: number;
  };
  /** The built-in classifier metrics. */
  readonly metrics: {
    /** The classifier whose IS is the search reward (classifier A). */
    readonly rewardClassifier: ClassifierConfig;
    /** The independently trained classifier of the final numbers (classifier B). */
    readonly evaluationClassifier: ClassifierConfig;
    /** Generated (and real reference) images per final score: the fixed sample size. */
    readonly samples: number;
    /** IS splits. */
    readonly splits: number;
  };
  /** Absolute folder for checkpoints, caches and the report. */
  readonly output: string;
}
