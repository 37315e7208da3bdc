import { sgdMomentumUpdate } from '@fewshot/backend';
import { InvalidArgumentError, StateError } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';
import { checkNumber, checkOptions } from '../internal/validate.js';

/**
 * Options of {@link createSgdOptimizer}. Defaults are the few-shot NAS release's supernet
 * settings (SGD with Nesterov momentum 0.9 and weight decay 1e-4).
 *
 * @example
 * ```ts
 * const options: SgdOptimizerOptions = { momentum: 0.9, nesterov: true, weightDecay: 5e-4, gradientClipNorm: 5 };
 * ```
 */
export interface SgdOptimizerOptions {
  /** Momentum factor; 0 disables momentum. Default 0.9. */
  readonly momentum?: number;
  /** Nesterov momentum (PyTorch's formulation). Default true. */
  readonly nesterov?: boolean;
  /** L2 penalty added to every gradient (PyTorch's `weight_decay`). Default 1e-4. */
  readonly weightDecay?: number;
  /** Rescale the gradients so that their global L2 norm is at most this; default: no clipping. */
  readonly gradientClipNorm?: number;
}

/**
 * The serialisable state of an {@link SgdOptimizer}: one momentum buffer per variable name.
 *
 * @example
 * ```ts
 * const state: SgdOptimizerState = optimizer.getState();
 * later.setState(state);
 * ```
 */
export interface SgdOptimizerState {
  /** Momentum buffers keyed by variable name, with their shapes. */
  readonly buffers: ReadonlyMap<
    string,
    {
      /** Shape of the variable (and of its buffer). */
      readonly shape: readonly number[];
      /** The buffer's values, row-major, `product(shape)` of them. */
      readonly values: Float32Array;
    }
  >;
}

/**
 * Options of {@link SgdOptimizer.step}.
 *
 * @example
 * ```ts
 * const { value, grads } = tf.variableGrads(loss, variables);
 * optimizer.step({ variables, gradients: grads, learningRate: 0.025 });
 * ```
 */
export interface SgdStepOptions {
  /** The variables to update; each needs an entry in `gradients` under its `name`. */
  readonly variables: readonly tf.Variable[];
  /** Gradients keyed by variable name (as `tf.variableGrads` returns them). Not disposed. */
  readonly gradients: tf.NamedTensorMap;
  /** The learning rate of this step. */
  readonly learningRate: number;
}

/**
 * Stochastic gradient descent with momentum, Nesterov momentum, weight decay and global-norm
 * gradient clipping, in PyTorch's formulation (`torch.optim.SGD`):
 * `g = clip(grad) + weightDecay * w; b = momentum * b + g; w -= lr * (nesterov ? g + momentum * b : b)`.
 *
 * Only the variables passed to a step move, and only their momentum buffers change: in a
 * weight-sharing supernet the ops that a step's architecture does not use keep their weights
 * and their momentum (PyTorch 1.x instead keeps applying weight decay and stale momentum to
 * parameters whose gradient was zeroed; we leave inactive paths untouched on purpose).
 * Owns its momentum buffers: call {@link SgdOptimizer.dispose}. From a variable's second step
 * on, its update is `@fewshot/backend`'s `sgdMomentumUpdate`: one kernel per variable on wasm,
 * bit-identical to the tfjs ops.
 *
 * @example
 * ```ts
 * const optimizer = createSgdOptimizer({ momentum: 0.9, nesterov: true, weightDecay: 1e-4 });
 * const variables = supernet.trainableVariables(architecture);
 * const { value, grads } = tf.variableGrads(() => lossOf(architecture), variables);
 * optimizer.step({ variables, gradients: grads, learningRate: 0.025 });
 * tf.dispose([value, ...Object.values(grads)]);
 * optimizer.dispose();
 * ```
 */
export class SgdOptimizer {
  /** Momentum factor. */
  readonly momentum: number;
  /** Whether Nesterov momentum is used. */
  readonly nesterov: boolean;
  /** L2 penalty. */
  readonly weightDecay: number;
  /** Global-norm clipping threshold, or undefined. */
  readonly gradientClipNorm: number | undefined;
  readonly #buffers = new Map<string, tf.Variable>();
  #disposed = false;

  /**
   * Prefer {@link createSgdOptimizer}, which validates the options and fills in the defaults.
   */
  constructor(
    options: Required<Omit<SgdOptimizerOptions, 'gradientClipNorm'>> & {
      /** Global-norm clipping threshold; undefined for no clipping. */
      readonly gradientClipNorm: number | undefined;
    },
  ) {
    this.momentum = options.momentum;
    this.nesterov = options.nesterov;
    this.weightDecay = options.weightDecay;
    this.gradientClipNorm = options.gradientClipNorm;
  }

