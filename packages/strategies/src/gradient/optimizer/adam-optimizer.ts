import { InvalidArgumentError, StateError } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';
import { optionalNumber, requireNumber, requireOptions } from '../internal/validate.js';

/**
 * Options of {@link createAdamOptimizer}. Defaults are PyTorch's `torch.optim.Adam`; the
 * gradient-based methods pass the NAS-Bench-201 release's settings (learning rate 3e-4, betas
 * 0.5 / 0.999, weight decay 1e-3 for architecture parameters).
 *
 * @example
 * ```ts
 * const options: AdamOptimizerOptions = { learningRate: 3e-4, beta1: 0.5, beta2: 0.999, weightDecay: 1e-3 };
 * ```
 */
export interface AdamOptimizerOptions {
  /** Step size. Default 1e-3. */
  readonly learningRate?: number;
  /** Decay of the first moment. Default 0.9. */
  readonly beta1?: number;
  /** Decay of the second moment. Default 0.999. */
  readonly beta2?: number;
  /** Added to the square root of the second moment. Default 1e-8. */
  readonly epsilon?: number;
  /** L2 penalty added to the gradient (PyTorch's `weight_decay`, not decoupled AdamW). Default 0. */
  readonly weightDecay?: number;
  /** Rescale the gradients so that their global L2 norm is at most this; 0 (default) disables clipping. */
  readonly gradientClipNorm?: number;
}

/**
 * Options of {@link AdamOptimizer.step}.
 *
 * @example
 * ```ts
 * const { value, grads } = tf.variableGrads(loss, [alphas]);
 * adam.step({ variables: [alphas], gradients: grads });
 * ```
 */
export interface AdamStepOptions {
  /** The variables to update; each needs a gradient in `gradients` under its `name`. */
  readonly variables: readonly tf.Variable[];
  /** Gradients keyed by variable name (as `tf.variableGrads` returns them). Not disposed. */
  readonly gradients: tf.NamedTensorMap;
  /** Overrides the optimiser's learning rate for this step. */
  readonly learningRate?: number;
}

interface Moments {
  readonly first: tf.Variable;
  readonly second: tf.Variable;
  steps: number;
}

/**
 * Adam in PyTorch's formulation, with its state keyed by VARIABLE NAME. TensorFlow.js's own
 * stateful optimisers keep their moments by position in the gradient list, which silently mixes
 * up state when the list changes between steps (a different path, another sub-supernet); this
 * one does not. Update per variable: `g = clip(grad) + weightDecay * w; m = b1 m + (1 - b1) g;
 * v = b2 v + (1 - b2) g^2; w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)`, with `t`
 * the number of steps that variable took. Owns its moment tensors: call {@link AdamOptimizer.dispose}.
 *
 * @example
 * ```ts
 * const adam = createAdamOptimizer({ learningRate: 3e-4, beta1: 0.5, weightDecay: 1e-3 });
 * const { value, grads } = tf.variableGrads(() => lossOf(alphas), [alphas]);
 * adam.step({ variables: [alphas], gradients: grads });
 * tf.dispose([value, ...Object.values(grads)]);
 * adam.dispose();
 * ```
 */
export class AdamOptimizer {
  /** Default step size. */
  readonly learningRate: number;
  /** First-moment decay. */
  readonly beta1: number;
  /** Second-moment decay. */
  readonly beta2: number;
  /** Denominator offset. */
  readonly epsilon: number;
  /** L2 penalty. */
  readonly weightDecay: number;
  /** Global-norm clipping threshold; 0 when off. */
  readonly gradientClipNorm: number;
  readonly #moments = new Map<string, Moments>();
  #disposed = false;

  /** @internal Use {@link createAdamOptimizer}. */
  constructor(settings: Required<AdamOptimizerOptions>) {
    this.learningRate = settings.learningRate;
    this.beta1 = settings.beta1;
    this.beta2 = settings.beta2;
    this.epsilon = settings.epsilon;
    this.weightDecay = settings.weightDecay;
    this.gradientClipNorm = settings.gradientClipNorm;
  }

