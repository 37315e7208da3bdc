import { InvalidArgumentError } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';
import { sgdUpdate } from './internal/wasm-sgd-update.js';

/** Options of {@link sgdMomentumUpdate}. */
export interface SgdMomentumUpdateOptions {
  /** The variable's current value (a `tf.Variable` or any float32 tensor). */
  readonly weights: tf.Tensor;
  /** Its gradient, same shape. */
  readonly gradient: tf.Tensor;
  /** Its momentum buffer from the previous step, same shape. */
  readonly buffer: tf.Tensor;
  /** L2 penalty added to the gradient (`gradient + weights * weightDecay`); 0 for none. */
  readonly weightDecay: number;
  /** Momentum factor. */
  readonly momentum: number;
  /** Nesterov momentum (PyTorch's `nesterov=True`). */
  readonly nesterov: boolean;
  /** Step size. */
  readonly learningRate: number;
}

/** Result of {@link sgdMomentumUpdate}: new tensors that belong to the caller. */
export interface SgdMomentumUpdateResult {
  /** The updated weights. */
  readonly weights: tf.Tensor;
  /** The updated momentum buffer. */
  readonly buffer: tf.Tensor;
}

function checkTensor(name: string, value: unknown, shape?: readonly number[]): tf.Tensor {
  if (!(value instanceof tf.Tensor)) {
    throw new InvalidArgumentError({ functionName: 'sgdMomentumUpdate', argument: `options.${name}`, message: 'expected a tf.Tensor' });
  }
  if (shape !== undefined && !tf.util.arraysEqual(value.shape, shape as number[])) {
    throw new InvalidArgumentError({
      functionName: 'sgdMomentumUpdate',
      argument: `options.${name}`,
      message: `expected the shape of options.weights, [${shape.join(', ')}], got [${value.shape.join(', ')}]`,
    });
  }
  return value;
}

function checkFinite(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidArgumentError({ functionName: 'sgdMomentumUpdate', argument: `options.${name}`, message: `expected a finite number, got ${String(value)}` });
  }
  return value;
}

/**
 * One step of SGD with momentum for one variable, as PyTorch's `torch.optim.SGD` computes it
 * after the first step (the first step's buffer is the gradient itself):
 * `g = gradient + weightDecay * weights; buffer = momentum * buffer + g;
 * update = nesterov ? g + momentum * buffer : buffer; weights = weights - learningRate * update`.
 *
 * On the wasm backend (with `@fewshot`'s kernels, see {@link wasmKernelChoice}) this is one
 * WebAssembly SIMD kernel that reads each tensor once; the tfjs ops would run up to eight
 * kernels and upload four scalars. It runs the same float32 operations in the same order, so
 * the results are bit-identical to the ops, which it runs on every other backend.
 *
 * @example
 * ```ts
 * const next = tf.tidy(() => sgdMomentumUpdate({ weights: variable, gradient, buffer, weightDecay: 5e-4, momentum: 0.9, nesterov: true, learningRate: 0.025 }));
 * variable.assign(next.weights);
 * buffer.assign(next.buffer);
 * tf.dispose([next.weights, next.buffer]);
 * ```
 */
export function sgdMomentumUpdate(options: SgdMomentumUpdateOptions): SgdMomentumUpdateResult {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError({ functionName: 'sgdMomentumUpdate', argument: 'options', message: 'expected { weights, gradient, buffer, weightDecay, momentum, nesterov, learningRate }' });
  }
  const weights = checkTensor('weights', options.weights);
  const gradient = checkTensor('gradient', options.gradient, weights.shape);
  const buffer = checkTensor('buffer', options.buffer, weights.shape);
  if (typeof options.nesterov !== 'boolean') {
    throw new InvalidArgumentError({ functionName: 'sgdMomentumUpdate', argument: 'options.nesterov', message: `expected a boolean, got ${String(options.nesterov)}` });
  }
  const [nextWeights, nextBuffer] = sgdUpdate(weights, gradient, buffer, {
    weightDecay: checkFinite('weightDecay', options.weightDecay),
    momentum: checkFinite('momentum', options.momentum),
    nesterov: options.nesterov,
    learningRate: checkFinite('learningRate', options.learningRate),
  });
  return { weights: nextWeights, buffer: nextBuffer };
}
