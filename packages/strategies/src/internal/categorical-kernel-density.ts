import type { Architecture, Rng } from '@fewshot/core';

/** A product-kernel density over vectors of categorical decisions. */
export interface CategoricalKernelDensity {
  /** The bandwidth (probability of "another option") of each decision. */
  readonly bandwidths: readonly number[];
  /** The density at `architecture` (a probability: the kernels are normalised). */
  density(architecture: Architecture): number;
  /** A draw from the density with every bandwidth multiplied by `bandwidthFactor` (capped at uniform). */
  sample(options: { readonly rng: Rng; readonly bandwidthFactor: number }): Architecture;
}

/**
 * Aitchison–Aitken kernel for a decision with c options: k(x | x_i) = 1 - lambda when x = x_i,
 * lambda / (c - 1) otherwise; lambda = (c - 1) / c is the uniform distribution.
 */
function kernel(option: number, centre: number, bandwidth: number, optionCount: number): number {
  if (option === centre) return 1 - bandwidth;
  return bandwidth / (optionCount - 1);
}

/**
 * Fits a kernel density estimate with one Aitchison–Aitken kernel per decision (BOHB's model
 * for categorical variables). The bandwidth of decision d follows a Scott-like rule on the
 * categorical spread: lambda_d = sqrt(1 - sum_k p_dk^2) * m^(-1 / (4 + D)), where p_dk is the
 * share of the m points taking option k and D the number of decisions, then clipped into
 * [minimumBandwidth, (c - 1) / c]. Identical points give the minimum bandwidth, evenly spread
 * points a near-uniform kernel.
 */
export function fitCategoricalKernelDensity(options: {
  readonly points: readonly Architecture[];
  readonly optionCounts: readonly number[];
  readonly minimumBandwidth: number;
}): CategoricalKernelDensity {
  const { points, optionCounts, minimumBandwidth } = options;
  const pointCount = points.length;
  const decisionCount = optionCounts.length;
  const shrink = pointCount ** (-1 / (4 + decisionCount));
  const bandwidths = optionCounts.map((optionCount, decision) => {
    if (optionCount <= 1) return 0;
    const counts = new Array<number>(optionCount).fill(0);
    for (const point of points) counts[point[decision] as number] = (counts[point[decision] as number] as number) + 1;
    const concentration = counts.reduce((sum, count) => sum + (count / pointCount) ** 2, 0);
    const spread = Math.sqrt(Math.max(0, 1 - concentration));
    const uniform = (optionCount - 1) / optionCount;
    return Math.min(uniform, Math.max(minimumBandwidth, spread * shrink));
  });
  // Flat copies for a fast inner loop: the density is evaluated many times per proposal.
  const flat = new Int32Array(pointCount * decisionCount);
  points.forEach((point, index) => {
    for (let decision = 0; decision < decisionCount; decision += 1) flat[index * decisionCount + decision] = point[decision] as number;
  });
  const same = Float64Array.from(bandwidths, (bandwidth) => 1 - bandwidth);
  const other = Float64Array.from(bandwidths, (bandwidth, decision) =>
    (optionCounts[decision] as number) <= 1 ? 1 : kernel(1, 0, bandwidth, optionCounts[decision] as number),
  );
  return {
    bandwidths,
    density: (architecture) => {
      let total = 0;
      for (let index = 0, offset = 0; index < pointCount; index += 1, offset += decisionCount) {
        let product = 1;
        for (let decision = 0; decision < decisionCount; decision += 1) {
          product *= architecture[decision] === flat[offset + decision] ? (same[decision] as number) : (other[decision] as number);
        }
        total += product;
      }
      return total / pointCount;
    },
    sample: ({ rng, bandwidthFactor }) => {
      const centre = points[rng.integer(pointCount)] as Architecture;
      return optionCounts.map((optionCount, decision) => {
        const own = centre[decision] as number;
        if (optionCount <= 1) return own;
        const bandwidth = Math.min((optionCount - 1) / optionCount, (bandwidths[decision] as number) * bandwidthFactor);
        if (rng.float() >= bandwidth) return own;
        const other = rng.integer(optionCount - 1);
        return other >= own ? other + 1 : other;
      });
    },
  };
}
