/**
 * A self-contained NAS-Bench-201-like network for tests and the step benchmark
 * (not published; the real supernet lives in @fewshot/supernet).
 *
 * Macro structure as NAS-Bench-201: stem conv 3x3 + BN; three stages of
 * `cellsPerStage` cells at C, 2C, 4C channels separated by ResNet reduction
 * blocks (ReLU-conv3x3/2-BN, ReLU-conv3x3-BN, shortcut avg-pool 2x2 + conv 1x1);
 * BN + ReLU; global average pooling; linear classifier. Every cell is the same
 * fixed architecture, chosen to use every NB201 operation except "none":
 *
 *   node1 = conv3x3(node0)
 *   node2 = conv3x3(node0) + conv1x1(node1)
 *   node3 = skip(node0) + avgpool3x3(node1) + conv3x3(node2)      (cell output)
 *
 * where convK = ReLU -> conv KxK (stride 1, no bias) -> BN (affine, batch
 * statistics in training) and avgpool3x3 excludes the padding from its count.
 * Padding is explicit (1 on every side for 3x3), as PyTorch pads.
 * `bench/pytorch_step.py` builds the same network in PyTorch.
 */
import { createRng, type Rng } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';
import { batchNormalization } from '../batch-normalization.js';

/** How batch normalisation is computed in training mode. */
export type BatchNormalizationVariant = 'custom-gradient' | 'autodiff' | 'fused-kernel';

export interface Nb201LikeNetworkOptions {
  readonly channels: number;
  readonly cellsPerStage: number;
  readonly classes: number;
  readonly inputChannels: number;
  readonly seed: number;
  /** Unique prefix for variable names. */
  readonly name: string;
  readonly batchNormalization?: BatchNormalizationVariant;
}

interface BatchNormalizationLayer {
  readonly scale: tf.Variable;
  readonly offset: tf.Variable;
  readonly runningMean: tf.Variable;
  readonly runningVariance: tf.Variable;
}

interface ConvolutionLayer {
  readonly filter: tf.Variable;
  readonly batchNormalization: BatchNormalizationLayer;
  readonly size: number;
  readonly stride: number;
}

interface Cell {
  readonly node1: ConvolutionLayer;
  readonly node2From0: ConvolutionLayer;
  readonly node2From1: ConvolutionLayer;
  readonly node3From2: ConvolutionLayer;
}

interface Reduction {
  readonly first: ConvolutionLayer;
  readonly second: ConvolutionLayer;
  readonly shortcut: tf.Variable;
}

type Stage = { readonly kind: 'cell'; readonly cell: Cell } | { readonly kind: 'reduction'; readonly reduction: Reduction };

const momentum = 0.1;
const epsilon = 1e-5;

/** He-normal (fan-in) initial values. */
function heNormal(rng: Rng, shape: readonly number[], fanIn: number): Float32Array {
  const size = shape.reduce((product, extent) => product * extent, 1);
  const values = new Float32Array(size);
  const deviation = Math.sqrt(2 / fanIn);
  for (let index = 0; index < size; index += 1) values[index] = rng.normal() * deviation;
  return values;
}

export class Nb201LikeNetwork {
  readonly trainableVariables: tf.Variable[] = [];
  private readonly statisticVariables: tf.Variable[] = [];
  private readonly stem: { readonly filter: tf.Variable; readonly batchNormalization: BatchNormalizationLayer };
  private readonly stages: Stage[] = [];
  private readonly lastBatchNormalization: BatchNormalizationLayer;
  private readonly classifierWeights: tf.Variable;
  private readonly classifierBias: tf.Variable;
  private readonly variant: BatchNormalizationVariant;
  private readonly rng: Rng;
  private readonly name: string;
  private counter = 0;

  constructor(options: Nb201LikeNetworkOptions) {
    this.rng = createRng({ seed: options.seed });
    this.name = options.name;
    this.variant = options.batchNormalization ?? 'custom-gradient';
    const channels = options.channels;
    this.stem = {
      filter: this.weight([3, 3, options.inputChannels, channels], 9 * options.inputChannels),
      batchNormalization: this.batchNormalizationLayer(channels),
    };
    let width = channels;
    for (let stage = 0; stage < 3; stage += 1) {
      if (stage > 0) {
        const wider = width * 2;
        this.stages.push({
          kind: 'reduction',
          reduction: {
            first: this.convolution(width, wider, 3, 2),
            second: this.convolution(wider, wider, 3, 1),
            shortcut: this.weight([1, 1, width, wider], width),
          },
        });
        width = wider;
      }
      for (let cell = 0; cell < options.cellsPerStage; cell += 1) {
        this.stages.push({
          kind: 'cell',
          cell: {
            node1: this.convolution(width, width, 3, 1),
            node2From0: this.convolution(width, width, 3, 1),
            node2From1: this.convolution(width, width, 1, 1),
            node3From2: this.convolution(width, width, 3, 1),
          },
        });
      }
    }
    this.lastBatchNormalization = this.batchNormalizationLayer(width);
    this.classifierWeights = this.weight([width, options.classes], width);
    this.classifierBias = this.trainable(tf.zeros([options.classes]));
  }

  private variableName(): string {
    this.counter += 1;
    return `${this.name}/v${this.counter}`;
  }

  private trainable(initial: tf.Tensor): tf.Variable {
    const variable = tf.variable(initial, true, this.variableName());
    initial.dispose();
    this.trainableVariables.push(variable);
    return variable;
  }

  private statistic(initial: tf.Tensor): tf.Variable {
    const variable = tf.variable(initial, false, this.variableName());
    initial.dispose();
    this.statisticVariables.push(variable);
    return variable;
  }

