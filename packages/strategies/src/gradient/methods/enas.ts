import type { Architecture } from '@fewshot/core';
import { evaluateArchitectures, type SgdOptimizer } from '@fewshot/trainers';
import * as tf from '@tensorflow/tfjs-core';
import type {
  ArchitectureParameterValues,
  GradientSearchMethod,
  GradientSearchSession,
  GradientSearchSessionContext,
  GradientSearchStepOptions,
} from '../contracts/gradient-search-method.js';
import type { WeightTrainingOptions } from '../contracts/method-options.js';
import { createLstmController, type LstmController } from '../controller/lstm-controller.js';
import { withFrozenStatisticsAsync } from '../internal/frozen-statistics.js';
import { createWeightOptimizer, createWeightSchedule, resolveWeightSettings, weightSettingsJson, type WeightSettings } from '../internal/method-settings.js';
import { argmaxIndex, gradientStep, scoreBatch, sgdApply } from '../internal/steps.js';
import { optionalInteger, optionalNumber, requireOptions } from '../internal/validate.js';
import { createAdamOptimizer, type AdamOptimizer } from '../optimizer/adam-optimizer.js';

/**
 * The controller part of {@link EnasOptions}. Defaults: the NAS-Bench-201 release
 * (scripts-search/NAS-Bench-201-algos/ENAS.sh, configs/nas-benchmark/algos/ENAS.config).
 *
 * @example
 * ```ts
 * const controller: EnasControllerOptions = { hiddenSize: 32, layers: 2, steps: 50, aggregate: 20 };
 * ```
 */
export interface EnasControllerOptions {
  /** LSTM hidden size. Default 32. */
  readonly hiddenSize?: number;
  /** Stacked LSTM layers. Default 2. */
  readonly layers?: number;
  /** Logits `tanhConstant * tanh(l / temperature)`. Default 2.5. */
  readonly tanhConstant?: number;
  /** Default 5. */
  readonly temperature?: number;
  /** Adam step size. Default 1e-3. */
  readonly learningRate?: number;
  /** Adam beta1. Default 0 (the release's config). */
  readonly beta1?: number;
  /** Adam beta2. Default 0.999. */
  readonly beta2?: number;
  /** Adam epsilon. Default 1e-3 (the release's config). */
  readonly epsilon?: number;
  /** Global-norm clipping of the controller gradient. Default 5. */
  readonly gradientClipNorm?: number;
  /** Reward = validation top-1 (fraction) + entropyWeight * entropy of the sample. Default 1e-4. */
  readonly entropyWeight?: number;
  /** Moving-average baseline: `b <- decay * b + (1 - decay) * reward`. Default 0.99. */
  readonly baselineDecay?: number;
  /** Controller updates per epoch. Default 50. */
  readonly steps?: number;
  /** Samples (each scored on its own validation batch) averaged into one update. Default 20. */
  readonly aggregate?: number;
}

/**
 * Options of {@link createEnas}.
 *
 * @example
 * ```ts
 * const options: EnasOptions = { candidates: 100, controller: { steps: 10, aggregate: 5 } };
 * ```
 */
export interface EnasOptions {
  /**
   * Shared weights: trained with one controller sample per step (shared by all cells); SGD lr
   * 0.05 -> 0.0005 cosine, momentum 0.9 (Nesterov), weight decay 2.5e-4, clip 5.
   */
  readonly weights?: WeightTrainingOptions;
  /** The controller and its REINFORCE training. */
  readonly controller?: EnasControllerOptions;
  /** The final architecture is the best of this many controller samples, each on one validation batch. Default 100. */
  readonly candidates?: number;
  /** The per-epoch architecture of the history: best of this many samples. Default 10. */
  readonly epochCandidates?: number;
}

interface EnasSettings {
  readonly weights: WeightSettings;
  readonly controller: Required<EnasControllerOptions>;
  readonly candidates: number;
  readonly epochCandidates: number;
}

class EnasSession implements GradientSearchSession {
  readonly #context: GradientSearchSessionContext;
  readonly #settings: EnasSettings;
  readonly #controller: LstmController;
  readonly #weightOptimizer: SgdOptimizer;
  readonly #controllerOptimizer: AdamOptimizer;
  readonly #learningRateAt: (step: number) => number;
  #baseline: number | undefined;

