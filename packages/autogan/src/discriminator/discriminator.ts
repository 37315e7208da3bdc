import { InvalidArgumentError, type Rng } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';
import { pytorchDefault, xavierUniform } from '../internal/initializers.js';
import { averagePool2x2, convolution } from '../internal/layers.js';
import { ParameterStore, type ParameterSpec } from '../internal/parameter-store.js';
import type { NamedWeights } from '../named-weights.js';
import { describeValue, integerOption, requireImageTensor, requireOptions, requireRng } from '../internal/validate.js';
import '../internal/disposable-symbol.js';

/**
 * Options of {@link createDiscriminator}. Defaults are AutoGAN's search settings.
 *
 * @example
 * ```ts
 * const options: DiscriminatorOptions = { rng: createRng({ seed: 1 }), channels: 32, inputChannels: 1 };
 * ```
 */
export interface DiscriminatorOptions {
  /** Draws the initial weights and the spectral-norm vectors. */
  readonly rng: Rng;
  /** df_dim, the width of every block. Default 64 (search; the final training uses 128). */
  readonly channels?: number;
  /** Image channels. Default 3. */
  readonly inputChannels?: number;
}

/**
 * Options of {@link Discriminator.forward}.
 *
 * @example
 * ```ts
 * const logits = discriminator.forward({ images, stage: 2, training: true });
 * ```
 */
export interface DiscriminatorForwardOptions {
  /** `[batch, size, size, inputChannels]`; size 8, 16, 32 at stages 0, 1, 2 in AutoGAN. */
  readonly images: tf.Tensor4D;
  /** Depth: 0 = block1, block4; 1 = block1, block2, block4; 2 = all four blocks. Default 2. */
  readonly stage?: number;
  /**
   * True (default, as AutoGAN always runs D in train mode): one power iteration per
   * spectral-normalised layer used, updating its u and v before the weights are divided
   * by sigma. False: the stored u and v, nothing updated (PyTorch's eval mode).
   */
  readonly training?: boolean;
}

interface SpectralLayer {
  /** Local name of the weight (without `.kernel`). */
  readonly name: string;
  /** Rows of PyTorch's weight matrix (output units). */
  readonly rows: number;
  /** Columns (inputs x kernel area). */
  readonly columns: number;
}

/** The blocks each stage uses. */
const stageBlocks: readonly (readonly number[])[] = [
  [1, 4],
  [1, 2, 4],
  [1, 2, 3, 4],
];

/**
 * AutoGAN's fixed discriminator: SNGAN's CIFAR ResNet discriminator with spectral
 * normalisation on every convolution and on the linear head, grown with the search
 * stages (`models_search/shared_gan.py`).
 *
 * - block1 (optimised): conv3x3, ReLU, conv3x3, avgpool2 + shortcut avgpool2, conv1x1;
 * - block2: ReLU, conv3x3, ReLU, conv3x3, avgpool2 + shortcut conv1x1, avgpool2;
 * - block3, block4: ReLU, conv3x3, ReLU, conv3x3 + identity;
 * - head: ReLU, global **sum** pooling, linear (no bias) -> one logit.
 *
 * Spectral norm as `torch.nn.utils.spectral_norm`: the weight matrix is PyTorch's
 * `[out, in * kh * kw]`, u and v are persisted buffers (random unit vectors at
 * creation), one power iteration per training forward, eps 1e-12; sigma = u^T W v with
 * u and v constant, so the gradient flows through sigma into W.
 *
 * Owns its variables: call {@link Discriminator.dispose}.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@fewshot/core';
 * import { createDiscriminator } from '@fewshot/autogan';
 * const discriminator = createDiscriminator({ rng: createRng({ seed: 1 }), channels: 16, inputChannels: 1 });
 * const logits = tf.tidy(() => discriminator.forward({ images: tf.zeros([2, 8, 8, 1]), stage: 0 }));
 * logits.shape; // [2, 1]
 * logits.dispose();
 * discriminator.dispose();
 * ```
 */
