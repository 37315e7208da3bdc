/**
 * The second-order DARTS architecture gradient (Liu et al. 2019, eq. 7-8), computed as the
 * NAS-Bench-201 release computes it:
 *
 *   w' = w - xi * (momentum * buffer + dL_train/dw + weightDecay * w)        (one virtual SGD step)
 *   g  = dL_val(w', alpha)/dalpha - xi * H v,   v = dL_val(w', alpha)/dw'
 *   H v ~ (dL_train(w + R v, alpha)/dalpha - dL_train(w - R v, alpha)/dalpha) / (2 R),  R = r / ||v||
 *
 * with r = 0.01. The weights are restored bit for bit afterwards (from copies, not by adding and
 * subtracting R v back). All losses are closures over the variables' current values.
 */
import * as tf from '@tensorflow/tfjs-core';

type LossFunction = () => tf.Scalar;

function gradientsOf(loss: LossFunction, variables: readonly tf.Variable[]): { value: tf.Scalar; grads: tf.NamedTensorMap } {
  return tf.variableGrads(loss, [...variables]);
}

function assignAll(variables: readonly tf.Variable[], values: readonly tf.Tensor[]): void {
  variables.forEach((variable, index) => variable.assign(values[index] as tf.Tensor));
}

/**
 * `(d/dwrt L(w + R v) - d/dwrt L(w - R v)) / (2 R)` with `R = radius / ||v||`: a finite-difference
 * approximation of the mixed second derivative `d^2 L / (d wrt d w)` applied to `v`. `vector`
 * holds one tensor per weight (missing entries count as zero). The weights are restored exactly.
 * Returns one tensor per `wrt` variable (by name; zeros where L does not depend on it); the caller
 * owns them. With `||v|| = 0` the product is zero.
 */
export function finiteDifferenceHessianVectorProduct(options: {
  readonly weights: readonly tf.Variable[];
  readonly vector: ReadonlyMap<string, tf.Tensor>;
  readonly loss: LossFunction;
  readonly wrt: readonly tf.Variable[];
  readonly radius: number;
}): tf.NamedTensorMap {
  const { weights, vector, loss, wrt, radius } = options;
  const norm = tf.tidy(() => {
    const squares = weights.flatMap((weight) => {
      const component = vector.get(weight.name);
      return component === undefined ? [] : [tf.sum(tf.square(component))];
    });
    return squares.length === 0 ? tf.scalar(0) : tf.sqrt(tf.addN(squares));
  });
  const normValue = norm.dataSync()[0] as number;
  norm.dispose();
  if (!(normValue > 0)) {
    return Object.fromEntries(wrt.map((variable) => [variable.name, tf.zerosLike(variable)]));
  }
  const scale = radius / normValue;
  const saved = weights.map((weight) => tf.clone(weight));
  const perturbed = (sign: number): tf.Tensor[] =>
    tf.tidy(() =>
      weights.map((weight, index) => {
        const component = vector.get(weight.name);
        return component === undefined ? tf.clone(saved[index] as tf.Tensor) : tf.add(saved[index] as tf.Tensor, tf.mul(component, sign * scale));
      }),
    );
  let plus: tf.NamedTensorMap = {};
  let minus: tf.NamedTensorMap = {};
  try {
    const upper = perturbed(1);
    assignAll(weights, upper);
    tf.dispose(upper);
    const plusResult = gradientsOf(loss, wrt);
    plusResult.value.dispose();
    plus = plusResult.grads;
    const lower = perturbed(-1);
    assignAll(weights, lower);
    tf.dispose(lower);
    const minusResult = gradientsOf(loss, wrt);
    minusResult.value.dispose();
    minus = minusResult.grads;
  } finally {
    assignAll(weights, saved);
    tf.dispose(saved);
  }
  const result = tf.tidy(() =>
    Object.fromEntries(
      wrt.map((variable) => {
        const upper = plus[variable.name] ?? tf.zerosLike(variable);
        const lower = minus[variable.name] ?? tf.zerosLike(variable);
        return [variable.name, tf.div(tf.sub(upper, lower), 2 * scale)];
      }),
    ),
  );
  tf.dispose([...Object.values(plus), ...Object.values(minus)]);
  return result;
}

/** What {@link unrolledArchitectureGradient} returns; the caller owns the tensors. */
export interface UnrolledGradient {
  /** The second-order gradient per architecture variable (by name). */
  readonly gradients: tf.NamedTensorMap;
  /** `L_val(w', alpha)`, the validation loss at the unrolled weights. */
  readonly validationLoss: number;
}

/**
 * The unrolled (second-order) architecture gradient; see the file comment. `momentumBuffers`
 * are the weight optimiser's buffers by variable name (absent before its first step).
 */
export function unrolledArchitectureGradient(options: {
  readonly weights: readonly tf.Variable[];
  readonly architecture: readonly tf.Variable[];
  readonly trainingLoss: LossFunction;
  readonly validationLoss: LossFunction;
  readonly learningRate: number;
  readonly weightDecay: number;
  readonly momentum: number;
  readonly momentumBuffers: ReadonlyMap<string, { readonly shape: readonly number[]; readonly values: Float32Array }>;
  readonly radius: number;
}): UnrolledGradient {
  const { weights, architecture, learningRate, weightDecay, momentum, momentumBuffers, radius } = options;
  const saved = weights.map((weight) => tf.clone(weight));
  let validationGradients: tf.NamedTensorMap = {};
  let validationLoss = Number.NaN;
  try {
    // 1. One virtual SGD step on the training loss.
    const training = gradientsOf(options.trainingLoss, weights);
    training.value.dispose();
    const unrolled = tf.tidy(() =>
      weights.map((weight, index) => {
        const current = saved[index] as tf.Tensor;
        let direction: tf.Tensor = training.grads[weight.name] ?? tf.zerosLike(current);
        if (weightDecay !== 0) direction = tf.add(direction, tf.mul(current, weightDecay));
        const buffer = momentumBuffers.get(weight.name);
        if (buffer !== undefined && momentum !== 0) {
          direction = tf.add(direction, tf.mul(tf.tensor(buffer.values, [...buffer.shape], 'float32'), momentum));
        }
        return tf.sub(current, tf.mul(direction, learningRate));
      }),
    );
    tf.dispose(Object.values(training.grads));
    assignAll(weights, unrolled);
    tf.dispose(unrolled);
    // 2. The validation loss at w' and its gradients in alpha and in w'.
    const validation = gradientsOf(options.validationLoss, [...weights, ...architecture]);
    validationLoss = validation.value.dataSync()[0] as number;
    validation.value.dispose();
    validationGradients = validation.grads;
  } finally {
    assignAll(weights, saved);
    tf.dispose(saved);
  }
  // 3. The implicit term at the original weights.
  const vector = new Map<string, tf.Tensor>();
  for (const weight of weights) {
    const gradient = validationGradients[weight.name];
    if (gradient !== undefined) vector.set(weight.name, gradient);
  }
  let implicit: tf.NamedTensorMap = {};
  try {
    implicit = finiteDifferenceHessianVectorProduct({ weights, vector, loss: options.trainingLoss, wrt: architecture, radius });
    const gradients = tf.tidy(() =>
      Object.fromEntries(
        architecture.map((variable) => {
          const direct = validationGradients[variable.name] ?? tf.zerosLike(variable);
          return [variable.name, tf.sub(direct, tf.mul(implicit[variable.name] as tf.Tensor, learningRate))];
        }),
      ),
    );
    return { gradients, validationLoss };
  } finally {
    tf.dispose([...Object.values(validationGradients), ...Object.values(implicit)]);
  }
}