  private weight(shape: number[], fanIn: number): tf.Variable {
    return this.trainable(tf.tensor(heNormal(this.rng, shape, fanIn), shape));
  }

  private batchNormalizationLayer(channels: number): BatchNormalizationLayer {
    return {
      scale: this.trainable(tf.ones([channels])),
      offset: this.trainable(tf.zeros([channels])),
      runningMean: this.statistic(tf.zeros([channels])),
      runningVariance: this.statistic(tf.ones([channels])),
    };
  }

  private convolution(inChannels: number, outChannels: number, size: number, stride: number): ConvolutionLayer {
    return {
      filter: this.weight([size, size, inChannels, outChannels], size * size * inChannels),
      batchNormalization: this.batchNormalizationLayer(outChannels),
      size,
      stride,
    };
  }

  private normalize(x: tf.Tensor4D | tf.Tensor2D, layer: BatchNormalizationLayer, updateStatistics: boolean): tf.Tensor {
    const scale = layer.scale;
    const offset = layer.offset;
    let output: tf.Tensor;
    let mean: tf.Tensor;
    let variance: tf.Tensor;
    let count: number;
    if (this.variant === 'custom-gradient') {
      const result = batchNormalization({ x, scale, offset, epsilon });
      ({ output, mean, variance, count } = result);
    } else {
      const axes = Array.from({ length: x.rank - 1 }, (_unused, axis) => axis);
      const moments = tf.moments(x, axes);
      mean = moments.mean;
      variance = moments.variance;
      count = x.size / (x.shape[x.rank - 1] ?? 1);
      output =
        this.variant === 'fused-kernel'
          ? tf.batchNorm(x, mean as tf.Tensor1D, variance as tf.Tensor1D, offset as tf.Tensor1D, scale as tf.Tensor1D, epsilon)
          : tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon))), scale), offset);
    }
    if (updateStatistics) {
      const unbiased = tf.mul(variance, count / (count - 1));
      layer.runningMean.assign(tf.add(tf.mul(layer.runningMean, 1 - momentum), tf.mul(mean, momentum)));
      layer.runningVariance.assign(tf.add(tf.mul(layer.runningVariance, 1 - momentum), tf.mul(unbiased, momentum)));
    }
    return output;
  }

  private reluConvolutionNormalize(x: tf.Tensor4D, layer: ConvolutionLayer, updateStatistics: boolean): tf.Tensor4D {
    const pad = (layer.size - 1) / 2;
    const padding: [[number, number], [number, number], [number, number], [number, number]] = [
      [0, 0],
      [pad, pad],
      [pad, pad],
      [0, 0],
    ];
    const convolved = tf.conv2d(tf.relu(x), layer.filter as tf.Tensor4D, layer.stride, padding);
    return this.normalize(convolved, layer.batchNormalization, updateStatistics) as tf.Tensor4D;
  }

  /** Logits for a batch of NHWC images (training mode: batch statistics). Call inside tf.tidy. */
  logits(images: tf.Tensor4D, updateStatistics: boolean): tf.Tensor2D {
    const stemmed = tf.conv2d(images, this.stem.filter as tf.Tensor4D, 1, [
      [0, 0],
      [1, 1],
      [1, 1],
      [0, 0],
    ]);
    let x = this.normalize(stemmed, this.stem.batchNormalization, updateStatistics) as tf.Tensor4D;
    for (const stage of this.stages) {
      if (stage.kind === 'cell') {
        const { cell } = stage;
        const node1 = this.reluConvolutionNormalize(x, cell.node1, updateStatistics);
        const node2 = tf.add(
          this.reluConvolutionNormalize(x, cell.node2From0, updateStatistics),
          this.reluConvolutionNormalize(node1, cell.node2From1, updateStatistics),
        ) as tf.Tensor4D;
        x = tf.addN([x, tf.avgPool(node1, 3, 1, 'same'), this.reluConvolutionNormalize(node2, cell.node3From2, updateStatistics)]);
      } else {
        const { reduction } = stage;
        const main = this.reluConvolutionNormalize(
          this.reluConvolutionNormalize(x, reduction.first, updateStatistics),
          reduction.second,
          updateStatistics,
        );
        const shortcut = tf.conv2d(tf.avgPool(x, 2, 2, 'valid'), reduction.shortcut as tf.Tensor4D, 1, 'valid');
        x = tf.add(main, shortcut);
      }
    }
    const activated = tf.relu(this.normalize(x, this.lastBatchNormalization, updateStatistics));
    const pooled = tf.mean(activated, [1, 2]) as tf.Tensor2D;
    return tf.add(tf.matMul(pooled, this.classifierWeights as tf.Tensor2D), this.classifierBias) as tf.Tensor2D;
  }

  /** Mean softmax cross-entropy of the batch. Call inside tf.tidy. */
  loss(images: tf.Tensor4D, oneHotLabels: tf.Tensor2D, updateStatistics: boolean): tf.Scalar {
    return tf.losses.softmaxCrossEntropy(oneHotLabels, this.logits(images, updateStatistics)) as tf.Scalar;
  }

  /** One SGD step; returns the loss value. */
  trainStep(optimizer: tf.Optimizer, images: tf.Tensor4D, oneHotLabels: tf.Tensor2D): number {
    const loss = optimizer.minimize(() => this.loss(images, oneHotLabels, true), true, this.trainableVariables);
    if (loss === null) throw new Error('minimize returned no loss');
    const value = loss.dataSync()[0] ?? Number.NaN;
    loss.dispose();
    return value;
  }

  get parameterCount(): number {
    return this.trainableVariables.reduce((total, variable) => total + variable.size, 0);
  }

  dispose(): void {
    tf.dispose([...this.trainableVariables, ...this.statisticVariables]);
  }
}
