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
  readonly kind: 'one-shot' | 'equal-budget' | 'few-shot';
  /** Supernet training steps behind these estimates, the one-shot supernet's included. */
  readonly trainingSteps: number;
  /** Seconds of training behind these estimates (added up over processes). */
  readonly trainingSeconds: number;
  /** Sub-supernets of the ensemble (1 for one-shot). */
  readonly supernets: number;
  /** The regions of the sub-supernets and why they were split so. */
  readonly regions: readonly { readonly label: string; readonly size: number }[];
  /** The split decisions, level by level (few-shot only). */
  readonly plans: readonly { readonly level: number; readonly region: string; readonly decision: string; readonly groups: readonly string[]; readonly reason: string }[];
  /** The estimate (percent) of every ground-truth architecture, in the truth's order. */
  readonly estimates: readonly number[];
  /** Rank quality over all architectures. */
  readonly metrics: RankMetrics;
  /** Rank quality inside each region of the paper's split (edge 1<-0). */
  readonly perRegion: readonly GroupRankMetrics[];
  /** The architecture this variant ranks first, and how good it really is. */
  readonly topPick: { readonly architecture: string; readonly estimate: number; readonly trueAccuracy: number; readonly trueRank: number };
  /** Training loss per epoch of every supernet behind the variant. */
  readonly curves: readonly { readonly name: string; readonly history: readonly EpochRecord[] }[];
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
  readonly seed: number;
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
  readonly name: string;
  readonly kind: VariantResult['kind'];
  readonly trainingSteps: number;
  readonly kendallTau: Spread;
  readonly spearman: Spread;
  readonly precisionAtK: Spread;
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
  readonly mean: number;
  readonly standardDeviation: number;
  readonly minimum: number;
  readonly maximum: number;
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
  readonly format: 'fewshot-experiment-results';
  readonly version: 1;
  readonly config: ExperimentConfig;
  /** The architectures that were estimated, with their true accuracy and region, in estimate order. */
  readonly groundTruth: {
    readonly file: string;
    readonly count: number;
    readonly scoredOn: string;
    readonly architectures: readonly string[];
    readonly accuracies: readonly number[];
    readonly regions: readonly string[];
  };
  readonly machine: { readonly cpus: number; readonly node: string; readonly backend: string; readonly workers: number };
  readonly started: string;
  readonly finished: string;
  /** Wall-clock seconds of this run. */
  readonly seconds: number;
  readonly seeds: readonly SeedResult[];
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
