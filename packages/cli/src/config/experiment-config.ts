/**
 * Where the images come from and how they are prepared.
 *
 * @example
 * ```ts
 * const data: DataConfig = { source: 'embedded-fashion-mnist', resize: { height: 16, width: 16 }, augmentation: { padding: 2, horizontalFlip: true } };
 * ```
 */
export interface DataConfig {
  /**
   * `embedded-fashion-mnist`: the 10,000 + 2,000 image subset inside `@fewshot/datasets`;
   * `fashion-mnist` / `mnist`: IDX files in `directory` (Fashion-MNIST defaults to Debian's
   * `/usr/share/datasets/fashion-mnist`); `cifar10` / `cifar100`: the binary versions in `directory`.
   */
  readonly source: 'embedded-fashion-mnist' | 'fashion-mnist' | 'mnist' | 'cifar10' | 'cifar100';
  /** Folder of the files, for the sources that read files. */
  readonly directory?: string;
  /** Resize every image (Pillow-exact bilinear) before training. */
  readonly resize?: {
    /** Target height in pixels; a multiple of 4 (the network halves it twice), at least 4. */
    readonly height: number;
    /** Target width in pixels; a multiple of 4, at least 4. */
    readonly width: number;
  };
  /** Train on a class-balanced subset of this many training images per class (seeded). */
  readonly trainPerClass?: number;
  /** Random crop padding and horizontal flip during training. */
  readonly augmentation: {
    /** Zero padding in pixels on every side before a random crop back to size (0-16; 0 disables the crop). Default 2. */
    readonly padding: number;
    /** Flip each training image horizontally with probability 1/2. Default true. */
    readonly horizontalFlip: boolean;
  };
}

/**
 * The size of the NAS-Bench-201 network.
 *
 * @example
 * ```ts
 * const network: NetworkConfig = { channels: 8, cellsPerStage: 1, cellBatchNorm: 'batch-statistics' };
 * ```
 */
export interface NetworkConfig {
  /** Channels of the first stage, C. */
  readonly channels: number;
  /** Cells per stage, N. */
  readonly cellsPerStage: number;
  /** How the supernet's cell BN computes statistics (the paper: batch statistics). */
  readonly cellBatchNorm: 'batch-statistics' | 'running-statistics';
}

/**
 * One training schedule (one-shot supernet, each sub-supernet, or each ground-truth network).
 *
 * @example
 * ```ts
 * const schedule: TrainingConfig = {
 *   epochs: 8, batchSize: 64, learningRate: { initial: 0.05, final: 0.001 },
 *   momentum: 0.9, nesterov: true, weightDecay: 1e-4, sampling: 'per-cell',
 * };
 * ```
 */
export interface TrainingConfig {
  /** Epochs over the training set. */
  readonly epochs: number;
  /** Examples per step. */
  readonly batchSize: number;
  /** Cosine schedule per iteration from `initial` to `final`. */
  readonly learningRate: {
    /** Learning rate of the first step (> 0). Default 0.05. */
    readonly initial: number;
    /** Learning rate reached at the last step (>= 0). Default 0.001. */
    readonly final: number;
  };
  /** SGD momentum. */
  readonly momentum: number;
  /** Nesterov momentum. */
  readonly nesterov: boolean;
  /** L2 weight decay. */
  readonly weightDecay: number;
  /** Global-norm gradient clipping, when set. */
  readonly gradientClipNorm?: number;
  /** Supernet path sampling: one architecture per cell (the release) or per step. */
  readonly sampling: 'per-cell' | 'per-step';
}

/**
 * How one few-shot variant splits the one-shot supernet.
 *
 * - `fixed-edge`: one split of one edge, by default one child per operation (the paper: edge
 *   `1<-0`, five sub-supernets).
 * - `gradient-matching`: GM-NAS; at each level, every current sub-supernet is split on the edge
 *   whose operations' gradients disagree most, into `groups` groups by minimum cut.
 * - `random`: at each level, every current sub-supernet is split on a random edge into `groups`
 *   random groups (a control for gradient matching).
 *
 * Every level's children are trained for `subSupernets.epochs` epochs before the next level.
 *
 * @example
 * ```ts
 * const paper: SplitConfig = { name: 'paper split', criterion: 'fixed-edge', edge: '1<-0', initialization: 'copy' };
 * const matched: SplitConfig = { name: 'gradient matching', criterion: 'gradient-matching', levels: 2, groups: 2, batches: 4, distance: 'cosine', initialization: 'copy' };
 * ```
 */
