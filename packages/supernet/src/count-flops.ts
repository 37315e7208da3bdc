import type { ArchitectureCostOptions } from './architecture-cost-options.js';
import { cellKernelArea, resolveCostOptions } from './internal/architecture-costs.js';

/**
 * The FLOPs of one forward pass of one image, counted as NAS-Bench-201 counts them (its
 * `flops` field x 1e6): multiply-accumulates of every convolution (k x k x C_in x C_out x
 * output positions) and of the linear layer (plus its bias); BN, ReLU, pooling and additions are
 * not counted. Depends on `inputShape`.
 *
 * @example
 * ```ts
 * countFlops({ architecture: [4, 2, 1, 2, 1, 1] }); // 15_647_370 (CIFAR-10: 15.64737 MFLOPs)
 * countFlops({ architecture: [4, 2, 1, 2, 1, 1], classes: 120, inputShape: [16, 16, 3] }); // ImageNet16-120
 * ```
 */
export function countFlops(options: ArchitectureCostOptions): number {
  const { network, architecture } = resolveCostOptions(options, 'countFlops');
  const { channels, cellsPerStage, classes, inputShape } = network;
  const [height, width] = inputShape;
  const { kernelArea } = cellKernelArea(architecture);
  let total = 9 * inputShape[2] * channels * height * width;
  for (let stage = 0; stage < 3; stage += 1) {
    const stageWidth = channels * 2 ** stage;
    const positions = (height / 2 ** stage) * (width / 2 ** stage);
    total += cellsPerStage * kernelArea * stageWidth * stageWidth * positions;
    if (stage < 2) {
      const next = 2 * stageWidth;
      const nextPositions = positions / 4;
      total += (9 * stageWidth * next + 9 * next * next + stageWidth * next) * nextPositions;
    }
  }
  const last = channels * 4;
  total += last * classes + classes;
  return total;
}
