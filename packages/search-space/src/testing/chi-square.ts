/** Chi-square goodness-of-fit helpers for tests (not part of the published package). */

/** Pearson's statistic for observed counts against equal expected counts. */
export function chiSquareUniform(counts: readonly number[]): number {
  const total = counts.reduce((sum, count) => sum + count, 0);
  const expected = total / counts.length;
  return counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
}

/**
 * The upper critical value of the chi-square distribution with `degrees`
 * degrees of freedom at p = 0.001 (Wilson–Hilferty approximation, z = 3.0902).
 */
export function chiSquareCritical(degrees: number): number {
  const z = 3.0902;
  const a = 2 / (9 * degrees);
  return degrees * (1 - a + z * Math.sqrt(a)) ** 3;
}