export class Discriminator {
  /** df_dim. */
  readonly channels: number;
  /** Image channels. */
  readonly inputChannels: number;
  readonly #store: ParameterStore;
  readonly #layers: ReadonlyMap<string, SpectralLayer>;

  /** @internal Use {@link createDiscriminator}. */
  constructor(options: { readonly channels: number; readonly inputChannels: number; readonly rng: Rng }) {
    this.channels = options.channels;
    this.inputChannels = options.inputChannels;
    const specs: ParameterSpec[] = [];
    const layers = new Map<string, SpectralLayer>();
    const conv = (name: string, kernel: number, inChannels: number, outChannels: number): void => {
      const fanIn = kernel * kernel * inChannels;
      specs.push({ name: `${name}.kernel`, shape: [kernel, kernel, inChannels, outChannels], initializer: xavierUniform(fanIn, kernel * kernel * outChannels), trainable: true });
      specs.push({ name: `${name}.bias`, shape: [outChannels], initializer: pytorchDefault(fanIn), trainable: true });
      specs.push({ name: `${name}.u`, shape: [outChannels], initializer: { kind: 'unit-normal' }, trainable: false });
      specs.push({ name: `${name}.v`, shape: [fanIn], initializer: { kind: 'unit-normal' }, trainable: false });
      layers.set(name, { name, rows: outChannels, columns: fanIn });
    };
    const c = options.channels;
    conv('block1.conv1', 3, options.inputChannels, c);
    conv('block1.conv2', 3, c, c);
    conv('block1.shortcut', 1, options.inputChannels, c);
    conv('block2.conv1', 3, c, c);
    conv('block2.conv2', 3, c, c);
    conv('block2.shortcut', 1, c, c);
    conv('block3.conv1', 3, c, c);
    conv('block3.conv2', 3, c, c);
    conv('block4.conv1', 3, c, c);
    conv('block4.conv2', 3, c, c);
    specs.push({ name: 'head.kernel', shape: [c, 1], initializer: pytorchDefault(c), trainable: true });
    specs.push({ name: 'head.u', shape: [1], initializer: { kind: 'unit-normal' }, trainable: false });
    specs.push({ name: 'head.v', shape: [c], initializer: { kind: 'unit-normal' }, trainable: false });
    layers.set('head', { name: 'head', rows: 1, columns: c });
    this.#layers = layers;
    this.#store = new ParameterStore({ kind: 'discriminator', specs, rng: options.rng });
  }

  /** The prefix of this instance's variable names. */
  get variablePrefix(): string {
    return this.#store.prefix;
  }