  /**
   * Applies one update to `variables`. Returns the global gradient norm before clipping when
   * clipping is on (computing it costs a read-back), otherwise undefined.
   *
   * @example
   * ```ts
   * const norm = optimizer.step({ variables, gradients: grads, learningRate: 0.01 });
   * ```
   */
  step(options: SgdStepOptions): number | undefined {
    const functionName = 'SgdOptimizer.step';
    if (this.#disposed) throw new StateError({ functionName, message: 'the optimizer was disposed' });
    checkOptions(functionName, options);
    checkNumber(functionName, 'options.learningRate', options.learningRate, { minimum: 0 });
    const { variables, gradients, learningRate } = options;
    for (const variable of variables) {
      if (gradients[variable.name] === undefined) {
        throw new InvalidArgumentError({
          functionName,
          argument: 'options.gradients',
          message: `no gradient for variable "${variable.name}"`,
        });
      }
    }
    let norm: number | undefined;
    let clipScale = 1;
    if (this.gradientClipNorm !== undefined) {
      const normTensor = tf.tidy(() =>
        tf.sqrt(tf.addN(variables.map((variable) => tf.sum(tf.square(gradients[variable.name] as tf.Tensor))))),
      );
      norm = normTensor.dataSync()[0] as number;
      normTensor.dispose();
      if (norm > this.gradientClipNorm) clipScale = this.gradientClipNorm / (norm + 1e-6);
    }
    tf.tidy(() => {
      for (const variable of variables) {
        let gradient = gradients[variable.name] as tf.Tensor;
        if (clipScale !== 1) gradient = tf.mul(gradient, clipScale);
        const buffer = this.momentum !== 0 ? this.#buffers.get(variable.name) : undefined;
        if (buffer !== undefined) {
          // Every step after the first: one kernel on wasm, bit-identical to the tfjs ops.
          const next = sgdMomentumUpdate({
            weights: variable,
            gradient,
            buffer,
            weightDecay: this.weightDecay,
            momentum: this.momentum,
            nesterov: this.nesterov,
            learningRate,
          });
          buffer.assign(next.buffer);
          variable.assign(next.weights);
          continue;
        }
        if (this.weightDecay !== 0) gradient = tf.add(gradient, tf.mul(variable, this.weightDecay));
        let update = gradient;
        if (this.momentum !== 0) {
          // The first step: the buffer starts as the gradient (as in PyTorch).
          this.#buffers.set(variable.name, tf.variable(gradient, false, `${variable.name}/momentum`));
          update = this.nesterov ? tf.add(gradient, tf.mul(gradient, this.momentum)) : gradient;
        }
        variable.assign(tf.sub(variable, tf.mul(update, learningRate)));
      }
    });
    return norm;
  }

  /**
   * A copy of the momentum buffers, for checkpoints.
   *
   * @example
   * ```ts
   * const state = optimizer.getState();
   * state.buffers.size; // number of variables updated so far
   * ```
   */
  getState(): SgdOptimizerState {
    const buffers = new Map<string, { shape: readonly number[]; values: Float32Array }>();
    for (const [name, buffer] of this.#buffers) {
      buffers.set(name, { shape: [...buffer.shape], values: buffer.dataSync() as Float32Array });
    }
    return { buffers };
  }

  /**
   * Replaces the momentum buffers with a saved state.
   *
   * @example
   * ```ts
   * restored.setState(optimizer.getState());
   * ```
   */
  setState(state: SgdOptimizerState): void {
    if (this.#disposed) throw new StateError({ functionName: 'SgdOptimizer.setState', message: 'the optimizer was disposed' });
    this.#disposeBuffers();
    for (const [name, { shape, values }] of state.buffers) {
      const size = shape.reduce((product, dimension) => product * dimension, 1);
      if (size !== values.length) {
        throw new InvalidArgumentError({
          functionName: 'SgdOptimizer.setState',
          argument: 'state',
          message: `buffer "${name}" has ${values.length} values for shape [${shape.join(', ')}]`,
        });
      }
      this.#buffers.set(
        name,
        tf.tidy(() => tf.variable(tf.tensor(values, [...shape], 'float32'), false, `${name}/momentum`)),
      );
    }
  }

  /**
   * Frees the momentum buffers.
   *
   * @example
   * ```ts
   * optimizer.dispose();
   * ```
   */
  dispose(): void {
    this.#disposeBuffers();
    this.#disposed = true;
  }

  /** Same as {@link SgdOptimizer.dispose}. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  #disposeBuffers(): void {
    for (const buffer of this.#buffers.values()) buffer.dispose();
    this.#buffers.clear();
  }
}

/**
 * Creates an {@link SgdOptimizer}.
 *
 * @example
 * ```ts
 * const optimizer = createSgdOptimizer({ nesterov: true, momentum: 0.9, weightDecay: 1e-4 });
 * ```
 */
export function createSgdOptimizer(options: SgdOptimizerOptions = {}): SgdOptimizer {
  const functionName = 'createSgdOptimizer';
  checkOptions(functionName, options);
  const momentum = options.momentum ?? 0.9;
  const weightDecay = options.weightDecay ?? 1e-4;
  checkNumber(functionName, 'options.momentum', momentum, { minimum: 0, maximum: 1 });
  checkNumber(functionName, 'options.weightDecay', weightDecay, { minimum: 0 });
  if (options.gradientClipNorm !== undefined) {
    checkNumber(functionName, 'options.gradientClipNorm', options.gradientClipNorm, { exclusiveMinimum: 0 });
  }
  const nesterov = options.nesterov ?? true;
  if (typeof nesterov !== 'boolean') {
    throw new InvalidArgumentError({ functionName, argument: 'options.nesterov', message: `expected a boolean, got ${String(nesterov)}` });
  }
  if (nesterov && momentum === 0) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.nesterov',
      message: 'options.nesterov: Nesterov momentum needs options.momentum > 0',
    });
  }
  return new SgdOptimizer({ momentum, nesterov, weightDecay, gradientClipNorm: options.gradientClipNorm });
}
