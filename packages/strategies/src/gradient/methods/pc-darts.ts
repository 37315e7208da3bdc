import { InvalidArgumentError, NumericalError, type Architecture } from '@fewshot/core';
import { batchToTensors, crossEntropy } from '@fewshot/trainers';
import * as tf from '@tensorflow/tfjs-core';
import type {
  ArchitectureParameterValues,
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
import { normalizeEdgeWeights, PartialChannelNetwork } from '../internal/partial-channel-network.js';
import { scoreArchitectures } from '../internal/score-dataset.js';
import type { Forward, StepMetrics } from '../internal/steps.js';
import { unrolledArchitectureGradient } from '../internal/unrolled-gradient.js';
import { describe, optionalBoolean, optionalInteger, optionalNumber, requireOptions } from '../internal/validate.js';

/**
 * Options of {@link createPcDarts}. The few-shot NAS paper runs PC-DARTS "as DARTS with partial
 * channels"; the defaults are therefore the NAS-Bench-201 release's DARTS settings plus the
 * PC-DARTS paper's K = 4 and edge normalisation, first order as in PC-DARTS.
 *
 * @example
 * ```ts
 * const options: PcDartsOptions = { partialChannels: 4, edgeNormalization: true, order: 1 };
 * ```
 */
export interface PcDartsOptions {
  /** K: 1 / K of every edge input's channels go through the mixed op. Must divide C. Default 4. */
  readonly partialChannels?: number;
  /** Weight every node's incoming edges by softmax(beta) over those edges. Default true. */
  readonly edgeNormalization?: boolean;
  /** 1 (default, as PC-DARTS) or 2 (the unrolled DARTS-V2 gradient through the partial-channel network). */
  readonly order?: 1 | 2;
  /** Epochs at the start that train only the weights (PC-DARTS used 15 of 50). Default 0. */
  readonly architectureWarmupEpochs?: number;
  /** Weights: SGD lr 0.025 -> 0.001 cosine, momentum 0.9 (Nesterov), weight decay 5e-4, clip 5. */
  readonly weights?: WeightTrainingOptions;
  /** Alpha and beta: Adam lr 3e-4, betas 0.5 / 0.999, weight decay 1e-3, init 1e-3 N(0, 1). */
  readonly architecture?: ArchitectureOptimizerOptions;
  /** Order 2: the perturbation radius of the Hessian-vector product. Default 0.01. */
  readonly finiteDifferenceRadius?: number;
}

interface PcDartsSettings {
  readonly partialChannels: number;
  readonly edgeNormalization: boolean;
  readonly order: 1 | 2;
  readonly architectureWarmupEpochs: number;
  readonly weights: WeightSettings;
  readonly architecture: ArchitectureSettings;
  readonly finiteDifferenceRadius: number;
}

class PcDartsSession implements GradientSearchSession {
  readonly #base: AlphaSessionBase;
  readonly #settings: PcDartsSettings;
  readonly #network: PartialChannelNetwork;
  readonly #beta: tf.Variable<tf.Rank.R1> | undefined;

  constructor(context: GradientSearchSessionContext, settings: PcDartsSettings) {
    const channels = context.supernet.networkOptions.channels;
    if (channels % settings.partialChannels !== 0) {
      throw new InvalidArgumentError({
        functionName: 'runGradientSearch (PC-DARTS)',
        argument: 'options.partialChannels',
        message: `K = ${settings.partialChannels} must divide the supernet's channel count C = ${channels}`,
      });
    }
    this.#settings = settings;
    this.#base = new AlphaSessionBase({
      context,
      functionName: 'runGradientSearch (PC-DARTS)',
      kind: 'pc-darts',
      weights: settings.weights,
      architecture: settings.architecture,
    });
    this.#network = new PartialChannelNetwork(context.supernet);
    if (settings.edgeNormalization) {
      const values = new Float32Array(6);
      for (let index = 0; index < values.length; index += 1) values[index] = settings.architecture.initialScale * context.rng.normal();
      this.#beta = tf.tidy(() => tf.variable(tf.tensor1d(values), true, `${this.#base.prefix}/beta`)) as tf.Variable<tf.Rank.R1>;
    }
  }

  #architectureVariables(): tf.Variable[] {
    return this.#beta === undefined ? [this.#base.logits.variable] : [this.#base.logits.variable, this.#beta];
  }

  #forward(training: boolean, mixingWeights?: () => tf.Tensor2D): Forward {
    return (images) =>
      this.#network.forward({
        input: images,
        training,
        mixingWeights: mixingWeights === undefined ? this.#base.logits.softmax() : mixingWeights(),
        edgeWeights: this.#beta === undefined ? undefined : normalizeEdgeWeights(this.#beta),
        partialChannels: this.#settings.partialChannels,
      });
  }

  async #secondOrder(options: GradientSearchStepOptions): Promise<StepMetrics> {
    const base = this.#base;
    const { supernet } = base.context;
    const validationBatch = base.context.nextValidationBatch();
    const train = batchToTensors(options.batch);
    const validation = batchToTensors(validationBatch);
    const forward = this.#forward(true);
    let correct: tf.Scalar | undefined;
    try {
      const unrolled = withFrozenStatistics(supernet, () =>
        unrolledArchitectureGradient({
          weights: supernet.trainableVariables(),
          architecture: this.#architectureVariables(),
          trainingLoss: () => crossEntropy({ logits: forward(train.images), labels: train.labels }).loss,
          validationLoss: () => {
            const scored = crossEntropy({ logits: forward(validation.images), labels: validation.labels });
            correct?.dispose();
            correct = tf.keep(scored.correct);
            return scored.loss;
          },
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
        base.architectureOptimizer.step({ variables: this.#architectureVariables(), gradients: unrolled.gradients });
      } finally {
        tf.dispose(Object.values(unrolled.gradients));
      }
      const count = correct === undefined ? 0 : ((await correct.data())[0] as number);
      return { loss: unrolled.validationLoss, accuracy: (100 * count) / validationBatch.size };
    } finally {
      tf.dispose([train.images, train.labels, validation.images, validation.labels]);
      correct?.dispose();
    }
  }

  async step(options: GradientSearchStepOptions) {
    const base = this.#base;
    const updateArchitecture = options.epoch >= this.#settings.architectureWarmupEpochs;
    const trainWeights = () =>
      base.trainWeights({ batch: options.batch, forward: this.#forward(true), variables: base.context.supernet.trainableVariables(), step: options.step });
    let weights: StepMetrics;
    let architecture: StepMetrics | undefined;
    if (updateArchitecture && this.#settings.order === 2) {
      architecture = await this.#secondOrder(options);
      weights = await trainWeights();
    } else {
      weights = await trainWeights();
      if (updateArchitecture) {
        architecture = await base.trainArchitecture({
          batch: base.context.nextValidationBatch(),
          forward: this.#forward(true),
          variables: this.#architectureVariables(),
        });
      }
    }
    return {
      loss: weights.loss,
      accuracy: weights.accuracy,
      learningRate: base.learningRateAt(options.step),
      ...(architecture === undefined ? {} : { architectureLoss: architecture.loss, architectureAccuracy: architecture.accuracy }),
    };
  }

  async endEpoch() {
    return { architecture: this.#base.derive() };
  }

  async derive() {
    return this.#base.derive();
  }

  /** Scores with the partial-channel network and one-hot op weights (and the learnt edge weights). */
  evaluate(options: Parameters<GradientSearchSession['evaluate']>[0]) {
    return scoreArchitectures({
      architectures: options.architectures,
      data: options.data,
      forward: (images, architecture: Architecture) =>
        this.#forward(false, () => tf.cast(tf.oneHot(tf.tensor1d([...architecture], 'int32'), 5), 'float32') as tf.Tensor2D)(images),
    });
  }

  architectureParameters() {
    const parameters: Record<string, ArchitectureParameterValues> = this.#base.architectureParameters();
    if (this.#beta !== undefined) parameters['beta'] = { shape: [6], values: Array.from(this.#beta.dataSync()) };
    return parameters;
  }

  operationProbabilities() {
    return this.#base.operationProbabilities();
  }

  dispose(): void {
    this.#base.dispose();
    this.#beta?.dispose();
  }
}

/**
 * PC-DARTS (Xu et al., ICLR 2020) on the NAS-Bench-201 supernet: DARTS in which every edge sends
 * only 1/K of its input channels (K = 4) through the softmax(alpha)-weighted mixed op and passes
 * the rest around it, then shuffles the channels with K groups; with edge normalisation every
 * node weights its incoming edges by softmax(beta). The partial-channel network is computed on
 * the supernet's own variables (the first C/K channels of every cell conv kernel), so the stem,
 * reduction and head weights are shared with every other method. Final architecture = argmax
 * alpha per edge (beta never changes an edge's argmax in this space). The derived architecture
 * is scored with the same partial-channel network and one-hot op weights.
 *
 * @example
 * ```ts
 * import { createPcDarts, runGradientSearch } from '@fewshot/strategies/gradient';
 * const result = await runGradientSearch({ method: createPcDarts({ partialChannels: 4 }), supernet, train, validation, epochs: 50, seed: 1 });
 * result.architectureParameters.beta; // the edge-normalisation logits
 * ```
 */
export function createPcDarts(options: PcDartsOptions = {}): GradientSearchMethod {
  const functionName = 'createPcDarts';
  requireOptions(functionName, 'options', options);
  const order = options.order ?? 1;
  if (order !== 1 && order !== 2) {
    throw new InvalidArgumentError({ functionName, argument: 'options.order', message: `expected 1 or 2, got ${describe(order)}` });
  }
  const settings: PcDartsSettings = {
    partialChannels: optionalInteger(functionName, 'options.partialChannels', options.partialChannels, 4, 1),
    edgeNormalization: optionalBoolean(functionName, 'options.edgeNormalization', options.edgeNormalization, true),
    order,
    architectureWarmupEpochs: optionalInteger(functionName, 'options.architectureWarmupEpochs', options.architectureWarmupEpochs, 0, 0),
    weights: resolveWeightSettings(functionName, 'options.weights', options.weights, releaseWeightSettings),
    architecture: resolveArchitectureSettings(functionName, 'options.architecture', options.architecture),
    finiteDifferenceRadius: optionalNumber(functionName, 'options.finiteDifferenceRadius', options.finiteDifferenceRadius, 0.01, {
      exclusiveMinimum: 0,
    }),
  };
  return {
    name: 'pc-darts',
    settings: {
      partialChannels: settings.partialChannels,
      edgeNormalization: settings.edgeNormalization,
      order,
      architectureWarmupEpochs: settings.architectureWarmupEpochs,
      weights: weightSettingsJson(settings.weights),
      architecture: architectureSettingsJson(settings.architecture),
      finiteDifferenceRadius: settings.finiteDifferenceRadius,
    },
    createSession: (context) => new PcDartsSession(context, settings),
  };
}
