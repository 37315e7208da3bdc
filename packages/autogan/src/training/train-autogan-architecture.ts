import { CancelledError, createRng, deriveSeed, InvalidArgumentError, type Architecture, yieldToEventLoop } from '@fewshot/core';
import type { ImageDataset } from '@fewshot/datasets';
import * as tf from '@tensorflow/tfjs-core';
import { createDiscriminator } from '../discriminator/discriminator.js';
import { createSharedGenerator, type SharedGenerator } from '../generator/shared-generator.js';
import { RealBatchStream } from '../internal/real-batches.js';
import { describeValue, integerOption, numberOption, requireOptions } from '../internal/validate.js';
import { checkAutoGanArchitecture } from '../space/autogan-space.js';
import { createRegion } from '@fewshot/search-space';
import { autoGanSpace } from '../space/autogan-space.js';
import { createAdam } from './adam.js';
import { trainGanStep } from './gan-step.js';
import { createParameterAverage } from './parameter-average.js';

/**
 * Options of {@link trainAutoGanArchitecture}. Defaults are AutoGAN's final training
 * (`exps/autogan_cifar10_a.sh`: gf 256, df 128, 50,000 G iterations, n_critic 5, batches
 * 64 / 128, Adam 2e-4 (0, 0.9), EMA 0.999, no learning-rate decay).
 *
 * @example
 * ```ts
 * const options: TrainAutoGanArchitectureOptions = {
 *   architecture: autoGanCifar10Architecture, data: padded, seed: 1,
 *   generator: { channels: 64, outputChannels: 1 }, discriminator: { channels: 64 }, generatorSteps: 10_000,
 * };
 * ```
 */
export interface TrainAutoGanArchitectureOptions {
  /** The architecture to train from scratch. */
  readonly architecture: Architecture;
  /** Real images at `bottomWidth * 8` with `outputChannels` channels (bytes). */
  readonly data: ImageDataset;
  /** Seeds the weights, the data order and the latents. */
  readonly seed: number | string;
  /** The generator's sizes (AutoGAN's final training: gf 256). */
  readonly generator?: {
    /** gf_dim. Default 256. */
    readonly channels?: number;
    /** Default 128. */
    readonly latentDimension?: number;
    /** Default 4. */
    readonly bottomWidth?: number;
    /** Default 3. */
    readonly outputChannels?: number;
  };
  /** The discriminator's size. */
  readonly discriminator?: {
    /** df_dim. Default 128. */
    readonly channels?: number;
  };
  /** G iterations (`max_iter`). Default 50,000. */
  readonly generatorSteps?: number;
  /** Default 5. */
  readonly criticSteps?: number;
  /** Default 64. */
  readonly discriminatorBatchSize?: number;
  /** Default 128. */
  readonly generatorBatchSize?: number;
  /** Default 2e-4. */
  readonly learningRate?: number;
  /** Default 0. */
  readonly beta1?: number;
  /** Default 0.9. */
  readonly beta2?: number;
  /** EMA decay of G's parameters. Default 0.999. */
  readonly averageDecay?: number;
  /** Called every `progressInterval` G steps and at the end. */
  readonly onProgress?: (event: { readonly generatorStep: number; readonly generatorSteps: number; readonly discriminatorLoss: number; readonly generatorLoss: number; readonly seconds: number }) => void;
  /** Default 50. */
  readonly progressInterval?: number;
  /** Cancels between steps with a `CancelledError`. */
  readonly signal?: AbortSignal;
}

/**
 * The result of {@link trainAutoGanArchitecture}.
 *
 * @example
 * ```ts
 * const { generator, seconds } = await trainAutoGanArchitecture(options);
 * generator.dispose();
 * ```
 */
