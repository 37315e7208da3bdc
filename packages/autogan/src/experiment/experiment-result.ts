import type { Architecture } from '@fewshot/core';
import type { AutoGanSearchEvent, AutoGanSearchTotals } from '../search/search-types.js';
import type { AutoGanExperimentConfig, FewShotBudget } from './experiment-config.js';

/**
 * Classifier scores of a set of images: the IS of its probabilities (mean and standard
 * deviation over the splits) and the Fréchet distance of its features to the test split.
 *
 * @example
 * ```ts
 * const scores: ClassifierScores = { inceptionScore: 7.1, inceptionScoreStandardDeviation: 0.1, frechetDistance: 3.4 };
 * ```
 */
export interface ClassifierScores {
  /** Inception Score: the mean over the splits. */
  readonly inceptionScore: number;
  /** Standard deviation of the IS over the splits. */
  readonly inceptionScoreStandardDeviation: number;
  /** Fréchet distance of the features to the test-split reference (lower is better). */
  readonly frechetDistance: number;
}

/**
 * A built-in classifier as trained and its real-data reference numbers.
 *
 * @example
 * ```ts
 * const info: ClassifierReport = { role: 'evaluation', widths: [32, 64, 128], epochs: 2, seed: 202, testAccuracy: 91.3, trainingSeconds: 600, cached: false, realTest: { inceptionScore: 9.1, inceptionScoreStandardDeviation: 0.1, frechetDistance: 0 }, floor: 0.42 };
 * ```
 */
export interface ClassifierReport {
  /** `reward`: classifier A, whose IS is the search reward; `evaluation`: classifier B, for the final numbers. */
  readonly role: 'reward' | 'evaluation';
  /** Channels of the three conv stages (the last is the feature dimension). */
  readonly widths: readonly [number, number, number];
  /** Training epochs. */
  readonly epochs: number;
  /** The seed. */
  readonly seed: number;
  /** Percent, on the full test split. */
  readonly testAccuracy: number;
  /** Wall-clock seconds of its training. */
  readonly trainingSeconds: number;
  /** True when loaded from the output folder's cache. */
  readonly cached: boolean;
  /** IS of `samples` real test images (a ceiling) and their FD to the reference (0 by construction). */
  readonly realTest: ClassifierScores;
  /** The real-vs-real floor: FD between `samples` random training images and the test reference. */
  readonly floor: number;
}

/**
 * One architecture trained from scratch and scored.
 *
 * @example
 * ```ts
 * const model: FinalModel = { architecture: [1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 1, 0, 3], searchReward: 5.2, trainingSeconds: 300, discriminatorSteps: 1000, generatorSteps: 200, reward: scoresA, evaluation: scoresB, cached: false };
 * ```
 */
export interface FinalModel {
  /** The 14-integer architecture. */
  readonly architecture: Architecture;
  /** Its re-scored reward in the (sub-)supernet that found it. */
  readonly searchReward: number;
  /** The sub-supernet (0-based) that found it, for few-shot. */
  readonly subSupernet?: number;
  /** Wall-clock seconds of its training. */
  readonly trainingSeconds: number;
  /** D steps. */
  readonly discriminatorSteps: number;
  /** G steps. */
  readonly generatorSteps: number;
  /** Scores under the reward classifier (A). */
  readonly reward: ClassifierScores;
  /** Scores under the independent classifier (B): the final numbers. */
  readonly evaluation: ClassifierScores;
  /** True when loaded from the output folder's cache instead of computed by this call. */
  readonly cached: boolean;
}

/**
 * One method's run for one seed: its search(es), candidates and final models.
 *
 * @example
 * ```ts
 * const run: MethodRun = result.seeds[0]!.methods[0]!;
 * console.log(run.method, run.selected?.evaluation.frechetDistance);
 * ```
 */
export interface MethodRun {
  /** `one-shot`, `few-shot (matched)` or `few-shot (per-sub-supernet)`. */
  readonly method: string;
  /** The few-shot budget (absent for one-shot). */
  readonly budget?: FewShotBudget;
  /** Compute of the whole method (for few-shot: the shared warm-up plus every sub-supernet). */
  readonly totals: AutoGanSearchTotals;
  /** Dynamic resets (for few-shot: in the warm-up and every sub-supernet). */
  readonly resets: number;
  /** For few-shot: each sub-supernet's region, compute and best candidate. */
  readonly subSupernets?: readonly {
    /** The fork label (budget and region). */
    readonly label: string;
    /** The sub-supernet's region, e.g. `cell1.upsampling in {nearest}`. */
    readonly region: string;
    /** Its compute (after the fork). */
    readonly totals: AutoGanSearchTotals;
    /** Its dynamic resets. */
    readonly resets: number;
    /** Its best re-scored candidate. */
    readonly best: {
      /** The 14-integer architecture. */
      readonly architecture: Architecture;
      /** Its re-scored reward. */
      readonly rescoredReward: number;
    };
  }[];
  /** The re-scored top candidates (pooled over sub-supernets for few-shot), best first. */
  readonly candidates: readonly {
    /** The 14-integer architecture. */
    readonly architecture: Architecture;
    /** Its reward re-scored at the end of its search. */
    readonly rescoredReward: number;
    /** The sub-supernet (0-based) that found it, for few-shot. */
    readonly subSupernet?: number;
  }[];
  /** The top candidates trained from scratch and scored. */
  readonly finalModels: readonly FinalModel[];
  /** The final model picked by the reward classifier's Fréchet distance (lowest). */
  readonly selected?: FinalModel;
}

/**
 * Mean and sample standard deviation over seeds.
 *
 * @example
 * ```ts
 * const statistic: SeedStatistic = { mean: 3.2, standardDeviation: 0.4, values: [2.8, 3.2, 3.6] };
 * ```
 */
