import { CancelledError, InvalidArgumentError, type Rng, yieldToEventLoop } from '@fewshot/core';
import { batchNormalization, batchNormalizationInference } from '@fewshot/backend';
import { iterateBatches, type ImageDataset } from '@fewshot/datasets';
import * as tf from '@tensorflow/tfjs-core';
import { pytorchDefault, xavierUniform } from '../internal/initializers.js';
import { convolution } from '../internal/layers.js';
import { ParameterStore, type ParameterSpec } from '../internal/parameter-store.js';
import type { NamedWeights } from '../named-weights.js';
import { describeValue, integerOption, numberOption, requireImageTensor, requireOptions, requireRng } from '../internal/validate.js';
import { createAdam } from '../training/adam.js';
import type { FeatureExtractor } from './feature-extractor.js';
import '../internal/disposable-symbol.js';

/**
 * Options of {@link createImageClassifier}.
 *
 * @example
 * ```ts
 * const options: ImageClassifierOptions = { rng: createRng({ seed: 11 }), widths: [16, 32, 64] };
 * ```
 */
export interface ImageClassifierOptions {
  /** Draws the initial weights. */
  readonly rng: Rng;
  /** Channels of the three conv stages; the last is the feature dimension. Default [32, 64, 128]. */
  readonly widths?: readonly [number, number, number];
  /** Default 1 (grey). */
  readonly inputChannels?: number;
  /** Default 10. */
  readonly classes?: number;
}

/**
 * Outputs of {@link ImageClassifier.predict}; the caller owns both.
 *
 * @example
 * ```ts
 * const { features, logits } = classifier.predict({ images });
 * tf.dispose([features, logits]);
 * ```
 */
export interface ClassifierOutputs {
  /** `[batch, widths[2]]`: the global-average-pooled penultimate features. */
  readonly features: tf.Tensor2D;
  /** `[batch, classes]`. */
  readonly logits: tf.Tensor2D;
}

/**
 * A small CNN classifier for the built-in metrics (the proposal of the AutoGAN notes,
 * section 6.3): [conv3x3-BN-ReLU] x 2 at widths[0], maxpool2, [conv3x3-BN-ReLU] x 2 at
 * widths[1], maxpool2, conv3x3-BN-ReLU at widths[2], global average pool (the features),
 * linear to the classes. Inputs are images in [-1, 1] of any size (28 x 28 for Fashion-MNIST).
 *
 * Owns its variables: call {@link ImageClassifier.dispose}.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@fewshot/core';
 * import { createImageClassifier } from '@fewshot/autogan';
 * const classifier = createImageClassifier({ rng: createRng({ seed: 1 }), widths: [4, 8, 16] });
 * const { features, logits } = classifier.predict({ images: tf.zeros([2, 28, 28, 1]) });
 * features.shape; // [2, 16]
 * tf.dispose([features, logits]);
 * classifier.dispose();
 * ```
 */
export class ImageClassifier {
  /** Channels of the three conv stages. */
  readonly widths: readonly [number, number, number];
  /** Image channels. */
  readonly inputChannels: number;
  /** Number of classes. */
  readonly classes: number;
  readonly #store: ParameterStore;
  static readonly #layers = ['conv1', 'conv2', 'conv3', 'conv4', 'conv5'] as const;

