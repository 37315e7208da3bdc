import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '@fewshot/core';
import { describeValue, requireOptions } from '../internal/validate.js';

/**
 * Options of {@link discriminatorHingeLoss}.
 *
 * @example
 * ```ts
 * const options: DiscriminatorHingeLossOptions = { realLogits, fakeLogits };
 * ```
 */
export interface DiscriminatorHingeLossOptions {
  /** D's logits on real images, any shape. */
  readonly realLogits: tf.Tensor;
  /** D's logits on generated images, any shape. */
  readonly fakeLogits: tf.Tensor;
}

function requireTensor(functionName: string, argument: string, value: unknown): tf.Tensor {
  if (!(value instanceof tf.Tensor) || value.dtype !== 'float32') {
    throw new InvalidArgumentError({ functionName, argument, message: `expected a float32 tensor, got ${describeValue(value)}` });
  }
  return value;
}

/**
 * The discriminator's hinge loss, `mean(relu(1 - D(x))) + mean(relu(1 + D(G(z))))`,
 * a scalar. Ownership: the caller owns it.
 *
 * @throws InvalidArgumentError for non-tensor inputs.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { discriminatorHingeLoss } from '@fewshot/autogan';
 * const loss = discriminatorHingeLoss({ realLogits: tf.tensor([2, 0.5]), fakeLogits: tf.tensor([-2, 0]) });
 * loss.dataSync()[0]; // (0 + 0.5) / 2 + (0 + 1) / 2 = 0.75
 * ```
 */
export function discriminatorHingeLoss(options: DiscriminatorHingeLossOptions): tf.Scalar {
  const functionName = 'discriminatorHingeLoss';
  requireOptions(functionName, options, '{ realLogits, fakeLogits }');
  const real = requireTensor(functionName, 'options.realLogits', options.realLogits);
  const fake = requireTensor(functionName, 'options.fakeLogits', options.fakeLogits);
  return tf.tidy(() => tf.add(tf.mean(tf.relu(tf.sub(1, real))), tf.mean(tf.relu(tf.add(1, fake)))) as tf.Scalar);
}

/**
 * The generator's hinge loss, `-mean(D(G(z)))`, a scalar. Ownership: the caller owns it.
 *
 * @throws InvalidArgumentError for a non-tensor input.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { generatorHingeLoss } from '@fewshot/autogan';
 * generatorHingeLoss({ fakeLogits: tf.tensor([1, 3]) }).dataSync()[0]; // -2
 * ```
 */
export function generatorHingeLoss(options: { readonly fakeLogits: tf.Tensor }): tf.Scalar {
  const functionName = 'generatorHingeLoss';
  requireOptions(functionName, options, '{ fakeLogits }');
  const fake = requireTensor(functionName, 'options.fakeLogits', options.fakeLogits);
  return tf.tidy(() => tf.neg(tf.mean(fake)) as tf.Scalar);
}