export interface TrainedAutoGanGenerator {
  /** The generator with the EMA parameters loaded (BatchNorm statistics are the live ones). The caller owns it. */
  readonly generator: SharedGenerator;
  /** D steps done. */
  readonly discriminatorSteps: number;
  /** G steps done. */
  readonly generatorSteps: number;
  /** Mean D loss over the last 10% of the training. */
  readonly finalDiscriminatorLoss: number;
  /** Mean G loss over the last 10% of the training. */
  readonly finalGeneratorLoss: number;
  /** Wall-clock seconds. */
  readonly seconds: number;
}

/**
 * Trains one architecture from scratch as AutoGAN's `train_derived.py` does (through the
 * shared generator fixed to that architecture, here with only its weights allocated): D steps
 * on the hinge loss, a G step every `criticSteps` D steps (the first on D step 0), Adam, and
 * an exponential moving average of G's parameters after every G step, loaded into the
 * returned generator.
 *
 * @throws InvalidArgumentError for bad options; CancelledError when `signal` aborts;
 *   NumericalError when a loss is not finite.
 * @example
 * ```ts
 * import { trainAutoGanArchitecture, autoGanCifar10Architecture } from '@fewshot/autogan';
 * const { generator } = await trainAutoGanArchitecture({
 *   architecture: autoGanCifar10Architecture, data: padded, seed: 1,
 *   generator: { channels: 16, outputChannels: 1 }, discriminator: { channels: 16 }, generatorSteps: 100,
 * });
 * generator.dispose();
 * ```
 */
