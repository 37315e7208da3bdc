import { InvalidArgumentError, type Rng } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';

function checkLogits(logits: unknown, functionName: string): asserts logits is tf.Tensor2D {
  if (!(logits instanceof tf.Tensor) || logits.isDisposed || logits.rank !== 2 || logits.dtype !== 'float32') {
    const got = logits instanceof tf.Tensor ? `${logits.dtype} [${logits.shape.join(', ')}]` : typeof logits;
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.logits',
      message: `expected a live float32 [edges, ops] tensor (e.g. [6, 5]), got ${got}`,
    });
  }
}

function checkTemperature(temperature: unknown, functionName: string): number {
  if (temperature === undefined) return 1;
  if (typeof temperature !== 'number' || !Number.isFinite(temperature) || temperature <= 0) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.temperature',
      message: `expected options.temperature to be a positive number, got ${String(temperature)}`,
    });
  }
  return temperature;
}

/**
 * Options of {@link softmaxMixingWeights}.
 *
 * @example
 * ```ts
 * const options: SoftmaxMixingWeightsOptions = { logits: alphas, temperature: 1 };
 * ```
 */
export interface SoftmaxMixingWeightsOptions {
  /** Architecture parameters `[edges, ops]` (e.g. a `[6, 5]` variable). Not disposed. */
  readonly logits: tf.Tensor2D;
  /** Softmax temperature; default 1. */
  readonly temperature?: number;
}

/**
 * DARTS mixing weights: softmax over each edge's ops of `logits / temperature`. Differentiable;
 * the caller owns the returned `[edges, ops]` tensor.
 *
 * @example
 * ```ts
 * const alphas = tf.variable(tf.zeros<tf.Rank.R2>([6, 5]));
 * const weights = softmaxMixingWeights({ logits: alphas }); // every entry 0.2
 * const logits = supernet.forward({ input, training: true, mixingWeights: weights });
 * ```
 */
export function softmaxMixingWeights(options: SoftmaxMixingWeightsOptions): tf.Tensor2D {
  const functionName = 'softmaxMixingWeights';
  checkLogits(options?.logits, functionName);
  const temperature = checkTemperature(options.temperature, functionName);
  const { logits } = options;
  return tf.tidy(() => tf.softmax(temperature === 1 ? logits : tf.div(logits, temperature)) as tf.Tensor2D);
}

/**
 * Options of {@link gumbelSoftmaxMixingWeights}.
 *
 * @example
 * ```ts
 * const options: GumbelSoftmaxMixingWeightsOptions = { logits: alphas, temperature: 10, rng: createRng({ seed: 0 }), hard: true };
 * ```
 */
export interface GumbelSoftmaxMixingWeightsOptions {
  /** Architecture parameters `[edges, ops]`. Not disposed. */
  readonly logits: tf.Tensor2D;
  /** Gumbel-softmax temperature (GDAS anneals it from 10 to 0.1). */
  readonly temperature: number;
  /** Draws the Gumbel noise. */
  readonly rng: Rng;
  /**
   * True (GDAS): one-hot weights in value with the soft weights' gradient (straight-through).
   * Default false: the soft Gumbel-softmax weights.
   */
  readonly hard?: boolean;
}

/**
 * Gumbel-softmax mixing weights (GDAS): `softmax((logits + g) / temperature)` with Gumbel noise
 * `g = -log(E)`, `E ~ Exp(1)`, drawn from `rng` (same seed, same sample). With `hard: true`
 * the value is the one-hot argmax per edge and the gradient is that of the soft weights. Read
 * the sampled ops with `tf.argMax(weights, 1)` and pass them as `activeOperations` to compute only
 * those ops. The caller owns the returned tensor.
 *
 * @example
 * ```ts
 * const weights = gumbelSoftmaxMixingWeights({ logits: alphas, temperature: 5, rng, hard: true });
 * const indices = tf.argMax(weights, 1);
 * const activeOperations = Array.from(await indices.data());
 * indices.dispose();
 * const logits = supernet.forward({ input, training: true, mixingWeights: weights, activeOperations });
 * ```
 */
export function gumbelSoftmaxMixingWeights(options: GumbelSoftmaxMixingWeightsOptions): tf.Tensor2D {
  const functionName = 'gumbelSoftmaxMixingWeights';
  checkLogits(options?.logits, functionName);
  if (options.temperature === undefined) {
    throw new InvalidArgumentError({ functionName, argument: 'options.temperature', message: 'expected a positive number, got undefined' });
  }
  const temperature = checkTemperature(options.temperature, functionName);
  const { rng, logits } = options;
  if (typeof rng !== 'object' || rng === null || typeof rng.float !== 'function') {
    throw new InvalidArgumentError({ functionName, argument: 'options.rng', message: 'expected an Rng from createRng' });
  }
  if (options.hard !== undefined && typeof options.hard !== 'boolean') {
    throw new InvalidArgumentError({ functionName, argument: 'options.hard', message: `expected a boolean, got ${String(options.hard)}` });
  }
  const noise = new Float32Array(logits.size);
  for (let index = 0; index < noise.length; index += 1) {
    let uniform = rng.float();
    while (uniform === 0) uniform = rng.float();
    noise[index] = -Math.log(-Math.log(uniform));
  }
  const [edges, operations] = logits.shape;
  return tf.tidy(() => {
    const soft = tf.softmax(tf.div(tf.add(logits, tf.tensor2d(noise, [edges, operations])), temperature)) as tf.Tensor2D;
    if (options.hard !== true) return soft;
    const straightThrough = tf.customGrad((...inputs) => ({
      value: tf.cast(tf.oneHot(tf.argMax(inputs[0] as tf.Tensor, 1), operations), 'float32'),
      gradFunc: (dy: tf.Tensor) => dy,
    }));
    return straightThrough(soft) as tf.Tensor2D;
  });
}
