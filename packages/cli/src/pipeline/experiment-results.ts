import type { GroupRankMetrics, RankMetrics } from '@fewshot/benchmarks';
import type { EpochRecord } from '@fewshot/trainers';
import type { ExperimentConfig } from '../config/experiment-config.js';

/**
 * One way of estimating accuracies: the one-shot supernet, the equal-budget one-shot
 * supernet, or a few-shot ensemble of sub-supernets.
 *
 * @example
 * ```ts
 * const variant: VariantResult = results.seeds[0].variants[0];
 * console.log(variant.name, variant.metrics.kendallTau);
 * ```
 */
export interface VariantResult {
  /** `one-shot`, `one-shot, equal budget`, or the split's name. */
  readonly name: string;
  /**
   * `one-shot`: the one-shot supernet alone; `equal-budget`: the one-shot supernet trained on for
   * as many extra epochs as the first split's sub-supernets together; `few-shot`: an ensemble of
   * sub-supernets.
   */
  readonly kind: 'one-shot' | 'equal-budget' | 'few-shot';
  /** Supernet training steps behind these estimates, the one-shot supernet's included. */
  readonly trainingSteps: number;
  /** Seconds of training behind these estimates (added up over processes). */
  readonly trainingSeconds: number;
  /** Sub-supernets of the ensemble (1 for one-shot). */
  readonly supernets: number;
  /** The regions of the sub-supernets and why they were split so. */
  readonly regions: readonly {
    /** The region's readable label, e.g. `1<-0 in {nor_conv_3x3}` or `whole space`. */
    readonly label: string;
    /** Number of architectures in the region. */
    readonly size: number;
  }[];
  /** The split decisions, level by level (few-shot only; empty for one-shot variants). */
  readonly plans: readonly {
    /** The 1-based split level. */
    readonly level: number;
    /** Label of the region that was split. */
    readonly region: string;
    /** Label of the edge it was split on, e.g. `1<-0`. */
    readonly decision: string;
    /** The operation names of each child, comma-separated, one string per child. */
    readonly groups: readonly string[];
    /** Why the planner chose this split (the criterion's scores, in words). */
    readonly reason: string;
  }[];
  /** The estimate (percent) of every ground-truth architecture, in the truth's order. */
  readonly estimates: readonly number[];
  /** Rank quality over all architectures. */
  readonly metrics: RankMetrics;
  /** Rank quality inside each region of the paper's split (edge 1<-0). */
  readonly perRegion: readonly GroupRankMetrics[];
  /** The architecture this variant ranks first, and how good it really is. */
  readonly topPick: {
    /** The architecture in NAS-Bench-201 string form (`|nor_conv_3x3~0|+|...|`). */
    readonly architecture: string;
    /** Its estimate, percent (the highest of all estimates). */
    readonly estimate: number;
    /** Its true accuracy from the ground truth, percent. */
    readonly trueAccuracy: number;
    /** Its 1-based rank by true accuracy among the ground-truth architectures (1 = the best). */
    readonly trueRank: number;
  };
  /** Training loss per epoch of every supernet behind the variant. */
  readonly curves: readonly {
    /** The training job's id without the seed prefix, e.g. `one-shot` or `paper-split/level-1-0-3`. */
    readonly name: string;
    /** One record per epoch (loss, training accuracy in percent, learning rate, seconds). */
    readonly history: readonly EpochRecord[];
  }[];
}

/**
 * Everything one seed of an experiment produced.
 *
 * @example
 * ```ts
 * const seed: SeedResult = results.seeds[0];
 * ```
 */
export interface SeedResult {
  /** The seed of this repetition (from `config.seeds`). */
  readonly seed: number;
  /** One result per variant: `one-shot`, then `one-shot, equal budget` (when enabled), then one per split. */
  readonly variants: readonly VariantResult[];
}

/**
 * The mean and spread over seeds of one variant's metrics.
 *
 * @example
 * ```ts
 * const row: VariantSummary = results.summary[0];
 * console.log(`${row.name}: tau ${row.kendallTau.mean.toFixed(3)} ± ${row.kendallTau.standardDeviation.toFixed(3)}`);
 * ```
 */
