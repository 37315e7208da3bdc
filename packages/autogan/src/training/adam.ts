import { InvalidArgumentError, StateError } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';
import { describeValue, numberOption, requireOptions } from '../internal/validate.js';
import '../internal/disposable-symbol.js';

/**
 * Options of {@link createAdam}. Defaults are AutoGAN's (lr 2e-4, betas 0 / 0.9, eps 1e-8).
 *
 * @example
 * ```ts
 * const options: AdamOptions = { learningRate: 3.5e-4 }; // the controller's
 * ```
 */
export interface AdamOptions {
  /** Default 2e-4. */
  readonly learningRate?: number;
  /** Default 0. */
  readonly beta1?: number;
  /** Default 0.9. */
  readonly beta2?: number;
  /** Default 1e-8 (PyTorch's). */
  readonly epsilon?: number;
}

/**
 * The saved state of an {@link AdamOptimizer}: per key, the step count and the two moments.
 *
 * @example
 * ```ts
 * const state: AdamState = { entries: { 'cell1.pre.conv1.kernel': { step: 3, firstMoment: new Float32Array(9), secondMoment: new Float32Array(9) } } };
 * ```
 */
export interface AdamState {
  /** Per key (a variable name, or what `rename` made of it), the optimizer's state of that variable. */
  readonly entries: Readonly<Record<string, AdamEntry>>;
}

/**
 * The Adam state of one variable.
 *
 * @example
 * ```ts
 * const entry: AdamEntry = { step: 3, firstMoment: new Float32Array(9), secondMoment: new Float32Array(9) };
 * ```
 */
export interface AdamEntry {
  /** Updates applied to the variable so far (its own bias-correction step). */
  readonly step: number;
  /** The first moment m, flat. */
  readonly firstMoment: Float32Array;
  /** The second moment v, flat. */
  readonly secondMoment: Float32Array;
}

interface Slot {
  step: number;
  firstMoment: tf.Tensor;
  secondMoment: tf.Tensor;
}

/**
 * Adam with PyTorch's update (`torch.optim.Adam`, no weight decay), whose state is keyed by
 * **variable name** rather than by position in a variable list, so that the list may change
 * from step to step (a different active path per minibatch). Only variables that receive a
 * gradient move and advance their own step count (PyTorch >= 2 skips parameters whose
 * gradient is None the same way); a zero gradient is still a gradient.
 *
 * Owns its moment tensors: call {@link AdamOptimizer.dispose}.
 *
 * @example
 * ```ts
 * const adam = createAdam({ learningRate: 2e-4, beta1: 0, beta2: 0.9 });
 * const variables = generator.trainableVariables({ architecture, stage: 2 });
 * const { value, grads } = tf.variableGrads(() => loss(), variables);
 * adam.applyGradients({ gradients: grads, variables });
 * tf.dispose([value, ...Object.values(grads)]);
 * ```
 */
export class AdamOptimizer {
  /** The learning rate. */
  readonly learningRate: number;
  /** Decay of the first moment. */
  readonly beta1: number;
  /** Decay of the second moment. */
  readonly beta2: number;
  /** Added to the denominator. */
  readonly epsilon: number;
  readonly #slots = new Map<string, Slot>();
  #disposed = false;

  /** @internal Use {@link createAdam}. */
  constructor(options: { learningRate: number; beta1: number; beta2: number; epsilon: number }) {
    this.learningRate = options.learningRate;
    this.beta1 = options.beta1;
    this.beta2 = options.beta2;
    this.epsilon = options.epsilon;
  }

