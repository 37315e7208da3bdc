/**
 * Weights as plain arrays keyed by local parameter name (without the instance's variable
 * prefix), e.g. `cell1.pre.conv1.kernel`: what `getWeights()` returns and `setWeights()` takes.
 *
 * @example
 * ```ts
 * const weights: NamedWeights = await generator.getWeights();
 * weights['l1.kernel']?.length; // latentDimension * 16 * channels
 * ```
 */
export type NamedWeights = Record<string, Float32Array>;
