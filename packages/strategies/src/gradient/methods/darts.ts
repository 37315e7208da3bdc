import { InvalidArgumentError, NumericalError } from '@fewshot/core';
import { batchToTensors, crossEntropy } from '@fewshot/trainers';
import * as tf from '@tensorflow/tfjs-core';
import type {
  GradientSearchMethod,
  GradientSearchSession,
  GradientSearchSessionContext,
  GradientSearchStepOptions,
} from '../contracts/gradient-search-method.js';
import type { ArchitectureOptimizerOptions, WeightTrainingOptions } from '../contracts/method-options.js';
import { AlphaSessionBase } from '../internal/alpha-session.js';
import { withFrozenStatistics } from '../internal/frozen-statistics.js';
import {
  architectureSettingsJson,
  releaseWeightSettings,
  resolveArchitectureSettings,
  resolveWeightSettings,
  weightSettingsJson,
  type ArchitectureSettings,
  type WeightSettings,
} from '../internal/method-settings.js';
import type { Forward, StepMetrics } from '../internal/steps.js';
import { unrolledArchitectureGradient } from '../internal/unrolled-gradient.js';
import { describe, optionalNumber, requireOptions } from '../internal/validate.js';

/**
 * Options of {@link createDarts}. Defaults are the NAS-Bench-201 release's DARTS-V1 / DARTS-V2
 * (exps/NAS-Bench-201-algos/DARTS-V*.py, configs/nas-benchmark/algos/DARTS.config).
 *
 * @example
 * ```ts
 * const options: DartsOptions = { order: 1, architecture: { learningRate: 6e-4 } };
 * ```
 */
export interface DartsOptions {
  /**
   * 2 (default, DARTS-V2): the unrolled architecture gradient with the finite-difference
   * Hessian-vector product; the architecture step comes first in every step. 1 (DARTS-V1): the
   * plain gradient at the current weights; the weight step comes first.
   */
  readonly order?: 1 | 2;
  /** Weights: SGD lr 0.025 -> 0.001 cosine, momentum 0.9 (Nesterov), weight decay 5e-4, clip 5. */
  readonly weights?: WeightTrainingOptions;
  /** Alpha: Adam lr 3e-4, betas 0.5 / 0.999, weight decay 1e-3, init 1e-3 N(0, 1). */
  readonly architecture?: ArchitectureOptimizerOptions;
  /** Order 2: the perturbation radius r of the Hessian-vector product, `R = r / ||v||`. Default 0.01. */
  readonly finiteDifferenceRadius?: number;
}

interface DartsSettings {
  readonly order: 1 | 2;
  readonly weights: WeightSettings;
  readonly architecture: ArchitectureSettings;
  readonly finiteDifferenceRadius: number;
}

/** Cross-entropy of `forward` on a batch, keeping the correct count in `sink`. */
function lossOn(forward: Forward, images: tf.Tensor4D, labels: tf.Tensor1D, sink?: { correct?: tf.Scalar }): tf.Scalar {
  const { loss, correct } = crossEntropy({ logits: forward(images), labels });
  if (sink !== undefined) {
    sink.correct?.dispose();
    sink.correct = tf.keep(correct);
  }
  return loss;
}

class DartsSession implements GradientSearchSession {
  readonly #base: AlphaSessionBase;
  readonly #settings: DartsSettings;