  /** @internal Use {@link createImageClassifier}. */
  constructor(options: { readonly widths: readonly [number, number, number]; readonly inputChannels: number; readonly classes: number; readonly rng: Rng }) {
    this.widths = options.widths;
    this.inputChannels = options.inputChannels;
    this.classes = options.classes;
    const [a, b, c] = options.widths;
    const channels: [number, number][] = [
      [options.inputChannels, a],
      [a, a],
      [a, b],
      [b, b],
      [b, c],
    ];
    const specs: ParameterSpec[] = [];
    ImageClassifier.#layers.forEach((name, index) => {
      const [inChannels, outChannels] = channels[index] as [number, number];
      specs.push({ name: `${name}.kernel`, shape: [3, 3, inChannels, outChannels], initializer: xavierUniform(9 * inChannels, 9 * outChannels), trainable: true });
      specs.push({ name: `${name}.bn.scale`, shape: [outChannels], initializer: { kind: 'ones' }, trainable: true });
      specs.push({ name: `${name}.bn.offset`, shape: [outChannels], initializer: { kind: 'zeros' }, trainable: true });
      specs.push({ name: `${name}.bn.running-mean`, shape: [outChannels], initializer: { kind: 'zeros' }, trainable: false });
      specs.push({ name: `${name}.bn.running-variance`, shape: [outChannels], initializer: { kind: 'ones' }, trainable: false });
    });
    specs.push({ name: 'output.kernel', shape: [c, options.classes], initializer: pytorchDefault(c), trainable: true });
    specs.push({ name: 'output.bias', shape: [options.classes], initializer: pytorchDefault(c), trainable: true });
    this.#store = new ParameterStore({ kind: 'classifier', specs, rng: options.rng });
  }

  /** Length of the feature vectors (`widths[2]`). */
  get featureDimension(): number {
    return this.widths[2];
  }

  #layer(name: string, x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    const p = (suffix: string): tf.Variable => this.#store.get(`${name}.${suffix}`);
    const convolved = convolution(x, p('kernel'), undefined);
    if (!training) {
      return tf.relu(batchNormalizationInference({ x: convolved, mean: p('bn.running-mean'), variance: p('bn.running-variance'), scale: p('bn.scale'), offset: p('bn.offset') })) as tf.Tensor4D;
    }
    const { output, mean, variance, count } = batchNormalization({ x: convolved, scale: p('bn.scale'), offset: p('bn.offset') });
    p('bn.running-mean').assign(tf.add(tf.mul(p('bn.running-mean'), 0.9), tf.mul(mean, 0.1)));
    p('bn.running-variance').assign(tf.add(tf.mul(p('bn.running-variance'), 0.9), tf.mul(variance, (0.1 * count) / Math.max(count - 1, 1))));
    return tf.relu(output) as tf.Tensor4D;
  }

  /**
   * Features and logits of images in [-1, 1]. Training mode uses batch statistics and
   * updates the running statistics; the default eval mode uses the running statistics.
   *
   * Ownership: the caller owns both returned tensors.
   *
   * @throws InvalidArgumentError for images that are not float32 `[batch, h, w, inputChannels]` with h, w >= 4.
   */
  predict(options: { readonly images: tf.Tensor4D; readonly training?: boolean }): ClassifierOutputs {
    const functionName = 'ImageClassifier.predict';
    requireOptions(functionName, options, '{ images, training? }');
    this.#store.assertAlive(functionName);
    const images = requireImageTensor(functionName, 'options.images', options.images);
    if (images.shape[3] !== this.inputChannels || images.shape[1] < 4 || images.shape[2] < 4) {
      throw new InvalidArgumentError({ functionName, argument: 'options.images', message: `expected [batch, h >= 4, w >= 4, ${this.inputChannels}], got [${images.shape.join(', ')}]` });
    }
    const training = options.training ?? false;
    return tf.tidy(() => {
      let h = this.#layer('conv2', this.#layer('conv1', images, training), training);
      h = tf.maxPool(h, 2, 2, 'valid');
      h = this.#layer('conv4', this.#layer('conv3', h, training), training);
      h = tf.maxPool(h, 2, 2, 'valid');
      h = this.#layer('conv5', h, training);
      const features = tf.mean(h, [1, 2]) as tf.Tensor2D;
      const logits = tf.add(tf.matMul(features, this.#store.get('output.kernel')), this.#store.get('output.bias')) as tf.Tensor2D;
      return { features, logits };
    });
  }

  /** Trainable variables (the classifier owns them). */
  trainableVariables(): tf.Variable[] {
    return this.#store.all().filter((variable) => variable.trainable);
  }

  /** Copies of every weight and running statistic, keyed by local name. */
  getWeights(): Promise<NamedWeights> {
    this.#store.assertAlive('ImageClassifier.getWeights');
    return this.#store.read();
  }

  /** Assigns every weight by local name (as {@link ImageClassifier.getWeights} returns them). */
  setWeights(options: { readonly weights: NamedWeights }): void {
    requireOptions('ImageClassifier.setWeights', options, '{ weights }');
    this.#store.write({ functionName: 'ImageClassifier.setWeights', argument: 'options.weights', values: options.weights });
  }

  /** True after {@link ImageClassifier.dispose}. */
  get isDisposed(): boolean {
    return this.#store.disposed;
  }

  /** Frees every variable; idempotent. */
  dispose(): void {
    this.#store.dispose();
  }

  /** Same as {@link ImageClassifier.dispose}. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}

/**
 * Creates the built-in classifier with fresh weights (xavier-uniform convs, BN scale 1).
 *
 * @throws InvalidArgumentError / OutOfRangeError for bad sizes or a missing rng.
 * @example
 * ```ts
 * import { createRng } from '@fewshot/core';
 * import { createImageClassifier } from '@fewshot/autogan';
 * const classifier = createImageClassifier({ rng: createRng({ seed: 11 }) });
 * classifier.featureDimension; // 128
 * classifier.dispose();
 * ```
 */
export function createImageClassifier(options: ImageClassifierOptions): ImageClassifier {
  const functionName = 'createImageClassifier';
  requireOptions(functionName, options, '{ rng, widths?, inputChannels?, classes? }');
  const rng = requireRng(functionName, 'options.rng', options.rng);
  const widths = options.widths ?? [32, 64, 128];
  if (!Array.isArray(widths) || widths.length !== 3 || !widths.every((width) => Number.isSafeInteger(width) && width >= 1)) {
    throw new InvalidArgumentError({ functionName, argument: 'options.widths', message: `expected three positive integers, got ${describeValue(widths)}` });
  }
  return new ImageClassifier({
    widths: [widths[0], widths[1], widths[2]] as [number, number, number],
    inputChannels: integerOption(functionName, 'options.inputChannels', options.inputChannels, { minimum: 1, fallback: 1 }),
    classes: integerOption(functionName, 'options.classes', options.classes, { minimum: 2, maximum: 256, fallback: 10 }),
    rng,
  });
}

/**
 * Options of {@link trainImageClassifier}.
 *
 * @example
 * ```ts
 * const options: TrainImageClassifierOptions = { classifier, train, test, epochs: 2, rng: createRng({ seed: 5 }) };
 * ```
 */
export interface TrainImageClassifierOptions {
  /** The classifier. */
  readonly classifier: ImageClassifier;
  /** Training images (bytes, e.g. Fashion-MNIST train at 28 x 28); scaled to [-1, 1]. */
  readonly train: ImageDataset;
  /** Optional held-out images for the reported accuracy. */
  readonly test?: ImageDataset;
  /** Default 2. */
  readonly epochs?: number;
  /** Default 128. */
  readonly batchSize?: number;
  /** Adam (betas 0.9 / 0.999). Default 1e-3. */
  readonly learningRate?: number;
  /** Shuffles the examples. */
  readonly rng: Rng;
  /** Called after every epoch. */
  readonly onEpochEnd?: (event: { readonly epoch: number; readonly loss: number; readonly trainAccuracy: number; readonly seconds: number }) => void;
  /** Cancels between steps with a `CancelledError`. */
  readonly signal?: AbortSignal;
}

/**
 * The result of {@link trainImageClassifier}; accuracies in percent.
 *
 * @example
 * ```ts
 * const result: ImageClassifierTraining = { epochs: 2, finalLoss: 0.3, trainAccuracy: 90.1, testAccuracy: 89.5, seconds: 120 };
 * ```
 */
export interface ImageClassifierTraining {
  /** Epochs trained. */
  readonly epochs: number;
  /** Mean loss of the last epoch. */
  readonly finalLoss: number;
  /** Training accuracy during the last epoch (train mode). */
  readonly trainAccuracy: number;
  /** Eval-mode accuracy on `test`, when given. */
  readonly testAccuracy?: number;
  /** Wall-clock seconds. */
  readonly seconds: number;
}

function scaled(batch: { images: Float32Array; size: number; height: number; width: number; channels: number }): tf.Tensor4D {
  return tf.tensor4d(batch.images, [batch.size, batch.height, batch.width, batch.channels]);
}

/**
 * Options of {@link classifierAccuracy}.
 *
 * @example
 * ```ts
 * const options: ClassifierAccuracyOptions = { classifier, dataset: test };
 * ```
 */
export interface ClassifierAccuracyOptions {
  /** The classifier. */
  readonly classifier: ImageClassifier;
  /** The labelled images (bytes). */
  readonly dataset: ImageDataset;
  /** Default 250. */
  readonly batchSize?: number;
}

/**
 * Eval-mode top-1 accuracy of the classifier on a data set, in percent.
 *
 * @example
 * ```ts
 * import { classifierAccuracy } from '@fewshot/autogan';
 * const accuracy = await classifierAccuracy({ classifier, dataset: test }); // e.g. 90.2
 * ```
 */
export async function classifierAccuracy(options: ClassifierAccuracyOptions): Promise<number> {
  const functionName = 'classifierAccuracy';
  requireOptions(functionName, options, '{ classifier, dataset, batchSize? }');
  const batchSize = integerOption(functionName, 'options.batchSize', options.batchSize, { minimum: 1, fallback: 250 });
  let correct = 0;
  for (const batch of iterateBatches({ dataset: options.dataset, batchSize, normalization: { mean: [0.5], standardDeviation: [0.5] } })) {
    const predicted = tf.tidy(() => {
      const { logits } = options.classifier.predict({ images: scaled(batch) });
      return tf.argMax(logits, 1);
    });
    const values = (await predicted.data()) as Int32Array;
    predicted.dispose();
    values.forEach((value, index) => {
      if (value === batch.labels[index]) correct += 1;
    });
  }
  return (100 * correct) / options.dataset.count;
}

/**
 * Trains the classifier with Adam on cross-entropy, images scaled to [-1, 1], no
 * augmentation.
 *
 * @throws InvalidArgumentError for bad options; CancelledError when `signal` aborts.
 * @example
 * ```ts
 * import { createRng } from '@fewshot/core';
 * import { loadEmbeddedFashionMnist } from '@fewshot/datasets';
 * import { createImageClassifier, trainImageClassifier } from '@fewshot/autogan';
 * const { train, test } = await loadEmbeddedFashionMnist();
 * const classifier = createImageClassifier({ rng: createRng({ seed: 11 }), widths: [16, 32, 64] });
 * const result = await trainImageClassifier({ classifier, train, test, epochs: 1, rng: createRng({ seed: 12 }) });
 * console.log(result.testAccuracy);
 * ```
 */
export async function trainImageClassifier(options: TrainImageClassifierOptions): Promise<ImageClassifierTraining> {
  const functionName = 'trainImageClassifier';
  requireOptions(functionName, options, '{ classifier, train, test?, epochs?, batchSize?, learningRate?, rng, onEpochEnd?, signal? }');
  const { classifier, train } = options;
  if (!(classifier instanceof ImageClassifier)) {
    throw new InvalidArgumentError({ functionName, argument: 'options.classifier', message: `expected an ImageClassifier, got ${describeValue(classifier)}` });
  }
  const epochs = integerOption(functionName, 'options.epochs', options.epochs, { minimum: 1, fallback: 2 });
  const batchSize = integerOption(functionName, 'options.batchSize', options.batchSize, { minimum: 2, fallback: 128 });
  const learningRate = numberOption(functionName, 'options.learningRate', options.learningRate, { exclusiveMinimum: 0, fallback: 1e-3 });
  const rng = requireRng(functionName, 'options.rng', options.rng);
  if (train?.channels !== classifier.inputChannels || train.classes !== classifier.classes) {
    throw new InvalidArgumentError({ functionName, argument: 'options.train', message: `expected a data set of ${classifier.inputChannels}-channel images and ${classifier.classes} classes` });
  }
  const adam = createAdam({ learningRate, beta1: 0.9, beta2: 0.999 });
  const variables = classifier.trainableVariables();
  const started = performance.now();
  let finalLoss = Number.NaN;
  let trainAccuracy = 0;
  try {
    for (let epoch = 0; epoch < epochs; epoch += 1) {
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      let batches = 0;
      for (const batch of iterateBatches({ dataset: train, batchSize, shuffle: true, rng, dropLast: true, normalization: { mean: [0.5], standardDeviation: [0.5] } })) {
        await yieldToEventLoop();
        if (options.signal?.aborted === true) {
          throw new CancelledError({ functionName, argument: 'options.signal', message: `cancelled in epoch ${epoch + 1}` });
        }
        const images = scaled(batch);
        const labels = tf.tensor1d(batch.labels, 'int32');
        let predictions: tf.Tensor | undefined;
        try {
          const { value, grads } = tf.variableGrads(() => {
            const { logits } = classifier.predict({ images, training: true });
            predictions = tf.keep(tf.argMax(logits, 1));
            const targets = tf.cast(tf.oneHot(labels, classifier.classes), 'float32');
            return tf.neg(tf.mean(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), 1))) as tf.Scalar;
          }, variables);
          adam.applyGradients({ gradients: grads, variables });
          lossSum += ((await value.data()) as Float32Array)[0] as number;
          tf.dispose([value, ...Object.values(grads)]);
          const predicted = (await (predictions as unknown as tf.Tensor).data()) as Int32Array;
          predicted.forEach((value, index) => {
            if (value === batch.labels[index]) correct += 1;
          });
          seen += batch.size;
          batches += 1;
        } finally {
          tf.dispose([images, labels]);
          predictions?.dispose();
        }
      }
      finalLoss = lossSum / Math.max(batches, 1);
      trainAccuracy = (100 * correct) / Math.max(seen, 1);
      options.onEpochEnd?.({ epoch: epoch + 1, loss: finalLoss, trainAccuracy, seconds: (performance.now() - started) / 1000 });
    }
  } finally {
    adam.dispose();
  }
  const result: ImageClassifierTraining = { epochs, finalLoss, trainAccuracy, seconds: (performance.now() - started) / 1000 };
  if (options.test === undefined) return result;
  return { ...result, testAccuracy: await classifierAccuracy({ classifier, dataset: options.test }) };
}

