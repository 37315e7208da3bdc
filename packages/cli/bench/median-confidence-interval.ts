/**
 * A distribution-free confidence interval of a median from order statistics: with n samples
 * sorted, [x(j), x(n + 1 - j)] covers the true median with probability at least `level`, for the
 * largest j with P(Binomial(n, 1/2) < j) <= (1 - level) / 2. `undefined` when n is too small for
 * any such j (n < 6 at 95%).
 */
export function medianConfidenceInterval(values: readonly number[], level = 0.95): readonly [number, number] | undefined {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const tail = (1 - level) / 2;
  // cumulative[k] = P(Binomial(n, 1/2) <= k)
  let probability = 0.5 ** n;
  let cumulative = probability;
  let rank = 0;
  for (let k = 0; k < n; k += 1) {
    if (cumulative > tail) break;
    rank = k + 1; // P(X < k + 1) = P(X <= k) <= tail
    probability = (probability * (n - k)) / (k + 1);
    cumulative += probability;
  }
  if (rank === 0) return undefined;
  return [sorted[rank - 1] as number, sorted[n - rank] as number];
}