export interface SeedStatistic {
  /** The mean over seeds. */
  readonly mean: number;
  /** Sample standard deviation (n - 1); 0 for one seed. */
  readonly standardDeviation: number;
  /** The per-seed values. */
  readonly values: readonly number[];
}

/**
 * A method's numbers over the seeds (of its selected final models).
 *
 * @example
 * ```ts
 * const row: MethodSummary = result.summary[0]!;
 * ```
 */
export interface MethodSummary {
  /** The method: `one-shot`, `few-shot (matched compute)` or `few-shot (full budget per sub-supernet)`. */
  readonly method: string;
  /** Seeds with a selected final model. */
  readonly seeds: number;
  /** FD under classifier B (the final numbers). */
  readonly evaluationFrechetDistance: SeedStatistic;
  /** IS under classifier B. */
  readonly evaluationInceptionScore: SeedStatistic;
  /** FD under classifier A (the reward classifier). */
  readonly rewardFrechetDistance: SeedStatistic;
  /** IS under classifier A. */
  readonly rewardInceptionScore: SeedStatistic;
  /** Search compute in seconds. */
  readonly searchSeconds: SeedStatistic;
  /** D steps. */
  readonly discriminatorSteps: SeedStatistic;
  /** Images generated and classified for rewards. */
  readonly rewardImages: SeedStatistic;
}

/**
 * What {@link runAutoGanExperiment} returns; plain JSON (write it with {@link writeAutoGanReport}).
 *
 * @example
 * ```ts
 * const result = await runAutoGanExperiment({ config, output: config.output });
 * result.summary.map((row) => [row.method, row.evaluationFrechetDistance.mean]);
 * ```
 */
export interface AutoGanExperimentResult {
  /** Always `autogan`. */
  readonly kind: 'autogan';
  /** The experiment's name. */
  readonly name: string;
  /** The configuration it ran. */
  readonly config: AutoGanExperimentConfig;
  /** The TensorFlow.js backend that ran it. */
  readonly backend: string;
  /** ISO time the call started. */
  readonly startedAt: string;
  /** ISO time the call finished. */
  readonly finishedAt: string;
  /** Wall-clock seconds of this call (cached phases cost nothing here; see each phase's own seconds). */
  readonly seconds: number;
  /** Compute seconds of all phases, cached ones included. */
  readonly computeSeconds: number;
  /** The data it used. */
  readonly data: {
    /** The data source. */
    readonly source: string;
    /** Training images used. */
    readonly trainImages: number;
    /** Test images used. */
    readonly testImages: number;
  };
  /** The two built-in classifiers: A (reward) and B (evaluation). */
  readonly classifiers: readonly ClassifierReport[];
  /** Seeds with a selected final model. */
  readonly seeds: readonly {
    /** The seed. */
    readonly seed: number;
    /** Every method's run for this seed. */
    readonly methods: readonly MethodRun[];
  }[];
  /** Per method, the selected final models' numbers over the seeds. */
  readonly summary: readonly MethodSummary[];
  /** Per seed, few-shot minus one-shot of the evaluation classifier's FD (negative: few-shot better). */
  readonly pairedDifferences: readonly {
    /** The few-shot method. */
    readonly method: string;
    /** Its FD minus one-shot's, under classifier B, per seed. */
    readonly evaluationFrechetDistance: SeedStatistic;
  }[];
}

/**
 * Progress of {@link runAutoGanExperiment}.
 *
 * @example
 * ```ts
 * const onEvent = (event: AutoGanExperimentEvent) => { if (event.type === 'phase-end') console.log(event.phase, event.seconds); };
 * ```
 */
export type AutoGanExperimentEvent =
  | {
      /** The event kind. */
      readonly type: 'phase-start';
      /** The phase, e.g. `reward classifier`, `search one-shot`, `final training 1 0 1 1 ...`. */
      readonly phase: string;
      /** The seed, for per-seed phases. */
      readonly seed?: number;
    }
  | {
      /** The event kind. */
      readonly type: 'phase-end';
      /** The phase. */
      readonly phase: string;
      /** The seed, for per-seed phases. */
      readonly seed?: number;
      /** Wall-clock seconds of the phase in this call. */
      readonly seconds: number;
      /** True when it came from the output folder's cache. */
      readonly cached: boolean;
    }
  | {
      /** The event kind. */
      readonly type: 'classifier-epoch';
      /** Which classifier. */
      readonly role: 'reward' | 'evaluation';
      /** The epoch that ended (1-based). */
      readonly epoch: number;
      /** Epochs in total. */
      readonly epochs: number;
      /** Mean training loss of the epoch. */
      readonly loss: number;
      /** Training accuracy of the epoch in percent. */
      readonly trainAccuracy: number;
    }
  | {
      /** The event kind. */
      readonly type: 'search';
      /** The seed. */
      readonly seed: number;
      /** Which search: `one-shot` or `few-shot <budget> <k>/<K> (<region>)`. */
      readonly run: string;
      /** The search's own event. */
      readonly event: AutoGanSearchEvent;
    }
  | {
      /** The event kind. */
      readonly type: 'final-training';
      /** The seed. */
      readonly seed: number;
      /** The architecture being trained. */
      readonly architecture: Architecture;
      /** G steps done. */
      readonly generatorStep: number;
      /** G steps in total. */
      readonly generatorSteps: number;
      /** The last D loss. */
      readonly discriminatorLoss: number;
      /** The last G loss. */
      readonly generatorLoss: number;
    }
  | {
      /** The event kind. */
      readonly type: 'model-evaluated';
      /** The seed. */
      readonly seed: number;
      /** The method whose candidate it is. */
      readonly method: string;
      /** The trained and scored model. */
      readonly model: FinalModel;
    };