/**
 * Options of {@link createClassifierFeatureExtractor}.
 *
 * @example
 * ```ts
 * const options: ClassifierFeatureExtractorOptions = { classifier, name: 'classifier A' };
 * ```
 */
export interface ClassifierFeatureExtractorOptions {
  /** The classifier. */
  readonly classifier: ImageClassifier;
  /** Default `classifier`. */
  readonly name?: string;
  /**
   * Generated images smaller than this (8 x 8 and 16 x 16 at the early search stages) are
   * first resized to it with half-pixel bilinear interpolation. Default 32 (Fashion-MNIST padded).
   */
  readonly paddedSize?: number;
  /** The centred crop the classifier sees. Default 28 (the original Fashion-MNIST image). */
  readonly cropSize?: number;
  /** Default 250. */
  readonly batchSize?: number;
}

/**
 * The built-in classifier as a {@link FeatureExtractor}: pixel values 0-255 are scaled to
 * [-1, 1], resized to `paddedSize` when smaller (bilinear, half-pixel), centre-cropped to
 * `cropSize` (so that the padded border is neither seen nor rewarded), and classified in
 * eval mode. Features are the penultimate (pooled) activations.
 *
 * @throws InvalidArgumentError for a crop larger than the padded size.
 * @example
 * ```ts
 * import { createClassifierFeatureExtractor, inceptionScore, extractFeatures } from '@fewshot/autogan';
 * const extractor = createClassifierFeatureExtractor({ classifier });
 * const { probabilities } = await extractFeatures({ extractor, images: generated });
 * inceptionScore({ probabilities: probabilities!, classes: 10 }); // a classifier-IS (max 10)
 * ```
 */
