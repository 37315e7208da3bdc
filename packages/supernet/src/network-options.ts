/**
 * The size options shared by the NAS-Bench-201 network, its supernet and the
 * analytic counters.
 *
 * @example
 * ```ts
 * // The benchmark's CIFAR-10 network (all defaults) and a tiny grayscale one for tests.
 * const cifar10: NetworkOptions = {};
 * const tiny: NetworkOptions = { channels: 4, cellsPerStage: 1, classes: 10, inputShape: [8, 8, 1] };
 * ```
 */
export interface NetworkOptions {
  /** Channels of the first stage, `C` (the second and third stages have 2C and 4C). Default 16. */
  readonly channels?: number;
  /** Cells per stage, `N` (the network has 3N cells). Default 5. */
  readonly cellsPerStage?: number;
  /** Number of classes of the linear classifier. Default 10. */
  readonly classes?: number;
  /**
   * `[height, width, channels]` of one input image (NHWC, as TensorFlow.js). Height and width
   * must be divisible by 4; they set the FLOPs count, while `forward` accepts any height and width
   * divisible by 4 with this many channels. Default `[32, 32, 3]`.
   */
  readonly inputShape?: readonly [number, number, number];
}

/**
 * {@link NetworkOptions} with every default filled in, as the networks report them.
 *
 * @example
 * ```ts
 * const supernet = createSupernet({ channels: 4, cellsPerStage: 1, inputShape: [8, 8, 1] });
 * const resolved: ResolvedNetworkOptions = supernet.networkOptions;
 * resolved.classes; // 10
 * supernet.dispose();
 * ```
 */
export interface ResolvedNetworkOptions {
  /** Channels of the first stage, `C`. */
  readonly channels: number;
  /** Cells per stage, `N`. */
  readonly cellsPerStage: number;
  /** Number of classes. */
  readonly classes: number;
  /** `[height, width, channels]` of one input image. */
  readonly inputShape: readonly [number, number, number];
}