export interface VariantSummary {
  /** The variant's name, as in {@link VariantResult.name}. */
  readonly name: string;
  /** The variant's kind, as in {@link VariantResult.kind}. */
  readonly kind: VariantResult['kind'];
  /** Supernet training steps behind the variant's estimates (those of the first seed). */
  readonly trainingSteps: number;
  /** Kendall tau-b between estimates and true accuracies, over seeds. */
  readonly kendallTau: Spread;
  /** Spearman's rho between estimates and true accuracies, over seeds. */
  readonly spearman: Spread;
  /** Precision at top-k (k = 10% of the architectures, at least 1), over seeds; in [0, 1]. */
  readonly precisionAtK: Spread;
  /** True accuracy (percent) of the architecture the variant ranks first, over seeds. */
  readonly topPickTrueAccuracy: Spread;
}

/**
 * Mean, sample standard deviation, minimum and maximum over seeds.
 *
 * @example
 * ```ts
 * const spread: Spread = { mean: 0.42, standardDeviation: 0.03, minimum: 0.39, maximum: 0.45, values: [0.39, 0.42, 0.45] };
 * ```
 */
export interface Spread {
  /** Mean of the finite values (non-finite ones, such as an undefined tau, are left out). */
  readonly mean: number;
  /** Sample standard deviation (n - 1) of the finite values; 0 for fewer than two. */
  readonly standardDeviation: number;
  /** Smallest finite value; NaN when there is none. */
  readonly minimum: number;
  /** Largest finite value; NaN when there is none. */
  readonly maximum: number;
  /** Every value, one per seed in seed order (including non-finite ones). */
  readonly values: readonly number[];
}

/**
 * The machine-readable result of `fewshot run` (`results.json`).
 *
 * @example
 * ```ts
 * const results = JSON.parse(await readFile('runs/default/results.json', 'utf8')) as ExperimentResults;
 * ```
 */
export interface ExperimentResults {
  /** Always `fewshot-experiment-results`: marks the file's kind. */
  readonly format: 'fewshot-experiment-results';
  /** The format's version; 1 so far. */
  readonly version: 1;
  /** The complete configuration the run used, defaults filled in. */
  readonly config: ExperimentConfig;
  /** The architectures that were estimated, with their true accuracy and region, in estimate order. */
  readonly groundTruth: {
    /** Absolute path of the ground-truth table. */
    readonly file: string;
    /** Number of architectures estimated. */
    readonly count: number;
    /** What the true accuracies were measured on (from the table). */
    readonly scoredOn: string;
    /** Each architecture in NAS-Bench-201 string form. */
    readonly architectures: readonly string[];
    /** Each architecture's true accuracy, percent. */
    readonly accuracies: readonly number[];
    /** Each architecture's region of the paper's split (the operation on edge `1<-0`). */
    readonly regions: readonly string[];
  };
  /** Where the run happened. */
  readonly machine: {
    /** Logical CPUs of the machine (`os.availableParallelism()`). */
    readonly cpus: number;
    /** Node.js version, e.g. `v20.20.2`. */
    readonly node: string;
    /** The TensorFlow.js backend the main process selected (`cpu`, `wasm`, ...). */
    readonly backend: string;
    /** Worker processes used (`config.workers`). */
    readonly workers: number;
  };
  /** ISO 8601 time the run started. */
  readonly started: string;
  /** ISO 8601 time the run finished. */
  readonly finished: string;
  /** Wall-clock seconds of this run. */
  readonly seconds: number;
  /** The full results of every seed, in `config.seeds` order. */
  readonly seeds: readonly SeedResult[];
  /** One row per variant: its metrics' spread over seeds. */
  readonly summary: readonly VariantSummary[];
}

/** Mean, sample standard deviation, minimum and maximum of `values`. */
export function spreadOf(values: readonly number[]): Spread {
  const finite = values.filter(Number.isFinite);
  const mean = finite.reduce((sum, value) => sum + value, 0) / Math.max(1, finite.length);
  const variance = finite.length > 1 ? finite.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (finite.length - 1) : 0;
  return {
    mean,
    standardDeviation: Math.sqrt(variance),
    minimum: finite.length > 0 ? Math.min(...finite) : Number.NaN,
    maximum: finite.length > 0 ? Math.max(...finite) : Number.NaN,
    values,
  };
}
