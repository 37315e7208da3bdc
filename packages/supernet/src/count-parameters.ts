import type { ArchitectureCostOptions } from './architecture-cost-options.js';
import { cellKernelArea, resolveCostOptions } from './internal/architecture-costs.js';

/**
 * The number of trainable parameters of the NAS-Bench-201 network of one architecture, counted
 * analytically as the benchmark does: conv weights (no biases), BN scale and offset (running
 * statistics are not parameters), and the linear layer's weights and bias. With the defaults it
 * reproduces the benchmark's CIFAR-10 `params` (in units, not millions).
 *
 * @example
 * ```ts
 * // NAS-Bench-201 index 0: |avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|
 * countParameters({ architecture: [4, 2, 1, 2, 1, 1] }); // 129_306 (0.129306 M)
 * countParameters({ architecture: [4, 2, 1, 2, 1, 1], classes: 100 }); // 135_156
 * ```
 */
export function countParameters(options: ArchitectureCostOptions): number {
  const { network, architecture } = resolveCostOptions(options, 'countParameters');
  const { channels, cellsPerStage, classes, inputShape } = network;
  const { kernelArea, convolutions } = cellKernelArea(architecture);
  let total = 9 * inputShape[2] * channels + 2 * channels;
  for (let stage = 0; stage < 3; stage += 1) {
    const width = channels * 2 ** stage;
    total += cellsPerStage * (kernelArea * width * width + convolutions * 2 * width);
    if (stage < 2) {
      const next = 2 * width;
      total += 9 * width * next + 2 * next + 9 * next * next + 2 * next + width * next;
    }
  }
  const last = channels * 4;
  total += 2 * last + last * classes + classes;
  return total;
}