  /**
   * Updates every variable of `variables` that has an entry in `gradients` (keyed by
   * `variable.name`, as `tf.variableGrads` returns them); other variables are untouched.
   * Does not dispose the gradients.
   *
   * @throws InvalidArgumentError when a gradient's shape differs from its variable's;
   *   StateError after dispose.
   */
  applyGradients(options: { readonly gradients: Readonly<Record<string, tf.Tensor>>; readonly variables: readonly tf.Variable[] }): void {
    const functionName = 'AdamOptimizer.applyGradients';
    requireOptions(functionName, options, '{ gradients, variables }');
    if (this.#disposed) throw new StateError({ functionName, message: 'the optimizer was disposed' });
    const { gradients, variables } = options;
    if (typeof gradients !== 'object' || gradients === null || !Array.isArray(variables)) {
      throw new InvalidArgumentError({ functionName, argument: 'options', message: 'expected { gradients: Record<name, Tensor>, variables: Variable[] }' });
    }
    for (const variable of variables) {
      const gradient = gradients[variable.name];
      if (gradient === undefined) continue;
      if (gradient.shape.join(',') !== variable.shape.join(',')) {
        throw new InvalidArgumentError({
          functionName,
          argument: 'options.gradients',
          message: `the gradient of ${variable.name} has shape [${gradient.shape.join(', ')}], the variable [${variable.shape.join(', ')}]`,
        });
      }
      let slot = this.#slots.get(variable.name);
      if (slot === undefined) {
        slot = { step: 0, firstMoment: tf.keep(tf.zerosLike(variable)), secondMoment: tf.keep(tf.zerosLike(variable)) };
        this.#slots.set(variable.name, slot);
      }
      if (slot.firstMoment.shape.join(',') !== variable.shape.join(',')) {
        // Restored states are flat: give them the variable's shape once.
        if (slot.firstMoment.size !== variable.size) {
          throw new InvalidArgumentError({
            functionName,
            argument: 'options.variables',
            message: `the saved state of ${variable.name} has ${slot.firstMoment.size} values, the variable ${variable.size}`,
          });
        }
        const [first, second] = [tf.keep(tf.reshape(slot.firstMoment, variable.shape)), tf.keep(tf.reshape(slot.secondMoment, variable.shape))];
        tf.dispose([slot.firstMoment, slot.secondMoment]);
        slot.firstMoment = first;
        slot.secondMoment = second;
      }
      slot.step += 1;
      const current = slot;
      const [firstMoment, secondMoment] = tf.tidy(() => {
        const m = tf.add(tf.mul(current.firstMoment, this.beta1), tf.mul(gradient, 1 - this.beta1));
        const v = tf.add(tf.mul(current.secondMoment, this.beta2), tf.mul(tf.square(gradient), 1 - this.beta2));
        const biasCorrection1 = 1 - this.beta1 ** current.step;
        const biasCorrection2 = 1 - this.beta2 ** current.step;
        const denominator = tf.add(tf.div(tf.sqrt(v), Math.sqrt(biasCorrection2)), this.epsilon);
        variable.assign(tf.sub(variable, tf.mul(tf.div(m, denominator), this.learningRate / biasCorrection1)));
        return [tf.keep(m), tf.keep(v)];
      });
      current.firstMoment.dispose();
      current.secondMoment.dispose();
      current.firstMoment = firstMoment;
      current.secondMoment = secondMoment;
    }
  }

  /** The step count of a variable (0 when it never received a gradient). */
  stepOf(options: { readonly variableName: string }): number {
    return this.#slots.get(options?.variableName)?.step ?? 0;
  }

  /**
   * Copies of the state. `rename` maps a variable name to the key stored (for example
   * the name without the owner's instance prefix, so that the state can be restored into
   * another instance).
   */
  async getState(options: { readonly rename?: (variableName: string) => string } = {}): Promise<AdamState> {
    if (this.#disposed) throw new StateError({ functionName: 'AdamOptimizer.getState', message: 'the optimizer was disposed' });
    const rename = options.rename ?? ((name: string) => name);
    const entries: Record<string, { step: number; firstMoment: Float32Array; secondMoment: Float32Array }> = {};
    for (const [name, slot] of this.#slots) {
      entries[rename(name)] = {
        step: slot.step,
        firstMoment: new Float32Array((await slot.firstMoment.data()) as Float32Array),
        secondMoment: new Float32Array((await slot.secondMoment.data()) as Float32Array),
      };
    }
    return { entries };
  }

  /**
   * Replaces the state. `rename` maps a stored key to the variable name it belongs to.
   *
   * @throws InvalidArgumentError for a malformed state.
   */
  setState(options: { readonly state: AdamState; readonly rename?: (key: string) => string }): void {
    const functionName = 'AdamOptimizer.setState';
    requireOptions(functionName, options, '{ state, rename? }');
    if (this.#disposed) throw new StateError({ functionName, message: 'the optimizer was disposed' });
    const entries = options.state?.entries;
    if (typeof entries !== 'object' || entries === null) {
      throw new InvalidArgumentError({ functionName, argument: 'options.state', message: `expected { entries }, got ${describeValue(options.state)}` });
    }
    for (const [key, entry] of Object.entries(entries)) {
      if (
        typeof entry !== 'object' ||
        entry === null ||
        !Number.isSafeInteger(entry.step) ||
        entry.step < 0 ||
        !(entry.firstMoment instanceof Float32Array) ||
        !(entry.secondMoment instanceof Float32Array) ||
        entry.firstMoment.length !== entry.secondMoment.length
      ) {
        throw new InvalidArgumentError({ functionName, argument: `options.state.entries.${key}`, message: 'expected { step, firstMoment: Float32Array, secondMoment: Float32Array } of equal lengths' });
      }
    }
    this.reset();
    const rename = options.rename ?? ((key: string) => key);
    for (const [key, entry] of Object.entries(entries)) {
      this.#slots.set(rename(key), {
        step: entry.step,
        firstMoment: tf.keep(tf.tensor1d(entry.firstMoment)),
        secondMoment: tf.keep(tf.tensor1d(entry.secondMoment)),
      });
    }
  }

  /** Forgets every moment (a fresh optimizer). */
  reset(): void {
    for (const slot of this.#slots.values()) tf.dispose([slot.firstMoment, slot.secondMoment]);
    this.#slots.clear();
  }

  /** Frees the moment tensors; idempotent. */
  dispose(): void {
    if (this.#disposed) return;
    this.reset();
    this.#disposed = true;
  }

  /** Same as {@link AdamOptimizer.dispose}. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}

/**
 * Creates an {@link AdamOptimizer} keyed by variable name.
 *
 * @throws OutOfRangeError for a learning rate <= 0, betas outside [0, 1) or epsilon <= 0.
 * @example
 * ```ts
 * import { createAdam } from '@fewshot/autogan';
 * const adam = createAdam({}); // lr 2e-4, betas (0, 0.9), eps 1e-8
 * adam.dispose();
 * ```
 */
export function createAdam(options: AdamOptions = {}): AdamOptimizer {
  const functionName = 'createAdam';
  requireOptions(functionName, options, '{ learningRate?, beta1?, beta2?, epsilon? }');
  return new AdamOptimizer({
    learningRate: numberOption(functionName, 'options.learningRate', options.learningRate, { exclusiveMinimum: 0, fallback: 2e-4 }),
    beta1: numberOption(functionName, 'options.beta1', options.beta1, { minimum: 0, exclusiveMaximum: 1, fallback: 0 }),
    beta2: numberOption(functionName, 'options.beta2', options.beta2, { minimum: 0, exclusiveMaximum: 1, fallback: 0.9 }),
    epsilon: numberOption(functionName, 'options.epsilon', options.epsilon, { exclusiveMinimum: 0, fallback: 1e-8 }),
  });
}
