import type { Architecture } from '@fewshot/core';
import type { NetworkOptions } from './network-options.js';

/**
 * Options of {@link countParameters} and {@link countFlops}: an architecture and the network
 * size (defaults: the benchmark's CIFAR-10 network, C = 16, N = 5, 10 classes, 32x32x3).
 *
 * @example
 * ```ts
 * const imageNet16: ArchitectureCostOptions = { architecture: [3, 3, 3, 1, 3, 2], classes: 120, inputShape: [16, 16, 3] };
 * ```
 */
export interface ArchitectureCostOptions extends NetworkOptions {
  /** Six op indices, edge order `1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2`. */
  readonly architecture: Architecture;
}
