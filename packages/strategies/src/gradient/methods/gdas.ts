import { InvalidArgumentError, type Architecture } from '@fewshot/core';
import { gumbelSoftmaxMixingWeights } from '@fewshot/supernet';
import * as tf from '@tensorflow/tfjs-core';
import type {
  GradientSearchMethod,
  GradientSearchSession,
  GradientSearchSessionContext,
  GradientSearchStepOptions,
} from '../contracts/gradient-search-method.js';
import type { ArchitectureOptimizerOptions, WeightTrainingOptions } from '../contracts/method-options.js';
import { AlphaSessionBase } from '../internal/alpha-session.js';
import {
  architectureSettingsJson,
  releaseWeightSettings,
  resolveArchitectureSettings,
  resolveWeightSettings,
  weightSettingsJson,
  type ArchitectureSettings,
  type WeightSettings,
} from '../internal/method-settings.js';
import type { Forward } from '../internal/steps.js';
import { optionalNumber, requireOptions } from '../internal/validate.js';

/**
 * Options of {@link createGdas}. Defaults are the NAS-Bench-201 release's GDAS
 * (scripts-search/NAS-Bench-201-algos/GDAS.sh, configs/nas-benchmark/algos/GDAS.config).
 *
 * @example
 * ```ts
 * const options: GdasOptions = { temperature: { initial: 10, final: 0.1 } };
 * ```
 */
export interface GdasOptions {
  /** Weights: SGD lr 0.025 -> 0.001 cosine, momentum 0.9 (Nesterov), weight decay 5e-4, clip 5. */
  readonly weights?: WeightTrainingOptions;
  /** Alpha: Adam lr 3e-4, betas 0.5 / 0.999, weight decay 1e-3, init 1e-3 N(0, 1). */
  readonly architecture?: ArchitectureOptimizerOptions;
  /**
   * The Gumbel-softmax temperature, annealed linearly per epoch from `initial` (epoch 0) to
   * `final` (last epoch). Default 10 -> 0.1.
   */
  readonly temperature?: {
    /** Temperature of epoch 0 (> 0). Default 10. */
    readonly initial?: number;
    /** Temperature of the last epoch (> 0, at most `initial`). Default 0.1. */
    readonly final?: number;
  };
}

interface GdasSettings {
  readonly weights: WeightSettings;
  readonly architecture: ArchitectureSettings;
  readonly temperature: { readonly initial: number; readonly final: number };
}

/** The temperature of `epoch` of `epochs`: linear from initial to final. */
export function gdasTemperature(settings: GdasSettings['temperature'], epoch: number, epochs: number): number {
  if (epochs <= 1) return settings.initial;
  if (epoch >= epochs - 1) return settings.final;
  return settings.initial - ((settings.initial - settings.final) * epoch) / (epochs - 1);
}

class GdasSession implements GradientSearchSession {
  readonly #base: AlphaSessionBase;
  readonly #settings: GdasSettings;

