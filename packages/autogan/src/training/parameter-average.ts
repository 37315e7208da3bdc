import { InvalidArgumentError, StateError } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';
import { describeValue, numberOption, requireOptions } from '../internal/validate.js';
import '../internal/disposable-symbol.js';

/**
 * Options of {@link createParameterAverage}.
 *
 * @example
 * ```ts
 * const options: ParameterAverageOptions = { variables: generator.trainableVariables({ architecture }), decay: 0.999 };
 * ```
 */
export interface ParameterAverageOptions {
  /** The parameters to average (not buffers: AutoGAN does not average BatchNorm statistics). */
  readonly variables: readonly tf.Variable[];
  /** Default 0.999 (AutoGAN's final training). */
  readonly decay?: number;
}

/**
 * An exponential moving average of parameters, as AutoGAN's final training keeps for
 * G: `average = decay * average + (1 - decay) * parameter` after every generator step,
 * starting from a copy of the parameters. Evaluate with the averages loaded into the
 * live model ({@link ParameterAverage.withAverages}).
 *
 * Owns its copies: call {@link ParameterAverage.dispose}.
 *
 * @example
 * ```ts
 * const average = createParameterAverage({ variables, decay: 0.999 });
 * // ... after each G step:
 * average.update();
 * // evaluate:
 * const images = average.withAverages(() => generator.forward({ latent, architecture }));
 * average.dispose();
 * ```
 */
export class ParameterAverage {
  /** The EMA decay. */
  readonly decay: number;
  readonly #variables: readonly tf.Variable[];
  #averages: tf.Tensor[];
  #disposed = false;

  /** @internal Use {@link createParameterAverage}. */
  constructor(options: { readonly variables: readonly tf.Variable[]; readonly decay: number }) {
    this.decay = options.decay;
    this.#variables = [...options.variables];
    this.#averages = this.#variables.map((variable) => tf.keep(tf.clone(variable)));
  }

  #alive(functionName: string): void {
    if (this.#disposed) throw new StateError({ functionName, message: 'the average was disposed' });
  }

  /** Moves every average towards its parameter's current value. */
  update(): void {
    this.#alive('ParameterAverage.update');
    const next = tf.tidy(() => this.#variables.map((variable, index) => tf.keep(tf.add(tf.mul(this.#averages[index] as tf.Tensor, this.decay), tf.mul(variable, 1 - this.decay)))));
    tf.dispose(this.#averages);
    this.#averages = next;
  }

  /**
   * Runs `run` with the averages assigned to the variables, then restores the live
   * values (also when `run` throws). Returns what `run` returns; tensors it returns
   * belong to the caller.
   */
  withAverages<T>(run: () => T): T {
    this.#alive('ParameterAverage.withAverages');
    if (typeof run !== 'function') {
      throw new InvalidArgumentError({ functionName: 'ParameterAverage.withAverages', argument: 'run', message: `expected a function, got ${describeValue(run)}` });
    }
    const saved = this.#variables.map((variable) => tf.keep(tf.clone(variable)));
    try {
      this.#variables.forEach((variable, index) => variable.assign(this.#averages[index] as tf.Tensor));
      return run();
    } finally {
      this.#variables.forEach((variable, index) => variable.assign(saved[index] as tf.Tensor));
      tf.dispose(saved);
    }
  }

  /** Async variant of {@link ParameterAverage.withAverages} for evaluations that await. */
  async withAveragesAsync<T>(run: () => Promise<T>): Promise<T> {
    this.#alive('ParameterAverage.withAveragesAsync');
    const saved = this.#variables.map((variable) => tf.keep(tf.clone(variable)));
    try {
      this.#variables.forEach((variable, index) => variable.assign(this.#averages[index] as tf.Tensor));
      return await run();
    } finally {
      this.#variables.forEach((variable, index) => variable.assign(saved[index] as tf.Tensor));
      tf.dispose(saved);
    }
  }

  /** Copies of the averages, in variable order. */
  async read(): Promise<Float32Array[]> {
    this.#alive('ParameterAverage.read');
    const result: Float32Array[] = [];
    for (const average of this.#averages) result.push(new Float32Array((await average.data()) as Float32Array));
    return result;
  }

  /** Frees the copies; idempotent. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    tf.dispose(this.#averages);
    this.#averages = [];
  }

  /** Same as {@link ParameterAverage.dispose}. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}

/**
 * Creates a {@link ParameterAverage} starting from the variables' current values.
 *
 * @throws InvalidArgumentError for a non-list of variables; OutOfRangeError for a decay outside [0, 1).
 * @example
 * ```ts
 * import { createParameterAverage } from '@fewshot/autogan';
 * const average = createParameterAverage({ variables: generator.trainableVariables({ architecture }) });
 * average.decay; // 0.999
 * average.dispose();
 * ```
 */
export function createParameterAverage(options: ParameterAverageOptions): ParameterAverage {
  const functionName = 'createParameterAverage';
  requireOptions(functionName, options, '{ variables, decay? }');
  if (!Array.isArray(options.variables) || !options.variables.every((variable) => variable instanceof tf.Variable)) {
    throw new InvalidArgumentError({ functionName, argument: 'options.variables', message: 'expected a list of tf.Variable' });
  }
  const decay = numberOption(functionName, 'options.decay', options.decay, { minimum: 0, exclusiveMaximum: 1, fallback: 0.999 });
  return new ParameterAverage({ variables: options.variables, decay });
}
