import { InvalidArgumentError, type Architecture, type Region, type Rng } from '@fewshot/core';
import { batchNormalization, batchNormalizationInference } from '@fewshot/backend';
import * as tf from '@tensorflow/tfjs-core';
import { convolution, instanceNormalization, interpolate, transposedConvolution2x2 } from '../internal/layers.js';
import { ParameterStore } from '../internal/parameter-store.js';
import type { NamedWeights } from '../named-weights.js';
import { describeValue, integerOption, requireOptions, requireRng } from '../internal/validate.js';
import { autoGanSpace, cellsOf, checkAutoGanArchitecture, type AutoGanCell } from '../space/autogan-space.js';
import '../internal/disposable-symbol.js';
import {
  generatorParameterSpecs,
  regionUsesParameter,
  usesParameter,
  type GeneratorDimensions,
  type GeneratorParameterSpec,
} from './generator-parameters.js';

/**
 * Options of {@link createSharedGenerator}. Defaults are AutoGAN's search settings on CIFAR-10.
 *
 * @example
 * ```ts
 * const options: SharedGeneratorOptions = { rng: createRng({ seed: 1 }), channels: 32, outputChannels: 1 };
 * ```
 */
export interface SharedGeneratorOptions {
  /** Draws the initial weights. */
  readonly rng: Rng;
  /** gf_dim, the width of every cell. Default 128 (search; the final training uses 256). */
  readonly channels?: number;
  /** Size of z. Default 128. */
  readonly latentDimension?: number;
  /** Side of the stem's feature map (4 for CIFAR-10, 6 for STL-10). Default 4. */
  readonly bottomWidth?: number;
  /** Image channels of the head's conv (3 for RGB, 1 for grey). Default 3. */
  readonly outputChannels?: number;
  /**
   * Only create the weights that architectures of this region (of `autoGanSpace`) use,
   * e.g. a single architecture's region for training it from scratch. Default: the whole space.
   */
  readonly region?: Region;
}

/**
 * Options of {@link SharedGenerator.forward}.
 *
 * @example
 * ```ts
 * const images = generator.forward({ latent: tf.randomNormal([8, 128]), architecture, stage: 2, training: true });
 * ```
 */
export interface GeneratorForwardOptions {
  /** z, shape `[batch, latentDimension]`. */
  readonly latent: tf.Tensor2D;
  /** The 14-integer architecture; entries of cells beyond the stage are ignored. */
  readonly architecture: Architecture;
  /** 0, 1 or 2: the output is taken after cell `stage + 1`. Default 2. */
  readonly stage?: number;
  /**
   * True: batch statistics in BatchNorm and the running statistics are updated
   * (momentum 0.1, unbiased variance), as PyTorch's `train()` mode. False (default):
   * running statistics, nothing updated.
   */
  readonly training?: boolean;
}

/**
 * Options of {@link SharedGenerator.trainableVariables}.
 *
 * @example
 * ```ts
 * const variables = generator.trainableVariables({ architecture, stage: 1 });
 * ```
 */
export interface GeneratorVariablesOptions {
  /** The architecture whose path is wanted. */
  readonly architecture: Architecture;
  /** Default 2. */
  readonly stage?: number;
}

/**
 * AutoGAN's weight-sharing generator (ENAS-style), in TensorFlow.js, NHWC:
 * z -> linear -> `[bottomWidth, bottomWidth, channels]` -> three cells, each doubling the
 * resolution -> BatchNorm, ReLU, conv3x3, tanh. One architecture per forward pass; only
 * the weights of its path take part, so only they receive gradients.
 *
 * What is shared (as in `models_search/building_blocks_search.py`): a block's conv3x3 is
 * shared by the three normalisations and the three upsamplings (deconvolution adds its
 * own ConvT); the shortcut and skip 1x1 convs are shared by the upsamplings; the stem and
 * head are global. Pre- and post-activation paths have separate weights; each BatchNorm
 * (per block and path) has its own affine parameters and running statistics, which every
 * architecture that uses it shares; instance normalisation has no parameters.
 *
 * A cell's skip output is its first block's output plus the skips added into it
 * (PyTorch's in-place `h +=` aliasing), not the cell's final output. The cell's one
 * upsampling type is used for the main x2, the shortcut and the resizing of skip inputs.
 *
 * Owns its variables: call {@link SharedGenerator.dispose}.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@fewshot/core';
 * import { autoGanCifar10Architecture, createSharedGenerator } from '@fewshot/autogan';
 * const generator = createSharedGenerator({ rng: createRng({ seed: 1 }), channels: 16, outputChannels: 1 });
 * const images = tf.tidy(() => generator.forward({ latent: tf.randomNormal([4, 128]), architecture: autoGanCifar10Architecture }));
 * images.shape; // [4, 32, 32, 1]
 * images.dispose();
 * generator.dispose();
 * ```
 */