  constructor(context: GradientSearchSessionContext, settings: EnasSettings) {
    this.#context = context;
    this.#settings = settings;
    const controller = settings.controller;
    this.#controller = createLstmController({
      allowed: context.region.allowed,
      rng: context.rng,
      hiddenSize: controller.hiddenSize,
      layers: controller.layers,
      tanhConstant: controller.tanhConstant,
      temperature: controller.temperature,
    });
    this.#weightOptimizer = createWeightOptimizer(settings.weights);
    this.#controllerOptimizer = createAdamOptimizer({
      learningRate: controller.learningRate,
      beta1: controller.beta1,
      beta2: controller.beta2,
      epsilon: controller.epsilon,
      gradientClipNorm: controller.gradientClipNorm,
    });
    this.#learningRateAt = createWeightSchedule(settings.weights, context.epochs * context.stepsPerEpoch);
  }

  async step(options: GradientSearchStepOptions) {
    const { supernet, rng } = this.#context;
    const [architecture] = this.#controller.sample({ rng }) as [Architecture];
    const learningRate = this.#learningRateAt(options.step);
    const metrics = await gradientStep({
      functionName: 'runGradientSearch (ENAS)',
      what: 'weight',
      argument: 'options.weights.learningRate',
      batch: options.batch,
      forward: (images) => supernet.forward({ input: images, training: true, architecture }),
      variables: supernet.trainableVariables(architecture),
      apply: sgdApply(this.#weightOptimizer, learningRate),
    });
    return { loss: metrics.loss, accuracy: metrics.accuracy, learningRate };
  }

  /** Validation top-1 (percent) of one architecture on the next validation batch, evaluation mode. */
  async #score(architecture: Architecture): Promise<number> {
    const { supernet } = this.#context;
    const { accuracy } = await scoreBatch({
      batch: this.#context.nextValidationBatch(),
      forward: (images) => supernet.forward({ input: images, training: false, architecture }),
    });
    return accuracy;
  }

  async #bestOf(count: number): Promise<{ architecture: Architecture; accuracy: number }> {
    const architectures = this.#controller.sample({ rng: this.#context.rng, count });
    const accuracies: number[] = [];
    for (const architecture of architectures) accuracies.push(await this.#score(architecture));
    const best = argmaxIndex(accuracies);
    return { architecture: architectures[best] as Architecture, accuracy: accuracies[best] as number };
  }

  async #trainController(): Promise<{ reward: number; baseline: number; accuracy: number }> {
    const { steps, aggregate, entropyWeight, baselineDecay } = this.#settings.controller;
    const controller = this.#controller;
    let rewardSum = 0;
    let accuracySum = 0;
    for (let step = 0; step < steps; step += 1) {
      const architectures = controller.sample({ rng: this.#context.rng, count: aggregate });
      const entropies = tf.tidy(() => controller.logProbabilities({ architectures }).entropy.dataSync());
      const advantages: number[] = [];
      for (const [index, architecture] of architectures.entries()) {
        const accuracy = (await this.#score(architecture)) / 100;
        const reward = accuracy + entropyWeight * (entropies[index] as number);
        this.#baseline = this.#baseline === undefined ? accuracy : this.#baseline - (1 - baselineDecay) * (this.#baseline - reward);
        advantages.push(reward - this.#baseline);
        rewardSum += reward;
        accuracySum += accuracy;
      }
      const variables = controller.trainableVariables();
      const { value, grads } = tf.variableGrads(() => {
        const { logProbability } = controller.logProbabilities({ architectures });
        return tf.div(tf.neg(tf.sum(tf.mul(logProbability, tf.tensor1d(advantages)))), aggregate) as tf.Scalar;
      }, variables);
      try {
        this.#controllerOptimizer.step({ variables: variables.filter((variable) => grads[variable.name] !== undefined), gradients: grads });
      } finally {
        tf.dispose([value, ...Object.values(grads)]);
      }
    }
    const samples = steps * aggregate;
    return { reward: samples > 0 ? rewardSum / samples : 0, baseline: this.#baseline ?? 0, accuracy: samples > 0 ? (100 * accuracySum) / samples : 0 };
  }

  async endEpoch() {
    return withFrozenStatisticsAsync(this.#context.supernet, async () => {
      const controller = await this.#trainController();
      const best = await this.#bestOf(this.#settings.epochCandidates);
      return {
        architecture: best.architecture,
        metrics: { reward: controller.reward, baseline: controller.baseline, controllerAccuracy: controller.accuracy, bestSampleAccuracy: best.accuracy },
      };
    });
  }

  async derive(): Promise<Architecture> {
    return withFrozenStatisticsAsync(this.#context.supernet, async () => (await this.#bestOf(this.#settings.candidates)).architecture);
  }

  evaluate(options: Parameters<GradientSearchSession['evaluate']>[0]) {
    return evaluateArchitectures({ supernet: this.#context.supernet, architectures: options.architectures, data: options.data });
  }

  architectureParameters() {
    const parameters: Record<string, ArchitectureParameterValues> = {};
    for (const [name, variable] of this.#controller.namedVariables()) {
      parameters[name] = { shape: [...variable.shape], values: Array.from(variable.dataSync()) };
    }
    return parameters;
  }

  operationProbabilities() {
    return undefined;
  }

  dispose(): void {
    this.#controller.dispose();
    this.#weightOptimizer.dispose();
    this.#controllerOptimizer.dispose();
  }
}

/**
 * ENAS (Pham et al., ICML 2018) as NAS-Bench-201 runs it: an LSTM controller (2 layers, hidden 32,
 * logits `2.5 tanh(l / 5)`) samples one architecture per training step, shared by all cells, whose
 * weights are trained with SGD (lr 0.05 cosine). After every epoch the controller is trained with
 * REINFORCE on validation batches (reward = top-1 + 1e-4 * entropy, moving-average baseline 0.99,
 * `aggregate` samples per Adam step). The final architecture is the best of `candidates` (100)
 * controller samples, each scored on one validation batch. Disallowed ops (outside the region) are
 * never sampled. The baseline persists across steps and epochs (the release recomputes it from
 * the previous epoch's value at every step).
 *
 * @example
 * ```ts
 * import { createEnas, runGradientSearch } from '@fewshot/strategies/gradient';
 * const result = await runGradientSearch({ method: createEnas({ controller: { steps: 10, aggregate: 5 } }), supernet, train, validation, epochs: 20, seed: 1 });
 * ```
 */
export function createEnas(options: EnasOptions = {}): GradientSearchMethod {
  const functionName = 'createEnas';
  requireOptions(functionName, 'options', options);
  const controller = requireOptions(functionName, 'options.controller', options.controller, true) as EnasControllerOptions;
  const number = (name: keyof EnasControllerOptions, fallback: number, constraints: Parameters<typeof optionalNumber>[4]) =>
    optionalNumber(functionName, `options.controller.${name}`, controller[name], fallback, constraints);
  const settings: EnasSettings = {
    weights: resolveWeightSettings(functionName, 'options.weights', options.weights, {
      learningRate: { initial: 0.05, final: 0.0005 },
      momentum: 0.9,
      nesterov: true,
      weightDecay: 2.5e-4,
      gradientClipNorm: 5,
    }),
    controller: {
      hiddenSize: optionalInteger(functionName, 'options.controller.hiddenSize', controller.hiddenSize, 32, 1),
      layers: optionalInteger(functionName, 'options.controller.layers', controller.layers, 2, 1),
      tanhConstant: number('tanhConstant', 2.5, { exclusiveMinimum: 0 }),
      temperature: number('temperature', 5, { exclusiveMinimum: 0 }),
      learningRate: number('learningRate', 1e-3, { minimum: 0 }),
      beta1: number('beta1', 0, { minimum: 0, exclusiveMaximum: 1 }),
      beta2: number('beta2', 0.999, { minimum: 0, exclusiveMaximum: 1 }),
      epsilon: number('epsilon', 1e-3, { exclusiveMinimum: 0 }),
      gradientClipNorm: number('gradientClipNorm', 5, { minimum: 0 }),
      entropyWeight: number('entropyWeight', 1e-4, { minimum: 0 }),
      baselineDecay: number('baselineDecay', 0.99, { minimum: 0, maximum: 1 }),
      steps: optionalInteger(functionName, 'options.controller.steps', controller.steps, 50, 0),
      aggregate: optionalInteger(functionName, 'options.controller.aggregate', controller.aggregate, 20, 1),
    },
    candidates: optionalInteger(functionName, 'options.candidates', options.candidates, 100, 1),
    epochCandidates: optionalInteger(functionName, 'options.epochCandidates', options.epochCandidates, 10, 1),
  };
  return {
    name: 'enas',
    settings: {
      weights: weightSettingsJson(settings.weights),
      controller: { ...settings.controller },
      candidates: settings.candidates,
      epochCandidates: settings.epochCandidates,
    },
    createSession: (context) => new EnasSession(context, settings),
  };
}