  constructor(context: GradientSearchSessionContext, settings: DartsSettings) {
    this.#settings = settings;
    this.#base = new AlphaSessionBase({
      context,
      functionName: 'runGradientSearch (DARTS)',
      kind: 'darts',
      weights: settings.weights,
      architecture: settings.architecture,
    });
  }

  #mixedForward(): Forward {
    const { supernet } = this.#base.context;
    return (images) => supernet.forward({ input: images, training: true, mixingWeights: this.#base.logits.softmax() });
  }

  async #firstOrderArchitectureStep(): Promise<StepMetrics> {
    return this.#base.trainArchitecture({ batch: this.#base.context.nextValidationBatch(), forward: this.#mixedForward() });
  }

  async #secondOrderArchitectureStep(options: GradientSearchStepOptions): Promise<StepMetrics> {
    const base = this.#base;
    const { supernet } = base.context;
    const validationBatch = base.context.nextValidationBatch();
    const train = batchToTensors(options.batch);
    const validation = batchToTensors(validationBatch);
    const sink: { correct?: tf.Scalar } = {};
    const forward = this.#mixedForward();
    try {
      const unrolled = withFrozenStatistics(supernet, () =>
        unrolledArchitectureGradient({
          weights: supernet.trainableVariables(),
          architecture: [base.logits.variable],
          trainingLoss: () => lossOn(forward, train.images, train.labels),
          validationLoss: () => lossOn(forward, validation.images, validation.labels, sink),
          learningRate: base.learningRateAt(options.step),
          weightDecay: this.#settings.weights.weightDecay,
          momentum: this.#settings.weights.momentum,
          momentumBuffers: base.weightOptimizer.getState().buffers,
          radius: this.#settings.finiteDifferenceRadius,
        }),
      );
      try {
        if (!Number.isFinite(unrolled.validationLoss)) {
          throw new NumericalError({
            functionName: base.functionName,
            argument: 'options.weights.learningRate',
            message: `the unrolled validation loss became ${unrolled.validationLoss}; lower the learning rate`,
          });
        }
        base.architectureOptimizer.step({ variables: [base.logits.variable], gradients: unrolled.gradients });
      } finally {
        tf.dispose(Object.values(unrolled.gradients));
      }
      const correct = sink.correct === undefined ? 0 : ((await sink.correct.data())[0] as number);
      return { loss: unrolled.validationLoss, accuracy: (100 * correct) / validationBatch.size };
    } finally {
      tf.dispose([train.images, train.labels, validation.images, validation.labels]);
      sink.correct?.dispose();
    }
  }

  async step(options: GradientSearchStepOptions) {
    const base = this.#base;
    const trainWeights = () =>
      base.trainWeights({ batch: options.batch, forward: this.#mixedForward(), variables: base.context.supernet.trainableVariables(), step: options.step });
    let weights: StepMetrics;
    let architecture: StepMetrics;
    if (this.#settings.order === 2) {
      architecture = await this.#secondOrderArchitectureStep(options);
      weights = await trainWeights();
    } else {
      weights = await trainWeights();
      architecture = await this.#firstOrderArchitectureStep();
    }
    return {
      loss: weights.loss,
      accuracy: weights.accuracy,
      learningRate: base.learningRateAt(options.step),
      architectureLoss: architecture.loss,
      architectureAccuracy: architecture.accuracy,
    };
  }

  async endEpoch() {
    return { architecture: this.#base.derive() };
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
 * DARTS (Liu et al., ICLR 2019) on the NAS-Bench-201 supernet: continuous relaxation (every edge
 * outputs the softmax(alpha)-weighted sum of its ops), weights trained on training batches and
 * alpha on validation batches, final architecture = argmax alpha per edge. `order: 2` (default)
 * is DARTS-V2 with the unrolled gradient and the finite-difference Hessian-vector product
 * (`eps = 0.01 / ||grad||`); `order: 1` is DARTS-V1. Ops outside the search region have alpha
 * `-Infinity` (weight 0, no gradient), so a restricted (few-shot) search stays in its region.
 * Architecture-side forward passes leave the BN running statistics untouched.
 *
 * @example
 * ```ts
 * import { createDarts, runGradientSearch } from '@fewshot/strategies/gradient';
 * const result = await runGradientSearch({ method: createDarts({ order: 2 }), supernet, train, validation, epochs: 50, seed: 1 });
 * ```
 */
export function createDarts(options: DartsOptions = {}): GradientSearchMethod {
  const functionName = 'createDarts';
  requireOptions(functionName, 'options', options);
  const order = options.order ?? 2;
  if (order !== 1 && order !== 2) {
    throw new InvalidArgumentError({ functionName, argument: 'options.order', message: `expected 1 or 2, got ${describe(order)}` });
  }
  const settings: DartsSettings = {
    order,
    weights: resolveWeightSettings(functionName, 'options.weights', options.weights, releaseWeightSettings),
    architecture: resolveArchitectureSettings(functionName, 'options.architecture', options.architecture),
    finiteDifferenceRadius: optionalNumber(functionName, 'options.finiteDifferenceRadius', options.finiteDifferenceRadius, 0.01, {
      exclusiveMinimum: 0,
    }),
  };
  return {
    name: order === 2 ? 'darts-second-order' : 'darts-first-order',
    settings: {
      order,
      weights: weightSettingsJson(settings.weights),
      architecture: architectureSettingsJson(settings.architecture),
      finiteDifferenceRadius: settings.finiteDifferenceRadius,
    },
    createSession: (context) => new DartsSession(context, settings),
  };
}