export class SharedGenerator {
  /** gf_dim. */
  readonly channels: number;
  /** Size of z. */
  readonly latentDimension: number;
  /** Side of the stem's feature map. */
  readonly bottomWidth: number;
  /** Image channels. */
  readonly outputChannels: number;
  /** For every decision, the options whose weights exist (the region's mask). */
  readonly allowed: readonly (readonly boolean[])[];
  readonly #store: ParameterStore;
  readonly #specs: readonly GeneratorParameterSpec[];

  /** @internal Use {@link createSharedGenerator}. */
  constructor(options: { readonly dimensions: GeneratorDimensions; readonly allowed: readonly (readonly boolean[])[]; readonly rng: Rng }) {
    this.channels = options.dimensions.channels;
    this.latentDimension = options.dimensions.latentDimension;
    this.bottomWidth = options.dimensions.bottomWidth;
    this.outputChannels = options.dimensions.outputChannels;
    this.allowed = options.allowed;
    this.#specs = generatorParameterSpecs(options.dimensions).filter((spec) => regionUsesParameter(spec, options.allowed));
    this.#store = new ParameterStore({ kind: 'generator', specs: this.#specs, rng: options.rng });
  }

  /** The prefix of this instance's variable names. */
  get variablePrefix(): string {
    return this.#store.prefix;
  }

  /** The side of the output images at `stage`: `bottomWidth * 2^(stage + 1)`. */
  outputSize(options: { readonly stage: number }): number {
    const stage = integerOption('SharedGenerator.outputSize', 'options.stage', options?.stage, { minimum: 0, maximum: 2 });
    return this.bottomWidth * 2 ** (stage + 1);
  }

