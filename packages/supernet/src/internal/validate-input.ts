import { InvalidArgumentError } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';
import type { ResolvedNetworkOptions } from '../network-options.js';

/** Checks that `input` is a float32 [batch, height, width, channels] tensor the network accepts. */
export function validateInput(
  input: unknown,
  network: ResolvedNetworkOptions,
  context: { readonly functionName: string; readonly argument: string },
  usesBatchStatistics: boolean,
): asserts input is tf.Tensor4D {
  if (!(input instanceof tf.Tensor)) {
    throw new InvalidArgumentError({ ...context, message: `expected a tf.Tensor4D, got ${typeof input}` });
  }
  if (input.isDisposed) {
    throw new InvalidArgumentError({ ...context, message: 'the input tensor is disposed' });
  }
  if (input.rank !== 4) {
    throw new InvalidArgumentError({
      ...context,
      message: `expected a rank-4 tensor [batch, height, width, channels], got shape [${input.shape.join(', ')}]`,
    });
  }
  if (input.dtype !== 'float32') {
    throw new InvalidArgumentError({ ...context, message: `expected dtype float32, got ${input.dtype}` });
  }
  const [batch, height, width, channels] = input.shape as [number, number, number, number];
  if (batch < 1) {
    throw new InvalidArgumentError({ ...context, message: `expected at least one example, got shape [${input.shape.join(', ')}]` });
  }
  if (height % 4 !== 0 || width % 4 !== 0 || height === 0 || width === 0) {
    throw new InvalidArgumentError({
      ...context,
      message: `height and width must be positive and divisible by 4 (two stride-2 reductions), got ${height}x${width}`,
    });
  }
  if (channels !== network.inputShape[2]) {
    throw new InvalidArgumentError({
      ...context,
      message: `expected ${network.inputShape[2]} input channels (options.inputShape), got ${channels}`,
    });
  }
  const lastStageValues = batch * (height / 4) * (width / 4);
  if (usesBatchStatistics && lastStageValues < 2) {
    throw new InvalidArgumentError({
      ...context,
      message: `batch statistics need at least 2 values per channel, but the last stage sees batch ${batch} x ${height / 4} x ${width / 4} = ${lastStageValues}; use a larger batch or larger images`,
    });
  }
}
