import type { Architecture, RegionJson } from '@fewshot/core';
import type { ResolvedAutoGanSearchOptions } from './search-options.js';

/**
 * An architecture scored by the reward (an Inception Score of generated images).
 *
 * @example
 * ```ts
 * const candidate: AutoGanCandidate = { architecture: [1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 1, 0, 3], reward: 6.1, rescoredReward: 6.3 };
 * ```
 */
export interface AutoGanCandidate {
  /** The 14-integer architecture (decisions of cells the search had not reached are placeholders). */
  readonly architecture: Architecture;
  /** The reward when it was sampled (`rewardSamples` images). */
  readonly reward: number;
  /** The reward at the end of the search on `rescoreSamples` images (the same latents for every candidate). */
  readonly rescoredReward?: number;
}

/**
 * The candidates sampled at a grow step (or at the end), best first, of which the first
 * `beamWidth` were kept.
 *
 * @example
 * ```ts
 * const beam: AutoGanBeam = { iteration: 15, stage: 0, candidates: [], kept: 5 };
 * ```
 */
export interface AutoGanBeam {
  /** The iteration at whose start they were sampled (maxIterations for the final one). */
  readonly iteration: number;
  /** The stage whose cell they decided. */
  readonly stage: number;
  /** Every sampled candidate, best reward first. */
  readonly candidates: readonly AutoGanCandidate[];
  /** How many of them were kept (the beam width). */
  readonly kept: number;
}

/**
 * What one search iteration did.
 *
 * @example
 * ```ts
 * const summary: AutoGanIterationSummary = {
 *   iteration: 0, stage: 0, discriminatorSteps: 200, generatorSteps: 40, meanDiscriminatorLoss: 1.6, meanGeneratorLoss: 0.3,
 *   reset: false, controllerSteps: 10, meanReward: 3.2, meanEntropy: 3.9, seconds: 41,
 * };
 * ```
 */
export interface AutoGanIterationSummary {
  /** The search iteration (0-based). */
  readonly iteration: number;
  /** The stage it ran in (0, 1 or 2). */
  readonly stage: number;
  /** D steps of its shared training. */
  readonly discriminatorSteps: number;
  /** G steps of its shared training. */
  readonly generatorSteps: number;
  /** Mean hinge loss of D over the iteration (null without D steps). */
  readonly meanDiscriminatorLoss: number | null;
  /** Mean hinge loss of G over the iteration (null without G steps). */
  readonly meanGeneratorLoss: number | null;
  /** Whether dynamic reset fired (the shared GAN was re-initialised after the controller step). */
  readonly reset: boolean;
  /** REINFORCE updates of the controller. */
  readonly controllerSteps: number;
  /** Mean reward over the controller steps (null without controller steps). */
  readonly meanReward: number | null;
  /** Mean summed entropy of the controller's decisions. */
  readonly meanEntropy: number | null;
  /** Wall-clock seconds of the iteration (with any grow-step scoring at its start). */
  readonly seconds: number;
}

/**
 * Compute spent by a search.
 *
 * @example
 * ```ts
 * const totals: AutoGanSearchTotals = { discriminatorSteps: 1800, generatorSteps: 360, controllerSteps: 90, rewardEvaluations: 130, rewardImages: 65000, seconds: 600 };
 * ```
 */
export interface AutoGanSearchTotals {
  /** Shared-training D steps. */
  readonly discriminatorSteps: number;
  /** Shared-training G steps. */
  readonly generatorSteps: number;
  /** REINFORCE updates. */
  readonly controllerSteps: number;
  /** Rewards computed (controller steps, candidates, re-scoring). */
  readonly rewardEvaluations: number;
  /** Images generated and classified for rewards. */
  readonly rewardImages: number;
  /** Wall-clock seconds of this search (summed over resumed sessions). */
  readonly seconds: number;
}

/**
 * The result of {@link runAutoGanSearch}; plain JSON.
 *
 * @example
 * ```ts
 * const best = result.top[0]!.architecture;
 * ```
 */