  #checkArchitecture(functionName: string, argument: string, value: unknown, stage: number): Architecture {
    const architecture = checkAutoGanArchitecture(functionName, argument, value);
    const decided = stage === 0 ? 4 : stage === 1 ? 9 : 14;
    for (let d = 0; d < decided; d += 1) {
      if (this.allowed[d]?.[architecture[d] as number] !== true) {
        throw new InvalidArgumentError({
          functionName,
          argument,
          message: `decision ${d} (${autoGanSpace.decisions[d]?.label}) = ${architecture[d]} lies outside this generator's region, which has no weights for it`,
        });
      }
    }
    return architecture;
  }

  /**
   * Generates images with one architecture: `[batch, size, size, outputChannels]` in
   * (-1, 1), `size = bottomWidth * 2^(stage + 1)`. Differentiable w.r.t. the active
   * path's variables. In training mode the BatchNorm running statistics it uses are
   * updated (also inside a gradient closure).
   *
   * Ownership: the caller owns the returned tensor.
   *
   * @throws InvalidArgumentError for a bad latent, architecture or stage, or an
   *   architecture outside the generator's region; StateError after dispose.
   */
  forward(options: GeneratorForwardOptions): tf.Tensor4D {
    const functionName = 'SharedGenerator.forward';
    requireOptions(functionName, options, '{ latent, architecture, stage?, training? }');
    this.#store.assertAlive(functionName);
    const stage = integerOption(functionName, 'options.stage', options.stage, { minimum: 0, maximum: 2, fallback: 2 });
    const architecture = this.#checkArchitecture(functionName, 'options.architecture', options.architecture, stage);
    const { latent } = options;
    if (!(latent instanceof tf.Tensor) || latent.rank !== 2 || latent.shape[1] !== this.latentDimension || latent.dtype !== 'float32') {
      throw new InvalidArgumentError({
        functionName,
        argument: 'options.latent',
        message: `expected a float32 tensor [batch, ${this.latentDimension}], got ${describeValue(latent)}`,
      });
    }
    const training = options.training ?? false;
    if (typeof training !== 'boolean') {
      throw new InvalidArgumentError({ functionName, argument: 'options.training', message: `expected a boolean, got ${describeValue(training)}` });
    }
    if (training && latent.shape[0] < 2) {
      throw new InvalidArgumentError({ functionName, argument: 'options.latent', message: 'training mode needs a batch of at least 2 (batch statistics)' });
    }
    const cells = cellsOf(architecture);
    return tf.tidy(() => {
      const p = (name: string): tf.Variable => this.#store.get(name);
      const batch = latent.shape[0];
      let x = tf.reshape(tf.add(tf.matMul(latent, p('l1.kernel')), p('l1.bias')), [batch, this.bottomWidth, this.bottomWidth, this.channels]) as tf.Tensor4D;
      const skipOutputs: tf.Tensor4D[] = [];
      for (let index = 0; index <= stage; index += 1) {
        const [skipOutput, output] = this.#cell(cells[index] as AutoGanCell, x, skipOutputs, training);
        skipOutputs.push(skipOutput);
        x = output;
      }
      const normalized = this.#batchNorm('head.bn', x, training);
      const convolved = convolution(tf.relu(normalized), p('head.conv.kernel'), p('head.conv.bias'));
      return tf.tanh(convolved);
    });
  }

  #batchNorm(name: string, x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    const scale = this.#store.get(`${name}.scale`);
    const offset = this.#store.get(`${name}.offset`);
    const runningMean = this.#store.get(`${name}.running-mean`);
    const runningVariance = this.#store.get(`${name}.running-variance`);
    if (!training) {
      return batchNormalizationInference({ x, mean: runningMean, variance: runningVariance, scale, offset, epsilon: 1e-5 }) as tf.Tensor4D;
    }
    const { output, mean, variance, count } = batchNormalization({ x, scale, offset, epsilon: 1e-5 });
    runningMean.assign(tf.add(tf.mul(runningMean, 0.9), tf.mul(mean, 0.1)));
    runningVariance.assign(tf.add(tf.mul(runningVariance, 0.9), tf.mul(variance, (0.1 * count) / (count - 1))));
    return output as tf.Tensor4D;
  }

  #normalize(name: string, kind: AutoGanCell['normalization'], x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    if (kind === 'none') return x;
    if (kind === 'instance') return instanceNormalization(x);
    return this.#batchNorm(name, x, training);
  }

  #upsample(x: tf.Tensor4D, cell: AutoGanCell, deconvolutionName: string): tf.Tensor4D {
    if (cell.upsampling === 'deconvolution') {
      return transposedConvolution2x2(x, this.#store.get(`${deconvolutionName}.kernel`), this.#store.get(`${deconvolutionName}.bias`));
    }
    return interpolate(x, cell.upsampling, [x.shape[1] * 2, x.shape[2] * 2]);
  }

  #block(cell: AutoGanCell, index: 1 | 2, x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    const base = `cell${cell.index}.${cell.convolution}`;
    const kernel = this.#store.get(`${base}.conv${index}.kernel`);
    const bias = this.#store.get(`${base}.conv${index}.bias`);
    if (cell.convolution === 'pre') {
      let h = tf.relu(this.#normalize(`${base}.bn${index}`, cell.normalization, x, training));
      if (index === 1) h = this.#upsample(h, cell, `${base}.deconv1`);
      return convolution(h, kernel, bias);
    }
    const h = index === 1 ? this.#upsample(x, cell, `${base}.deconv1`) : x;
    return tf.relu(this.#normalize(`${base}.bn${index}`, cell.normalization, convolution(h, kernel, bias), training));
  }

  #cell(cell: AutoGanCell, x: tf.Tensor4D, skipOutputs: readonly tf.Tensor4D[], training: boolean): [tf.Tensor4D, tf.Tensor4D] {
    const p = (name: string): tf.Variable => this.#store.get(name);
    const prefix = `cell${cell.index}`;
    let h = this.#block(cell, 1, x, training);
    const height = h.shape[1];
    const width = h.shape[2];
    for (const from of cell.skipsFrom) {
      const feature = skipOutputs[from - 1] as tf.Tensor4D;
      let resized: tf.Tensor4D;
      if (cell.upsampling !== 'deconvolution') {
        resized = interpolate(feature, cell.upsampling, [height, width]);
      } else if (cell.index - from === 1) {
        resized = transposedConvolution2x2(feature, p(`${prefix}.skip-deconv2.kernel`), p(`${prefix}.skip-deconv2.bias`));
      } else {
        const once = transposedConvolution2x2(feature, p(`${prefix}.skip-deconv4.first.kernel`), p(`${prefix}.skip-deconv4.first.bias`));
        resized = transposedConvolution2x2(once, p(`${prefix}.skip-deconv4.second.kernel`), p(`${prefix}.skip-deconv4.second.bias`));
      }
      h = tf.add(h, convolution(resized, p(`${prefix}.skip-from-cell${from}.conv.kernel`), p(`${prefix}.skip-from-cell${from}.conv.bias`)));
    }
    let output = this.#block(cell, 2, h, training);
    if (cell.shortcut) {
      const up = this.#upsample(x, cell, `${prefix}.shortcut.deconv`);
      output = tf.add(output, convolution(up, p(`${prefix}.shortcut.conv.kernel`), p(`${prefix}.shortcut.conv.bias`)));
    }
    return [h, output];
  }

  /**
   * The trainable variables on an architecture's path at a stage (what its forward pass
   * uses): pass them to the optimizer so that only the active path moves.
   *
   * Ownership: the generator owns the variables.
   */
  trainableVariables(options: GeneratorVariablesOptions): tf.Variable[] {
    const functionName = 'SharedGenerator.trainableVariables';
    requireOptions(functionName, options, '{ architecture, stage? }');
    this.#store.assertAlive(functionName);
    const stage = integerOption(functionName, 'options.stage', options.stage, { minimum: 0, maximum: 2, fallback: 2 });
    const architecture = this.#checkArchitecture(functionName, 'options.architecture', options.architecture, stage);
    return this.#specs.filter((spec) => spec.trainable && usesParameter(spec, architecture, stage)).map((spec) => this.#store.get(spec.name));
  }

  /** Every variable (trainable weights and BatchNorm running statistics). The generator owns them. */
  variables(): tf.Variable[] {
    return this.#store.all();
  }

  /** The name of a variable without this instance's prefix, e.g. `cell1.pre.conv1.kernel`. */
  localName(variable: tf.Variable): string {
    return this.#store.localName(variable);
  }

  /** Copies of every weight and running statistic, keyed by local name. */
  getWeights(): Promise<NamedWeights> {
    this.#store.assertAlive('SharedGenerator.getWeights');
    return this.#store.read();
  }

  /**
   * Assigns weights by local name (as {@link SharedGenerator.getWeights} returns them).
   * With `partial`, only the given names change and names this generator lacks are
   * ignored (to load a whole-space generator's weights into a region's generator).
   *
   * @throws InvalidArgumentError for unknown or missing names or wrong sizes.
   */
  setWeights(options: { readonly weights: NamedWeights; readonly partial?: boolean }): void {
    requireOptions('SharedGenerator.setWeights', options, '{ weights, partial? }');
    const partial = options.partial === true;
    this.#store.write({ functionName: 'SharedGenerator.setWeights', argument: 'options.weights', values: options.weights, partial, ignoreExtra: partial });
  }

  /** Draws fresh initial weights and resets the running statistics. */
  reinitialize(options: { readonly rng: Rng }): void {
    requireOptions('SharedGenerator.reinitialize', options, '{ rng }');
    this.#store.assertAlive('SharedGenerator.reinitialize');
    this.#store.reinitialize(requireRng('SharedGenerator.reinitialize', 'options.rng', options.rng));
  }

  /** True after {@link SharedGenerator.dispose}. */
  get isDisposed(): boolean {
    return this.#store.disposed;
  }

  /** Frees every variable; idempotent. */
  dispose(): void {
    this.#store.dispose();
  }

  /** Same as {@link SharedGenerator.dispose}. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}

/**
 * Creates AutoGAN's shared generator with fresh weights drawn from `options.rng`:
 * xavier-uniform conv3x3/1x1 weights, N(1, 0.02) BatchNorm scales, PyTorch defaults for
 * the linear stem, the transposed convolutions and all biases (as AutoGAN's
 * `weights_init`, which only matches `Conv2d` and `BatchNorm2d`).
 *
 * @throws InvalidArgumentError / OutOfRangeError for bad sizes, a missing rng or a region of another space.
 * @example
 * ```ts
 * import { createRng } from '@fewshot/core';
 * import { createSharedGenerator } from '@fewshot/autogan';
 * const generator = createSharedGenerator({ rng: createRng({ seed: 1 }), channels: 32, outputChannels: 1 });
 * generator.outputSize({ stage: 0 }); // 8
 * generator.dispose();
 * ```
 */