  /**
   * The weight divided by its spectral norm estimate; in training mode u and v are first
   * advanced by one power iteration (outside the gradient path).
   */
  #normalizedKernel(name: string, training: boolean): tf.Tensor {
    const layer = this.#layers.get(name) as SpectralLayer;
    const kernel = this.#store.get(`${name}.kernel`);
    const u = this.#store.get(`${name}.u`);
    const v = this.#store.get(`${name}.v`);
    // kernel reshaped to [columns, rows] is the transpose of PyTorch's [rows, columns] matrix
    // (up to a permutation of the columns, which v follows consistently).
    if (training) {
      tf.tidy(() => {
        const matrix = tf.reshape(kernel, [layer.columns, layer.rows]);
        const newV = normalizeVector(tf.reshape(tf.matMul(matrix, tf.reshape(u, [layer.rows, 1])), [layer.columns]));
        const newU = normalizeVector(tf.reshape(tf.matMul(matrix, tf.reshape(newV, [layer.columns, 1]), true, false), [layer.rows]));
        v.assign(newV);
        u.assign(newU);
      });
    }
    const matrix = tf.reshape(kernel, [layer.columns, layer.rows]);
    const sigma = tf.sum(tf.mul(tf.reshape(v, [layer.columns, 1]), tf.matMul(matrix, tf.reshape(u, [layer.rows, 1]))));
    return tf.div(kernel, sigma);
  }

  #conv(name: string, x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return convolution(x, this.#normalizedKernel(name, training), this.#store.get(`${name}.bias`));
  }

  /**
   * One logit per image, `[batch, 1]`. Differentiable w.r.t. the discriminator's weights
   * and the images. In training mode the u and v of the layers used are updated.
   *
   * Ownership: the caller owns the returned tensor.
   *
   * @throws InvalidArgumentError for images that are not `[batch, h, w, inputChannels]`
   *   float32 with h and w divisible by the stage's downsampling; StateError after dispose.
   */
  forward(options: DiscriminatorForwardOptions): tf.Tensor2D {
    const functionName = 'Discriminator.forward';
    requireOptions(functionName, options, '{ images, stage?, training? }');
    this.#store.assertAlive(functionName);
    const images = requireImageTensor(functionName, 'options.images', options.images);
    const stage = integerOption(functionName, 'options.stage', options.stage, { minimum: 0, maximum: 2, fallback: 2 });
    const training = options.training ?? true;
    if (typeof training !== 'boolean') {
      throw new InvalidArgumentError({ functionName, argument: 'options.training', message: `expected a boolean, got ${describeValue(training)}` });
    }
    const downsampling = stage === 0 ? 2 : 4;
    if (images.shape[3] !== this.inputChannels || images.shape[1] % downsampling !== 0 || images.shape[2] % downsampling !== 0) {
      throw new InvalidArgumentError({
        functionName,
        argument: 'options.images',
        message: `expected [batch, h, w, ${this.inputChannels}] with h and w divisible by ${downsampling} at stage ${stage}, got [${images.shape.join(', ')}]`,
      });
    }
    const blocks = stageBlocks[stage] as readonly number[];
    return tf.tidy(() => {
      let h: tf.Tensor4D = images;
      for (const block of blocks) {
        if (block === 1) {
          const residual = averagePool2x2(this.#conv('block1.conv2', tf.relu(this.#conv('block1.conv1', h, training)), training));
          const shortcut = this.#conv('block1.shortcut', averagePool2x2(h), training);
          h = tf.add(residual, shortcut);
        } else if (block === 2) {
          const inner = this.#conv('block2.conv2', tf.relu(this.#conv('block2.conv1', tf.relu(h), training)), training);
          h = tf.add(averagePool2x2(inner), averagePool2x2(this.#conv('block2.shortcut', h, training)));
        } else {
          const name = `block${block}`;
          h = tf.add(this.#conv(`${name}.conv2`, tf.relu(this.#conv(`${name}.conv1`, tf.relu(h), training)), training), h);
        }
      }
      const pooled = tf.sum(tf.relu(h), [1, 2]) as tf.Tensor2D;
      return tf.matMul(pooled, this.#normalizedKernel('head', training) as tf.Tensor2D);
    });
  }

  /**
   * The trainable variables a stage uses (its blocks and the head). The discriminator owns them.
   */
  trainableVariables(options: { readonly stage?: number } = {}): tf.Variable[] {
    const functionName = 'Discriminator.trainableVariables';
    requireOptions(functionName, options, '{ stage? }');
    this.#store.assertAlive(functionName);
    const stage = integerOption(functionName, 'options.stage', options.stage, { minimum: 0, maximum: 2, fallback: 2 });
    const blocks = new Set((stageBlocks[stage] as readonly number[]).map((block) => `block${block}.`));
    return this.#store.specs
      .filter((spec) => spec.trainable && (spec.name.startsWith('head.') || [...blocks].some((prefix) => spec.name.startsWith(prefix))))
      .map((spec) => this.#store.get(spec.name));
  }

  /** Every variable (weights, biases, spectral-norm u and v). The discriminator owns them. */
  variables(): tf.Variable[] {
    return this.#store.all();
  }

  /** The names of the spectral-normalised layers (`block1.conv1`, ..., `head`). */
  spectralLayerNames(): string[] {
    return [...this.#layers.keys()];
  }

  /**
   * The current spectral-norm estimate sigma = u^T W v of a layer (what the forward pass
   * divides by). For tests and diagnostics.
   */
  spectralNormEstimate(options: { readonly layer: string }): number {
    const functionName = 'Discriminator.spectralNormEstimate';
    requireOptions(functionName, options, '{ layer }');
    const layer = this.#layers.get(options.layer);
    if (layer === undefined) {
      throw new InvalidArgumentError({ functionName, argument: 'options.layer', message: `expected one of ${[...this.#layers.keys()].join(', ')}, got ${describeValue(options.layer)}` });
    }
    return tf.tidy(() => {
      const matrix = tf.reshape(this.#store.get(`${layer.name}.kernel`), [layer.columns, layer.rows]);
      const u = tf.reshape(this.#store.get(`${layer.name}.u`), [layer.rows, 1]);
      const v = tf.reshape(this.#store.get(`${layer.name}.v`), [layer.columns, 1]);
      return tf.sum(tf.mul(v, tf.matMul(matrix, u))).dataSync()[0] as number;
    });
  }

  /** The name of a variable without this instance's prefix. */
  localName(variable: tf.Variable): string {
    return this.#store.localName(variable);
  }

  /** Copies of every variable, keyed by local name. */
  getWeights(): Promise<NamedWeights> {
    this.#store.assertAlive('Discriminator.getWeights');
    return this.#store.read();
  }

  /** Assigns every variable by local name (as {@link Discriminator.getWeights} returns them). */
  setWeights(options: { readonly weights: NamedWeights }): void {
    requireOptions('Discriminator.setWeights', options, '{ weights }');
    this.#store.write({ functionName: 'Discriminator.setWeights', argument: 'options.weights', values: options.weights });
  }

  /** Draws fresh weights and spectral-norm vectors. */
  reinitialize(options: { readonly rng: Rng }): void {
    requireOptions('Discriminator.reinitialize', options, '{ rng }');
    this.#store.assertAlive('Discriminator.reinitialize');
    this.#store.reinitialize(requireRng('Discriminator.reinitialize', 'options.rng', options.rng));
  }

  /** True after {@link Discriminator.dispose}. */
  get isDisposed(): boolean {
    return this.#store.disposed;
  }

  /** Frees every variable; idempotent. */
  dispose(): void {
    this.#store.dispose();
  }

  /** Same as {@link Discriminator.dispose}. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}

function normalizeVector(x: tf.Tensor1D): tf.Tensor1D {
  return tf.div(x, tf.maximum(tf.norm(x), 1e-12));
}

/**
 * Creates AutoGAN's spectral-normalised discriminator with fresh weights: xavier-uniform
 * conv weights, PyTorch defaults for biases and the linear head, random unit u and v.
 *
 * @throws InvalidArgumentError / OutOfRangeError for bad sizes or a missing rng.
 * @example
 * ```ts
 * import { createRng } from '@fewshot/core';
 * import { createDiscriminator } from '@fewshot/autogan';
 * const discriminator = createDiscriminator({ rng: createRng({ seed: 1 }), channels: 32, inputChannels: 1 });
 * discriminator.trainableVariables({ stage: 0 }).length; // block1 (6) + block4 (4) + head (1) = 11
 * discriminator.dispose();
 * ```
 */
export function createDiscriminator(options: DiscriminatorOptions): Discriminator {
  const functionName = 'createDiscriminator';
  requireOptions(functionName, options, '{ rng, channels?, inputChannels? }');
  const rng = requireRng(functionName, 'options.rng', options.rng);
  return new Discriminator({
    channels: integerOption(functionName, 'options.channels', options.channels, { minimum: 1, fallback: 64 }),
    inputChannels: integerOption(functionName, 'options.inputChannels', options.inputChannels, { minimum: 1, fallback: 3 }),
    rng,
  });
}