export function createClassifierFeatureExtractor(options: ClassifierFeatureExtractorOptions): FeatureExtractor {
  const functionName = 'createClassifierFeatureExtractor';
  requireOptions(functionName, options, '{ classifier, name?, paddedSize?, cropSize?, batchSize? }');
  const { classifier } = options;
  if (!(classifier instanceof ImageClassifier)) {
    throw new InvalidArgumentError({ functionName, argument: 'options.classifier', message: `expected an ImageClassifier, got ${describeValue(classifier)}` });
  }
  const paddedSize = integerOption(functionName, 'options.paddedSize', options.paddedSize, { minimum: 4, fallback: 32 });
  const cropSize = integerOption(functionName, 'options.cropSize', options.cropSize, { minimum: 4, maximum: paddedSize, fallback: 28 });
  const batchSize = integerOption(functionName, 'options.batchSize', options.batchSize, { minimum: 1, fallback: 250 });
  return {
    name: options.name ?? 'classifier',
    featureDimension: classifier.featureDimension,
    classes: classifier.classes,
    batchSize,
    extract: ({ images }) => {
      const checked = requireImageTensor('FeatureExtractor.extract', 'options.images', images);
      return tf.tidy((): { features: tf.Tensor2D; logits: tf.Tensor2D } => {
        let x = tf.sub(tf.div(checked, 127.5), 1) as tf.Tensor4D;
        if (x.shape[1] !== paddedSize || x.shape[2] !== paddedSize) {
          if (x.shape[1] === cropSize && x.shape[2] === cropSize) {
            const { features, logits } = classifier.predict({ images: x });
            return { features, logits };
          }
          x = tf.image.resizeBilinear(x, [paddedSize, paddedSize], false, true);
        }
        const offset = Math.floor((paddedSize - cropSize) / 2);
        x = tf.slice(x, [0, offset, offset, 0], [x.shape[0], cropSize, cropSize, x.shape[3]]);
        const { features, logits } = classifier.predict({ images: x });
        return { features, logits };
      });
    },
  };
}