export function createSharedGenerator(options: SharedGeneratorOptions): SharedGenerator {
  const functionName = 'createSharedGenerator';
  requireOptions(functionName, options, '{ rng, channels?, latentDimension?, bottomWidth?, outputChannels?, region? }');
  const rng = requireRng(functionName, 'options.rng', options.rng);
  const dimensions: GeneratorDimensions = {
    channels: integerOption(functionName, 'options.channels', options.channels, { minimum: 1, fallback: 128 }),
    latentDimension: integerOption(functionName, 'options.latentDimension', options.latentDimension, { minimum: 1, fallback: 128 }),
    bottomWidth: integerOption(functionName, 'options.bottomWidth', options.bottomWidth, { minimum: 1, fallback: 4 }),
    outputChannels: integerOption(functionName, 'options.outputChannels', options.outputChannels, { minimum: 1, fallback: 3 }),
  };
  let allowed: readonly (readonly boolean[])[] = autoGanSpace.decisions.map((decision) => decision.options.map(() => true));
  if (options.region !== undefined) {
    const region = options.region as Partial<Region> | null;
    if (typeof region !== 'object' || region === null || region.space?.id !== autoGanSpace.id || !Array.isArray(region.allowed)) {
      throw new InvalidArgumentError({ functionName, argument: 'options.region', message: `expected a Region of autoGanSpace, got ${describeValue(options.region)}` });
    }
    if ((region.size ?? 0) === 0) {
      throw new InvalidArgumentError({ functionName, argument: 'options.region', message: 'the region is empty' });
    }
    allowed = region.allowed;
  }
  return new SharedGenerator({ dimensions, allowed, rng });
}
