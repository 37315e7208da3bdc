/**
 * Indices of the `k` largest values, largest first; equal values keep index order
 * (the lower index ranks higher), so the result is deterministic.
 */
export function topIndices(values: Float64Array, k: number): Uint32Array {
  const order = new Uint32Array(values.length);
  for (let index = 0; index < values.length; index += 1) order[index] = index;
  order.sort((a, b) => (values[b] as number) - (values[a] as number) || a - b);
  return order.subarray(0, k);
}