export async function trainAutoGanArchitecture(options: TrainAutoGanArchitectureOptions): Promise<TrainedAutoGanGenerator> {
  const functionName = 'trainAutoGanArchitecture';
  requireOptions(functionName, options, '{ architecture, data, seed, ... }');
  const architecture = checkAutoGanArchitecture(functionName, 'options.architecture', options.architecture);
  const generatorInput = options.generator ?? {};
  const dimensions = {
    channels: integerOption(functionName, 'options.generator.channels', generatorInput.channels, { minimum: 1, fallback: 256 }),
    latentDimension: integerOption(functionName, 'options.generator.latentDimension', generatorInput.latentDimension, { minimum: 1, fallback: 128 }),
    bottomWidth: integerOption(functionName, 'options.generator.bottomWidth', generatorInput.bottomWidth, { minimum: 1, fallback: 4 }),
    outputChannels: integerOption(functionName, 'options.generator.outputChannels', generatorInput.outputChannels, { minimum: 1, fallback: 3 }),
  };
  const discriminatorChannels = integerOption(functionName, 'options.discriminator.channels', options.discriminator?.channels, { minimum: 1, fallback: 128 });
  const generatorSteps = integerOption(functionName, 'options.generatorSteps', options.generatorSteps, { minimum: 1, fallback: 50_000 });
  const criticSteps = integerOption(functionName, 'options.criticSteps', options.criticSteps, { minimum: 1, fallback: 5 });
  const discriminatorBatchSize = integerOption(functionName, 'options.discriminatorBatchSize', options.discriminatorBatchSize, { minimum: 2, fallback: 64 });
  const generatorBatchSize = integerOption(functionName, 'options.generatorBatchSize', options.generatorBatchSize, { minimum: 2, fallback: 128 });
  const learningRate = numberOption(functionName, 'options.learningRate', options.learningRate, { exclusiveMinimum: 0, fallback: 2e-4 });
  const beta1 = numberOption(functionName, 'options.beta1', options.beta1, { minimum: 0, exclusiveMaximum: 1, fallback: 0 });
  const beta2 = numberOption(functionName, 'options.beta2', options.beta2, { minimum: 0, exclusiveMaximum: 1, fallback: 0.9 });
  const averageDecay = numberOption(functionName, 'options.averageDecay', options.averageDecay, { minimum: 0, exclusiveMaximum: 1, fallback: 0.999 });
  const progressInterval = integerOption(functionName, 'options.progressInterval', options.progressInterval, { minimum: 1, fallback: 50 });
  const { data, seed, signal } = options;
  const size = dimensions.bottomWidth * 8;
  if (typeof data !== 'object' || data === null || !(data.images instanceof Uint8Array) || data.height !== size || data.width !== size || data.channels !== dimensions.outputChannels) {
    throw new InvalidArgumentError({ functionName, argument: 'options.data', message: `expected an ImageDataset of ${size}x${size}x${dimensions.outputChannels} images, got ${describeValue(data)}` });
  }
  if (!((typeof seed === 'number' && Number.isSafeInteger(seed)) || typeof seed === 'string')) {
    throw new InvalidArgumentError({ functionName, argument: 'options.seed', message: `expected a safe integer or a string, got ${describeValue(seed)}` });
  }
  const rng = (label: string) => createRng({ seed: deriveSeed({ seed, label: `autogan-train/${label}` }) });
  const initialization = rng('initialization');
  const latentRng = rng('latent');
  const region = createRegion({ space: autoGanSpace, allowed: architecture.map((option) => [option]) });
  const generator = createSharedGenerator({ rng: initialization, ...dimensions, region });
  const discriminator = createDiscriminator({ rng: initialization, channels: discriminatorChannels, inputChannels: dimensions.outputChannels });
  const generatorOptimizer = createAdam({ learningRate, beta1, beta2 });
  const discriminatorOptimizer = createAdam({ learningRate, beta1, beta2 });
  const average = createParameterAverage({ variables: generator.trainableVariables({ architecture }), decay: averageDecay });
  const stream = new RealBatchStream({ dataset: data, batchSize: discriminatorBatchSize, rng: rng('data') });
  const started = performance.now();
  let step = 0;
  let generatorStep = 0;
  const tail = Math.max(1, Math.floor(generatorSteps / 10));
  const recentD: number[] = [];
  const recentG: number[] = [];
  let succeeded = false;
  try {
    while (generatorStep < generatorSteps) {
      await yieldToEventLoop();
      if (signal?.aborted === true) {
        throw new CancelledError({ functionName, argument: 'options.signal', message: `cancelled after ${generatorStep} of ${generatorSteps} generator steps` });
      }
      const batch = stream.next();
      const real = tf.tensor4d(batch.images, [batch.size, size, size, dimensions.outputChannels]);
      let losses;
      try {
        losses = await trainGanStep({
          generator,
          discriminator,
          generatorOptimizer,
          discriminatorOptimizer,
          architecture,
          stage: 2,
          realImages: real,
          rng: latentRng,
          generatorBatchSize,
          generatorStep: step % criticSteps === 0,
        });
      } finally {
        real.dispose();
      }
      step += 1;
      recentD.push(losses.discriminatorLoss);
      if (recentD.length > tail * criticSteps) recentD.shift();
      if (losses.generatorLoss !== undefined) {
        generatorStep += 1;
        average.update();
        recentG.push(losses.generatorLoss);
        if (recentG.length > tail) recentG.shift();
        if (generatorStep % progressInterval === 0 || generatorStep === generatorSteps) {
          options.onProgress?.({
            generatorStep,
            generatorSteps,
            discriminatorLoss: losses.discriminatorLoss,
            generatorLoss: losses.generatorLoss,
            seconds: (performance.now() - started) / 1000,
          });
        }
      }
    }
    // Load the averaged parameters into the live model (AutoGAN evaluates the EMA generator).
    const averages = await average.read();
    const variables = generator.trainableVariables({ architecture });
    tf.tidy(() => variables.forEach((variable, index) => variable.assign(tf.tensor(averages[index] as Float32Array, variable.shape))));
    succeeded = true;
  } finally {
    average.dispose();
    discriminator.dispose();
    generatorOptimizer.dispose();
    discriminatorOptimizer.dispose();
    if (!succeeded) generator.dispose();
  }
  const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(values.length, 1);
  return {
    generator,
    discriminatorSteps: step,
    generatorSteps: generatorStep,
    finalDiscriminatorLoss: mean(recentD),
    finalGeneratorLoss: mean(recentG),
    seconds: (performance.now() - started) / 1000,
  };
}
