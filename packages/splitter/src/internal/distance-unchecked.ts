import type { GradientDistance, GradientValues } from '../gradient-distance.js';

/** The `+ 1e-6` of GM-NAS's cosine: keeps zero gradients finite (their distance is 1). */
const cosineEpsilon = 1e-6;

/** The distance without validation (internal; the planner checks its own tensors). */
export function distanceUnchecked(first: readonly GradientValues[], second: readonly GradientValues[], distance: GradientDistance): number {
  if (distance === 'mse') {
    let sum = 0;
    first.forEach((gradient, index) => {
      const a = gradient.values;
      const b = (second[index] as GradientValues).values;
      for (let position = 0; position < a.length; position += 1) {
        const difference = (a[position] as number) - (b[position] as number);
        sum += difference * difference;
      }
    });
    return sum;
  }
  if (distance === 'cosine') {
    let dot = 0;
    let normA = 0;
    let normB = 0;
    first.forEach((gradient, index) => {
      const a = gradient.values;
      const b = (second[index] as GradientValues).values;
      for (let position = 0; position < a.length; position += 1) {
        const x = a[position] as number;
        const y = b[position] as number;
        dot += x * y;
        normA += x * x;
        normB += y * y;
      }
    });
    return 1 - dot / (Math.sqrt(normA) * Math.sqrt(normB) + cosineEpsilon);
  }
  let sum = 0;
  first.forEach((gradient, index) => {
    const { shape } = gradient;
    if (shape.length < 2) return;
    const a = gradient.values;
    const b = (second[index] as GradientValues).values;
    const filters = shape[shape.length - 1] as number;
    const rows = filters === 0 ? 0 : a.length / filters;
    for (let filter = 0; filter < filters; filter += 1) {
      let dot = 0;
      let normA = 0;
      let normB = 0;
      for (let row = 0; row < rows; row += 1) {
        const position = row * filters + filter;
        const x = a[position] as number;
        const y = b[position] as number;
        dot += x * y;
        normA += x * x;
        normB += y * y;
      }
      sum += 1 - dot / (Math.sqrt(normA) * Math.sqrt(normB) + cosineEpsilon);
    }
  });
  return sum;
}
