import { InvalidArgumentError, NumericalError, type Architecture, type Rng } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Discriminator } from '../discriminator/discriminator.js';
import type { SharedGenerator } from '../generator/shared-generator.js';
import { sampleLatent } from '../internal/latent.js';
import { integerOption, requireImageTensor, requireOptions, requireRng } from '../internal/validate.js';
import type { AdamOptimizer } from './adam.js';
import { discriminatorHingeLoss, generatorHingeLoss } from './hinge-loss.js';

/**
 * Options of {@link trainGanStep}.
 *
 * @example
 * ```ts
 * const options: TrainGanStepOptions = {
 *   generator, discriminator, generatorOptimizer, discriminatorOptimizer,
 *   architecture, stage: 2, realImages, rng, generatorBatchSize: 128, generatorStep: step % 5 === 0,
 * };
 * ```
 */
export interface TrainGanStepOptions {
  /** The shared generator. */
  readonly generator: SharedGenerator;
  /** The discriminator. */
  readonly discriminator: Discriminator;
  /** Adam of G. */
  readonly generatorOptimizer: AdamOptimizer;
  /** Adam of D. */
  readonly discriminatorOptimizer: AdamOptimizer;
  /** The architecture of this minibatch. */
  readonly architecture: Architecture;
  /** 0, 1 or 2. */
  readonly stage: number;
  /** Real images in [-1, 1] at the stage's resolution; the caller keeps ownership. */
  readonly realImages: tf.Tensor4D;
  /** Draws z (first the D step's, then the G step's). */
  readonly rng: Rng;
  /** Images of the G step. */
  readonly generatorBatchSize: number;
  /** Whether a G step follows the D step (`step % n_critic == 0`). */
  readonly generatorStep: boolean;
}

/**
 * The losses of one {@link trainGanStep}.
 *
 * @example
 * ```ts
 * const losses: GanStepLosses = { discriminatorLoss: 1.7, generatorLoss: 0.2 };
 * ```
 */
export interface GanStepLosses {
  /** The D step's hinge loss. */
  readonly discriminatorLoss: number;
  /** Present when a G step ran. */
  readonly generatorLoss?: number;
}

/**
 * One iteration of AutoGAN's shared-GAN training (`functions.py::train_shared`), for one
 * architecture: a D step on the hinge loss (real batch, and as many generated images,
 * produced in train mode without gradient), then optionally a G step on
 * `-mean(D(G(z)))` with `generatorBatchSize` images. Only the active path's variables and
 * the stage's discriminator blocks are differentiated and moved; each D forward does one
 * spectral-norm power iteration.
 *
 * @throws InvalidArgumentError for bad options; NumericalError when a loss is not finite.
 * @example
 * ```ts
 * const { discriminatorLoss, generatorLoss } = await trainGanStep(options);
 * ```
 */
export async function trainGanStep(options: TrainGanStepOptions): Promise<GanStepLosses> {
  const functionName = 'trainGanStep';
  requireOptions(functionName, options, '{ generator, discriminator, generatorOptimizer, discriminatorOptimizer, architecture, stage, realImages, rng, generatorBatchSize, generatorStep }');
  const { generator, discriminator, generatorOptimizer, discriminatorOptimizer, architecture } = options;
  const stage = integerOption(functionName, 'options.stage', options.stage, { minimum: 0, maximum: 2 });
  const real = requireImageTensor(functionName, 'options.realImages', options.realImages);
  const rng = requireRng(functionName, 'options.rng', options.rng);
  const generatorBatchSize = integerOption(functionName, 'options.generatorBatchSize', options.generatorBatchSize, { minimum: 2 });
  const size = generator.outputSize({ stage });
  if (real.shape[1] !== size || real.shape[2] !== size || real.shape[3] !== generator.outputChannels) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.realImages',
      message: `expected [batch, ${size}, ${size}, ${generator.outputChannels}] at stage ${stage}, got [${real.shape.join(', ')}]`,
    });
  }
  const batch = real.shape[0];
  const discriminatorVariables = discriminator.trainableVariables({ stage });
  const latent = sampleLatent(rng, batch, generator.latentDimension);
  let discriminatorLoss: number;
  try {
    const fake = tf.tidy(() => generator.forward({ latent, architecture, stage, training: true }));
    try {
      const { value, grads } = tf.variableGrads(() => {
        const realLogits = discriminator.forward({ images: real, stage, training: true });
        const fakeLogits = discriminator.forward({ images: fake, stage, training: true });
        return discriminatorHingeLoss({ realLogits, fakeLogits });
      }, discriminatorVariables);
      try {
        discriminatorOptimizer.applyGradients({ gradients: grads, variables: discriminatorVariables });
        discriminatorLoss = ((await value.data()) as Float32Array)[0] as number;
      } finally {
        tf.dispose([value, ...Object.values(grads)]);
      }
    } finally {
      fake.dispose();
    }
  } finally {
    latent.dispose();
  }
  if (!Number.isFinite(discriminatorLoss)) {
    throw new NumericalError({ functionName, argument: 'options', message: `the discriminator loss became ${discriminatorLoss}; lower the learning rate` });
  }
  if (!options.generatorStep) return { discriminatorLoss };
  const generatorVariables = generator.trainableVariables({ architecture, stage });
  const generatorLatent = sampleLatent(rng, generatorBatchSize, generator.latentDimension);
  let generatorLoss: number;
  try {
    const { value, grads } = tf.variableGrads(() => {
      const images = generator.forward({ latent: generatorLatent, architecture, stage, training: true });
      return generatorHingeLoss({ fakeLogits: discriminator.forward({ images, stage, training: true }) });
    }, generatorVariables);
    try {
      generatorOptimizer.applyGradients({ gradients: grads, variables: generatorVariables });
      generatorLoss = ((await value.data()) as Float32Array)[0] as number;
    } finally {
      tf.dispose([value, ...Object.values(grads)]);
    }
  } finally {
    generatorLatent.dispose();
  }
  if (!Number.isFinite(generatorLoss)) {
    throw new NumericalError({ functionName, argument: 'options', message: `the generator loss became ${generatorLoss}; lower the learning rate` });
  }
  return { discriminatorLoss, generatorLoss };
}