  constructor(context: GradientSearchSessionContext, settings: GdasSettings) {
    this.#settings = settings;
    this.#base = new AlphaSessionBase({
      context,
      functionName: 'runGradientSearch (GDAS)',
      kind: 'gdas',
      weights: settings.weights,
      architecture: settings.architecture,
    });
  }

  /**
   * Draws hard Gumbel-softmax weights (one-hot in value, the soft weights' gradient) from the
   * masked logits, and the op each edge computes. Called inside the gradient tape for the
   * architecture step so that alpha gets its straight-through gradient.
   */
  #sample(temperature: number): { weights: tf.Tensor2D; active: Architecture } {
    const weights = gumbelSoftmaxMixingWeights({ logits: this.#base.logits.masked(), temperature, rng: this.#base.context.rng, hard: true });
    const indices = tf.argMax(weights, 1);
    const active = Array.from(indices.dataSync());
    indices.dispose();
    return { weights, active };
  }

  async step(options: GradientSearchStepOptions) {
    const base = this.#base;
    const { supernet } = base.context;
    const temperature = gdasTemperature(this.#settings.temperature, options.epoch, base.context.epochs);
    // Weights: a fresh sample; only the sampled path's weights move.
    let sampled: { weights: tf.Tensor2D; active: Architecture } | undefined;
    tf.tidy(() => {
      const { weights, active } = this.#sample(temperature);
      sampled = { weights: tf.keep(weights), active };
    });
    if (sampled === undefined) throw new Error('internal: no GDAS sample');
    const { weights: sampledWeights, active } = sampled;
    let weightMetrics;
    try {
      const forward: Forward = (images) =>
        supernet.forward({ input: images, training: true, mixingWeights: sampledWeights, activeOperations: active });
      weightMetrics = await base.trainWeights({ batch: options.batch, forward, variables: supernet.trainableVariables(active), step: options.step });
    } finally {
      sampledWeights.dispose();
    }
    // Architecture: another sample on a validation batch, straight-through gradient into alpha.
    const architectureForward: Forward = (images) => {
      const { weights, active } = this.#sample(temperature);
      return supernet.forward({ input: images, training: true, mixingWeights: weights, activeOperations: active });
    };
    const architectureMetrics = await base.trainArchitecture({ batch: base.context.nextValidationBatch(), forward: architectureForward });
    return {
      loss: weightMetrics.loss,
      accuracy: weightMetrics.accuracy,
      learningRate: base.learningRateAt(options.step),
      architectureLoss: architectureMetrics.loss,
      architectureAccuracy: architectureMetrics.accuracy,
    };
  }

  async endEpoch(options: { readonly epoch: number }) {
    return {
      architecture: this.#base.derive(),
      temperature: gdasTemperature(this.#settings.temperature, options.epoch, this.#base.context.epochs),
    };
  }

  async derive() {
    return this.#base.derive();
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
 * GDAS (Dong & Yang, CVPR 2019): every step samples one op per edge with the hard Gumbel-softmax
 * (one-hot forward, soft straight-through gradient; the same sample in all cells), computes only
 * the sampled ops, trains their weights on a training batch, then alpha on a validation batch
 * with a new sample. The temperature anneals linearly from 10 to 0.1 over the epochs; the final
 * architecture is argmax alpha per edge. Ops outside the region are masked out of the sampling.
 *
 * @example
 * ```ts
 * import { createGdas, runGradientSearch } from '@fewshot/strategies/gradient';
 * const result = await runGradientSearch({ method: createGdas(), supernet, train, validation, epochs: 240, seed: 1 });
 * result.history.map((record) => record.temperature); // 10, ..., 0.1
 * ```
 */
export function createGdas(options: GdasOptions = {}): GradientSearchMethod {
  const functionName = 'createGdas';
  requireOptions(functionName, 'options', options);
  const temperatureOptions = requireOptions(functionName, 'options.temperature', options.temperature, true) as NonNullable<GdasOptions['temperature']>;
  const temperature = {
    initial: optionalNumber(functionName, 'options.temperature.initial', temperatureOptions.initial, 10, { exclusiveMinimum: 0 }),
    final: optionalNumber(functionName, 'options.temperature.final', temperatureOptions.final, 0.1, { exclusiveMinimum: 0 }),
  };
  if (temperature.final > temperature.initial) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.temperature',
      message: `expected final <= initial (the temperature anneals), got ${temperature.initial} -> ${temperature.final}`,
    });
  }
  const settings: GdasSettings = {
    weights: resolveWeightSettings(functionName, 'options.weights', options.weights, releaseWeightSettings),
    architecture: resolveArchitectureSettings(functionName, 'options.architecture', options.architecture),
    temperature,
  };
  return {
    name: 'gdas',
    settings: {
      weights: weightSettingsJson(settings.weights),
      architecture: architectureSettingsJson(settings.architecture),
      temperature,
    },
    createSession: (context) => new GdasSession(context, settings),
  };
}
