import { InvalidArgumentError } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe } from '../internal/validate.js';

/**
 * Options of {@link channelShuffle}.
 *
 * @example
 * ```ts
 * const options: ChannelShuffleOptions = { input: features, groups: 4 };
 * ```
 */
export interface ChannelShuffleOptions {
  /** A `[batch, height, width, channels]` tensor (NHWC). Not disposed. */
  readonly input: tf.Tensor4D;
  /** Number of groups; must divide the channel count. */
  readonly groups: number;
}

/**
 * ShuffleNet's channel shuffle on an NHWC tensor, as PC-DARTS applies it after each
 * partial-channel edge: the channels, seen as `groups` consecutive groups of `channels / groups`,
 * are interleaved, so output channel `j * groups + g` is input channel `g * (channels / groups) + j`
 * (PyTorch's `view(b, groups, c / groups, h, w).transpose(1, 2)` on NCHW). A permutation of the
 * channels; differentiable. The caller owns the result.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { channelShuffle } from '@fewshot/strategies/gradient';
 * const x = tf.reshape(tf.range(0, 8), [1, 1, 1, 8]) as tf.Tensor4D;
 * channelShuffle({ input: x, groups: 4 }).dataSync(); // [0, 2, 4, 6, 1, 3, 5, 7]
 * ```
 */
export function channelShuffle(options: ChannelShuffleOptions): tf.Tensor4D {
  const functionName = 'channelShuffle';
  const input = options?.input;
  if (!(input instanceof tf.Tensor) || input.rank !== 4 || input.isDisposed) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.input',
      message: `expected a live [batch, height, width, channels] tensor, got ${input instanceof tf.Tensor ? `shape [${input.shape.join(', ')}]` : describe(input)}`,
    });
  }
  const groups = options.groups;
  const [batch, height, width, channels] = input.shape;
  if (!Number.isSafeInteger(groups) || groups < 1 || channels % groups !== 0) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.groups',
      message: `expected a positive integer that divides the ${channels} channels, got ${describe(groups)}`,
    });
  }
  if (groups === 1) return tf.clone(input);
  return tf.tidy(() => {
    const grouped = tf.reshape(input, [batch, height, width, groups, channels / groups]);
    return tf.reshape(tf.transpose(grouped, [0, 1, 2, 4, 3]), [batch, height, width, channels]) as tf.Tensor4D;
  });
}