export interface AutoGanSearchResult {
  /** The seed the search ran with. */
  readonly seed: number | string;
  /** The region searched (the whole space for one-shot, a sub-supernet's region for few-shot). */
  readonly region: RegionJson;
  /** 0, or the iteration a forked search started at. */
  readonly startIteration: number;
  /** The fork label, when the search continued from a snapshot. */
  readonly forkedFrom?: string;
  /** The settings, every default filled in. */
  readonly options: ResolvedAutoGanSearchOptions;
  /** The grow steps' candidates and the final ones. */
  readonly beams: readonly AutoGanBeam[];
  /** The final `candidates` architectures, best reward first. */
  readonly finalCandidates: readonly AutoGanCandidate[];
  /** The final top `beamWidth`, re-scored, best re-scored reward first. */
  readonly top: readonly AutoGanCandidate[];
  /** One summary per iteration this search ran (from `startIteration`). */
  readonly iterations: readonly AutoGanIterationSummary[];
  /** Iterations at which dynamic reset fired. */
  readonly resets: readonly number[];
  /** The compute it spent. */
  readonly totals: AutoGanSearchTotals;
}

/**
 * Progress of {@link runAutoGanSearch}.
 *
 * @example
 * ```ts
 * const onEvent = (event: AutoGanSearchEvent) => {
 *   if (event.type === 'iteration-end') console.log(event.summary.iteration, event.summary.meanReward);
 * };
 * ```
 */
export type AutoGanSearchEvent =
  | {
      /** The event kind. */
      readonly type: 'search-start';
      /** The first iteration this call runs. */
      readonly startIteration: number;
      /** The iterations the search runs in total. */
      readonly maxIterations: number;
      /** True when it continues from a checkpoint. */
      readonly resumed: boolean;
      /** True when it starts from a snapshot (few-shot). */
      readonly forked: boolean;
    }
  | {
      /** The event kind. */
      readonly type: 'stage-start';
      /** The iteration at whose start the stage begins. */
      readonly iteration: number;
      /** The new stage. */
      readonly stage: number;
      /** The previous stage's kept architectures. */
      readonly beam: readonly AutoGanCandidate[];
    }
  | {
      /** The event kind. */
      readonly type: 'shared-step';
      /** The search iteration. */
      readonly iteration: number;
      /** The D step within the iteration. */
      readonly step: number;
      /** The D step's hinge loss. */
      readonly discriminatorLoss: number;
      /** Present when a G step ran. */
      readonly generatorLoss?: number;
    }
  | {
      /** The event kind. */
      readonly type: 'controller-step';
      /** The search iteration. */
      readonly iteration: number;
      /** The REINFORCE step within the iteration. */
      readonly step: number;
      /** The sampled architecture. */
      readonly architecture: Architecture;
      /** Its reward (IS). */
      readonly reward: number;
      /** The summed entropy of the controller's decisions. */
      readonly entropy: number;
    }
  | {
      /** The event kind. */
      readonly type: 'dynamic-reset';
      /** The search iteration. */
      readonly iteration: number;
      /** Population variance of the G-loss window when it fired. */
      readonly generatorLossVariance: number;
      /** Population variance of the D-loss window when it fired. */
      readonly discriminatorLossVariance: number;
    }
  | {
      /** The event kind. */
      readonly type: 'candidates-scored';
      /** The scored candidates of a grow step or of the end. */
      readonly beam: AutoGanBeam;
    }
  | {
      /** The event kind. */
      readonly type: 'iteration-end';
      /** What the iteration did. */
      readonly summary: AutoGanIterationSummary;
    }
  | {
      /** The event kind. */
      readonly type: 'checkpoint-saved';
      /** The next iteration to run. */
      readonly iteration: number;
      /** The checkpoint file. */
      readonly path: string;
    }
  | {
      /** The event kind. */
      readonly type: 'search-end';
      /** The search's result. */
      readonly result: AutoGanSearchResult;
    };
