import type { Architecture } from '@fewshot/core';
import type {
  GradientSearchMethod,
  GradientSearchSession,
  GradientSearchSessionContext,
  GradientSearchStepOptions,
} from '../contracts/gradient-search-method.js';
import type { ArchitectureOptimizerOptions, WeightTrainingOptions } from '../contracts/method-options.js';
import { AlphaSessionBase } from '../internal/alpha-session.js';
import { withFrozenStatisticsAsync } from '../internal/frozen-statistics.js';
import {
  architectureSettingsJson,
  releaseWeightSettings,
  resolveArchitectureSettings,
  resolveWeightSettings,
  weightSettingsJson,
  type ArchitectureSettings,
  type WeightSettings,
} from '../internal/method-settings.js';
import { argmaxIndex, scoreBatch, type Forward } from '../internal/steps.js';
import { optionalInteger, requireOptions } from '../internal/validate.js';

/**
 * Options of {@link createSetn}. Defaults are the NAS-Bench-201 release's SETN
 * (exps/NAS-Bench-201-algos/SETN.py, scripts-search/NAS-Bench-201-algos/SETN.sh,
 * configs/nas-benchmark/algos/SETN.config).
 *
 * @example
 * ```ts
 * const options: SetnOptions = { candidates: 100 };
 * ```
 */
export interface SetnOptions {
  /** Weights: SGD lr 0.025 -> 0.001 cosine, momentum 0.9 (Nesterov), weight decay 5e-4, no clipping. */
  readonly weights?: WeightTrainingOptions;
  /** Alpha: Adam lr 3e-4, betas 0.5 / 0.999, weight decay 1e-3, init 1e-3 N(0, 1). */
  readonly architecture?: ArchitectureOptimizerOptions;
  /**
   * The final selection scores the `candidates` most probable architectures of the region under
   * alpha (independent softmax per edge), each on one validation batch, and keeps the most
   * accurate. Default 100.
   */
  readonly candidates?: number;
}

interface SetnSettings {
  readonly weights: WeightSettings;
  readonly architecture: ArchitectureSettings;
  readonly candidates: number;
}

/**
 * The `count` architectures of the region with the highest log-probability under independent
 * per-edge distributions, best first (ties keep the region's enumeration order).
 */
export function mostProbableArchitectures(options: {
  readonly region: AlphaSessionBase['context']['region'];
  readonly logProbabilities: readonly (readonly number[])[];
  readonly count: number;
}): Architecture[] {
  const scored: { architecture: Architecture; score: number; order: number }[] = [];
  let order = 0;
  for (const architecture of options.region.enumerate()) {
    let score = 0;
    architecture.forEach((operation, edge) => {
      score += options.logProbabilities[edge]?.[operation] as number;
    });
    scored.push({ architecture, score, order });
    order += 1;
  }
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  return scored.slice(0, options.count).map((entry) => entry.architecture);
}

class SetnSession implements GradientSearchSession {
  readonly #base: AlphaSessionBase;
  readonly #settings: SetnSettings;

  constructor(context: GradientSearchSessionContext, settings: SetnSettings) {
    this.#settings = settings;
    this.#base = new AlphaSessionBase({
      context,
      functionName: 'runGradientSearch (SETN)',
      kind: 'setn',
      weights: settings.weights,
      architecture: settings.architecture,
    });
  }

  async step(options: GradientSearchStepOptions) {
    const base = this.#base;
    const { supernet, region, rng } = base.context;
    // Weights: one uniformly random architecture of the region, shared by all cells.
    const architecture = region.sample(rng);
    const weightForward: Forward = (images) => supernet.forward({ input: images, training: true, architecture });
    const weights = await base.trainWeights({ batch: options.batch, forward: weightForward, variables: supernet.trainableVariables(architecture), step: options.step });
    // Alpha: first-order, through the softmax mixture of all ops ("joint" mode).
    const mixedForward: Forward = (images) => supernet.forward({ input: images, training: true, mixingWeights: base.logits.softmax() });
    const alpha = await base.trainArchitecture({ batch: base.context.nextValidationBatch(), forward: mixedForward });
    return {
      loss: weights.loss,
      accuracy: weights.accuracy,
      learningRate: base.learningRateAt(options.step),
      architectureLoss: alpha.loss,
      architectureAccuracy: alpha.accuracy,
    };
  }

  async endEpoch() {
    return { architecture: this.#base.derive() };
  }

  async derive(): Promise<Architecture> {
    const base = this.#base;
    const { supernet, region } = base.context;
    const candidates = mostProbableArchitectures({ region, logProbabilities: base.logits.logProbabilities(), count: this.#settings.candidates });
    const accuracies: number[] = [];
    await withFrozenStatisticsAsync(supernet, async () => {
      for (const architecture of candidates) {
        const { accuracy } = await scoreBatch({
          batch: base.context.nextValidationBatch(),
          forward: (images) => supernet.forward({ input: images, training: false, architecture }),
        });
        accuracies.push(accuracy);
      }
    });
    return candidates[argmaxIndex(accuracies)] as Architecture;
  }

  evaluate(options: Parameters<GradientSearchSession['evaluate']>[0]) {
    return this.#base.evaluate(options);
  }

  architectureParameters() {
    return this.#base.architectureParameters();
  }

  operationProbabilities() {
    return this.#base.operationProbabilities();
  }

  dispose(): void {
    this.#base.dispose();
  }
}

/**
 * SETN (Dong & Yang, ICCV 2019) as NAS-Bench-201 runs it: the weights are trained by uniform
 * single-path sampling (one random architecture of the region per step, shared by all cells, as
 * the release's `dync_genotype(True)`), alpha by first-order DARTS-style updates through the
 * softmax mixture on validation batches. The final architecture is the most accurate, each on one
 * validation batch, of the `candidates` (100) architectures with the highest log-probability
 * under alpha. The per-epoch history records argmax alpha (the release re-runs the top-100
 * selection every epoch).
 *
 * @example
 * ```ts
 * import { createSetn, runGradientSearch } from '@fewshot/strategies/gradient';
 * const result = await runGradientSearch({ method: createSetn({ candidates: 100 }), supernet, train, validation, epochs: 250, seed: 1 });
 * ```
 */
export function createSetn(options: SetnOptions = {}): GradientSearchMethod {
  const functionName = 'createSetn';
  requireOptions(functionName, 'options', options);
  const settings: SetnSettings = {
    weights: resolveWeightSettings(functionName, 'options.weights', options.weights, { ...releaseWeightSettings, gradientClipNorm: 0 }),
    architecture: resolveArchitectureSettings(functionName, 'options.architecture', options.architecture),
    candidates: optionalInteger(functionName, 'options.candidates', options.candidates, 100, 1),
  };
  return {
    name: 'setn',
    settings: {
      weights: weightSettingsJson(settings.weights),
      architecture: architectureSettingsJson(settings.architecture),
      candidates: settings.candidates,
    },
    createSession: (context) => new SetnSession(context, settings),
  };
}