export type SplitConfig =
  | {
      /** The variant's name in the report; default the criterion. */
      readonly name: string;
      /** Split one given edge once. */
      readonly criterion: 'fixed-edge';
      /** The edge label, e.g. `1<-0`. */
      readonly edge: string;
      /** Operation names per child; default one child per operation. */
      readonly groups?: readonly (readonly string[])[];
      /**
       * `copy` (default): the children start from their parent's trained weights (the paper);
       * `reinitialize`: they start from fresh seeded weights (a control).
       */
      readonly initialization: 'copy' | 'reinitialize';
    }
  | {
      /** The variant's name in the report; default the criterion. */
      readonly name: string;
      /** Split on the edge whose operations' gradients disagree most (GM-NAS). */
      readonly criterion: 'gradient-matching';
      /** Split levels (2 levels of 2 groups: 4 sub-supernets). */
      readonly levels: number;
      /** Groups per split. */
      readonly groups: number;
      /** Batches whose gradients are compared. */
      readonly batches: number;
      /** Distance between the gradients of two operations. */
      readonly distance: 'cosine' | 'per-filter-cosine' | 'mse';
      /**
       * `copy` (default): the children start from their parent's trained weights (the paper);
       * `reinitialize`: they start from fresh seeded weights (a control).
       */
      readonly initialization: 'copy' | 'reinitialize';
    }
  | {
      /** The variant's name in the report; default the criterion. */
      readonly name: string;
      /** Split on a random edge into random groups (the control for gradient matching). */
      readonly criterion: 'random';
      /** Split levels (1-6; default 2): every current sub-supernet is split again at each level. */
      readonly levels: number;
      /** Groups per split (2-5; default 2). */
      readonly groups: number;
      /**
       * `copy` (default): the children start from their parent's trained weights (the paper);
       * `reinitialize`: they start from fresh seeded weights (a control).
       */
      readonly initialization: 'copy' | 'reinitialize';
    };

/**
 * The true accuracies the estimates are compared with: a ground-truth table written by
 * `fewshot ground-truth` (architectures trained from scratch on the same data).
 *
 * @example
 * ```ts
 * const truth: GroundTruthSource = { kind: 'table', file: '../data/ground-truth/fashion-mnist-16px-c8-n1.json' };
 * ```
 */
export interface GroundTruthSource {
  /** Always `table`: a JSON table written by `fewshot ground-truth` (the only kind so far). */
  readonly kind: 'table';
  /** Path of the JSON table (relative paths are relative to the config file). */
  readonly file: string;
}

/**
 * A complete few-shot vs one-shot experiment, as read from a `fewshot run` config file.
 *
 * @example
 * ```ts
 * import { parseExperimentConfig } from '@fewshot/cli';
 * const config: ExperimentConfig = parseExperimentConfig({
 *   json: { name: 'tiny', seeds: [1], groundTruth: { kind: 'table', file: 'truth.json' } },
 *   directory: process.cwd(),
 * });
 * ```
 */
export interface ExperimentConfig {
  /** A name for the report. */
  readonly name: string;
  /** One full repetition of the experiment per seed. */
  readonly seeds: readonly number[];
  /** The images (source, resizing, subset, augmentation); the same for every training. */
  readonly data: DataConfig;
  /** The size of the supernets (and of the ground truth's standalone networks). */
  readonly network: NetworkConfig;
  /** The one-shot supernet's schedule. */
  readonly oneShot: TrainingConfig;
  /** Each sub-supernet's schedule (per split level). */
  readonly subSupernets: TrainingConfig;
  /** The few-shot variants. */
  readonly splits: readonly SplitConfig[];
  /**
   * Also train a one-shot supernet for as many extra epochs as the first split's sub-supernets
   * together (continuing from the one-shot weights, with a fresh schedule): the equal-budget
   * control.
   */
  readonly equalBudget: boolean;
  /** How estimates are computed. */
  readonly evaluation: {
    /** Examples per forward pass (batch statistics in the cells depend on it). */
    readonly batchSize: number;
    /** The data the supernets score architectures on. */
    readonly split: 'test';
  };
  /** The architectures to estimate and their true accuracies. */
  readonly groundTruth: GroundTruthSource;
  /** Training processes to run at once (sub-supernets train in parallel). */
  readonly workers: number;
  /** Output folder (relative paths are relative to the current directory). */
  readonly output: string;
}