  /**
   * Applies one update to `variables`. Returns the global gradient norm before clipping when
   * clipping is on, otherwise undefined.
   *
   * @example
   * ```ts
   * const norm = adam.step({ variables: controller.trainableVariables(), gradients: grads });
   * ```
   */
  step(options: AdamStepOptions): number | undefined {
    const functionName = 'AdamOptimizer.step';
    if (this.#disposed) throw new StateError({ functionName, message: 'the optimizer was disposed' });
    requireOptions(functionName, 'options', options);
    const learningRate = optionalNumber(functionName, 'options.learningRate', options.learningRate, this.learningRate, { minimum: 0 });
    const { variables, gradients } = options;
    if (!Array.isArray(variables)) {
      throw new InvalidArgumentError({ functionName, argument: 'options.variables', message: 'expected an array of tf.Variable' });
    }
    for (const variable of variables) {
      const gradient = gradients?.[variable.name];
      if (gradient === undefined) {
        throw new InvalidArgumentError({ functionName, argument: 'options.gradients', message: `no gradient for variable "${variable.name}"` });
      }
      if (gradient.shape.join(',') !== variable.shape.join(',')) {
        throw new InvalidArgumentError({
          functionName,
          argument: 'options.gradients',
          message: `the gradient of "${variable.name}" has shape [${gradient.shape.join(', ')}], the variable [${variable.shape.join(', ')}]`,
        });
      }
    }
    let norm: number | undefined;
    let clipScale = 1;
    if (this.gradientClipNorm > 0 && variables.length > 0) {
      const normTensor = tf.tidy(() => tf.sqrt(tf.addN(variables.map((variable) => tf.sum(tf.square(gradients[variable.name] as tf.Tensor))))));
      norm = normTensor.dataSync()[0] as number;
      normTensor.dispose();
      if (norm > this.gradientClipNorm) clipScale = this.gradientClipNorm / (norm + 1e-6);
    }
    for (const variable of variables) {
      let moments = this.#moments.get(variable.name);
      if (moments === undefined) {
        moments = {
          first: tf.tidy(() => tf.variable(tf.zerosLike(variable), false, `${variable.name}/adam-first-moment`)),
          second: tf.tidy(() => tf.variable(tf.zerosLike(variable), false, `${variable.name}/adam-second-moment`)),
          steps: 0,
        };
        this.#moments.set(variable.name, moments);
      }
      moments.steps += 1;
      const correction1 = 1 - this.beta1 ** moments.steps;
      const correction2 = 1 - this.beta2 ** moments.steps;
      const { first, second } = moments;
      tf.tidy(() => {
        let gradient = gradients[variable.name] as tf.Tensor;
        if (clipScale !== 1) gradient = tf.mul(gradient, clipScale);
        if (this.weightDecay !== 0) gradient = tf.add(gradient, tf.mul(variable, this.weightDecay));
        const newFirst = tf.add(tf.mul(first, this.beta1), tf.mul(gradient, 1 - this.beta1));
        const newSecond = tf.add(tf.mul(second, this.beta2), tf.mul(tf.square(gradient), 1 - this.beta2));
        first.assign(newFirst);
        second.assign(newSecond);
        const denominator = tf.add(tf.div(tf.sqrt(newSecond), Math.sqrt(correction2)), this.epsilon);
        variable.assign(tf.sub(variable, tf.mul(tf.div(newFirst, denominator), learningRate / correction1)));
      });
    }
    return norm;
  }

  /**
   * How many steps each variable (by name) has taken.
   *
   * @example
   * ```ts
   * adam.stepCounts().get(alphas.name); // 12
   * ```
   */
  stepCounts(): ReadonlyMap<string, number> {
    return new Map([...this.#moments].map(([name, moments]) => [name, moments.steps]));
  }

  /**
   * Frees the moment tensors. Further steps throw a `StateError`.
   *
   * @example
   * ```ts
   * adam.dispose();
   * ```
   */
  dispose(): void {
    for (const moments of this.#moments.values()) tf.dispose([moments.first, moments.second]);
    this.#moments.clear();
    this.#disposed = true;
  }

  /** Same as {@link AdamOptimizer.dispose}. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}

/**
 * Creates an {@link AdamOptimizer} (state keyed by variable name).
 *
 * @example
 * ```ts
 * import { createAdamOptimizer } from '@fewshot/strategies/gradient';
 * const adam = createAdamOptimizer({ learningRate: 3e-4, beta1: 0.5, beta2: 0.999, weightDecay: 1e-3 });
 * ```
 */
export function createAdamOptimizer(options: AdamOptimizerOptions = {}): AdamOptimizer {
  const functionName = 'createAdamOptimizer';
  requireOptions(functionName, 'options', options);
  return new AdamOptimizer({
    learningRate: optionalNumber(functionName, 'options.learningRate', options.learningRate, 1e-3, { minimum: 0 }),
    beta1: optionalNumber(functionName, 'options.beta1', options.beta1, 0.9, { minimum: 0, exclusiveMaximum: 1 }),
    beta2: optionalNumber(functionName, 'options.beta2', options.beta2, 0.999, { minimum: 0, exclusiveMaximum: 1 }),
    epsilon: optionalNumber(functionName, 'options.epsilon', options.epsilon, 1e-8, { exclusiveMinimum: 0 }),
    weightDecay: optionalNumber(functionName, 'options.weightDecay', options.weightDecay, 0, { minimum: 0 }),
    gradientClipNorm: optionalNumber(functionName, 'options.gradientClipNorm', options.gradientClipNorm, 0, { minimum: 0 }),
  });
}
